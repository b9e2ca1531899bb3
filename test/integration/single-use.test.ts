import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { createSsoWorld, mintToken, newClientKey, ssoEvent, verdictOf, type SsoWorld } from '../support/sso-fixture';

let world: SsoWorld;
beforeAll(async () => {
  world = await createSsoWorld();
});
afterAll(() => world.destroy());

describe('single use (contract §4)', () => {
  it('gives exactly one sign-in to 50 concurrent uses of one token', async () => {
    // Prepare
    const client = await world.newClient();
    const token = await mintToken(client);
    const event = () => ssoEvent({ client_id: client.clientId, client_secret: client.secret, token });
    const handlers = Array.from({ length: 5 }, () => world.handler());
    // Act
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => handlers[i % 5]!(event())));
    // Assess
    const verdicts = results.map(verdictOf);
    expect(verdicts.filter((v) => v === 'signed-in')).toHaveLength(1);
    expect(verdicts.filter((v) => v === '104')).toHaveLength(49);
  });

  it('scopes a jti to its CID: a token used at one configuration gets 104 at another of the same CID', async () => {
    // Prepare
    const key = await newClientKey();
    const a = await world.newClient({ cid: 'shared-cid', key });
    const b = await world.newClient({ cid: 'shared-cid', key });
    const jti = randomUUID();
    const token = await mintToken(a, { jti });
    // Act
    const first = await world.handler()(ssoEvent({ client_id: a.clientId, client_secret: a.secret, token }));
    const other = await world.handler()(ssoEvent({ client_id: b.clientId, client_secret: b.secret, token }));
    const replay = await world.handler()(ssoEvent({ client_id: a.clientId, client_secret: a.secret, token }));
    // Assess
    expect([verdictOf(first), verdictOf(other), verdictOf(replay)]).toEqual(['signed-in', '104', '104']);
  });

  it('keeps jtis of different CIDs apart', async () => {
    // Prepare
    const key = await newClientKey();
    const a = await world.newClient({ cid: 'cid-one', key });
    const b = await world.newClient({ cid: 'cid-two', key });
    const jti = randomUUID();
    // Act
    const first = await world.handler()(
      ssoEvent({ client_id: a.clientId, client_secret: a.secret, token: await mintToken(a, { jti }) }),
    );
    const other = await world.handler()(
      ssoEvent({ client_id: b.clientId, client_secret: b.secret, token: await mintToken(b, { jti }) }),
    );
    // Assess
    expect([verdictOf(first), verdictOf(other)]).toEqual(['signed-in', 'signed-in']);
  });

  it('does not consume a token refused for another code', async () => {
    // Prepare
    const client = await world.newClient({ enabled: false });
    const token = await mintToken(client);
    const send = (secret: string) =>
      world.handler()(ssoEvent({ client_id: client.clientId, client_secret: secret, token }));
    // Act
    const wrongSecret = await send('wrong');
    const disabled = await send(client.secret);
    await world.admin.setSsoEnabled(client.cid, true);
    const afterwards = await send(client.secret);
    // Assess
    expect([verdictOf(wrongSecret), verdictOf(disabled), verdictOf(afterwards)]).toEqual(['102', '106', 'signed-in']);
  });

  it('records `<cid>#<jti>` with a TTL of at least min(exp, iat + max age) + tolerance, plus a margin', async () => {
    // Prepare
    const client = await world.newClient();
    const iat = Math.floor(Date.now() / 1000);
    const jti = randomUUID();
    const token = await mintToken(client, { jti, iat, exp: iat + 3600 });
    // Act
    await world.handler()(ssoEvent({ client_id: client.clientId, client_secret: client.secret, token }));
    // Assess
    const { Item } = await world.documentClient.send(
      new GetCommand({ TableName: world.tables.usedTokens, Key: { pk: `${client.cid}#${jti}` } }),
    );
    expect(Item?.expiresAt).toBeGreaterThan(iat + 300 + 30);
  });
});
