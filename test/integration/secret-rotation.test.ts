import { generateClientSecret } from '../../lambdas/core/client-secret';
import { withRotatedSecret } from '../../lambdas/core/config-admin';
import { createSsoWorld, mintToken, ssoEvent, verdictOf, type SsoWorld, type TestClient } from '../support/sso-fixture';

let world: SsoWorld;
beforeAll(async () => {
  world = await createSsoWorld();
});
afterAll(() => world.destroy());

async function rotate(client: TestClient, grace: number): Promise<string> {
  const config = (await world.admin.get(client.clientId))!;
  const secret = generateClientSecret();
  const after = withRotatedSecret(config, secret, grace, Math.floor(Date.now() / 1000));
  await world.admin.replace({ action: 'config rotate-secret', before: config, after });
  return secret;
}

describe('client secret rotation', () => {
  it('keeps the previous secret working for the grace period, next to the new one', async () => {
    // Prepare
    const client = await world.newClient();
    const handler = world.handler({ cache: true });
    const before = await handler(
      ssoEvent({ client_id: client.clientId, client_secret: client.secret, token: await mintToken(client) }),
    );
    // Act
    const newSecret = await rotate(client, 3600);
    const withOld = await handler(
      ssoEvent({ client_id: client.clientId, client_secret: client.secret, token: await mintToken(client) }),
    );
    const withNew = await handler(
      ssoEvent({ client_id: client.clientId, client_secret: newSecret, token: await mintToken(client) }),
    );
    // Assess
    expect([verdictOf(before), verdictOf(withOld), verdictOf(withNew)]).toEqual([
      'signed-in',
      'signed-in',
      'signed-in',
    ]);
  });

  it('ends the previous secret at once with a grace period of 0', async () => {
    // Prepare
    const client = await world.newClient();
    // Act
    const newSecret = await rotate(client, 0);
    const withOld = await world.handler()(
      ssoEvent({ client_id: client.clientId, client_secret: client.secret, token: await mintToken(client) }),
    );
    const withNew = await world.handler()(
      ssoEvent({ client_id: client.clientId, client_secret: newSecret, token: await mintToken(client) }),
    );
    // Assess
    expect([verdictOf(withOld), verdictOf(withNew)]).toEqual(['102', 'signed-in']);
  });

  it('keeps only the newest previous secret', async () => {
    // Prepare
    const client = await world.newClient();
    const second = await rotate(client, 3600);
    // Act
    const third = await rotate({ ...client, secret: second }, 3600);
    const send = (secret: string) =>
      mintToken(client).then((token) =>
        world.handler()(ssoEvent({ client_id: client.clientId, client_secret: secret, token })),
      );
    // Assess
    expect(verdictOf(await send(client.secret))).toBe('102');
    expect(verdictOf(await send(second))).toBe('signed-in');
    expect(verdictOf(await send(third))).toBe('signed-in');
  });
});
