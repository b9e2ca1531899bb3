/**
 * The claim rules of contract §3 that jose leaves to us: required claims and their types, finite numbers,
 * `cid` equal to the configuration's, a valid email, not yet valid (103), expired or too old (104).
 */
import type { Refusal } from './catalog';
import { isEmail } from './identifiers';
import type { ClientClaims, SsoConfig } from './model';
import type { JsonObject } from './strict-json';

export type ClaimsCheck =
  { readonly ok: true; readonly claims: ClientClaims } | { readonly ok: false; readonly refusal: Refusal };

export const MAX_JTI_LENGTH = 256;

type ClaimPolicy = Pick<SsoConfig, 'cid' | 'clockTolerance' | 'maxTokenAge'>;

const refuse = (refusal: Refusal): ClaimsCheck => ({ ok: false, refusal });

const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
/** Unpaired UTF-16 surrogates: stored as UTF-8 they all become U+FFFD, so distinct jtis would collide. */
const UNPAIRED_SURROGATE = /\p{Cs}/u;
const isJti = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= MAX_JTI_LENGTH && !UNPAIRED_SURROGATE.test(value);

/**
 * Checks a verified token's payload against the configuration at `nowSeconds` (epoch seconds).
 * Every 103 rule is checked before any 104 rule, so a token both malformed and expired gets 103.
 */
export function checkClaims(payload: JsonObject, policy: ClaimPolicy, nowSeconds: number): ClaimsCheck {
  const { cid, email, jti, iat, exp, nbf } = payload;
  if (cid === undefined) return refuse({ code: '103', reason: 'cid-missing' });
  if (typeof cid !== 'string') return refuse({ code: '103', reason: 'cid-invalid' });
  if (email === undefined) return refuse({ code: '103', reason: 'email-missing' });
  if (typeof email !== 'string') return refuse({ code: '103', reason: 'email-invalid' });
  if (jti === undefined) return refuse({ code: '103', reason: 'jti-missing' });
  if (!isJti(jti)) return refuse({ code: '103', reason: 'jti-invalid' });
  if (iat === undefined) return refuse({ code: '103', reason: 'iat-missing' });
  if (!isFiniteNumber(iat)) return refuse({ code: '103', reason: 'iat-invalid' });
  if (exp === undefined) return refuse({ code: '103', reason: 'exp-missing' });
  if (!isFiniteNumber(exp)) return refuse({ code: '103', reason: 'exp-invalid' });
  if (nbf !== undefined && !isFiniteNumber(nbf)) return refuse({ code: '103', reason: 'nbf-invalid' });
  if (cid !== policy.cid) return refuse({ code: '103', reason: 'cid-mismatch' });
  if (!isEmail(email)) return refuse({ code: '103', reason: 'email-malformed' });

  const latestAcceptable = nowSeconds + policy.clockTolerance;
  if (iat > latestAcceptable || (nbf !== undefined && nbf > latestAcceptable)) {
    return refuse({ code: '103', reason: 'not-yet-valid' });
  }
  if (exp <= nowSeconds - policy.clockTolerance) return refuse({ code: '104', reason: 'token-expired' });
  if (nowSeconds - iat > policy.maxTokenAge) return refuse({ code: '104', reason: 'token-too-old' });

  return { ok: true, claims: { cid, email, jti, iat, exp, ...(nbf === undefined ? {} : { nbf }) } };
}

/**
 * When the jti record may be deleted: never before the token could still be accepted.
 * Contract §4: at least min(exp, iat + maxTokenAge) + clockTolerance.
 */
export function usedTokenExpiry(claims: ClientClaims, policy: ClaimPolicy): number {
  return Math.ceil(Math.min(claims.exp, claims.iat + policy.maxTokenAge) + policy.clockTolerance);
}
