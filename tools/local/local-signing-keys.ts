/**
 * The local run's assertion signing keys: a key-encryption key kept in a file under `.local/` (the
 * stand-in for the KMS key), and a key ring with at least one key wrapped under it.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { LocalKeyWrapper } from '../../lambdas/adapters/local/local-key-wrapper';
import { generateWrappedSigningKey } from '../../lambdas/adapters/local/local-signing-key';
import type { SigningKeyRingStore } from '../../lambdas/core/ports';
import { activeSigningKey, rotateKeyRing } from '../../lambdas/core/signing-keys';

const KEK_BYTES = 32;

/** Reads the local key-encryption key (base64 in `file`), or throws a message that says what to do. */
export function readLocalKek(file: string): Buffer {
  if (!existsSync(file)) {
    throw new Error(`no local key-encryption key at ${file}: run \`npm start\` once to create it`);
  }
  const kek = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (kek.length !== KEK_BYTES) throw new Error(`${file} does not hold a ${KEK_BYTES}-byte key (base64)`);
  return kek;
}

/** The local key-encryption key, created (32 random bytes, file mode 0600) when the file does not exist. */
export function loadOrCreateLocalKek(file: string): { kek: Buffer; created: boolean } {
  if (existsSync(file)) return { kek: readLocalKek(file), created: false };
  const kek = randomBytes(KEK_BYTES);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${kek.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return { kek, created: true };
}

/**
 * Makes sure the ring has a key that signs now and that this KEK can unwrap it.
 * @returns the kid of the signing key and whether it was created now
 */
export async function ensureLocalSigningKey(
  store: SigningKeyRingStore,
  wrapper: LocalKeyWrapper,
  nowSeconds: number,
): Promise<{ kid: string; created: boolean }> {
  const ring = await store.load();
  const current = ring && activeSigningKey(ring, nowSeconds);
  // A key wrapped before keys were bound to their encryption context no longer unwraps: a new one signs at once.
  const outdated = current?.wrappedPrivateKey !== undefined && current.wrappedInContext !== true;
  if (!ring || ring.keys.length === 0 || outdated) {
    const key = await generateWrappedSigningKey(wrapper, nowSeconds);
    await store.save(rotateKeyRing(ring, key, nowSeconds, 0), ring?.version);
    return { kid: key.kid, created: true };
  }
  const active = activeSigningKey(ring, nowSeconds);
  if (!active) throw new Error('the signing key ring has no active key: run `npm run admin -- keys rotate --local`');
  if (active.wrappedPrivateKey === undefined) throw new Error(`signing key ${active.kid} is not a wrapped key`);
  try {
    await wrapper.unwrap(Buffer.from(active.wrappedPrivateKey, 'base64'));
  } catch {
    throw new Error(
      `signing key ${active.kid} was wrapped with another key-encryption key than the one in .local/: ` +
        'restore that file, or start with fresh tables (a new data dir or table names)',
    );
  }
  return { kid: active.kid, created: false };
}
