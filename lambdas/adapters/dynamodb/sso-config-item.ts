/** How an SSO configuration is stored as a DynamoDB item, and checked when read back. */
import { isCid, isClientId } from '../../core/identifiers';
import {
  ASSERTION_DELIVERIES,
  PASSED_CLAIM_NAMES,
  type AssertionDelivery,
  type PublicJwk,
  type SsoConfig,
} from '../../core/model';
import { publicPartOf } from '../../core/client-keys';
import { publicProfileFrom } from '../../core/public-profile';
import { isJsonObject, parseStrictJson } from '../../core/strict-json';
import { PARTITION_KEY } from './tables';

export type Item = Record<string, unknown>;

export function configToItem(config: SsoConfig): Item {
  return {
    [PARTITION_KEY]: config.clientId,
    cid: config.cid,
    secretHash: config.secretHash,
    ...(config.previousSecret
      ? { previousSecretHash: config.previousSecret.hash, previousSecretExpiresAt: config.previousSecret.expiresAt }
      : {}),
    targetUrl: config.targetUrl,
    allowedOrigins: [...config.allowedOrigins],
    ...(config.errorUrl ? { errorUrl: config.errorUrl } : {}),
    jwks: JSON.stringify(config.jwks),
    ...(config.jwksUri !== undefined ? { jwksUri: config.jwksUri } : {}),
    maxTokenAge: config.maxTokenAge,
    clockTolerance: config.clockTolerance,
    ...(config.assertionDelivery ? { assertionDelivery: config.assertionDelivery } : {}),
    ...(config.requireAud ? { requireAud: true } : {}),
    ...(config.claims && config.claims.length > 0 ? { claims: [...config.claims] } : {}),
    ...(config.profile ? { profile: { ...config.profile } } : {}),
    createdAt: config.createdAt,
    updatedAt: config.updatedAt,
    version: config.version,
  };
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

function parseKeys(jwks: unknown): PublicJwk[] | undefined {
  if (!isString(jwks)) return undefined;
  try {
    const parsed = parseStrictJson(jwks);
    if (!isJsonObject(parsed) || !Array.isArray(parsed.keys)) return undefined;
    const keys = parsed.keys.map((key) => (isJsonObject(key) ? publicPartOf(key) : undefined));
    return keys.every((key) => key !== undefined) ? keys : undefined;
  } catch {
    return undefined;
  }
}

/** The passed claims an item lists; a name that is not one of them is never passed (nor is a non-list). */
const passedClaimsFrom = (value: unknown) =>
  Array.isArray(value) ? PASSED_CLAIM_NAMES.filter((name) => value.includes(name)) : [];

const deliveryFrom = (value: unknown): AssertionDelivery | undefined =>
  ASSERTION_DELIVERIES.find((mode) => mode === value);

/** The configuration an item holds, or undefined when the item is not a well-formed configuration. */
export function configFromItem(item: Item): SsoConfig | undefined {
  const { cid, secretHash, targetUrl, allowedOrigins, errorUrl, maxTokenAge, clockTolerance, createdAt, updatedAt } =
    item;
  const clientId = item[PARTITION_KEY];
  const keys = parseKeys(item.jwks);
  if (!isClientId(clientId) || !isCid(cid) || !isString(secretHash) || !isString(targetUrl) || !keys) return undefined;
  if (!Array.isArray(allowedOrigins) || !allowedOrigins.every(isString)) return undefined;
  if (!isNumber(maxTokenAge) || !isNumber(clockTolerance) || !isNumber(createdAt) || !isNumber(updatedAt)) {
    return undefined;
  }
  const { previousSecretHash, previousSecretExpiresAt } = item;
  const previousSecret =
    isString(previousSecretHash) && isNumber(previousSecretExpiresAt)
      ? { hash: previousSecretHash, expiresAt: previousSecretExpiresAt }
      : undefined;
  const profile = publicProfileFrom(item.profile);
  const claims = passedClaimsFrom(item.claims);
  return {
    clientId,
    cid,
    secretHash,
    ...(previousSecret ? { previousSecret } : {}),
    targetUrl,
    allowedOrigins,
    ...(isString(errorUrl) ? { errorUrl } : {}),
    jwks: { keys },
    ...(isString(item.jwksUri) ? { jwksUri: item.jwksUri } : {}),
    maxTokenAge,
    clockTolerance,
    ...(deliveryFrom(item.assertionDelivery) ? { assertionDelivery: deliveryFrom(item.assertionDelivery) } : {}),
    ...(item.requireAud === true ? { requireAud: true } : {}),
    ...(claims.length > 0 ? { claims } : {}),
    ...(profile ? { profile } : {}),
    createdAt,
    updatedAt,
    // Items written before versions existed read as version 0; their first change writes version 1.
    version: isNumber(item.version) ? item.version : 0,
  };
}
