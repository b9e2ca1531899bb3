import { DEFAULT_TIMEOUTS } from '../../lambdas/adapters/dynamodb/client';
import { freePort } from '../../tools/local/dynamo-local';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';
import {
  createSsoWorld,
  dynamoEndpoint,
  location,
  mintToken,
  ssoEvent,
  verdictOf,
  type SsoWorld,
  type TestClient,
} from '../support/sso-fixture';

let world: SsoWorld;
let proxy: FaultProxy;
let client: TestClient;
beforeAll(async () => {
  world = await createSsoWorld();
  proxy = await startFaultProxy(dynamoEndpoint());
  client = await world.newClient();
});
afterAll(async () => {
  world.destroy();
  await proxy.close();
});
beforeEach(() => {
  proxy.mode = 'pass';
  proxy.faultOnly = undefined;
  proxy.loseNextResponseOf = undefined;
});

const send = (handler: ReturnType<SsoWorld['handler']>, token: string) =>
  handler(ssoEvent({ client_id: client.clientId, client_secret: client.secret, token }));

/** The contract's bound: 105 well within 10 s, far below the Lambda and API Gateway limits. */
const CONTRACT_BOUND_MS = 10_000;

describe('DynamoDB faults between the service and the store (contract §3 105, §4)', () => {
  it(
    'answers 105 when DynamoDB is unreachable, and the token works once it is back',
    async () => {
      // Prepare
      const token = await mintToken(client);
      const unreachable = world.handler({
        dynamo: { ...DEFAULT_TIMEOUTS, endpoint: `http://127.0.0.1:${await freePort()}` },
      });
      // Act
      const during = await send(unreachable, token);
      const after = await send(world.handler(), token);
      // Assess
      expect(verdictOf(during)).toBe('105');
      expect(verdictOf(after)).toBe('signed-in');
    },
    CONTRACT_BOUND_MS,
  );

  it.each([
    ['every call hangs', 'hang', undefined, false],
    ['every call is throttled', 'throttle', undefined, false],
    ['only the used-token write hangs', 'hang', 'PutItem', true],
    ['only the used-token write is throttled', 'throttle', 'PutItem', true],
  ] as const)(
    'answers 105 when %s, and the token is not consumed',
    async (_name, mode, faultOnly, secretChecked) => {
      // Prepare
      const token = await mintToken(client);
      const handler = world.handler({ dynamo: { ...DEFAULT_TIMEOUTS, endpoint: proxy.endpoint } });
      proxy.mode = mode;
      proxy.faultOnly = faultOnly;
      // Act
      const during = await send(handler, token);
      proxy.mode = 'pass';
      const after = await send(handler, token);
      // Assess
      expect(verdictOf(during)).toBe('105');
      expect(verdictOf(after)).toBe('signed-in');
      // `client` only once the secret was found good (contract §2).
      expect(location(during).searchParams.get('client')).toBe(secretChecked ? client.clientId : null);
    },
    CONTRACT_BOUND_MS,
  );

  it(
    'signs the first user in when the write committed but its response was lost',
    async () => {
      // Prepare
      const token = await mintToken(client);
      const handler = world.handler({ dynamo: { ...DEFAULT_TIMEOUTS, endpoint: proxy.endpoint } });
      proxy.loseNextResponseOf = 'PutItem';
      // Act
      const first = await send(handler, token);
      const replay = await send(handler, token);
      // Assess
      expect(verdictOf(first)).toBe('signed-in');
      expect(proxy.operations.filter((op) => op === 'PutItem').length).toBeGreaterThanOrEqual(3);
      expect(verdictOf(replay)).toBe('104');
    },
    CONTRACT_BOUND_MS,
  );

  it(
    'sends a 105 after a good secret to the hosted page when no error URL is configured',
    async () => {
      const result = await send(
        world.handler({ dynamo: { ...DEFAULT_TIMEOUTS, endpoint: `http://127.0.0.1:${await freePort()}` } }),
        await mintToken(client),
      );
      expect(location(result).searchParams.get('code')).toBe('105');
      expect(location(result).searchParams.has('client')).toBe(false);
    },
    CONTRACT_BOUND_MS,
  );
});
