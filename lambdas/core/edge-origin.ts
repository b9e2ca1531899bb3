/**
 * The edge's origin check: CloudFront adds a secret header to every request it forwards to the API, and
 * the SSO function answers nothing that lacks it, so the API's own execute-api URL signs no one in.
 * The value is compared in constant time (as hashes, so its length does not leak either).
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** The hosted error page's path on the edge (and under `npm start`): `https://<edge>/error/?code=…&ref=…`. */
export const ERROR_PAGE_PATH = '/error/';

/** The header CloudFront sets on every origin request (lib/edge.ts); a viewer's own copy is overwritten. */
export const ORIGIN_VERIFY_HEADER = 'x-infoauth-origin-verify';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** True when the request carries the edge's secret. An empty expected value never matches. */
export function originHeaderMatches(expected: string, presented: string | undefined): boolean {
  if (expected === '' || presented === undefined || presented === '') return false;
  return timingSafeEqual(digest(expected), digest(presented));
}
