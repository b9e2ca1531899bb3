/**
 * `token mint` makes a token exactly as a client's authorization service would; `token check` tells
 * which code a token would get, by the same rules as a sign-in, without recording anything.
 */
import { randomUUID } from 'node:crypto';
import { importJWK, SignJWT } from 'jose';
import { CATALOG, type ErrorCode } from '../../lambdas/core/catalog';
import { algorithmsFor, hasPrivateMaterial, publicPartOf } from '../../lambdas/core/client-keys';
import { createJwksFetcher } from '../../lambdas/adapters/jwks-uri/jwks-fetcher';
import { JwksUriKeyCache } from '../../lambdas/adapters/jwks-uri/jwks-uri-key-cache';
import { verifyClientToken } from '../../lambdas/core/client-token';
import { DependencyFailure, InfoauthError } from '../../lambdas/core/errors';
import { keysForToken, staleKeysFailure, type KeysForToken } from '../../lambdas/core/jwks-uri-keys';
import { isCid, isClientId, isEmail } from '../../lambdas/core/identifiers';
import type { ClientClaims, SsoConfig } from '../../lambdas/core/model';
import { isJsonObject, parseStrictJson } from '../../lambdas/core/strict-json';
import type { AdminDeps } from './admin-deps';
import { explainToken, type FetchedForToken, type TokenExplanation } from './token-explanation';

export const DEFAULT_TOKEN_TTL_SECONDS = 120;
const MAX_TOKEN_TTL_SECONDS = 86_400;

const invalid = (message: string) => new InfoauthError('invalid-input', message);

export interface MintInput {
  /** The text of the client's private JWK file. */
  readonly privateJwk: string;
  readonly cid: string;
  readonly email: string;
  /** Seconds until `exp`; default 120. */
  readonly ttl?: number;
}

export interface MintedToken {
  readonly token: string;
  readonly header: { readonly alg: string; readonly kid?: string };
  readonly claims: ClientClaims;
}

function privateSigningJwk(text: string): { jwk: Record<string, unknown>; alg: string; kid?: string } {
  let parsed;
  try {
    parsed = parseStrictJson(text);
  } catch {
    throw invalid('the private key file is not valid JSON');
  }
  if (!isJsonObject(parsed)) throw invalid('the private key file must hold one JWK (a JSON object)');
  if (!hasPrivateMaterial(parsed)) throw invalid('the private key file holds no private key (no "d")');
  if ('k' in parsed) throw invalid('the private key file holds a symmetric key; clients sign with private keys');
  const publicPart = publicPartOf(parsed);
  const alg = publicPart ? algorithmsFor(publicPart)[0] : undefined;
  if (!publicPart || alg === undefined) {
    throw invalid('the private key file is not a usable signing key (EC P-256/384/521, RSA or Ed25519)');
  }
  return { jwk: parsed, alg, ...(publicPart.kid !== undefined ? { kid: publicPart.kid } : {}) };
}

/** Signs a token with `cid`, `email`, a fresh `jti`, `iat` = now and `exp` = now + ttl. */
export async function mintToken(input: MintInput, now: Date): Promise<MintedToken> {
  const { jwk, alg, kid } = privateSigningJwk(input.privateJwk);
  if (!isCid(input.cid)) throw invalid(`"${input.cid}" is not a CID`);
  if (!isEmail(input.email)) throw invalid(`"${input.email}" is not a valid email address`);
  const ttl = input.ttl ?? DEFAULT_TOKEN_TTL_SECONDS;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TOKEN_TTL_SECONDS) {
    throw invalid(`the TTL must be a whole number of seconds from 1 to ${MAX_TOKEN_TTL_SECONDS}`);
  }
  let key;
  try {
    key = await importJWK(jwk, alg);
  } catch (cause) {
    throw new InfoauthError('invalid-input', `the private key could not be used: ${(cause as Error).message}`);
  }
  const iat = Math.floor(now.getTime() / 1000);
  const claims: ClientClaims = { cid: input.cid, email: input.email, jti: randomUUID(), iat, exp: iat + ttl };
  const header = { alg, ...(kid !== undefined ? { kid } : {}) };
  const token = await new SignJWT({ ...claims }).setProtectedHeader({ ...header, typ: 'JWT' }).sign(key);
  return { token, header, claims };
}

export interface TokenCheck {
  readonly clientId: string;
  readonly verdict: 'would-sign-in' | 'would-refuse';
  readonly code?: ErrorCode;
  readonly reason?: string;
  readonly title?: string;
  /** What the reason means, from the error catalog. */
  readonly meaning?: string;
  readonly claims?: ClientClaims;
  /** Which key verified the token (or why none did), its `aud`, and the claims a sign-in would pass through. */
  readonly explanation?: TokenExplanation;
  /** `token check` is given no client secret, so code 102 is never checked. */
  readonly secretChecked: false;
}

/**
 * The keys to check a token with, as the service picks them: the registered ones and, for a configuration
 * with a JWKS URI whose keys the token needs, those fetched from it now (from this machine, by the same
 * rules). Without `keys`, the fetch failed: a sign-in gets 105 unless the service still holds good keys.
 */
async function keysToCheck(
  deps: AdminDeps,
  token: string,
  config: SsoConfig,
): Promise<{ keys?: KeysForToken; fetched?: FetchedForToken; failure?: DependencyFailure }> {
  const source = new JwksUriKeyCache(createJwksFetcher({ localRun: deps.jwksUriPolicy.localRun }));
  const uri = config.jwksUri;
  try {
    const keys = await keysForToken(token, config, source, deps.now());
    const needed = uri !== undefined && keys.config !== config;
    return { keys, ...(needed ? { fetched: { uri, keys: keys.fetched } } : {}) };
  } catch (error) {
    if (!(error instanceof DependencyFailure) || uri === undefined) throw error;
    return { fetched: { uri, keys: [], failure: error.message }, failure: error };
  }
}

function refused(clientId: string, code: ErrorCode, reason: string): TokenCheck {
  const entry = CATALOG[code];
  const reasons = entry.reasons as Readonly<Record<string, { meaning: string }>>;
  return {
    clientId,
    verdict: 'would-refuse',
    code,
    reason,
    title: entry.title,
    meaning: reasons[reason]?.meaning ?? '',
    secretChecked: false,
  };
}

/**
 * The verdict a sign-in with this client id and token would get now, in the order of contract §3
 * (101, 106, 103, 104 and single use; not 102, as no secret is given), with an explanation of the token
 * against the configuration (also when SSO is off for its CID). Records nothing.
 */
export async function checkToken(deps: AdminDeps, clientId: string, token: string): Promise<TokenCheck> {
  if (!isClientId(clientId)) return refused(clientId, '101', 'client-id-malformed');
  const config = await deps.configs.get(clientId);
  if (!config) return refused(clientId, '101', 'config-not-found');
  const { state } = await deps.configs.ssoStatus(config.cid);
  const { keys, fetched, failure } = await keysToCheck(deps, token, config);
  const check = await verifyClientToken(token, keys?.config ?? config, deps.now());
  const explanation = explainToken(token, config, check, fetched);
  if (state !== 'enabled') {
    return { ...refused(clientId, '106', state === 'disabled' ? 'sso-disabled' : 'sso-setting-missing'), explanation };
  }
  if (failure) return { ...refused(clientId, '105', failure.reason), explanation };
  if (!check.ok) {
    const stale = keys && staleKeysFailure(check.refusal, keys, token);
    const refusal = stale ? { code: '105' as const, reason: stale.reason } : check.refusal;
    return { ...refused(clientId, refusal.code, refusal.reason), explanation };
  }
  if (await deps.usedTokens.isUsed(check.claims.cid, check.claims.jti)) {
    return { ...refused(clientId, '104', 'token-already-used'), explanation };
  }
  return { clientId, verdict: 'would-sign-in', claims: check.claims, explanation, secretChecked: false };
}
