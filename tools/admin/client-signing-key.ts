/** The signing key pair `config create` makes for a client that brings no JWKS: ES256 (P-256). */
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { PublicJwk } from '../../lambdas/core/model';

export interface ClientSigningKey {
  readonly kid: string;
  /** Stored with the configuration. */
  readonly publicJwk: PublicJwk;
  /** Handed to the client once; never stored. Carries `kid` and `alg`, so tokens signed with it name the key. */
  readonly privateJwk: JWK;
}

/** A fresh P-256 key pair; the kid is the RFC 7638 thumbprint of the public key. */
export async function generateClientSigningKey(): Promise<ClientSigningKey> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const { kty, crv, x, y, d } = await exportJWK(privateKey);
  if (kty !== 'EC' || !crv || !x || !y || !d) throw new Error('the runtime exported an unexpected EC key');
  const kid = await calculateJwkThumbprint({ kty, crv, x, y });
  const publicJwk: PublicJwk = { kty: 'EC', crv, x, y, kid, alg: 'ES256', use: 'sig' };
  return { kid, publicJwk, privateJwk: { ...publicJwk, d } };
}
