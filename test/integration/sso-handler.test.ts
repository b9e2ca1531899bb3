import { createSsoWorld, mintToken, ssoEvent, verdictOf, type SsoWorld } from '../support/sso-fixture';

let world: SsoWorld;
beforeAll(async () => {
  world = await createSsoWorld();
});
afterAll(() => world.destroy());

describe('the SSO handler against DynamoDB Local', () => {
  it('signs a valid token in', async () => {
    // Prepare
    const client = await world.newClient();
    const token = await mintToken(client);
    // Act
    const result = await world.handler()(ssoEvent({ client_id: client.clientId, client_secret: client.secret, token }));
    // Assess
    expect(verdictOf(result)).toBe('signed-in');
  });
});
