/**
 * Client keys with which anyone can forge (contract §7). Each case first shows the forgery: a token made
 * without any private key verifies with the weak key under the service's own verifier. Then it shows that
 * registration refuses the key, with a one-line reason naming it. Sound keys of every accepted kind pass.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK } from 'jose';
import { acceptClientKeys, MAX_CLIENT_KEYS } from '../../lambdas/core/client-key-acceptance';
import { verifyClientToken } from '../../lambdas/core/client-token';
import { newSsoConfig, parsePublicJwks } from '../../lambdas/core/config-admin';
import type { PublicJwk } from '../../lambdas/core/model';

const NOW = new Date('2026-05-01T12:00:00Z');
const nowSeconds = NOW.getTime() / 1000;
const b64 = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64url');
const claims = { cid: 'acme', email: 'mallory@example.com', jti: 'forged-1', iat: nowSeconds, exp: nowSeconds + 60 };

/** Whether the service's verifier accepts `token` for a configuration that (wrongly) holds `key`. */
async function serviceAccepts(key: PublicJwk, token: string): Promise<boolean> {
  const config = newSsoConfig(
    { clientId: 'c1', secret: 's', cid: 'acme', targetUrl: 'https://app.example.test/', keys: [key] },
    nowSeconds,
  );
  const check = await verifyClientToken(token, config, NOW);
  return check.ok;
}

const signingInput = (alg: string) => `${b64(JSON.stringify({ alg, kid: 'weak' }))}.${b64(JSON.stringify(claims))}`;

/** RSA with e = 1: the "signature" is the PKCS#1 v1.5 encoded message itself. */
async function rsaExponentOneForgery(): Promise<{ key: PublicJwk; token: string }> {
  const { publicKey } = await generateKeyPair('RS256', { extractable: true });
  const { n } = await exportJWK(publicKey);
  const modulusBytes = Buffer.from(n!, 'base64url').length;
  const input = signingInput('RS256');
  const digestInfo = Buffer.concat([
    Buffer.from('3031300d060960864801650304020105000420', 'hex'),
    createHash('sha256').update(input).digest(),
  ]);
  const padding = Buffer.alloc(modulusBytes - digestInfo.length - 3, 0xff);
  const encoded = Buffer.concat([Buffer.from([0, 1]), padding, Buffer.from([0]), digestInfo]);
  return { key: { kty: 'RSA', n: n!, e: 'AQ', kid: 'weak' }, token: `${input}.${b64(encoded)}` };
}

/** Ed25519 identity point: R = identity, S = 0 satisfies [S]B = R + [k]A for every message. */
function ed25519IdentityForgery(): { key: PublicJwk; token: string } {
  const identity = Buffer.concat([Buffer.from([1]), Buffer.alloc(31)]);
  const signature = Buffer.concat([identity, Buffer.alloc(32)]);
  return {
    key: { kty: 'OKP', crv: 'Ed25519', x: b64(identity), kid: 'weak' },
    token: `${signingInput('EdDSA')}.${b64(signature)}`,
  };
}

/** The eight Ed25519 points of small order, as RFC 8032 encodes them (and a non-canonical sign bit). */
const SMALL_ORDER_ED25519 = [
  '0100000000000000000000000000000000000000000000000000000000000000',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  '0000000000000000000000000000000000000000000000000000000000000000',
  '0000000000000000000000000000000000000000000000000000000000000080',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85',
];

async function publicJwk(alg: string, options: Record<string, unknown> = {}): Promise<PublicJwk> {
  const { publicKey } = await generateKeyPair(alg, { extractable: true, ...options });
  return { ...(await exportJWK(publicKey)), kid: `k-${alg}` } as PublicJwk;
}

function rsa1024(): PublicJwk {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  return { ...publicKey.export({ format: 'jwk' }), kid: 'small' } as PublicJwk;
}

const refusal = (message: RegExp) =>
  expect.objectContaining({ code: 'invalid-input', message: expect.stringMatching(message) });

describe('client key acceptance', () => {
  it('refuses RSA with e = 1, with which a token forged without any private key verifies', async () => {
    // Prepare
    const { key, token } = await rsaExponentOneForgery();
    // Act
    const forged = await serviceAccepts(key, token);
    // Assess
    expect(forged).toBe(true);
    expect(() => acceptClientKeys([key])).toThrow(refusal(/^key "weak": the RSA public exponent must be 65537/));
  });

  it('refuses the Ed25519 identity point, for which R = identity, S = 0 is a valid RFC 8032 signature of anything', () => {
    // Prepare: OpenSSL 3.0 (Node 20) verifies this forgery; Node 24's OpenSSL 3.5 refuses small-order points
    // itself, so the service is safe on today's runtime either way, but registration must not rely on it.
    const { key } = ed25519IdentityForgery();
    // Act
    const accept = () => acceptClientKeys([key]);
    // Assess
    expect(accept).toThrow(refusal(/^key "weak": the Ed25519 point is of small order/));
  });

  it.each(SMALL_ORDER_ED25519)('refuses the small-order Ed25519 point %s', (hex) => {
    // Prepare
    const key = { kty: 'OKP', crv: 'Ed25519', x: b64(Buffer.from(hex, 'hex')) };
    // Act
    const accept = () => acceptClientKeys([key]);
    // Assess
    expect(accept).toThrow(refusal(/^key 1: the Ed25519 point is of small order/));
  });

  it('refuses an EC point off its curve (which node would not import either)', async () => {
    // Prepare
    const good = await publicJwk('ES256');
    const y = Buffer.from(good.y!, 'base64url');
    y[31]! ^= 1;
    const offCurve = { ...good, y: b64(y) };
    // Act
    const imported = importJWK(offCurve, 'ES256');
    // Assess
    await expect(imported).rejects.toThrow();
    expect(() => acceptClientKeys([offCurve])).toThrow(refusal(/^key "k-ES256": the point is not on the curve P-256/));
  });

  it.each([
    ['RSA of 1024 bits', async () => rsa1024(), /^key "small": the RSA modulus has 1024 bits; at least 2048/],
    ['RSA with e = 3', async () => ({ ...(await publicJwk('RS256')), e: 'Aw' }), /exponent must be 65537/],
    ['a private EC key', async () => ({ ...(await publicJwk('ES256')), d: 'AAAA' }), /private or secret members/],
    ['a symmetric key', async () => ({ kty: 'oct', k: 'c2VjcmV0', kid: 'k-oct' }), /symmetric key/],
    ['an unknown key type', async () => ({ kty: 'XYZ', kid: 'k-x' }), /kty must be/],
    ['the curve secp256k1', async () => ({ ...(await publicJwk('ES256')), crv: 'secp256k1' }), /curve "secp256k1"/],
    ['a P-384 key labelled P-256', async () => ({ ...(await publicJwk('ES384')), crv: 'P-256' }), /32 bytes each/],
    ['an encryption-only key', async () => ({ ...(await publicJwk('ES256')), use: 'enc' }), /"alg" or "use"/],
    ['X25519', async () => ({ kty: 'OKP', crv: 'X25519', x: b64(Buffer.alloc(32, 9)), kid: 'k-x' }), /"X25519"/],
  ])('refuses %s', async (_name, makeKey, reason) => {
    // Prepare
    const key = await makeKey();
    // Act
    const accept = () => acceptClientKeys([key]);
    // Assess
    expect(accept).toThrow(refusal(reason));
  });

  it('accepts sound keys of every kind and gives a key without kid its RFC 7638 thumbprint', async () => {
    // Prepare
    const keys = await Promise.all([
      publicJwk('ES256'),
      publicJwk('ES384'),
      publicJwk('ES512'),
      publicJwk('RS256'),
      publicJwk('PS256', { modulusLength: 4096 }),
      publicJwk('EdDSA'),
    ]);
    const { kid: _none, ...withoutKid } = await publicJwk('ES256');
    // Act
    const accepted = acceptClientKeys([...keys, withoutKid]);
    // Assess
    expect(accepted.slice(0, keys.length)).toEqual(keys);
    expect(accepted.at(-1)).toEqual({ ...withoutKid, kid: await calculateJwkThumbprint(withoutKid) });
  });

  it('refuses a kid used twice in one file or already registered, and more than ten keys', async () => {
    // Prepare
    const one = await publicJwk('ES256');
    const other = { ...(await publicJwk('ES256')), kid: one.kid };
    const many = await Promise.all(Array.from({ length: MAX_CLIENT_KEYS }, () => publicJwk('EdDSA')));
    const numbered = many.map((key, index) => ({ ...key, kid: `k${index}` }));
    // Act
    const twiceInFile = () => acceptClientKeys([one, other]);
    const twiceWithRegistered = () => acceptClientKeys([other], [one]);
    const eleven = () => acceptClientKeys([one], numbered);
    // Assess
    expect(twiceInFile).toThrow(refusal(/^key "k-ES256": this kid is already used/));
    expect(twiceWithRegistered).toThrow(refusal(/^key "k-ES256": this kid is already used/));
    expect(eleven).toThrow(refusal(/at most 10 keys; this would make 11/));
    expect(acceptClientKeys(numbered)).toHaveLength(MAX_CLIENT_KEYS);
  });

  it('applies the same rules to a JWKS file, refusing it whole when one key is weak', async () => {
    // Prepare
    const good = await publicJwk('ES256');
    const { key: weak } = ed25519IdentityForgery();
    // Act
    const parse = () => parsePublicJwks(JSON.stringify({ keys: [good, weak] }));
    // Assess
    expect(parse).toThrow(refusal(/^key "weak": the Ed25519 point is of small order/));
  });
});
