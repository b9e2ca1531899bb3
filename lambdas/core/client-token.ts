/**
 * Verifies a client's token: compact JWS form, a strict header, a signature by one of the client's own
 * registered keys under an algorithm those keys allow, then the claim rules of {@link checkClaims}.
 * Follows RFC 8725: keys are never taken from the token (`jwk`, `jku`, `x5u`, `x5c`), no `crit`
 * extension is understood, nested tokens and unencoded payloads are refused.
 */
import { compactVerify } from 'jose';
import type { Refusal } from './catalog';
import { checkClaims, type ClaimsCheck } from './claims';
import { algorithmsFor, importVerificationKey } from './client-keys';
import { MAX_TOKEN_LENGTH, type PublicJwk, type SsoConfig } from './model';
import { parseJsonObject, type JsonObject } from './strict-json';

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const KEY_HEADERS = ['jwk', 'jku', 'x5u', 'x5c'];
/** A token names at most this many candidate keys to try (a client registers a few keys at most). */
const MAX_CANDIDATE_KEYS = 4;

const refuse = (refusal: Refusal): ClaimsCheck => ({ ok: false, refusal });
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes one base64url segment of a compact JWS into a strict JSON object, or undefined. */
export function decodeSegment(segment: string): JsonObject | undefined {
  try {
    return parseJsonObject(utf8.decode(Buffer.from(segment, 'base64url')));
  } catch {
    return undefined;
  }
}

/** Splits a compact JWS into its three non-empty base64url parts, or undefined. */
export function splitCompactJws(token: string): [string, string, string] | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((part) => BASE64URL.test(part))) return undefined;
  return parts as [string, string, string];
}

/**
 * The `cid` a token claims, read without verifying anything: only a hint for fetching the right feature
 * setting in the same round trip as the configuration. The verified `cid` decides.
 */
export function peekCid(token: string | undefined): string | undefined {
  if (token === undefined || token.length > MAX_TOKEN_LENGTH) return undefined;
  const parts = splitCompactJws(token);
  const cid = parts && decodeSegment(parts[1])?.cid;
  return typeof cid === 'string' ? cid : undefined;
}

function checkHeader(header: JsonObject | undefined): Refusal | { alg: string; kid?: string } {
  if (!header) return { code: '103', reason: 'header-invalid' };
  const { alg, kid, cty } = header;
  if (typeof alg !== 'string') return { code: '103', reason: 'header-invalid' };
  if (kid !== undefined && typeof kid !== 'string') return { code: '103', reason: 'header-invalid' };
  if (KEY_HEADERS.some((name) => header[name] !== undefined)) return { code: '103', reason: 'header-key-not-allowed' };
  if (header.crit !== undefined || header.b64 !== undefined) return { code: '103', reason: 'crit-not-supported' };
  if (typeof cty === 'string' && cty.toUpperCase() === 'JWT') return { code: '103', reason: 'nested-token' };
  return kid === undefined ? { alg } : { alg, kid };
}

function candidateKeys(keys: readonly PublicJwk[], alg: string, kid: string | undefined): PublicJwk[] {
  return keys
    .filter((key) => (kid === undefined || key.kid === kid) && algorithmsFor(key).includes(alg))
    .slice(0, MAX_CANDIDATE_KEYS);
}

async function verifySignature(
  token: string,
  keys: PublicJwk[],
  alg: string,
): Promise<{ payload: Uint8Array; verifiedBy: PublicJwk } | undefined> {
  for (const jwk of keys) {
    try {
      const key = await importVerificationKey(jwk, alg);
      const { payload } = await compactVerify(token, key, { algorithms: [alg] });
      return { payload, verifiedBy: jwk };
    } catch {
      // Not this key (or not a usable key): try the next candidate.
    }
  }
  return undefined;
}

/** The verdict on a token, and the key whose signature verified once one did (`token check` shows it). */
export type TokenVerification = ClaimsCheck & { readonly verifiedBy?: PublicJwk };

/**
 * Runs every 103 and 104 rule of contract §3 except single use, which needs the store.
 * @param now the request time; jose is given no clock because the claim rules here do all time checks.
 */
export async function verifyClientToken(
  token: string | undefined,
  config: SsoConfig,
  now: Date,
): Promise<TokenVerification> {
  if (token === undefined || token === '') return refuse({ code: '103', reason: 'token-missing' });
  if (token.length > MAX_TOKEN_LENGTH) return refuse({ code: '103', reason: 'token-too-large' });
  const parts = splitCompactJws(token);
  if (!parts) return refuse({ code: '103', reason: 'token-malformed' });

  const header = checkHeader(decodeSegment(parts[0]));
  if ('code' in header) return refuse(header);
  const allowed = new Set(config.jwks.keys.flatMap(algorithmsFor));
  if (!allowed.has(header.alg)) return refuse({ code: '103', reason: 'alg-not-allowed' });

  const candidates = candidateKeys(config.jwks.keys, header.alg, header.kid);
  if (candidates.length === 0) return refuse({ code: '103', reason: 'no-matching-key' });
  const verified = await verifySignature(token, candidates, header.alg);
  if (!verified) return refuse({ code: '103', reason: 'signature-invalid' });
  const { verifiedBy } = verified;

  let payload: JsonObject | undefined;
  try {
    payload = parseJsonObject(utf8.decode(verified.payload));
  } catch {
    payload = undefined;
  }
  if (!payload) return { ...refuse({ code: '103', reason: 'payload-invalid' }), verifiedBy };
  return { ...checkClaims(payload, config, Math.floor(now.getTime() / 1000)), verifiedBy };
}
