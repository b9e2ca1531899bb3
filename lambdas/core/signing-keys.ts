/**
 * Rules of the assertion signing key ring (contract §5): which key signs now, which public keys the JWKS
 * publishes, and how a rotation publishes the next key before it signs and keeps the old one published
 * until every assertion it signed has expired.
 */
import { ASSERTION_TTL_SECONDS, type PublicJwk } from './model';

export interface SigningKey {
  readonly kid: string;
  /** The P-256 public key as a JWK with `kid`, `alg` ES256, `use` sig. */
  readonly publicJwk: PublicJwk;
  /** `wrapped` mode: the PKCS#8 private key encrypted under the key-encryption key, base64. */
  readonly wrappedPrivateKey?: string;
  /**
   * `wrapped` mode: true when the private key was wrapped under {@link WRAPPED_KEY_CONTEXT}. Keys
   * wrapped before that cannot be unwrapped any more; the stack's key setup replaces them.
   */
  readonly wrappedInContext?: true;
  /** `kms` mode: the KMS key that signs. */
  readonly kmsKeyId?: string;
  /** Epoch seconds. */
  readonly createdAt: number;
  /** Signs from this time on (epoch seconds); published before. */
  readonly activeFrom: number;
  /** No longer published from this time on (epoch seconds). */
  readonly retireAt?: number;
}

/**
 * Bound to every wrapped private key: the KMS encryption context of GenerateDataKeyPairWithoutPlaintext
 * and Decrypt (the key policy allows neither without it), and the local wrapper's AES-GCM additional
 * data. A wrapped key taken elsewhere (another purpose, another table) does not unwrap.
 */
export const WRAPPED_KEY_CONTEXT: Readonly<Record<string, string>> = { purpose: 'infoauth-assertion-signing-key' };

export interface SigningKeyRing {
  readonly version: number;
  readonly keys: readonly SigningKey[];
}

/** Allowance for target applications' clocks when retiring a key. */
const RETIRE_MARGIN_SECONDS = 60;
/** How long target applications may cache the JWKS; a new key is published at least this long first. */
export const JWKS_MAX_AGE_SECONDS = 300;

/** The key that signs at `nowSeconds`: the newest one already active (the later-added one on a tie). */
export function activeSigningKey(ring: SigningKeyRing, nowSeconds: number): SigningKey | undefined {
  return ring.keys
    .filter((key) => key.activeFrom <= nowSeconds && (key.retireAt === undefined || key.retireAt > nowSeconds))
    .reduce<SigningKey | undefined>(
      (newest, key) => (!newest || key.activeFrom >= newest.activeFrom ? key : newest),
      undefined,
    );
}

/** Every public key that may have signed an unexpired assertion, and the next key before it signs. */
export function publishedKeys(ring: SigningKeyRing, nowSeconds: number): PublicJwk[] {
  return ring.keys.filter((key) => key.retireAt === undefined || key.retireAt > nowSeconds).map((key) => key.publicJwk);
}

/**
 * Adds `next`, to sign from `nowSeconds + activationDelay`; the keys signing until then retire once the
 * assertions they signed have expired. Keys already retired are dropped.
 */
export function rotateKeyRing(
  ring: SigningKeyRing | undefined,
  next: Omit<SigningKey, 'activeFrom' | 'retireAt'>,
  nowSeconds: number,
  activationDelay: number,
): SigningKeyRing {
  const activeFrom = nowSeconds + Math.max(0, activationDelay);
  const retireAt = activeFrom + ASSERTION_TTL_SECONDS + RETIRE_MARGIN_SECONDS;
  const kept = (ring?.keys ?? [])
    .filter((key) => key.retireAt === undefined || key.retireAt > nowSeconds)
    .map((key) => (key.retireAt === undefined || key.retireAt > retireAt ? { ...key, retireAt } : key));
  return { version: (ring?.version ?? 0) + 1, keys: [...kept, { ...next, activeFrom }] };
}
