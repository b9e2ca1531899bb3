/**
 * Turns the error page's header list (ERROR_PAGE_SECURITY_HEADERS, the one the local server sends too)
 * into a CloudFront response-headers policy: the headers CloudFront knows as security headers go to
 * their typed settings, every other header is a custom header. A value CloudFront cannot express
 * throws at synthesis, so the deployed page never silently lacks a header.
 */
import { Duration } from 'aws-cdk-lib';
import {
  HeadersFrameOption,
  HeadersReferrerPolicy,
  type ResponseCustomHeadersBehavior,
  type ResponseSecurityHeadersBehavior,
} from 'aws-cdk-lib/aws-cloudfront';

export interface ErrorPageResponseHeaders {
  readonly securityHeadersBehavior: ResponseSecurityHeadersBehavior;
  readonly customHeadersBehavior: ResponseCustomHeadersBehavior;
}

function strictTransportSecurity(value: string): ResponseSecurityHeadersBehavior['strictTransportSecurity'] {
  const directives = value.split(';').map((directive) => directive.trim().toLowerCase());
  const maxAge = directives.find((directive) => directive.startsWith('max-age='))?.slice('max-age='.length);
  if (!maxAge || !/^\d+$/.test(maxAge)) throw new Error(`Strict-Transport-Security without max-age: ${value}`);
  return {
    accessControlMaxAge: Duration.seconds(Number(maxAge)),
    includeSubdomains: directives.includes('includesubdomains'),
    preload: directives.includes('preload'),
    override: true,
  };
}

const FRAME_OPTIONS = new Map<string, HeadersFrameOption>(
  Object.values(HeadersFrameOption).map((known) => [known, known]),
);
const REFERRER_POLICIES = new Map<string, HeadersReferrerPolicy>(
  Object.values(HeadersReferrerPolicy).map((known) => [known, known]),
);

function frameOption(value: string): HeadersFrameOption {
  const option = FRAME_OPTIONS.get(value.toUpperCase());
  if (!option) throw new Error(`X-Frame-Options ${value} cannot be set by CloudFront`);
  return option;
}

function referrerPolicy(value: string): HeadersReferrerPolicy {
  const policy = REFERRER_POLICIES.get(value.toLowerCase());
  if (!policy) throw new Error(`Referrer-Policy ${value} cannot be set by CloudFront`);
  return policy;
}

/** @param headers header name → value, e.g. ERROR_PAGE_SECURITY_HEADERS from error-page/build.ts */
export function errorPageResponseHeaders(headers: Readonly<Record<string, string>>): ErrorPageResponseHeaders {
  const security: { -readonly [K in keyof ResponseSecurityHeadersBehavior]: ResponseSecurityHeadersBehavior[K] } = {};
  const custom: { header: string; value: string; override: boolean }[] = [];
  for (const [name, value] of Object.entries(headers)) {
    switch (name.toLowerCase()) {
      case 'content-security-policy':
        security.contentSecurityPolicy = { contentSecurityPolicy: value, override: true };
        break;
      case 'strict-transport-security':
        security.strictTransportSecurity = strictTransportSecurity(value);
        break;
      case 'x-frame-options':
        security.frameOptions = { frameOption: frameOption(value), override: true };
        break;
      case 'referrer-policy':
        security.referrerPolicy = { referrerPolicy: referrerPolicy(value), override: true };
        break;
      case 'x-content-type-options':
        if (value.toLowerCase() !== 'nosniff') throw new Error(`X-Content-Type-Options ${value} is not nosniff`);
        security.contentTypeOptions = { override: true };
        break;
      case 'x-xss-protection':
        throw new Error('X-XSS-Protection is not supported here; rely on the Content-Security-Policy');
      default:
        custom.push({ header: name, value, override: true });
    }
  }
  return { securityHeadersBehavior: security, customHeadersBehavior: { customHeaders: custom } };
}
