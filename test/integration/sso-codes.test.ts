import { createLocalJWKSet, jwtVerify } from 'jose';
import { JWKS_PATH } from '../../lambdas/sso/app';
import {
  createSsoWorld,
  ERROR_PAGE,
  ISSUER,
  location,
  mintToken,
  newClientKey,
  ssoEvent,
  verdictOf,
  type SsoWorld,
  type TestClient,
} from '../support/sso-fixture';

let world: SsoWorld;
let client: TestClient;
let withErrorUrl: TestClient;
beforeAll(async () => {
  world = await createSsoWorld();
  client = await world.newClient();
  withErrorUrl = await world.newClient({ errorUrl: 'https://app.example.test/sso-error' });
});
afterAll(() => world.destroy());

const fields = (c: TestClient, extra: Record<string, string | undefined> = {}) => ({
  client_id: c.clientId,
  client_secret: c.secret,
  ...extra,
});

describe('every answer of the SSO endpoint (contract §2, §3)', () => {
  it('redirects a sign-in with an assertion the JWKS verifies, and no-store headers', async () => {
    // Prepare
    const handler = world.handler();
    const token = await mintToken(client, { email: 'jane.doe@example.com' });
    // Act
    const result = await handler(ssoEvent(fields(client, { token, state: 'abc' }), 'POST'));
    const jwks = await handler(ssoEvent({}, 'GET', JWKS_PATH));
    // Assess
    expect(result.statusCode).toBe(302);
    expect(result.headers).toMatchObject({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
    const target = location(result);
    expect(`${target.origin}${target.pathname}`).toBe('https://app.example.test/landing');
    expect(target.searchParams.get('state')).toBe('abc');
    const keySet = createLocalJWKSet(JSON.parse(jwks.body as string));
    const { payload, protectedHeader } = await jwtVerify(target.searchParams.get('assertion')!, keySet, {
      issuer: ISSUER,
      audience: client.clientId,
      algorithms: ['ES256'],
    });
    expect(protectedHeader.kid).toEqual(expect.any(String));
    expect(payload).toMatchObject({ sub: 'jane.doe@example.com', email: 'jane.doe@example.com', cid: client.cid });
    expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(60);
    expect(payload.jti).toEqual(expect.any(String));
  });

  it('accepts the token as jwt, by GET', async () => {
    const token = await mintToken(client);
    expect(verdictOf(await world.handler()(ssoEvent(fields(client, { jwt: token }))))).toBe('signed-in');
  });

  it.each([
    ['no client id', async () => ({ client_secret: 's' }), '101'],
    ['an unknown client id', async () => ({ client_id: 'nobody-here', client_secret: 's' }), '101'],
    ['a wrong secret', async () => ({ client_id: withErrorUrl.clientId, client_secret: 'wrong' }), '102'],
  ])('sends %s to the hosted page, even when the client has an error URL', async (_name, make, code) => {
    // Act
    const result = await world.handler()(ssoEvent(await make()));
    // Assess
    const url = location(result);
    expect(`${url.origin}${url.pathname}`).toBe(ERROR_PAGE);
    expect(url.searchParams.get('code')).toBe(code);
    expect(url.searchParams.get('ref')).toMatch(/^req-/);
    expect(url.searchParams.has('client')).toBe(false);
  });

  it('sends 106 to the hosted page when SSO is off for the CID', async () => {
    const off = await world.newClient({ enabled: false });
    const result = await world.handler()(ssoEvent(fields(off, { token: await mintToken(off) })));
    expect(location(result).searchParams.get('code')).toBe('106');
  });

  it.each([
    [
      '106',
      async () => {
        await world.admin.setSsoEnabled(withErrorUrl.cid, false);
        return {};
      },
    ],
    ['103', async () => ({ token: await mintToken(withErrorUrl, { cid: 'another' }) })],
    ['104', async () => ({ token: await mintToken(withErrorUrl, { exp: Math.floor(Date.now() / 1000) - 60 }) })],
  ])('sends %s to the client error URL once the client is authenticated', async (code, arrange) => {
    // Prepare
    await world.admin.setSsoEnabled(withErrorUrl.cid, true);
    const extra = await arrange();
    // Act
    const result = await world.handler()(
      ssoEvent(fields(withErrorUrl, { token: await mintToken(withErrorUrl), ...extra })),
    );
    // Assess
    const url = location(result);
    expect(`${url.origin}${url.pathname}`).toBe('https://app.example.test/sso-error');
    expect(url.searchParams.get('code')).toBe(code);
    expect(url.searchParams.get('ref')).toBeTruthy();
    expect(url.searchParams.get('client')).toBe(withErrorUrl.clientId);
  });

  it.each([
    ['106', async (c: TestClient) => (await world.admin.setSsoEnabled(c.cid, false), {})],
    ['103', async (c: TestClient) => ({ token: await mintToken(c, { cid: 'another' }) })],
    ['104', async (c: TestClient) => ({ token: await mintToken(c, { exp: Math.floor(Date.now() / 1000) - 60 }) })],
  ])('names the authenticated client on the hosted page for %s (client=<client id>)', async (code, arrange) => {
    // Prepare
    const hosted = await world.newClient();
    const extra = await arrange(hosted);
    // Act
    const result = await world.handler()(ssoEvent(fields(hosted, { token: await mintToken(hosted), ...extra })));
    // Assess
    const url = location(result);
    expect(`${url.origin}${url.pathname}`).toBe(ERROR_PAGE);
    expect(url.searchParams.get('code')).toBe(code);
    expect(url.searchParams.get('client')).toBe(hosted.clientId);
  });

  it('gives 103 to a token signed by a key registered for another client', async () => {
    const other = await world.newClient({ cid: client.cid, key: await newClientKey() });
    const token = await mintToken({ cid: client.cid, key: other.key });
    expect(verdictOf(await world.handler()(ssoEvent(fields(client, { token }))))).toBe('103');
  });

  it('answers an unknown path with 404 and never a 5xx', async () => {
    const result = await world.handler()(ssoEvent({}, 'GET', '/elsewhere'));
    expect(result.statusCode).toBe(404);
  });
});
