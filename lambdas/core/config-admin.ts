/**
 * Operator rules for SSO configurations: what a valid new configuration is, and how a secret rotates.
 * Pure: the admin CLI validates with these and the DynamoDB admin store persists the result.
 */
import { hashSecret } from './client-secret';
import { acceptClientKeys } from './client-key-acceptance';
import { InfoauthError } from './errors';
import { isCid, isOrigin, parseHttpUrl } from './identifiers';
import { checkJwksUri, type JwksUriPolicy } from './jwks-uri';
import { withProfileChanges, type PublicProfileField } from './public-profile';
import {
  ASSERTION_DELIVERIES,
  CLOCK_TOLERANCE_LIMIT,
  DEFAULT_CLOCK_TOLERANCE,
  DEFAULT_MAX_TOKEN_AGE,
  MAX_TOKEN_AGE_LIMIT,
  PASSED_CLAIM_NAMES,
  type AssertionDelivery,
  type PassedClaimName,
  type PublicJwk,
  type SsoConfig,
} from './model';
import { isJsonObject, parseStrictJson } from './strict-json';

export const DEFAULT_GRACE_PERIOD_SECONDS = 86_400;
const MAX_SECONDS_SETTING = 31_536_000;

/**
 * What an operator sets on a configuration: the fields `config create` and `config update` share.
 * In a change, an absent field is left as it is; `null` removes an optional one (e.g. `--no-error-url`).
 * A new setting is one field here, its check in {@link withSettings}, and one row of the CLI's option table.
 */
export interface ConfigSettings {
  readonly targetUrl?: string;
  /** Replaces the list; the target URL's origin is always allowed. */
  readonly allowedOrigins?: readonly string[];
  readonly errorUrl?: string | null;
  readonly maxTokenAge?: number;
  readonly clockTolerance?: number;
  /** `query`, `fragment` or `form_post` (checked here: the CLI passes the text through). */
  readonly assertionDelivery?: string;
  /** Makes `aud` mandatory in the client's tokens. */
  readonly requireAud?: boolean;
  /** The claims passed through to the assertion (replaces the list; `null` or empty: none). Checked here. */
  readonly claims?: readonly string[] | null;
  /** The public profile's fields: a string sets one, `''` removes it (display name, login URL, support). */
  readonly profile?: Partial<Record<PublicProfileField, string>>;
  /** Where the service fetches the client's public keys; `null` removes it (`--no-jwks-uri`). */
  readonly jwksUri?: string | null;
}

/** Outside the local run, a JWKS URI must be https on a public host. */
const PUBLIC_ONLY: JwksUriPolicy = { localRun: false };

export interface NewConfigInput extends ConfigSettings {
  readonly clientId: string;
  readonly secret: string;
  readonly cid: string;
  readonly keys: readonly PublicJwk[];
}

const invalid = (message: string) => new InfoauthError('invalid-input', message);

function seconds(name: string, value: number | undefined, fallback: number, max = MAX_SECONDS_SETTING): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw invalid(`${name} must be a whole number of seconds from 0 to ${max}`);
  }
  return value;
}

function deliveryMode(value: string | undefined, fallback: AssertionDelivery | undefined) {
  if (value === undefined) return fallback;
  const mode = ASSERTION_DELIVERIES.find((known) => known === value);
  if (!mode) throw invalid(`assertion delivery must be one of ${ASSERTION_DELIVERIES.join(', ')}`);
  return mode;
}

/** The claims to pass through after a change: the list given (`null`: none), else the current one. */
function passedClaimList(given: readonly string[] | null | undefined, current: readonly PassedClaimName[] | undefined) {
  if (given === undefined) return current ?? [];
  if (given === null) return [];
  const unknown = given.find((name) => !(PASSED_CLAIM_NAMES as readonly string[]).includes(name));
  if (unknown !== undefined) {
    throw invalid(`claim "${unknown}" cannot be passed through; choose from ${PASSED_CLAIM_NAMES.join(', ')}`);
  }
  return PASSED_CLAIM_NAMES.filter((name) => given.includes(name));
}

/**
 * The allowed origins after a change: the list given (or, without one, the current list with the old
 * target's origin swapped for the new one), always holding the target URL's origin.
 */
function allowedOriginsFor(current: SsoConfig | undefined, target: URL, given: readonly string[] | undefined) {
  let origins: string[];
  if (given !== undefined && given.length > 0) origins = [...new Set(given)];
  else if (current === undefined) origins = [];
  else {
    const oldTarget = new URL(current.targetUrl).origin;
    origins = current.allowedOrigins.filter((origin) => origin !== oldTarget || oldTarget === target.origin);
  }
  const notOrigin = origins.find((origin) => !isOrigin(origin));
  if (notOrigin !== undefined) throw invalid(`allowed origin "${notOrigin}" is not an origin (scheme://host[:port])`);
  if (!origins.includes(target.origin)) origins.push(target.origin);
  return origins;
}

type Settled = Pick<
  SsoConfig,
  | 'targetUrl'
  | 'allowedOrigins'
  | 'errorUrl'
  | 'maxTokenAge'
  | 'clockTolerance'
  | 'profile'
  | 'assertionDelivery'
  | 'requireAud'
  | 'jwksUri'
  | 'claims'
>;

function jwksUriFor(current: SsoConfig | undefined, change: ConfigSettings, policy: JwksUriPolicy) {
  if (change.jwksUri === null) return undefined;
  if (change.jwksUri === undefined) return current?.jwksUri;
  const checked = checkJwksUri(change.jwksUri, policy);
  if (!checked.ok) throw invalid(checked.reason);
  return checked.uri;
}

/**
 * The settings of `current` (none for a new configuration) with `change` applied, every one checked
 * against the others; throws InfoauthError('invalid-input') saying what is wrong, and changes nothing.
 */
function withSettings(current: SsoConfig | undefined, change: ConfigSettings, policy: JwksUriPolicy): Settled {
  const targetText = change.targetUrl ?? current?.targetUrl;
  const target = targetText === undefined ? undefined : parseHttpUrl(targetText);
  if (!target) throw invalid('target URL must be an absolute http(s) URL without credentials');
  const allowedOrigins = allowedOriginsFor(current, target, change.allowedOrigins);
  const errorText = change.errorUrl === null ? undefined : (change.errorUrl ?? current?.errorUrl);
  let errorUrl: string | undefined;
  if (errorText !== undefined) {
    const parsed = parseHttpUrl(errorText);
    if (!parsed) throw invalid('error URL must be an absolute http(s) URL without credentials');
    if (!allowedOrigins.includes(parsed.origin)) throw invalid('error URL must be on an allowed origin');
    errorUrl = parsed.href;
  }
  const profile = withProfileChanges(current?.profile, change.profile ?? {});
  const delivery = deliveryMode(change.assertionDelivery, current?.assertionDelivery);
  const requireAud = change.requireAud ?? current?.requireAud ?? false;
  const jwksUri = jwksUriFor(current, change, policy);
  const claims = passedClaimList(change.claims, current?.claims);
  return {
    targetUrl: target.href,
    allowedOrigins,
    ...(errorUrl !== undefined ? { errorUrl } : {}),
    maxTokenAge: seconds(
      'max token age',
      change.maxTokenAge,
      current?.maxTokenAge ?? DEFAULT_MAX_TOKEN_AGE,
      MAX_TOKEN_AGE_LIMIT,
    ),
    clockTolerance: seconds(
      'clock tolerance',
      change.clockTolerance,
      current?.clockTolerance ?? DEFAULT_CLOCK_TOLERANCE,
      CLOCK_TOLERANCE_LIMIT,
    ),
    ...(profile ? { profile } : {}),
    // Always set, so an update that turns one off does not keep the old value.
    assertionDelivery: delivery ?? 'query',
    // Absent means false, as it is stored: a `false` here would read back as absent and show as a change.
    ...(requireAud ? { requireAud: true } : {}),
    ...(jwksUri !== undefined ? { jwksUri } : {}),
    // None is stored as no field, like requireAud off.
    ...(claims.length > 0 ? { claims } : {}),
  };
}

/**
 * Builds a new configuration (version 1), or throws InfoauthError('invalid-input') saying what is wrong.
 * It needs at least one key, or a JWKS URI to fetch them from.
 */
export function newSsoConfig(input: NewConfigInput, nowSeconds: number, policy = PUBLIC_ONLY): SsoConfig {
  if (!isCid(input.cid)) {
    throw invalid('CID must be 1-64 characters: letters, digits, ".", "_" or "-", starting with a letter or digit');
  }
  const settings = withSettings(undefined, input, policy);
  if (input.keys.length === 0 && settings.jwksUri === undefined) {
    throw invalid('at least one public signing key (or a JWKS URI) is needed');
  }
  return {
    clientId: input.clientId,
    cid: input.cid,
    secretHash: hashSecret(input.secret),
    ...settings,
    jwks: { keys: input.keys },
    createdAt: nowSeconds,
    updatedAt: nowSeconds,
    version: 1,
  };
}

/** The next version of a configuration: the same with new contents, one version later. */
export function nextVersion(config: SsoConfig, nowSeconds: number): Pick<SsoConfig, 'updatedAt' | 'version'> {
  return { updatedAt: nowSeconds, version: config.version + 1 };
}

/**
 * The configuration with `change` applied, one version later; throws InfoauthError('invalid-input')
 * when the change is empty or the result would not be valid.
 */
export function updatedSsoConfig(
  config: SsoConfig,
  change: ConfigSettings,
  nowSeconds: number,
  policy = PUBLIC_ONLY,
): SsoConfig {
  const given = Object.entries(change).filter(([name, value]) =>
    name === 'profile' ? Object.keys((value ?? {}) as object).length > 0 : value !== undefined,
  );
  if (given.length === 0) throw invalid('nothing to change: give an option');
  // Optional fields that withSettings leaves out when off or empty are dropped here, so they do not linger.
  const {
    errorUrl: _replaced,
    profile: _replacedToo,
    requireAud: _replacedAlso,
    jwksUri: _replacedAsWell,
    claims: _replacedLikewise,
    ...rest
  } = config;
  const settled = withSettings(config, change, policy);
  if (settled.jwksUri === undefined && config.jwks.keys.length === 0) {
    throw invalid('the configuration has no registered key: add one (config keys add) before removing the JWKS URI');
  }
  return { ...rest, ...settled, ...nextVersion(config, nowSeconds) };
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

/**
 * The configuration with the keys of a JWKS document added, one version later. Every key goes through
 * the acceptance rules, against the keys already registered (a `kid` already there is refused).
 */
export function withAddedKeys(config: SsoConfig, jwksText: string, nowSeconds: number): SsoConfig {
  const added = parsePublicJwks(jwksText, config.jwks.keys);
  return { ...config, jwks: { keys: [...config.jwks.keys, ...added] }, ...nextVersion(config, nowSeconds) };
}

/**
 * The configuration without the key `kid`, one version later. The last key of a configuration without a
 * JWKS URI cannot go: tokens could then never verify (with a JWKS URI, its keys remain). Throws
 * InfoauthError 'not-found' for an unknown kid, 'invalid-input' for the last key.
 */
export function withoutKey(config: SsoConfig, kid: string, nowSeconds: number): SsoConfig {
  const keys = config.jwks.keys.filter((key) => key.kid !== kid);
  if (keys.length === config.jwks.keys.length) {
    throw new InfoauthError('not-found', `configuration ${config.clientId} has no key with kid "${kid}"`);
  }
  if (keys.length === 0 && config.jwksUri === undefined) {
    throw invalid(`"${kid}" is the last key of configuration ${config.clientId}; add its successor first`);
  }
  return { ...config, jwks: { keys }, ...nextVersion(config, nowSeconds) };
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
    ...nextVersion(config, nowSeconds),
  };
}
