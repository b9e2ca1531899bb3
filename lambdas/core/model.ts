/** The domain's data: what a configuration holds, what a request carries, what a token claims. */
import type { PublicProfile } from './public-profile';

/** A public key registered for a client, as a JWK (never a private or symmetric key). */
export interface PublicJwk {
  readonly kty: 'EC' | 'RSA' | 'OKP';
  readonly kid?: string;
  readonly alg?: string;
  readonly use?: string;
  readonly crv?: string;
  readonly x?: string;
  readonly y?: string;
  readonly n?: string;
  readonly e?: string;
}

export interface SsoConfig {
  readonly clientId: string;
  readonly cid: string;
  /** SHA-256 of the current client secret, hex. The secret itself is never stored. */
  readonly secretHash: string;
  /** The newest previous secret, accepted until `expiresAt` (epoch seconds). */
  readonly previousSecret?: { readonly hash: string; readonly expiresAt: number };
  readonly targetUrl: string;
  /** Origins that `return_to` and the error URL may use; by default the target URL's origin. */
  readonly allowedOrigins: readonly string[];
  /** The client's own error page (an allowed origin), used once the client is authenticated. */
  readonly errorUrl?: string;
  /** The keys registered from files (`--jwks-file`, `config keys add`); may be empty when `jwksUri` is set. */
  readonly jwks: { readonly keys: readonly PublicJwk[] };
  /** Where the service fetches more of the client's public keys (cached; see lambdas/core/jwks-uri.ts). */
  readonly jwksUri?: string;
  /** Seconds. */
  readonly maxTokenAge: number;
  /** Seconds. */
  readonly clockTolerance: number;
  /** When true, a token without an `aud` naming this client id is refused (103). Absent means false. */
  readonly requireAud?: boolean;
  /** The optional claims copied from the client's token into the assertion. Absent means none. */
  readonly claims?: readonly PassedClaimName[];
  /** How the assertion travels to the target (contract §2). Absent means `query`. */
  readonly assertionDelivery?: AssertionDelivery;
  /** What the hosted error page may show about the client (public: nothing secret). */
  readonly profile?: PublicProfile;
  readonly createdAt: number;
  readonly updatedAt: number;
  /**
   * Starts at 1 and grows by one with every change: the optimistic lock of every write, so two changes
   * made at once (even in the same second) never silently lose one.
   */
  readonly version: number;
}

/** `query`: `?assertion=`; `fragment`: `#assertion=`; `form_post`: a page that POSTs it to the target. */
export type AssertionDelivery = 'query' | 'fragment' | 'form_post';
export const ASSERTION_DELIVERIES: readonly AssertionDelivery[] = ['query', 'fragment', 'form_post'];

export const DEFAULT_MAX_TOKEN_AGE = 300;
export const DEFAULT_CLOCK_TOLERANCE = 30;
/** The largest max token age and clock tolerance a configuration may have (contract §7). */
export const MAX_TOKEN_AGE_LIMIT = 3600;
export const CLOCK_TOLERANCE_LIMIT = 300;

/** The longest client token accepted, in characters (a few claims signed with one key fit many times over). */
export const MAX_TOKEN_LENGTH = 8192;
/** The longest `jti`, in characters. */
export const MAX_JTI_LENGTH = 256;
/** The longest email address (RFC 5321's path limit less its angle brackets). */
export const MAX_EMAIL_LENGTH = 254;

/** The optional claims a configuration may pass through from the client's token to the assertion. */
export const PASSED_CLAIM_NAMES = ['name', 'given_name', 'family_name', 'locale', 'external_id', 'groups'] as const;
export type PassedClaimName = (typeof PASSED_CLAIM_NAMES)[number];
/** The longest string a passed claim (or one entry of `groups`) may hold, in characters. */
export const MAX_PASSED_CLAIM_LENGTH = 256;
/** The most entries `groups` may hold. */
export const MAX_PASSED_GROUPS = 50;

/** Passed claims as they go into the assertion: `groups` an array of strings, every other one a string. */
export type PassedClaims = { readonly [N in Exclude<PassedClaimName, 'groups'>]?: string } & {
  readonly groups?: readonly string[];
};

/** What the browser sent, already taken out of the HTTP event. Every field is untrusted. */
export interface SsoRequest {
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly token?: string;
  readonly returnTo?: string;
  readonly state?: string;
}

/** The claims of a client token that passed every check. */
export interface ClientClaims {
  readonly cid: string;
  readonly email: string;
  readonly jti: string;
  readonly iat: number;
  readonly exp: number;
  readonly nbf?: number;
  /** The claims the configuration passes through that the token holds, checked; absent when none. */
  readonly passed?: PassedClaims;
}

/** The claims of the assertion Infoauth signs for the target application, with any passed claims. */
export interface AssertionClaims extends PassedClaims {
  readonly iss: string;
  readonly aud: string;
  readonly sub: string;
  readonly email: string;
  readonly cid: string;
  readonly iat: number;
  readonly exp: number;
  readonly jti: string;
}

/** Lifetime of an assertion, seconds (contract: at most 60). */
export const ASSERTION_TTL_SECONDS = 60;
