/**
 * What CloudFront passes on to the person when the SSO origin answers on /sso.
 *
 * The SSO function answers every sign-in with a 302 (or a 200 form_post page). Any other status on /sso
 * was written by something in front of the function: API Gateway's stage throttle (a bare `429` JSON
 * body), its payload limit (413), or its own 5xx when the function failed. CloudFront's custom error
 * responses cannot map a 429, so a Lambda@Edge origin-response function (lib/edge-response.ts) replaces
 * every such answer with what the function itself would have said: a 302 to the hosted page with 105,
 * `Cache-Control: no-store` and `Referrer-Policy: no-referrer`, and no body.
 *
 * Pure: no environment (Lambda@Edge has none), no clock, no I/O. The Location is relative, like AWS
 * WAF's block answer, so the browser resolves it on the edge's own name.
 */
import { ERROR_PAGE_PATH } from '../core/edge-origin';
import { API_GATEWAY_REQUEST_ID } from '../core/issued-ref';

/** The statuses the SSO function itself answers /sso with; anything else is replaced. */
export const SSO_FUNCTION_STATUSES: ReadonlySet<string> = new Set(['200', '302']);

/** A response as Lambda@Edge hands it over and takes it back (headers keyed by lower-case name). */
export interface EdgeResponse {
  status: string;
  statusDescription?: string;
  headers: Record<string, { key?: string; value: string }[]>;
  body?: string;
}

/** The hosted page with 105; `ref` is API Gateway's request id when it sent one in the form it issues. */
export function refusalLocation(requestId: string | undefined): string {
  const ref = requestId !== undefined && API_GATEWAY_REQUEST_ID.test(requestId) ? requestId : undefined;
  const query = new URLSearchParams({ code: '105', ...(ref ? { ref } : {}) });
  return `${ERROR_PAGE_PATH}?${query.toString()}`;
}

/**
 * The origin's answer when the SSO function wrote it; otherwise a 302 to the hosted page with 105.
 *
 * @example answerFromOrigin({ status: '429', headers: {} }).status === '302'
 */
export function answerFromOrigin(response: EdgeResponse): EdgeResponse {
  if (SSO_FUNCTION_STATUSES.has(response.status)) return response;
  const requestId = response.headers['apigw-requestid']?.[0]?.value;
  return {
    status: '302',
    statusDescription: 'Found',
    headers: {
      location: [{ key: 'Location', value: refusalLocation(requestId) }],
      'cache-control': [{ key: 'Cache-Control', value: 'no-store' }],
      'referrer-policy': [{ key: 'Referrer-Policy', value: 'no-referrer' }],
      'content-type': [{ key: 'Content-Type', value: 'text/plain; charset=utf-8' }],
    },
    body: '',
  };
}
