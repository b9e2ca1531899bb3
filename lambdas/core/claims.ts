/**
 * The claim rules of contract §3 that jose leaves to us: required claims and their types, finite numbers,
 * `cid` equal to the configuration's, a valid email, not yet valid (103), expired or too old (104).
 */
import type { ReasonOf, Refusal } from './catalog';
import { isEmail } from './identifiers';
import {
  CLOCK_TOLERANCE_LIMIT,
  MAX_JTI_LENGTH,
  MAX_PASSED_CLAIM_LENGTH,
  MAX_PASSED_GROUPS,
  MAX_TOKEN_AGE_LIMIT,
  type ClientClaims,
  type PassedClaimName,
  type PassedClaims,
  type SsoConfig,
} from './model';
import type { JsonObject } from './strict-json';

export type ClaimsCheck =
  { readonly ok: true; readonly claims: ClientClaims } | { readonly ok: false; readonly refusal: Refusal };

type ClaimPolicy = Pick<SsoConfig, 'clientId' | 'cid' | 'clockTolerance' | 'maxTokenAge' | 'requireAud' | 'claims'>;

const refuse = (refusal: Refusal): ClaimsCheck => ({ ok: false, refusal });

const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
/** Unpaired UTF-16 surrogates: stored as UTF-8 they all become U+FFFD, so distinct jtis would collide. */
const UNPAIRED_SURROGATE = /\p{Cs}/u;
const isJti = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= MAX_JTI_LENGTH && !UNPAIRED_SURROGATE.test(value);

/** Control characters (C0, DEL, C1): never passed on to a target application, which may log or show them. */
const CONTROL_CHARACTER = /\p{Cc}/u;
const SURROGATE_PAIR = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;

/** A string a passed claim may hold: at most 256 characters (code points), no control characters. */
function isPassedString(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 2 * MAX_PASSED_CLAIM_LENGTH) return false;
  if (CONTROL_CHARACTER.test(value) || UNPAIRED_SURROGATE.test(value)) return false;
  // Characters are code points: a surrogate pair (an emoji, a rare CJK character) counts once.
  const pairs = value.match(SURROGATE_PAIR)?.length ?? 0;
  return value.length - pairs <= MAX_PASSED_CLAIM_LENGTH;
}

/** The reason of each passed claim when it is malformed (reasons are written with `-`, never `_`). */
const MALFORMED: Readonly<Record<PassedClaimName, ReasonOf<'103'>>> = {
  name: 'name-invalid',
  given_name: 'given-name-invalid',
  family_name: 'family-name-invalid',
  locale: 'locale-invalid',
  external_id: 'external-id-invalid',
  groups: 'groups-invalid',
};

const isGroups = (value: unknown): value is string[] =>
  Array.isArray(value) && value.length <= MAX_PASSED_GROUPS && value.every(isPassedString);

/**
 * The claims the configuration passes through that the token holds, each checked; a malformed one is a
 * 103 with that claim's own reason. Claims the configuration does not list are never read.
 */
export function passedClaims(
  payload: JsonObject,
  listed: readonly PassedClaimName[] = [],
): { readonly ok: true; readonly passed: PassedClaims } | { readonly ok: false; readonly refusal: Refusal } {
  const passed: Record<string, string | readonly string[]> = {};
  for (const name of listed) {
    const value = payload[name];
    if (value === undefined) continue;
    if (name === 'groups' ? !isGroups(value) : !isPassedString(value)) {
      return { ok: false, refusal: { code: '103', reason: MALFORMED[name] } };
    }
    passed[name] = name === 'groups' ? [...(value as string[])] : (value as string);
  }
  return { ok: true, passed };
}

/** RFC 7519 §4.1.3: `aud` is one string or an array of strings, and must name this client id. */
export function namesAudience(aud: unknown, clientId: string): boolean {
  if (typeof aud === 'string') return aud === clientId;
  return Array.isArray(aud) && aud.every((entry) => typeof entry === 'string') && aud.includes(clientId);
}

/**
 * Checks a verified token's payload against the configuration at `nowSeconds` (epoch seconds).
 * Every 103 rule is checked before any 104 rule, so a token both malformed and expired gets 103.
 */
export function checkClaims(payload: JsonObject, policy: ClaimPolicy, nowSeconds: number): ClaimsCheck {
  const { cid, email, jti, iat, exp, nbf, aud } = payload;
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
  if (aud === undefined && policy.requireAud === true) return refuse({ code: '103', reason: 'aud-missing' });
  if (aud !== undefined && !namesAudience(aud, policy.clientId)) return refuse({ code: '103', reason: 'aud-mismatch' });
  const optional = passedClaims(payload, policy.claims);
  if (!optional.ok) return refuse(optional.refusal);

  const latestAcceptable = nowSeconds + policy.clockTolerance;
  if (iat > latestAcceptable || (nbf !== undefined && nbf > latestAcceptable)) {
    return refuse({ code: '103', reason: 'not-yet-valid' });
  }
  if (exp <= nowSeconds - policy.clockTolerance) return refuse({ code: '104', reason: 'token-expired' });
  if (nowSeconds - iat > policy.maxTokenAge) return refuse({ code: '104', reason: 'token-too-old' });

  const passed = Object.keys(optional.passed).length > 0 ? { passed: optional.passed } : {};
  return { ok: true, claims: { cid, email, jti, iat, exp, ...(nbf === undefined ? {} : { nbf }), ...passed } };
}

/** Added to a jti record's TTL: function instances whose clocks disagree by up to this much stay safe. */
export const USED_TOKEN_TTL_MARGIN_SECONDS = 300;

/**
 * When the jti record may be deleted. The record serves every configuration of the CID, whose limits
 * may differ or be raised later, so the TTL assumes at least the largest allowed (3600 s, 300 s): never
 * before min(exp, iat + 3600) + 300, which covers contract §4's min(exp, iat + maxTokenAge) +
 * clockTolerance for any configuration of the CID, plus a safety margin for clocks. (A configuration
 * stored before those limits existed may hold larger values; then its own values count.)
 */
export function usedTokenExpiry(
  claims: Pick<ClientClaims, 'iat' | 'exp'>,
  policy: Pick<SsoConfig, 'maxTokenAge' | 'clockTolerance'>,
): number {
  const maxTokenAge = Math.max(policy.maxTokenAge, MAX_TOKEN_AGE_LIMIT);
  const clockTolerance = Math.max(policy.clockTolerance, CLOCK_TOLERANCE_LIMIT);
  const lastAcceptable = Math.min(claims.exp, claims.iat + maxTokenAge) + clockTolerance;
  return Math.ceil(lastAcceptable) + USED_TOKEN_TTL_MARGIN_SECONDS;
}
