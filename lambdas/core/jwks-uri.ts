/**
 * A client's JWKS URI: where the service fetches the client's public keys instead of (or besides) keys
 * registered from a file. The limits of a fetch and of its cache live here, with the rule for the URI.
 */
import { parseHttpUrl } from './identifiers';
import { isPublicAddress } from './public-address';

/** The largest JWKS document the service reads; a longer answer is cut off and refused. */
export const JWKS_URI_MAX_BYTES = 64 * 1024;
/** One fetch (resolve, connect, TLS, answer) gives up after this long. */
export const JWKS_URI_TIMEOUT_MS = 2000;
/** Fetched keys are used for at most this long before they are fetched again. */
export const JWKS_URI_FRESH_MS = 10 * 60 * 1000;
/** At most one fetch per client in this long (a token with an unknown `kid` asks for one). */
export const JWKS_URI_MIN_INTERVAL_MS = 30 * 1000;
/** When fetching fails, the last good keys keep serving for at most this long after they were fetched. */
export const JWKS_URI_LAST_GOOD_MS = 24 * 60 * 60 * 1000;

/** Where a JWKS URI may point. `localRun`: `npm start` and the CLI's `--local` (http and loopback too). */
export interface JwksUriPolicy {
  readonly localRun: boolean;
}

const LITERAL_V6 = /^\[(.*)\]$/;

/**
 * The JWKS URI as stored, or a one-line reason it is refused: an absolute `https` URL without
 * credentials or fragment, at most 2048 characters, whose host is a name or a public address. Under the
 * local run, `http` on localhost, 127.0.0.1 and [::1] is allowed too (a JWKS served on the laptop).
 * @example checkJwksUri('https://login.acme.example/jwks.json', { localRun: false }) // { ok: true, uri: … }
 */
export function checkJwksUri(
  text: string,
  policy: JwksUriPolicy,
): { readonly ok: true; readonly uri: string } | { readonly ok: false; readonly reason: string } {
  const url = parseHttpUrl(text);
  if (!url) return { ok: false, reason: 'JWKS URI must be an absolute https URL without credentials' };
  if (url.hash !== '' || text.includes('#')) return { ok: false, reason: 'JWKS URI must not have a fragment (#…)' };
  if (policy.localRun) return { ok: true, uri: url.href };
  if (url.protocol !== 'https:') return { ok: false, reason: 'JWKS URI must use https' };
  const host = LITERAL_V6.exec(url.hostname)?.[1] ?? url.hostname;
  const literal = /^[\d.]+$/.test(host) || host.includes(':');
  if (host === 'localhost' || host.endsWith('.localhost') || (literal && !isPublicAddress(host))) {
    return { ok: false, reason: 'JWKS URI must be on a public host (not loopback, private or link-local)' };
  }
  return { ok: true, uri: url.href };
}
