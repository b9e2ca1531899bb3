/**
 * The keys a client registered, and the algorithms each allows. The allowlist is derived from the keys
 * themselves, so `none` and HMAC (a public key used as a shared secret) can never be chosen by a token.
 */
import { importJWK, type CryptoKey } from 'jose';
import type { PublicJwk } from './model';

const RSA_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
const EC_ALGS: Readonly<Record<string, string>> = { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' };
const OKP_ALGS: Readonly<Record<string, readonly string[]>> = { Ed25519: ['EdDSA', 'Ed25519'] };

/** Every asymmetric signature algorithm Infoauth verifies. */
export const ASYMMETRIC_ALGS: readonly string[] = [...RSA_ALGS, ...Object.values(EC_ALGS), 'EdDSA', 'Ed25519'];

/** The algorithms a public JWK may verify: its own `alg` if it names one, else those of its type. */
export function algorithmsFor(jwk: PublicJwk): readonly string[] {
  if (jwk.use !== undefined && jwk.use !== 'sig') return [];
  const byType = (): readonly string[] => {
    if (jwk.kty === 'RSA') return RSA_ALGS;
    const alg = jwk.crv === undefined ? undefined : EC_ALGS[jwk.crv];
    if (jwk.kty === 'EC') return alg === undefined ? [] : [alg];
    return (jwk.crv && OKP_ALGS[jwk.crv]) || [];
  };
  const candidates = byType();
  if (jwk.alg === undefined) return candidates;
  return candidates.includes(jwk.alg) ? [jwk.alg] : [];
}

/** The public members of a JWK; anything private (`d`, `p`, `q`, …) or symmetric (`k`) is dropped. */
export function publicPartOf(jwk: Readonly<Record<string, unknown>>): PublicJwk | undefined {
  const { kty } = jwk;
  if (kty !== 'EC' && kty !== 'RSA' && kty !== 'OKP') return undefined;
  const members = kty === 'RSA' ? ['n', 'e'] : kty === 'EC' ? ['crv', 'x', 'y'] : ['crv', 'x'];
  const out: Record<string, unknown> = { kty };
  for (const name of [...members, 'kid', 'alg', 'use']) {
    const value = jwk[name];
    if (value === undefined) continue;
    if (typeof value !== 'string') return undefined;
    out[name] = value;
  }
  if (members.some((name) => out[name] === undefined)) return undefined;
  return out as unknown as PublicJwk;
}

/** True when a JWK carries private or symmetric key material. */
export function hasPrivateMaterial(jwk: Readonly<Record<string, unknown>>): boolean {
  return ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'].some((name) => jwk[name] !== undefined);
}

const imported = new WeakMap<PublicJwk, Map<string, Promise<CryptoKey>>>();

/** Imports a registered key for one algorithm, once per key object (configurations are cached). */
export function importVerificationKey(jwk: PublicJwk, alg: string): Promise<CryptoKey> {
  let byAlg = imported.get(jwk);
  if (!byAlg) {
    byAlg = new Map();
    imported.set(jwk, byAlg);
  }
  let key = byAlg.get(alg);
  if (!key) {
    // Registered keys are never symmetric (kty "oct"), so jose gives a CryptoKey, not bytes.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
    key = importJWK({ ...jwk, alg }, alg) as Promise<CryptoKey>;
    byAlg.set(alg, key);
  }
  return key;
}
