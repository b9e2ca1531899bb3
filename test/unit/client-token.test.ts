import { createHmac, randomUUID } from 'node:crypto';
import { base64url, exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { verifyClientToken } from '../../lambdas/core/client-token';
import {
  DEFAULT_CLOCK_TOLERANCE,
  DEFAULT_MAX_TOKEN_AGE,
  type PublicJwk,
  type SsoConfig,
} from '../../lambdas/core/model';

const NOW = new Date('2026-11-24T12:00:00Z');
const nowSeconds = NOW.getTime() / 1000;

interface Key {
  privateKey: CryptoKey;
  jwk: PublicJwk;
}

async function key(alg: string, kid: string = randomUUID()): Promise<Key> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { privateKey, jwk: { ...(await exportJWK(publicKey)), kid } as PublicJwk };
}

let es256: Key;
let rs256: Key;
let stranger: Key;
let config: SsoConfig;
const claims = () => ({
  cid: 'acme',
  email: 'jane@example.com',
  jti: randomUUID(),
  iat: nowSeconds,
  exp: nowSeconds + 60,
});

beforeAll(async () => {
  es256 = await key('ES256');
  rs256 = await key('RS256');
  stranger = await key('ES256', 'stranger');
  config = {
    clientId: 'client-1',
    cid: 'acme',
    secretHash: '00',
    targetUrl: 'https://app.example.com/',
    allowedOrigins: ['https://app.example.com'],
    jwks: { keys: [es256.jwk] },
    maxTokenAge: DEFAULT_MAX_TOKEN_AGE,
    clockTolerance: DEFAULT_CLOCK_TOLERANCE,
    createdAt: 0,
    updatedAt: 0,
    version: 1,
  };
});

const sign = (k: Key, header: Record<string, unknown> = {}, payload: Record<string, unknown> = claims()) =>
  new SignJWT(payload).setProtectedHeader({ alg: 'ES256', kid: k.jwk.kid, ...header }).sign(k.privateKey);

/** A compact JWS with any header and payload text, signed with HMAC-SHA256 over `secret`. */
function hmacToken(header: object, payload: string, secret: string | Buffer): string {
  const input = `${base64url.encode(JSON.stringify(header))}.${base64url.encode(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/** Re-signs a raw header/payload text pair with the ES256 key, so only the tested part is wrong. */
async function rawEs256(headerText: string, payloadText: string): Promise<string> {
  const input = `${base64url.encode(headerText)}.${base64url.encode(payloadText)}`;
  const signature = await crypto.subtle.sign(
    { name: 'ECDSA', hash: 'SHA-256' },
    es256.privateKey,
    new TextEncoder().encode(input),
  );
  return `${input}.${base64url.encode(new Uint8Array(signature))}`;
}

describe('verifyClientToken', () => {
  it('accepts a token signed with the registered key', async () => {
    // Prepare
    const token = await sign(es256);
    // Act
    const result = await verifyClientToken(token, config, NOW);
    // Assess
    expect(result.ok).toBe(true);
  });

  it('accepts a token without kid when one key fits', async () => {
    const token = await new SignJWT(claims()).setProtectedHeader({ alg: 'ES256' }).sign(es256.privateKey);
    expect((await verifyClientToken(token, config, NOW)).ok).toBe(true);
  });

  const cases: [string, () => Promise<string> | string, string][] = [
    ['no token', () => '', 'token-missing'],
    ['a token over 8 KiB', () => 'a'.repeat(8193), 'token-too-large'],
    ['two segments', () => 'abc.def', 'token-malformed'],
    ['a JWE (five segments)', () => 'a.b.c.d.e', 'token-malformed'],
    ['characters outside base64url', async () => `${await sign(es256)}=`, 'token-malformed'],
    ['an empty signature', async () => (await sign(es256)).replace(/\.[^.]+$/, '.'), 'token-malformed'],
    ['a header that is not JSON', () => 'bm90IGpzb24.e30.c2ln', 'header-invalid'],
    ['a header without alg', () => rawEs256('{"kid":"x"}', JSON.stringify(claims())), 'header-invalid'],
    ['a header with a duplicate member', () => rawEs256('{"alg":"ES256","alg":"ES256"}', '{}'), 'header-invalid'],
    ['a numeric kid', () => rawEs256('{"alg":"ES256","kid":7}', '{}'), 'header-invalid'],
    [
      'alg none',
      () => `${base64url.encode('{"alg":"none"}')}.${base64url.encode(JSON.stringify(claims()))}.`,
      'token-malformed',
    ],
    [
      'alg none with a signature',
      () => `${base64url.encode('{"alg":"none"}')}.${base64url.encode('{}')}.AAAA`,
      'alg-not-allowed',
    ],
    ['alg NONE', () => `${base64url.encode('{"alg":"NONE"}')}.${base64url.encode('{}')}.AAAA`, 'alg-not-allowed'],
    [
      'HS256 keyed with the public key',
      () => hmacToken({ alg: 'HS256' }, JSON.stringify(claims()), JSON.stringify(es256.jwk)),
      'alg-not-allowed',
    ],
    [
      'RS256 against an EC key',
      () => rs256.privateKey && new SignJWT(claims()).setProtectedHeader({ alg: 'RS256' }).sign(rs256.privateKey),
      'alg-not-allowed',
    ],
    ['an embedded jwk', async () => sign(stranger, { jwk: stranger.jwk, kid: undefined }), 'header-key-not-allowed'],
    ['a jku', () => sign(es256, { jku: 'https://attacker.example/jwks.json' }), 'header-key-not-allowed'],
    ['an x5u', () => sign(es256, { x5u: 'https://attacker.example/cert.pem' }), 'header-key-not-allowed'],
    [
      'an unknown crit',
      () => rawEs256('{"alg":"ES256","crit":["exp"],"exp":1}', JSON.stringify(claims())),
      'crit-not-supported',
    ],
    ['b64 false', () => rawEs256('{"alg":"ES256","b64":false,"crit":["b64"]}', '{}'), 'crit-not-supported'],
    ['a nested JWT', () => sign(es256, { cty: 'JWT' }), 'nested-token'],
    ['a kid that is not registered', () => sign(stranger), 'no-matching-key'],
    ['a kid path trick', () => sign(es256, { kid: '../../etc/passwd' }), 'no-matching-key'],
    [
      'a signature by an unregistered key, without kid',
      () => sign(stranger, { kid: undefined }).then((t) => t),
      'signature-invalid',
    ],
    [
      'a tampered payload',
      async () => {
        const [h, , s] = (await sign(es256)).split('.');
        return `${h}.${base64url.encode(JSON.stringify({ ...claims(), email: 'admin@example.com' }))}.${s}`;
      },
      'signature-invalid',
    ],
    ['a payload that is an array', () => rawEs256(`{"alg":"ES256"}`, '[1,2]'), 'payload-invalid'],
    [
      'a payload with a duplicate claim',
      () => rawEs256('{"alg":"ES256"}', '{"cid":"acme","cid":"other"}'),
      'payload-invalid',
    ],
    [
      'a payload that is not UTF-8',
      async () => {
        const input = `${base64url.encode('{"alg":"ES256"}')}.${base64url.encode(new Uint8Array([0x7b, 0xff, 0x7d]))}`;
        const sig = await crypto.subtle.sign(
          { name: 'ECDSA', hash: 'SHA-256' },
          es256.privateKey,
          new TextEncoder().encode(input),
        );
        return `${input}.${base64url.encode(new Uint8Array(sig))}`;
      },
      'payload-invalid',
    ],
    ['a cid of another client', () => sign(es256, {}, { ...claims(), cid: 'other' }), 'cid-mismatch'],
  ];

  it.each(cases)('refuses %s with 103', async (_name, makeToken, reason) => {
    // Prepare
    const token = await makeToken();
    // Act
    const result = await verifyClientToken(token, config, NOW);
    // Assess
    expect(result).toMatchObject({ ok: false, refusal: { code: '103', reason } });
  });

  it('tries each key when the token has no kid and several keys fit', async () => {
    // Prepare
    const second = await key('ES256');
    const twoKeys = { ...config, jwks: { keys: [es256.jwk, second.jwk] } };
    const token = await new SignJWT(claims()).setProtectedHeader({ alg: 'ES256' }).sign(second.privateKey);
    // Act
    const result = await verifyClientToken(token, twoKeys, NOW);
    // Assess
    expect(result.ok).toBe(true);
    expect(result.verifiedBy).toEqual(second.jwk);
  });

  it('verifies RSA and Ed25519 keys under the algorithms their type allows', async () => {
    // Prepare
    const ed = await key('EdDSA');
    const multi = { ...config, jwks: { keys: [rs256.jwk, ed.jwk] } };
    const ps = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'PS256', kid: rs256.jwk.kid })
      .sign((await generateKeyPair('PS256')).privateKey);
    const edToken = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'EdDSA', kid: ed.jwk.kid })
      .sign(ed.privateKey);
    const rsToken = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'RS256', kid: rs256.jwk.kid })
      .sign(rs256.privateKey);
    // Act / Assess
    expect((await verifyClientToken(rsToken, multi, NOW)).ok).toBe(true);
    expect((await verifyClientToken(edToken, multi, NOW)).ok).toBe(true);
    expect(await verifyClientToken(ps, multi, NOW)).toEqual({
      ok: false,
      refusal: { code: '103', reason: 'signature-invalid' },
    });
  });

  it('gives 104 for an expired token with a valid signature', async () => {
    const token = await sign(es256, {}, { ...claims(), iat: nowSeconds - 200, exp: nowSeconds - 100 });
    expect(await verifyClientToken(token, config, NOW)).toEqual({
      ok: false,
      refusal: { code: '104', reason: 'token-expired' },
      verifiedBy: es256.jwk,
    });
  });
});
