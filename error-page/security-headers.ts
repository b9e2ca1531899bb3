/**
 * The response headers the error page is served with, by the local server and by CloudFront's
 * response-headers policy alike. The page takes `code` and `ref` from its URL, so the policy is as
 * strict as the page allows: scripts, styles and the profile read only from the page's own origin,
 * nothing inline, and Trusted Types so that no string can ever reach an HTML sink such as innerHTML.
 */

const CONTENT_SECURITY_POLICY_DIRECTIVES = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  // The one read the page makes: the client's public profile, from its own origin (/profiles/<clientId>).
  "connect-src 'self'",
  "font-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  "trusted-types 'none'",
] as const;

/** Directives that browsers ignore, with a console error, when a policy arrives in a `<meta>` element. */
const HEADER_ONLY_DIRECTIVES = ['frame-ancestors', 'report-uri', 'report-to', 'sandbox'];

export const ERROR_PAGE_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY_DIRECTIVES.join('; ');

/** Header name → value, in the canonical casing; every response of the error page carries all of them. */
export const ERROR_PAGE_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Security-Policy': ERROR_PAGE_CONTENT_SECURITY_POLICY,
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Strict-Transport-Security': 'max-age=63072000; includeSubDomains',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
});

/**
 * The same policy for the page's `<meta http-equiv>`, which protects it where headers are missing
 * (a misconfigured host, a saved copy); header-only directives are left out.
 */
export function metaContentSecurityPolicy(): string {
  return CONTENT_SECURITY_POLICY_DIRECTIVES.filter(
    (directive) => !HEADER_ONLY_DIRECTIVES.includes(directive.split(' ')[0] ?? ''),
  ).join('; ');
}
