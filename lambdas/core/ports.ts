/** The core's view of the outside world: small interfaces, one adapter each (DynamoDB, KMS, local). */
import type { JSONWebKeySet } from 'jose';
import type { AssertionClaims, PublicJwk, SsoConfig } from './model';
import type { SigningKey, SigningKeyRing } from './signing-keys';

export type SsoFeatureState = 'enabled' | 'disabled' | 'missing';

export interface SsoSettings {
  readonly config?: SsoConfig;
  /** The feature setting of each CID that was asked for (no setting means disabled). */
  readonly ssoState: ReadonlyMap<string, SsoFeatureState>;
  /** True when this came from a short-lived cache rather than the store. */
  readonly fromCache: boolean;
}

/**
 * Reads a client's SSO configuration together with the feature settings of some CIDs, in one round trip.
 * Throws {@link DependencyFailure} ('settings-unavailable') when the store cannot answer.
 */
export interface SsoSettingsStore {
  read(clientId: string, cids: readonly string[], options?: { readonly fresh?: boolean }): Promise<SsoSettings>;
}

/** Identifies one use of one token: the jti is scoped to the CID, whose authorization service issued it. */
export interface TokenUse {
  readonly cid: string;
  readonly jti: string;
  /** Epoch seconds after which the record may be deleted (DynamoDB TTL). */
  readonly expiresAt: number;
  /** Unique to this sign-in attempt, so a retried write that had committed is recognised as ours. */
  readonly attemptId: string;
}

/**
 * Records a token's jti as used, once per CID. Both methods throw {@link DependencyFailure}
 * ('used-token-store-unavailable') when the store cannot answer.
 */
export interface UsedTokenStore {
  recordFirstUse(use: TokenUse): Promise<'recorded' | 'already-used'>;
  /**
   * Undoes {@link recordFirstUse} when the sign-in could not be completed (signing failed), so that
   * failure does not consume the token. Deletes the record only if it is still this attempt's.
   */
  release(use: TokenUse): Promise<void>;
}

/** The keys published at a client's JWKS URI, as a {@link ClientKeySource} holds them. */
export interface FetchedClientKeys {
  /** Every one passed the acceptance rules (lambdas/core/client-key-acceptance.ts). */
  readonly keys: readonly PublicJwk[];
  /** Set when the newest fetch failed and these are the last good keys (at most 24 h old): why it failed. */
  readonly failure?: string;
}

/**
 * The client's keys from its JWKS URI, fetched and cached (fresh for 10 min, last good for 24 h). `kid`:
 * the token's; one the keys do not hold asks for a refetch, at most once per 30 s per client. Fetches
 * for one client at the same time share one. Throws {@link DependencyFailure} ('jwks-uri-unavailable'),
 * its message naming the URI, when it holds no good keys.
 */
export interface ClientKeySource {
  keysFor(clientId: string, jwksUri: string, kid: string | undefined, now: Date): Promise<FetchedClientKeys>;
}

/** Signs assertions for target applications. Throws {@link DependencyFailure} ('signing-unavailable'). */
export interface AssertionSigner {
  sign(claims: AssertionClaims): Promise<string>;
}

/** Serves the assertion signing keys' public halves for `GET /.well-known/jwks.json`. */
export interface PublicKeySource {
  jwks(): Promise<JSONWebKeySet>;
}

/** The assertion signing keys (contract §5), stored as one small record so a cold start reads it once. */
export interface SigningKeyRingStore {
  load(): Promise<SigningKeyRing | undefined>;
  /** Saves a new version; fails with InfoauthError 'conflict' when someone else saved first. */
  save(ring: SigningKeyRing, expectedVersion: number | undefined): Promise<void>;
}

/** Turns a wrapped (encrypted) private key into its PKCS#8 DER bytes: KMS Decrypt, or a local KEK. */
export interface KeyUnwrapper {
  unwrap(wrapped: Uint8Array): Promise<Uint8Array>;
}

/** Creates a new assertion signing key for the ring: local KEK, KMS-wrapped, or a KMS signing key. */
export interface SigningKeyFactory {
  create(nowSeconds: number): Promise<Omit<SigningKey, 'activeFrom' | 'retireAt'>>;
}

/**
 * The edge's origin secret (the value CloudFront puts in the `x-infoauth-origin-verify` header). `current()` is
 * cached by the adapter; `refresh()` reads it again (after a rotation). Both throw when it cannot be read.
 */
export interface EdgeOriginSecret {
  current(): Promise<string>;
  refresh(): Promise<string>;
}
