/**
 * The local run's key ring (`npm start`): a key wrapped before keys were bound to the encryption context
 * no longer unwraps, so the local run replaces it with one that does, and signs with it at once.
 */
import { randomBytes } from 'node:crypto';
import { LocalKeyWrapper } from '../../lambdas/adapters/local/local-key-wrapper';
import { generateWrappedSigningKey } from '../../lambdas/adapters/local/local-signing-key';
import type { SigningKeyRingStore } from '../../lambdas/core/ports';
import { activeSigningKey, rotateKeyRing, type SigningKeyRing } from '../../lambdas/core/signing-keys';
import { ensureLocalSigningKey } from '../../tools/local/local-signing-keys';

const NOW = 1_750_000_000;

/** An in-memory ring store with the version check of the DynamoDB one. */
function memoryStore(initial?: SigningKeyRing): SigningKeyRingStore & { ring?: SigningKeyRing } {
  const store = {
    ring: initial,
    load: () => Promise.resolve(store.ring),
    save: (ring: SigningKeyRing, expected: number | undefined) => {
      if (store.ring?.version !== expected) return Promise.reject(new Error('conflict'));
      store.ring = ring;
      return Promise.resolve();
    },
  };
  return store;
}

describe('ensureLocalSigningKey', () => {
  it('replaces a key wrapped without the encryption context with one that unwraps, signing at once', async () => {
    // Prepare: the key as an older version wrapped it (no context, no marker)
    const kek = randomBytes(32);
    const { wrappedInContext: _marker, ...old } = await generateWrappedSigningKey(
      new LocalKeyWrapper(kek, {}),
      NOW - 600,
    );
    const store = memoryStore(rotateKeyRing(undefined, old, NOW - 600, 0));
    const wrapper = new LocalKeyWrapper(kek);
    // Act
    const result = await ensureLocalSigningKey(store, wrapper, NOW);
    // Assess
    const active = store.ring && activeSigningKey(store.ring, NOW);
    expect(result).toEqual({ kid: active?.kid, created: true });
    expect(active?.kid).not.toBe(old.kid);
    expect(active?.wrappedInContext).toBe(true);
    await expect(wrapper.unwrap(Buffer.from(active?.wrappedPrivateKey ?? '', 'base64'))).resolves.toBeDefined();
    expect(store.ring?.keys.find((key) => key.kid === old.kid)?.retireAt).toEqual(expect.any(Number));
  });

  it('keeps a key wrapped under the context', async () => {
    // Prepare
    const kek = randomBytes(32);
    const wrapper = new LocalKeyWrapper(kek);
    const key = await generateWrappedSigningKey(wrapper, NOW - 600);
    const store = memoryStore(rotateKeyRing(undefined, key, NOW - 600, 0));
    // Act
    const result = await ensureLocalSigningKey(store, wrapper, NOW);
    // Assess
    expect(result).toEqual({ kid: key.kid, created: false });
    expect(store.ring?.version).toBe(1);
  });
});
