/** Turns the DER SubjectPublicKeyInfo that KMS returns into the public JWK the JWKS publishes. */
import { createPublicKey } from 'node:crypto';
import { calculateJwkThumbprint } from 'jose';
import type { PublicJwk } from '../../core/model';

/**
 * The P-256 public key as a JWK with `kid` = its RFC 7638 thumbprint, `alg` ES256 and `use` sig.
 * Throws when the key is not an EC P-256 key.
 */
export async function es256PublicJwkFromSpki(spkiDer: Uint8Array): Promise<PublicJwk & { kid: string }> {
  const jwk = createPublicKey({ key: Buffer.from(spkiDer), format: 'der', type: 'spki' }).export({ format: 'jwk' });
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || !jwk.x || !jwk.y) {
    throw new Error('the signing public key is not an EC P-256 key');
  }
  const kid = await calculateJwkThumbprint({ kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y });
  return { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, kid, alg: 'ES256', use: 'sig' };
}
