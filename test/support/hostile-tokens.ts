/**
 * Builds the tokens an attacker would send: any header and payload text (duplicate members, non-finite
 * numbers, invalid UTF-8), signed with a client's real key, with an HMAC key of the attacker's choice,
 * or not at all. jose refuses to build most of these, so the compact form is assembled by hand.
 */
import { createHmac, KeyObject, sign } from 'node:crypto';
import { randomUUID } from 'node:crypto';
import type { ClientKey } from './sso-fixture';

/** base64url of a string (UTF-8) or of raw bytes. */
export function b64url(value: string | Uint8Array): string {
  return Buffer.from(typeof value === 'string' ? Buffer.from(value, 'utf8') : value).toString('base64url');
}

/** The JSON text of a client's usual claims, with overrides; `undefined` removes a claim. */
export function claimsText(cid: string, overrides: Record<string, unknown> = {}, now = new Date()): string {
  const iat = Math.floor(now.getTime() / 1000);
  const claims: Record<string, unknown> = {
    cid,
    email: 'jane.doe@example.com',
    jti: randomUUID(),
    iat,
    exp: iat + 120,
    ...overrides,
  };
  for (const [name, value] of Object.entries(claims)) if (value === undefined) delete claims[name];
  return JSON.stringify(claims);
}

function signingInput(header: string | Uint8Array, payload: string | Uint8Array): string {
  return `${b64url(header)}.${b64url(payload)}`;
}

/** A compact JWS over exactly these header and payload texts (or bytes), signed ES256 with `key`. */
export function signRawEs256(
  key: Pick<ClientKey, 'privateKey'>,
  header: string | Uint8Array,
  payload: string | Uint8Array,
) {
  const input = signingInput(header, payload);
  const signature = sign('sha256', Buffer.from(input, 'ascii'), {
    key: KeyObject.from(key.privateKey),
    dsaEncoding: 'ieee-p1363',
  });
  return `${input}.${signature.toString('base64url')}`;
}

const HMAC_HASH: Readonly<Record<string, string>> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };

/** A compact JWS "signed" with HMAC keyed by `secret`: the algorithm-confusion attack of RFC 8725 §2.1. */
export function signHmac(
  alg: 'HS256' | 'HS384' | 'HS512',
  secret: string | Uint8Array,
  header: object,
  payload: string,
) {
  const input = signingInput(JSON.stringify({ ...header, alg }), payload);
  const mac = createHmac(HMAC_HASH[alg]!, secret).update(input, 'ascii').digest();
  return `${input}.${mac.toString('base64url')}`;
}

/** A token with the given header and payload text and a signature segment of the caller's choice. */
export function unsignedToken(header: object | string, payload: string, signature: string): string {
  const headerText = typeof header === 'string' ? header : JSON.stringify(header);
  return `${signingInput(headerText, payload)}${signature === '' ? '.' : `.${signature}`}`;
}
