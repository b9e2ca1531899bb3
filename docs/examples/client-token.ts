// The client's authorization service, with jose (npm install jose): a signing key and the token.
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';

/**
 * Once: a P-256 key pair. Send `{ "keys": [publicJwk] }` to the operator (`config create --jwks-file`);
 * keep `privateJwk` in your secret store. Name each key with a `kid` of your choice, so keys can rotate.
 */
export async function newClientKeyPair(kid: string): Promise<{ publicJwk: JWK; privateJwk: JWK }> {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const named = { kid, alg: 'ES256', use: 'sig' };
  return {
    publicJwk: { ...(await exportJWK(publicKey)), ...named },
    privateJwk: { ...(await exportJWK(privateKey)), ...named },
  };
}

/** For every sign-in, just before the redirect: a token for one user, valid for 2 minutes, used once. */
export async function mintInfoauthToken(privateJwk: JWK, cid: string, email: string): Promise<string> {
  if (!privateJwk.kid) throw new Error('the private JWK needs the kid it was registered with');
  const key = await importJWK(privateJwk, 'ES256');
  return new SignJWT({ cid, email })
    .setProtectedHeader({ alg: 'ES256', kid: privateJwk.kid, typ: 'JWT' })
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime('2m')
    .sign(key);
}
