/**
 * Which client public keys Infoauth registers (contract §7): only keys no one can forge with. A key is
 * refused when it is RSA under 2048 bits or with `e` ≠ 65537, EC off P-256/384/521 or with a point off
 * its curve, Ed25519 of small order, carries private or symmetric members, repeats a `kid`, or would
 * make more than {@link MAX_CLIENT_KEYS} keys. The admin CLI (`config create`, `config keys add`) and
 * keys fetched from a client's JWKS URI go through {@link acceptClientKeys}.
 */
import { createHash } from 'node:crypto';
import { algorithmsFor, hasPrivateMaterial } from './client-keys';
import { ed25519PointKind, isOnNistCurve, nistCoordinateBytes } from './curve-points';
import { InfoauthError } from './errors';
import type { PublicJwk } from './model';
import { isJsonObject, type JsonObject } from './strict-json';

/** The most keys one configuration may hold. */
export const MAX_CLIENT_KEYS = 10;
export const MIN_RSA_BITS = 2048;
/** 65537, the only RSA public exponent accepted, as a JWK writes it. */
const RSA_EXPONENT = 'AQAB';
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const MAX_KID_LENGTH = 256;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

const MEMBERS: Readonly<Record<PublicJwk['kty'], readonly string[]>> = {
  RSA: ['e', 'n'],
  EC: ['crv', 'x', 'y'],
  OKP: ['crv', 'x'],
};
const OPTIONAL_MEMBERS = ['kid', 'alg', 'use'];

/** Refuses one key: the message names the key and the reason, on one line. */
const refused = (name: string, reason: string) => new InfoauthError('invalid-input', `${name}: ${reason}`);

const bytes = (value: string): Buffer => Buffer.from(value, 'base64url');

function bitLength(unsigned: Buffer): number {
  const first = unsigned.findIndex((byte) => byte !== 0);
  const top = unsigned[first];
  if (top === undefined) return 0;
  return (unsigned.length - first - 1) * 8 + (32 - Math.clz32(top));
}

/** The RFC 7638 thumbprint: the `kid` given to a key that comes without one. */
function thumbprint(kty: PublicJwk['kty'], members: Readonly<Record<string, string>>): string {
  const required: Record<string, string> = { kty };
  for (const name of MEMBERS[kty]) required[name] = members[name] ?? '';
  const ordered = Object.fromEntries(Object.entries(required).sort(([a], [b]) => (a < b ? -1 : 1)));
  return createHash('sha256').update(JSON.stringify(ordered)).digest('base64url');
}

/** Why a key's material lets anyone forge (or cannot be used), or undefined when it is sound. */
function weakness(kty: PublicJwk['kty'], m: Readonly<Record<string, string>>): string | undefined {
  if (kty === 'RSA') {
    const bits = bitLength(bytes(m.n ?? ''));
    if (bits < MIN_RSA_BITS) return `the RSA modulus has ${bits} bits; at least ${MIN_RSA_BITS} are needed`;
    if (m.e !== RSA_EXPONENT) return 'the RSA public exponent must be 65537 ("AQAB")';
    return undefined;
  }
  if (kty === 'EC') {
    const crv = m.crv ?? '';
    const size = nistCoordinateBytes(crv);
    if (size === undefined) return `the curve "${crv}" is not accepted (P-256, P-384 or P-521)`;
    const x = bytes(m.x ?? '');
    const y = bytes(m.y ?? '');
    if (x.length !== size || y.length !== size) return `x and y must be ${size} bytes each on ${crv}`;
    return isOnNistCurve(crv, x, y) ? undefined : `the point is not on the curve ${crv}`;
  }
  if (m.crv !== 'Ed25519') return `the curve "${m.crv}" is not accepted (Ed25519)`;
  const kind = ed25519PointKind(bytes(m.x ?? ''));
  if (kind === 'invalid') return 'x is not a valid Ed25519 public key';
  if (kind === 'small-order') return 'the Ed25519 point is of small order (anyone could sign with it)';
  return undefined;
}

/** Checks one key and returns its public form (with a kid), or throws InfoauthError('invalid-input'). */
function acceptOne(candidate: unknown, index: number): PublicJwk {
  const fallbackName = `key ${index + 1}`;
  if (!isJsonObject(candidate)) throw refused(fallbackName, 'not a JSON object');
  const kid = candidate.kid;
  if (
    kid !== undefined &&
    (typeof kid !== 'string' || kid === '' || kid.length > MAX_KID_LENGTH || CONTROL.test(kid))
  ) {
    throw refused(fallbackName, `kid must be a string of 1-${MAX_KID_LENGTH} printable characters`);
  }
  const name = kid === undefined ? fallbackName : `key "${kid}"`;
  if (candidate.kty === 'oct') throw refused(name, 'a symmetric key (kty "oct") is never accepted');
  if (hasPrivateMaterial(candidate)) throw refused(name, 'it has private or secret members; send the public key only');
  const { kty } = candidate;
  if (kty !== 'RSA' && kty !== 'EC' && kty !== 'OKP') {
    throw refused(name, 'kty must be "RSA", "EC" or "OKP"');
  }
  const members = readMembers(candidate, kty, name);
  const problem = weakness(kty, members);
  if (problem) throw refused(name, problem);
  const jwk: PublicJwk = { kty, ...members, kid: members.kid ?? thumbprint(kty, members) };
  if (algorithmsFor(jwk).length === 0) {
    throw refused(name, 'its "alg" or "use" does not allow a signature algorithm for this key type');
  }
  return jwk;
}

function readMembers(candidate: JsonObject, kty: PublicJwk['kty'], name: string): Record<string, string> {
  const members: Record<string, string> = {};
  for (const member of [...MEMBERS[kty], ...OPTIONAL_MEMBERS]) {
    const value = candidate[member];
    if (value === undefined) continue;
    if (typeof value !== 'string') throw refused(name, `"${member}" must be a string`);
    members[member] = value;
  }
  for (const member of MEMBERS[kty]) {
    const value = members[member];
    if (value === undefined) throw refused(name, `the ${kty} member "${member}" is missing`);
    if (member !== 'crv' && !BASE64URL.test(value)) throw refused(name, `"${member}" is not base64url`);
  }
  return members;
}

/**
 * The keys to register, checked against every rule and against the keys already registered: returns
 * their public forms (a key without `kid` gets its RFC 7638 thumbprint) or throws InfoauthError
 * ('invalid-input') whose one-line message names the first refused key and why. Nothing is half accepted.
 * @example acceptClientKeys(jwks.keys, config.jwks.keys) // for `config keys add`
 */
export function acceptClientKeys(candidates: readonly unknown[], registered: readonly PublicJwk[] = []): PublicJwk[] {
  if (candidates.length === 0) throw new InfoauthError('invalid-input', 'no keys were given');
  const total = registered.length + candidates.length;
  if (total > MAX_CLIENT_KEYS) {
    throw new InfoauthError(
      'invalid-input',
      `a configuration holds at most ${MAX_CLIENT_KEYS} keys; this would make ${total}`,
    );
  }
  const kids = new Set(registered.map((key) => key.kid).filter((kid) => kid !== undefined));
  return candidates.map((candidate, index) => {
    const jwk = acceptOne(candidate, index);
    const { kid } = jwk;
    if (kid === undefined) throw refused(`key ${index + 1}`, 'it has no kid');
    if (kids.has(kid)) throw refused(`key "${kid}"`, 'this kid is already used by another key');
    kids.add(kid);
    return jwk;
  });
}
