/**
 * Makes sure the assertion key ring holds a key that fits the stack's signing mode, so the first
 * sign-in after `cdk deploy` needs no manual step. Idempotent: a ring that already has such a key is
 * left alone, so stack updates never rotate keys behind the operator's back.
 */
import { InfoauthError } from '../core/errors';
import type { SigningKeyFactory, SigningKeyRingStore } from '../core/ports';
import { rotateKeyRing, type SigningKey } from '../core/signing-keys';

export type KeyRingSetupResult =
  { readonly action: 'kept'; readonly kid: string } | { readonly action: 'created'; readonly kid: string };

/** Whether a ring entry can be used by the stack as now deployed (its mode, its key). */
export type KeyFitsStack = (key: SigningKey) => boolean;

async function ensureOnce(
  store: SigningKeyRingStore,
  factory: SigningKeyFactory,
  fits: KeyFitsStack,
  nowSeconds: number,
): Promise<KeyRingSetupResult> {
  const ring = await store.load();
  const usable = ring?.keys.find((key) => (key.retireAt === undefined || key.retireAt > nowSeconds) && fits(key));
  if (usable) return { action: 'kept', kid: usable.kid };
  // No key fits (first deploy, or the signing mode changed): the new key must sign at once, because the
  // function as now deployed cannot use any other.
  const next = await factory.create(nowSeconds);
  await store.save(rotateKeyRing(ring, next, nowSeconds, 0), ring?.version);
  return { action: 'created', kid: next.kid };
}

/**
 * @param fits e.g. `(key) => key.wrappedInContext === true` in `wrapped` mode
 * @returns which key the stack will sign with, and whether it was created now
 */
export async function ensureSigningKeyRing(
  store: SigningKeyRingStore,
  factory: SigningKeyFactory,
  fits: KeyFitsStack,
  nowSeconds: number,
): Promise<KeyRingSetupResult> {
  try {
    return await ensureOnce(store, factory, fits, nowSeconds);
  } catch (error) {
    // Someone (an operator's `keys rotate`) saved in between: look again at what they saved.
    if (error instanceof InfoauthError && error.code === 'conflict') {
      return ensureOnce(store, factory, fits, nowSeconds);
    }
    throw error;
  }
}
