/**
 * The demo target app's side of code 105: an assertion that does not verify (tampered, expired, wrongly
 * addressed, malformed, from another issuer) gets the app's own 105 view with a ref, and a log line with
 * that ref and why, never the assertion. A good assertion still signs in. The JWKS is served on 127.0.0.1.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { CATALOG } from '../../lambdas/core/catalog';
import { createDemoApp, type RejectedAssertionLog } from '../../tools/demo/demo-app';

const ISSUER = 'https://sso.infoauth.test';
const CLIENT_ID = 'demo-client-id';
const NOW = new Date('2026-03-01T12:00:00Z');
const nowSeconds = Math.floor(NOW.getTime() / 1000);

let server: Server;
let jwksUrl: string;
let signingKey: CryptoKey;
let otherKey: CryptoKey;

beforeAll(async () => {
  const pair = await generateKeyPair('ES256', { extractable: true });
  signingKey = pair.privateKey;
  otherKey = (await generateKeyPair('ES256')).privateKey;
  const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256' }] });
  server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function assertion(overrides: Record<string, unknown> = {}, key = signingKey): Promise<string> {
  const claims = {
    iss: ISSUER,
    aud: CLIENT_ID,
    sub: 'jane.doe@example.com',
    email: 'jane.doe@example.com',
    cid: 'demo',
    iat: nowSeconds,
    exp: nowSeconds + 60,
    jti: 'assertion-1',
    ...overrides,
  };
  return new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).sign(key);
}

/** Flips one character of the signature: the same header and claims, a signature that does not verify. */
function tampered(jwt: string): string {
  const [header, payload, signature] = jwt.split('.') as [string, string, string];
  const flipped = signature[10] === 'A' ? 'B' : 'A';
  return `${header}.${payload}.${signature.slice(0, 10)}${flipped}${signature.slice(11)}`;
}

function demoApp(now = NOW, privateJwk = '{}') {
  const logged: RejectedAssertionLog[] = [];
  const app = createDemoApp({
    baseUrl: 'http://127.0.0.1:1/demo/',
    issuer: ISSUER,
    jwksUrl,
    ssoUrl: '/sso',
    client: { clientId: CLIENT_ID, clientSecret: 'unused', cid: 'demo', privateJwk },
    now: () => now,
    log: (line) => logged.push(line),
  });
  const open = (jwt: string) =>
    app({ method: 'GET', url: new URL(`http://127.0.0.1:1/demo/?assertion=${encodeURIComponent(jwt)}`) });
  const post = (form?: URLSearchParams) =>
    app({ method: 'POST', url: new URL('http://127.0.0.1:1/demo/'), ...(form ? { form } : {}) });
  return { app, open, post, logged };
}

describe('the demo target app and code 105', () => {
  it('signs in with a good assertion and logs nothing', async () => {
    // Prepare
    const { open, logged } = demoApp();
    // Act
    const response = await open(await assertion());
    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Signed in as jane.doe@example.com');
    expect(logged).toEqual([]);
  });

  it.each([
    [
      'tampered (signature does not verify)',
      async () => tampered(await assertion()),
      'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    ],
    ['signed by another key', () => assertion({}, otherKey), 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED'],
    ['expired', () => assertion({ iat: nowSeconds - 600, exp: nowSeconds - 540 }), 'ERR_JWT_EXPIRED'],
    ['addressed to another client', () => assertion({ aud: 'someone-else' }), 'aud-not-this-app'],
    ['from another issuer', () => assertion({ iss: 'https://evil.test' }), 'ERR_JWT_CLAIM_VALIDATION_FAILED: iss'],
    ['without an email', () => assertion({ email: undefined }), 'ERR_JWT_CLAIM_VALIDATION_FAILED: email'],
    ['malformed', async () => 'not.a.jwt', 'ERR_JWS_INVALID'],
  ])('shows 105 with its own ref for an assertion %s, and logs the ref with why', async (_case, make, why) => {
    // Prepare
    const { open, logged } = demoApp();
    const jwt = await make();
    // Act
    const response = await open(jwt);
    // Assess
    expect(response.statusCode).toBe(401);
    expect(logged).toHaveLength(1);
    const [line] = logged;
    expect(line).toEqual({
      level: 'WARN',
      message: 'assertion rejected',
      time: NOW.toISOString(),
      ref: expect.stringMatching(/^[A-Za-z0-9+/]{15}=$/),
      code: '105',
      reason: 'assertion-rejected',
      why,
    });
    expect(response.body).toContain('<dt>error code</dt><dd>105</dd>');
    expect(response.body).toContain(`<dt>reference</dt><dd>${line!.ref}</dd>`);
    expect(response.body).toContain(CATALOG['105'].title.replace(/'/g, '&#39;'));
    expect(response.body).not.toContain(jwt);
    expect(JSON.stringify(line)).not.toContain(jwt);
  });

  it('gives every rejected request a ref of its own', async () => {
    // Prepare
    const { open, logged } = demoApp();
    const jwt = tampered(await assertion());
    // Act
    await open(jwt);
    await open(jwt);
    // Assess
    expect(logged[0]!.ref).not.toBe(logged[1]!.ref);
  });

  it('refuses an assertion that expired while the user waited, by the app clock', async () => {
    // Prepare: a good assertion, opened 91 s later (60 s lifetime; jose allows no tolerance by default)
    const { open, logged } = demoApp(new Date(NOW.getTime() + 91_000));
    // Act
    const response = await open(await assertion());
    // Assess
    expect(response.statusCode).toBe(401);
    expect(logged.map((line) => line.why)).toEqual(['ERR_JWT_EXPIRED']);
  });

  it('accepts an assertion once: the same jti again, by any delivery, is 105 jti-already-used', async () => {
    // Prepare
    const { open, post, logged } = demoApp();
    const jwt = await assertion({ jti: 'once-only' });
    // Act
    const first = await open(jwt);
    const again = await open(jwt);
    const posted = await post(new URLSearchParams({ assertion: jwt }));
    const other = await open(await assertion({ jti: 'another-one' }));
    // Assess
    expect(first.statusCode).toBe(200);
    expect(again.statusCode).toBe(401);
    expect(posted.statusCode).toBe(401);
    expect(other.statusCode).toBe(200);
    expect(logged.map((line) => line.why)).toEqual(['jti-already-used', 'jti-already-used']);
  });

  it('takes the assertion and state from a form POST (form_post, and the relay of a fragment)', async () => {
    // Prepare
    const { post } = demoApp();
    // Act
    const response = await post(new URLSearchParams({ assertion: await assertion(), state: 'st<1>' }));
    const empty = await post(new URLSearchParams({ state: 'x' }));
    const notForm = await post();
    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Signed in as jane.doe@example.com');
    expect(response.body).toContain('st&lt;1&gt;');
    expect(empty.statusCode).toBe(400);
    expect(notForm.statusCode).toBe(400);
  });

  it('serves the fragment relay as the only script, allowed by its hash in a strict CSP', async () => {
    // Prepare: the portal page mints a token with the client's key
    const clientKey = await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey);
    const { app } = demoApp(NOW, JSON.stringify(clientKey));
    // Act
    const portal = await app({ method: 'GET', url: new URL('http://127.0.0.1:1/demo/') });
    // Assess
    const scripts = [...portal.body.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1] ?? '');
    expect(scripts).toHaveLength(1);
    expect(scripts[0]).toContain('location.hash');
    const hash = createHash('sha256')
      .update(scripts[0] ?? '')
      .digest('base64');
    const csp = portal.headers['Content-Security-Policy'] ?? '';
    expect(csp).toContain(`script-src 'sha256-${hash}';`);
    expect(csp).toMatch(/^default-src 'none';/);
    expect(csp).toContain("form-action 'self'");
    expect(csp).not.toMatch(/unsafe-eval|'unsafe-inline'[^;]*script|script-src[^;]*unsafe/);
  });
});
