/**
 * GET /profiles/<clientId>: the public profile the hosted error page shows, read from the real
 * configuration table on DynamoDB Local through the SSO handler, with the caching that bounds a
 * change's delay (contract §7: a profile change shows within 5 minutes).
 */
import { PROFILE_MAX_AGE_SECONDS, PROFILE_PATH_PREFIX } from '../../lambdas/core/public-profile';
import { DEFAULT_TIMEOUTS } from '../../lambdas/adapters/dynamodb/client';
import { createSsoWorld, ssoEvent, type SsoWorld } from '../support/sso-fixture';
import { freePort } from '../../tools/local/dynamo-local';

const PROFILE = {
  displayName: 'Acme <b>Portal</b>',
  loginUrl: 'https://portal.acme.example/login',
  supportEmail: 'help@acme.example',
  supportUrl: 'https://acme.example/support',
};

let world: SsoWorld;
beforeAll(async () => {
  world = await createSsoWorld();
});
afterAll(() => world.destroy());

const profileEvent = (clientId: string) => ssoEvent({}, 'GET', `${PROFILE_PATH_PREFIX}${clientId}`);

describe('the profile route', () => {
  it('serves the client id and the public profile as JSON, cached for less than 5 minutes, never a secret', async () => {
    // Prepare
    const client = await world.newClient({ profile: PROFILE });
    // Act
    const result = await world.handler()(profileEvent(client.clientId));
    // Assess
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body!)).toEqual({ clientId: client.clientId, ...PROFILE });
    expect(result.headers).toMatchObject({
      'Cache-Control': `public, max-age=${PROFILE_MAX_AGE_SECONDS}`,
      'Content-Type': 'application/json; charset=utf-8',
      'X-Content-Type-Options': 'nosniff',
    });
    expect(PROFILE_MAX_AGE_SECONDS + 4).toBeLessThan(300);
    expect(result.body).not.toMatch(/secret|hash|jwks|targetUrl|cid/i);
  });

  it.each([
    ['a configuration without a profile', async () => (await world.newClient()).clientId],
    ['an unknown client id', async () => 'no-such-client'],
    ['a malformed client id', async () => '..%2F..%2Fetc'],
    ['an empty client id', async () => ''],
  ])('answers 404 with an empty object for %s', async (_name, clientIdOf) => {
    // Act
    const result = await world.handler()(profileEvent(await clientIdOf()));
    // Assess
    expect(result.statusCode).toBe(404);
    expect(result.body).toBe('{}');
  });

  it('answers 503, never cached, when the store cannot be reached', async () => {
    // Prepare
    const client = await world.newClient({ profile: PROFILE });
    const unreachable = world.handler({
      dynamo: { ...DEFAULT_TIMEOUTS, endpoint: `http://127.0.0.1:${await freePort()}` },
    });
    // Act
    const result = await unreachable(profileEvent(client.clientId));
    // Assess
    expect(result.statusCode).toBe(503);
    expect(result.headers?.['Cache-Control']).toBe('no-store');
  });
});
