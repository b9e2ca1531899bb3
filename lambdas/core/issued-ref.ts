/**
 * The forms of `ref` the service issues (lambdas/sso/app.ts: API Gateway's request id, else the Lambda
 * request id), so that the hosted error page shows a ref only in one of them and a crafted link cannot
 * put other text on our domain:
 * - an API Gateway HTTP API request id: 11 random bytes in base64, e.g. `JKJaXmPLvHcESHA=` (the local
 *   server issues the same form);
 * - a Lambda request id: a UUID in lowercase hex, e.g. `8f5e9c4a-1b2d-4e3f-9a8b-7c6d5e4f3a2b`.
 */

/** 15 base64 characters, the last carrying 4 bits (its low 2 bits zero), then one `=`. */
export const API_GATEWAY_REQUEST_ID = /^[A-Za-z0-9+/]{14}[AEIMQUYcgkosw048]=$/;
export const LAMBDA_REQUEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** True when `value` is a ref in a form the service issues (it may still not exist). */
export function isIssuedRef(value: string): boolean {
  return API_GATEWAY_REQUEST_ID.test(value) || LAMBDA_REQUEST_ID.test(value);
}

/**
 * The time shown next to a ref, the same in every language: what support types into `admin find`'s
 * window and reads in the logs.
 *
 * @example refTime(new Date('2026-11-29T21:45:03.120Z')) === '2026-11-29 21:45:03 UTC'
 */
export function refTime(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
