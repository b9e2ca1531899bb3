/**
 * The edge's switches, read from CDK context (`cdk synth|deploy -c infoauth:edge=false`, cdk.json):
 *
 * - `infoauth:edge` (default `true`): CloudFront + AWS WAF in front of the API and the error page. `false`
 *   builds the stack without them (the API's own URL, the error page on its own distribution).
 * - `infoauth:domainName` + `infoauth:certificateArn` (an ACM certificate in us-east-1): the distribution
 *   answers on that name, and the SSO URL becomes `https://<name>/sso`.
 * - `infoauth:hostedZoneId` (optional, with a domain name): adds the alias records in that Route 53 zone.
 * - `infoauth:rateLimitPerIp` (default {@link DEFAULT_RATE_LIMIT_PER_IP}): requests to /sso one IP address
 *   may make in five minutes before AWS WAF answers it with the hosted page and code 105.
 *
 * No CDK import here: the values are checked before any construct is built, with one clear message each.
 */

export const EDGE_CONTEXT = {
  enabled: 'infoauth:edge',
  domainName: 'infoauth:domainName',
  certificateArn: 'infoauth:certificateArn',
  hostedZoneId: 'infoauth:hostedZoneId',
  rateLimitPerIp: 'infoauth:rateLimitPerIp',
} as const;

/** Requests per IP address per five minutes (one every 0.3 s), room for an office behind one NAT address. */
export const DEFAULT_RATE_LIMIT_PER_IP = 1000;
/** AWS WAF's bounds for a rate-based rule's limit. */
export const RATE_LIMIT_BOUNDS = { min: 10, max: 2_000_000_000 } as const;

export interface EdgeDomain {
  readonly name: string;
  /** An ACM certificate in us-east-1 that covers {@link name} (CloudFront takes certificates from there only). */
  readonly certificateArn: string;
  readonly hostedZoneId?: string;
}

export type EdgeSettings =
  | { readonly enabled: false }
  | { readonly enabled: true; readonly domain?: EdgeDomain; readonly rateLimitPerIp: number };

export class EdgeSettingsError extends Error {
  override readonly name = 'EdgeSettingsError';
}

const HOSTNAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:([a-z0-9-]+):\d{12}:certificate\/[0-9a-f-]{36}$/;
const HOSTED_ZONE_ID = /^Z[A-Z0-9]{1,31}$/;

function text(value: unknown, key: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new EdgeSettingsError(`${key} must be a string, got ${JSON.stringify(value)}.`);
  return value.trim();
}

function flag(value: unknown, key: string): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new EdgeSettingsError(`${key} must be true or false, got ${JSON.stringify(value)}.`);
}

function rateLimit(value: unknown, key: string): number {
  if (value === undefined || value === null || value === '') return DEFAULT_RATE_LIMIT_PER_IP;
  const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : Number.NaN;
  if (!Number.isInteger(number) || number < RATE_LIMIT_BOUNDS.min || number > RATE_LIMIT_BOUNDS.max) {
    throw new EdgeSettingsError(
      `${key} must be a whole number of requests per 5 minutes from ${RATE_LIMIT_BOUNDS.min} to ${RATE_LIMIT_BOUNDS.max}, got ${JSON.stringify(value)}.`,
    );
  }
  return number;
}

function domain(get: (key: string) => unknown): EdgeDomain | undefined {
  const name = text(get(EDGE_CONTEXT.domainName), EDGE_CONTEXT.domainName)?.toLowerCase();
  const certificateArn = text(get(EDGE_CONTEXT.certificateArn), EDGE_CONTEXT.certificateArn);
  const hostedZoneId = text(get(EDGE_CONTEXT.hostedZoneId), EDGE_CONTEXT.hostedZoneId);
  if (name === undefined && certificateArn === undefined) {
    if (hostedZoneId !== undefined) {
      throw new EdgeSettingsError(`${EDGE_CONTEXT.hostedZoneId} needs ${EDGE_CONTEXT.domainName} (the record's name).`);
    }
    return undefined;
  }
  if (name === undefined || certificateArn === undefined) {
    throw new EdgeSettingsError(
      `${EDGE_CONTEXT.domainName} and ${EDGE_CONTEXT.certificateArn} go together: give both, or neither.`,
    );
  }
  if (!HOSTNAME.test(name)) {
    throw new EdgeSettingsError(`${EDGE_CONTEXT.domainName} must be a DNS name such as sso.example.com, got ${name}.`);
  }
  const region = CERTIFICATE_ARN.exec(certificateArn)?.[1];
  if (region === undefined) {
    throw new EdgeSettingsError(
      `${EDGE_CONTEXT.certificateArn} must be an ACM certificate ARN, got ${certificateArn}.`,
    );
  }
  if (region !== 'us-east-1') {
    throw new EdgeSettingsError(
      `${EDGE_CONTEXT.certificateArn} must be a certificate in us-east-1 (CloudFront uses no other region), got one in ${region}.`,
    );
  }
  if (hostedZoneId !== undefined && !HOSTED_ZONE_ID.test(hostedZoneId)) {
    throw new EdgeSettingsError(
      `${EDGE_CONTEXT.hostedZoneId} must be a Route 53 hosted zone id (Z…), got ${hostedZoneId}.`,
    );
  }
  return { name, certificateArn, ...(hostedZoneId ? { hostedZoneId } : {}) };
}

/**
 * @param get reads one context value (`app.node.tryGetContext`)
 * @throws EdgeSettingsError with the key and what is expected
 * @example
 * const edge = edgeSettingsFromContext((key) => app.node.tryGetContext(key));
 */
export function edgeSettingsFromContext(get: (key: string) => unknown): EdgeSettings {
  const enabled = flag(get(EDGE_CONTEXT.enabled), EDGE_CONTEXT.enabled);
  const chosenDomain = domain(get);
  const limit = rateLimit(get(EDGE_CONTEXT.rateLimitPerIp), EDGE_CONTEXT.rateLimitPerIp);
  if (!enabled) {
    if (chosenDomain) {
      throw new EdgeSettingsError(
        `${EDGE_CONTEXT.domainName} puts the CloudFront distribution on a name; with ${EDGE_CONTEXT.enabled}=false there is none.`,
      );
    }
    return { enabled: false };
  }
  return { enabled: true, rateLimitPerIp: limit, ...(chosenDomain ? { domain: chosenDomain } : {}) };
}
