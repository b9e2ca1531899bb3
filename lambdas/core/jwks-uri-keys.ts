/**
 * The keys a token is checked against when its configuration has a JWKS URI: the registered keys, and
 * the keys fetched from the URI (through a {@link ClientKeySource}). A token whose `kid` is a registered
 * key needs no fetch; any other asks the source, which refetches on a `kid` it does not hold.
 */
import type { Refusal } from './catalog';
import { decodeSegment, splitCompactJws } from './client-token';
import { DependencyFailure } from './errors';
import type { PublicJwk, SsoConfig } from './model';
import type { ClientKeySource } from './ports';

/** The configuration to verify with (registered keys plus fetched ones) and what the fetch knew. */
export interface KeysForToken {
  readonly config: SsoConfig;
  /** The keys that came from the JWKS URI (none when it was not needed or not set). */
  readonly fetched: readonly PublicJwk[];
  /** Set when the fetched keys are the last good ones after a failed fetch: why it failed. */
  readonly failure?: string;
}

/** The `kid` of a token's header, read before verifying (it only picks keys; the signature decides). */
export function peekKid(token: string | undefined): string | undefined {
  const parts = token === undefined ? undefined : splitCompactJws(token);
  const kid = parts && decodeSegment(parts[0])?.kid;
  return typeof kid === 'string' ? kid : undefined;
}

/**
 * The keys to verify `token` with. Throws {@link DependencyFailure} ('jwks-uri-unavailable') naming the
 * URI when the configuration has one, the token's `kid` is not registered, and no good fetched keys
 * are held (or no source is wired).
 */
export async function keysForToken(
  token: string | undefined,
  config: SsoConfig,
  source: ClientKeySource | undefined,
  now: Date,
): Promise<KeysForToken> {
  const uri = config.jwksUri;
  const kid = peekKid(token);
  const registered = kid !== undefined && config.jwks.keys.some((key) => key.kid === kid);
  if (uri === undefined || registered) return { config, fetched: [] };
  if (!source) throw new DependencyFailure('jwks-uri-unavailable', `no key source to fetch ${uri}`);
  const { keys, failure } = await source.keysFor(config.clientId, uri, kid, now);
  const withFetched = { ...config, jwks: { keys: [...config.jwks.keys, ...keys] } };
  return { config: withFetched, fetched: keys, ...(failure !== undefined ? { failure } : {}) };
}

/** The refusals that may only mean "the client's new key is not among the last good keys we hold". */
const MAYBE_NEW_KEY: ReadonlySet<string> = new Set(['alg-not-allowed', 'no-matching-key']);

/**
 * A 103 refusal stands unless the fetched keys are stale (the newest fetch failed) and the refusal may
 * come from a key published since: then the fault is ours to report, as 105 naming the URI.
 */
export function staleKeysFailure(refusal: Refusal, keys: KeysForToken, token: string | undefined) {
  const uri = keys.config.jwksUri;
  if (keys.failure === undefined || uri === undefined || refusal.code !== '103') return undefined;
  const kid = peekKid(token);
  const maybeNew = MAYBE_NEW_KEY.has(refusal.reason) || (kid === undefined && refusal.reason === 'signature-invalid');
  if (!maybeNew) return undefined;
  const which = kid === undefined ? 'the token has no kid' : `kid "${kid}" is not among them`;
  return new DependencyFailure('jwks-uri-unavailable', `${keys.failure}; the last good keys are served and ${which}`);
}
