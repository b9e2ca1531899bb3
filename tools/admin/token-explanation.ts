/**
 * What `token check` explains beside the verdict: which of the client's keys verified the token (or why
 * none did), its `aud` against the configuration, and the claims a sign-in would pass through. Read
 * from the token and the configuration only; the verdict itself comes from the core's own checks.
 */
import { namesAudience, passedClaims } from '../../lambdas/core/claims';
import { algorithmsFor } from '../../lambdas/core/client-keys';
import { decodeSegment, splitCompactJws, type TokenVerification } from '../../lambdas/core/client-token';
import { PASSED_CLAIM_NAMES, type PassedClaims, type PublicJwk, type SsoConfig } from '../../lambdas/core/model';
import type { JsonObject } from '../../lambdas/core/strict-json';

export interface KeyExplanation {
  /** The token header's `alg` and `kid`, when the header could be read. */
  readonly alg?: string;
  readonly kid?: string;
  /** The `kid` of the key that verified the signature (`(no kid)` for a key without one). */
  readonly matched?: string;
  /** Set when that key was fetched from the configuration's JWKS URI (absent: a registered key). */
  readonly from?: 'jwks-uri';
  /** What fetching the configuration's JWKS URI gave, when the token needed it (its kid is not registered). */
  readonly jwksUri?: JwksUriExplanation;
  /** One line: which key verified, or why none did. */
  readonly summary: string;
}

export interface JwksUriExplanation {
  readonly uri: string;
  /** The kids fetched (none when the fetch failed). */
  readonly fetched: readonly string[];
  /** Why the fetch failed: the service answers 105 unless it still holds good keys with the token's kid. */
  readonly failure?: string;
}

/** The keys fetched from a JWKS URI for this token, or why fetching failed. */
export interface FetchedForToken {
  readonly uri: string;
  readonly keys: readonly PublicJwk[];
  readonly failure?: string;
}

export interface AudExplanation {
  /** The token's `aud`, as it is (absent: null). */
  readonly aud: JsonObject[string] | null;
  readonly required: boolean;
  readonly summary: string;
}

export interface PassedClaimsExplanation {
  /** The claims the configuration passes through. */
  readonly listed: readonly string[];
  /** What a sign-in would copy into the assertion (none when a listed claim is malformed: that is a 103). */
  readonly passed: PassedClaims;
  /** Listed claims the token does not hold. */
  readonly absent: readonly string[];
  /** Claims of the list of possible ones that the token holds but the configuration does not pass through. */
  readonly notListed: readonly string[];
}

export interface TokenExplanation {
  readonly key: KeyExplanation;
  readonly aud?: AudExplanation;
  readonly claims?: PassedClaimsExplanation;
}

const kidOf = (key: PublicJwk) => key.kid ?? '(no kid)';
/** A value from the token, quoted and escaped: it may hold anything, control characters included. */
const quoted = (value: string | undefined) => (value === undefined ? '(none)' : JSON.stringify(value));
const describeKeys = (keys: readonly PublicJwk[]) =>
  keys.length === 0 ? 'none' : keys.map((key) => `${kidOf(key)} ${algorithmsFor(key).join('/')}`).join(', ');

/** The reasons after which no key was tried: the token or its header was refused first. */
const BEFORE_ANY_KEY = new Set([
  'token-missing',
  'token-too-large',
  'token-malformed',
  'header-invalid',
  'header-key-not-allowed',
  'crit-not-supported',
  'nested-token',
]);

/** The keys the token was checked against, in words: the registered ones and any fetched ones. */
function describeAll(keys: readonly PublicJwk[], fetched: FetchedForToken | undefined): string {
  if (!fetched) return `registered: ${describeKeys(keys)}`;
  const from = fetched.failure === undefined ? describeKeys(fetched.keys) : 'could not be fetched';
  return `registered: ${describeKeys(keys)}; from the JWKS URI ${fetched.uri}: ${from}`;
}

function explainKey(
  header: JsonObject | undefined,
  config: SsoConfig,
  check: TokenVerification,
  fetched: FetchedForToken | undefined,
): KeyExplanation {
  const alg = typeof header?.alg === 'string' ? header.alg : undefined;
  const kid = typeof header?.kid === 'string' ? header.kid : undefined;
  const jwksUri = fetched && {
    uri: fetched.uri,
    fetched: fetched.keys.map(kidOf),
    ...(fetched.failure !== undefined ? { failure: fetched.failure } : {}),
  };
  const named = {
    ...(alg !== undefined ? { alg } : {}),
    ...(kid !== undefined ? { kid } : {}),
    ...(jwksUri ? { jwksUri } : {}),
  };
  const keys = config.jwks.keys;
  if (check.verifiedBy) {
    const matched = kidOf(check.verifiedBy);
    if (keys.includes(check.verifiedBy)) {
      return { ...named, matched, summary: `key ${matched} (${alg ?? '?'}) verified the signature` };
    }
    const summary = `key ${matched} (${alg ?? '?'}) from the JWKS URI ${config.jwksUri ?? '?'} verified the signature`;
    return { ...named, matched, from: 'jwks-uri', summary };
  }
  const some = fetched ? 'no key' : 'no registered key';
  const reason = check.ok ? undefined : check.refusal.reason;
  let summary: string;
  if (reason !== undefined && BEFORE_ANY_KEY.has(reason)) {
    summary = `no key was tried: the token was refused before its signature (${reason})`;
  } else if (fetched?.failure !== undefined && fetched.keys.length === 0) {
    summary = `kid ${quoted(kid)} is not registered, and the JWKS URI ${fetched.uri} could not be fetched: ${fetched.failure}`;
  } else if (reason === 'alg-not-allowed') {
    summary = `${some} allows alg ${quoted(alg)} (${describeAll(keys, fetched)})`;
  } else if (reason === 'no-matching-key') {
    summary = `${some} has kid ${quoted(kid)} and allows alg ${quoted(alg)} (${describeAll(keys, fetched)})`;
  } else {
    const which = kid === undefined ? `allows alg ${quoted(alg)}` : `has kid ${quoted(kid)}`;
    summary = `the signature verifies with ${some} that ${which}: signed with another private key`;
  }
  return { ...named, summary };
}

function explainAud(payload: JsonObject, config: SsoConfig): AudExplanation {
  const { aud } = payload;
  const required = config.requireAud === true;
  let summary: string;
  if (aud === undefined) summary = required ? 'absent, but this configuration requires it' : 'absent (not required)';
  else if (namesAudience(aud, config.clientId)) summary = 'names this client id';
  else summary = `does not name this client id ${config.clientId}`;
  return { aud: aud ?? null, required, summary };
}

function explainClaims(payload: JsonObject, config: SsoConfig): PassedClaimsExplanation {
  const listed = config.claims ?? [];
  const copied = passedClaims(payload, listed);
  return {
    listed,
    passed: copied.ok ? copied.passed : {},
    absent: listed.filter((name) => payload[name] === undefined),
    notListed: PASSED_CLAIM_NAMES.filter((name) => payload[name] !== undefined && !listed.includes(name)),
  };
}

/**
 * Explains a token against a configuration, given the core's verdict on it and, for a configuration
 * with a JWKS URI whose keys the token needed, what fetching them gave. The `aud` and the claims
 * are read only from a payload whose signature verified: an unverified payload could say anything.
 */
export function explainToken(
  token: string,
  config: SsoConfig,
  check: TokenVerification,
  fetched?: FetchedForToken,
): TokenExplanation {
  const parts = splitCompactJws(token);
  const header = parts && decodeSegment(parts[0]);
  const key = explainKey(header, config, check, fetched);
  const payload = check.verifiedBy && parts ? decodeSegment(parts[1]) : undefined;
  if (!payload) return { key };
  return { key, aud: explainAud(payload, config), claims: explainClaims(payload, config) };
}
