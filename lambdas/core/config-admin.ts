/**
 * Operator rules for SSO configurations: what a valid new configuration is, and how a secret rotates.
 * Pure: the admin CLI validates with these and the DynamoDB admin store persists the result.
 */
import { hashSecret } from './client-secret';
import { acceptClientKeys } from './client-key-acceptance';
import { InfoauthError } from './errors';
import { isCid, isOrigin, parseHttpUrl } from './identifiers';
import { withProfileChanges, type PublicProfileField } from './public-profile';
import { DEFAULT_CLOCK_TOLERANCE, DEFAULT_MAX_TOKEN_AGE, type PublicJwk, type SsoConfig } from './model';
import { isJsonObject, parseStrictJson } from './strict-json';

export const DEFAULT_GRACE_PERIOD_SECONDS = 86_400;
const MAX_SECONDS_SETTING = 31_536_000;

export interface NewConfigInput {
  readonly clientId: string;
  readonly secret: string;
  readonly cid: string;
  readonly targetUrl: string;
  readonly allowedOrigins?: readonly string[];
  readonly errorUrl?: string;
  readonly keys: readonly PublicJwk[];
  readonly maxTokenAge?: number;
  readonly clockTolerance?: number;
  /** The public profile's fields (display name, login URL, support email and URL). */
  readonly profile?: Partial<Record<PublicProfileField, string>>;
}

const invalid = (message: string) => new InfoauthError('invalid-input', message);

function seconds(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0 || value > MAX_SECONDS_SETTING) {
    throw invalid(`${name} must be a whole number of seconds from 0 to ${MAX_SECONDS_SETTING}`);
  }
  return value;
}

/** Builds a new configuration, or throws InfoauthError('invalid-input') saying what is wrong. */
export function newSsoConfig(input: NewConfigInput, nowSeconds: number): SsoConfig {
  if (!isCid(input.cid)) {
    throw invalid('CID must be 1-64 characters: letters, digits, ".", "_" or "-", starting with a letter or digit');
  }
  const target = parseHttpUrl(input.targetUrl);
  if (!target) throw invalid('target URL must be an absolute http(s) URL without credentials');
  const allowedOrigins = input.allowedOrigins?.length ? [...new Set(input.allowedOrigins)] : [target.origin];
  const notOrigin = allowedOrigins.find((origin) => !isOrigin(origin));
  if (notOrigin !== undefined) throw invalid(`allowed origin "${notOrigin}" is not an origin (scheme://host[:port])`);
  if (!allowedOrigins.includes(target.origin)) allowedOrigins.push(target.origin);
  if (input.errorUrl !== undefined) {
    const errorUrl = parseHttpUrl(input.errorUrl);
    if (!errorUrl) throw invalid('error URL must be an absolute http(s) URL without credentials');
    if (!allowedOrigins.includes(errorUrl.origin)) throw invalid('error URL must be on an allowed origin');
  }
  if (input.keys.length === 0) throw invalid('at least one public signing key is needed');
  const profile = withProfileChanges(undefined, input.profile ?? {});
  return {
    clientId: input.clientId,
    cid: input.cid,
    secretHash: hashSecret(input.secret),
    targetUrl: target.href,
    allowedOrigins,
    ...(input.errorUrl !== undefined ? { errorUrl: new URL(input.errorUrl).href } : {}),
    jwks: { keys: input.keys },
    maxTokenAge: seconds('max token age', input.maxTokenAge, DEFAULT_MAX_TOKEN_AGE),
    clockTolerance: seconds('clock tolerance', input.clockTolerance, DEFAULT_CLOCK_TOLERANCE),
    ...(profile ? { profile } : {}),
    createdAt: nowSeconds,
    updatedAt: nowSeconds,
  };
}

/**
 * Reads a JWKS document (or a single JWK) of public signing keys and checks them with
 * {@link acceptClientKeys} (against `registered`, the keys a configuration already holds).
 * Throws InfoauthError('invalid-input') naming the first refused key and why.
 */
export function parsePublicJwks(text: string, registered: readonly PublicJwk[] = []): PublicJwk[] {
  let parsed;
  try {
    parsed = parseStrictJson(text);
  } catch {
    throw invalid('the JWKS file is not valid JSON');
  }
  if (!isJsonObject(parsed)) throw invalid('the JWKS file must hold a JSON object');
  const candidates = Array.isArray(parsed.keys) ? parsed.keys : [parsed];
  if (candidates.length === 0) throw invalid('the JWKS file has no keys');
  return acceptClientKeys(candidates, registered);
}

/** The configuration with a new current secret; the old one stays valid for `gracePeriod` seconds. */
export function withRotatedSecret(
  config: SsoConfig,
  newSecret: string,
  gracePeriod: number | undefined,
  nowSeconds: number,
): SsoConfig {
  const grace = seconds('grace period', gracePeriod, DEFAULT_GRACE_PERIOD_SECONDS);
  const { previousSecret: _dropped, ...rest } = config;
  return {
    ...rest,
    secretHash: hashSecret(newSecret),
    ...(grace > 0 ? { previousSecret: { hash: config.secretHash, expiresAt: nowSeconds + grace } } : {}),
    updatedAt: nowSeconds,
  };
}
