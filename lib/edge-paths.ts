/**
 * The paths the edge serves, in one place for the distribution (lib/edge.ts) and the web ACL
 * (lib/edge-waf.ts). No CDK import. The error page's path is the local server's too (a test checks).
 */
import { ERROR_PAGE_PATH } from '../lambdas/core/edge-origin';
import { JWKS_ROUTE_PATH, SSO_ROUTE_PATH } from './api';

export { ERROR_PAGE_PATH, JWKS_ROUTE_PATH, SSO_ROUTE_PATH };
/** The key prefix of the page's files in the bucket (CloudFront asks S3 for the path without its `/`). */
export const ERROR_PAGE_KEY_PREFIX = ERROR_PAGE_PATH.slice(1);
/** Shown when the API fails or times out behind the edge: it sends the browser on to the page with 105. */
export const ORIGIN_FAILURE_FILE = 'unavailable.html';

/**
 * Where AWS WAF sends a blocked browser (a relative Location: the browser resolves it on the edge's own
 * name). No ref: the request never reached the function, so there is no log line a ref could find.
 */
export const EDGE_REFUSAL_LOCATION = `${ERROR_PAGE_PATH}?code=105`;

/**
 * The page CloudFront shows for a 500, 502, 503 or 504 from the API: a custom error response can only
 * answer with a file, not a redirect, so the file sends the browser on to the hosted page with 105 (a
 * meta refresh, which needs no script and no CSP allowance, and a link for browsers that ignore it).
 */
export function originFailurePage(): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="robots" content="noindex">',
    `<meta http-equiv="refresh" content="0; url=${EDGE_REFUSAL_LOCATION}">`,
    '<title>Sign-in did not complete</title>',
    '</head>',
    '<body>',
    `<p>Something went wrong on our side. <a href="${EDGE_REFUSAL_LOCATION}">Continue</a></p>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
