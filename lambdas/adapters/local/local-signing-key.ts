/** Creates a signing key ring entry on a laptop: a P-256 pair whose private half is wrapped by the local KEK. */
import { generateKeyPairSync } from 'node:crypto';
import { calculateJwkThumbprint } from 'jose';
import type { PublicJwk } from '../../core/model';
import type { SigningKey } from '../../core/signing-keys';
import type { LocalKeyWrapper } from './local-key-wrapper';

export async function generateWrappedSigningKey(
  wrapper: LocalKeyWrapper,
  nowSeconds: number,
): Promise<Omit<SigningKey, 'activeFrom' | 'retireAt'>> {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' }) as { kty: 'EC'; crv: string; x: string; y: string };
  const kid = await calculateJwkThumbprint({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y });
  const publicJwk: PublicJwk = { kty: 'EC', crv: jwk.crv, x: jwk.x, y: jwk.y, kid, alg: 'ES256', use: 'sig' };
  const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' });
  return {
    kid,
    publicJwk,
    wrappedPrivateKey: Buffer.from(wrapper.wrap(pkcs8)).toString('base64'),
    wrappedInContext: true,
    createdAt: nowSeconds,
  };
}
