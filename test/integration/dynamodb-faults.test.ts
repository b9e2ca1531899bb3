import { DEFAULT_TIMEOUTS } from '../../lambdas/adapters/dynamodb/client';
import { freePort } from '../../tools/local/dynamo-local';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';
import { captureLogs, type LogCapture } from '../support/log-capture';
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
let logs: LogCapture;
beforeAll(async () => {
  logs = captureLogs();
  world = await createSsoWorld();
  proxy = await startFaultProxy(dynamoEndpoint());
  client = await world.newClient();
});
afterAll(async () => {
  logs.stop();
  world.destroy();
  await proxy.close();
});
beforeEach(() => {
  proxy.mode = 'pass';
  proxy.faultOnly = undefined;
  proxy.loseNextResponseOf = undefined;
  proxy.replicatedConflicts = undefined;
});

const send = (handler: ReturnType<SsoWorld['handler']>, token: string) =>
  handler(ssoEvent({ client_id: client.clientId, client_secret: client.secret, token }));

/** The reason the handler logged for an answer (its `ref` finds the log line). */
const reasonOf = (result: Awaited<ReturnType<typeof send>>) =>
  logs.lineFor(location(result).searchParams.get('ref') ?? '')?.reason;

/** The DynamoDB requests of each operation the proxy saw since `from`. */
const requestsSince = (from: number) =>
  proxy.operations.slice(from).reduce<Record<string, number>>((counts, operation) => {
    counts[operation] = (counts[operation] ?? 0) + 1;
    return counts;
  }, {});

/*
 * These tests assert the code, the reason and how many requests reached DynamoDB; how long the 105
 * takes (the contract allows 10 s) is measured by the bench (`npm run bench`, section dynamodb), not
 * timed here: jest's own timeout only stops a test that hangs.
 */

describe('DynamoDB faults between the service and the store (contract §3 105, §4)', () => {
  it('answers 105 when DynamoDB is unreachable, and the token works once it is back', async () => {
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
    expect(reasonOf(during)).toBe('settings-unavailable');
    expect(verdictOf(after)).toBe('signed-in');
  });

  it.each([
    ['every call hangs', 'hang', undefined, false, 'settings-unavailable', { BatchGetItem: 2 }],
    ['every call is throttled', 'throttle', undefined, false, 'settings-unavailable', { BatchGetItem: 2 }],
    ['only the used-token write hangs', 'hang', 'PutItem', true, 'used-token-store-unavailable', { PutItem: 2 }],
    [
      'only the used-token write is throttled',
      'throttle',
      'PutItem',
      true,
      'used-token-store-unavailable',
      { PutItem: 2 },
    ],
  ] as const)(
    'answers 105 when %s, after the client’s attempts and no more, and the token is not consumed',
    async (_name, mode, faultOnly, secretChecked, reason, faultedRequests) => {
      // Prepare
      const token = await mintToken(client);
      const handler = world.handler({ dynamo: { ...DEFAULT_TIMEOUTS, endpoint: proxy.endpoint } });
      proxy.mode = mode;
      proxy.faultOnly = faultOnly;
      const from = proxy.operations.length;
      // Act
      const during = await send(handler, token);
      const requests = requestsSince(from);
      proxy.mode = 'pass';
      const after = await send(handler, token);
      // Assess
      expect(verdictOf(during)).toBe('105');
      expect(reasonOf(during)).toBe(reason);
      expect(requests).toMatchObject(faultedRequests);
      expect(Object.values(faultedRequests)).toEqual([DEFAULT_TIMEOUTS.maxAttempts]);
      expect(verdictOf(after)).toBe('signed-in');
      // `client` only once the secret was found good (contract §2).
      expect(location(during).searchParams.get('client')).toBe(secretChecked ? client.clientId : null);
    },
  );

  it('signs the first user in when the write committed but its response was lost', async () => {
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
  });

  it('sends a 105 after a good secret to the hosted page when no error URL is configured', async () => {
    const result = await send(
      world.handler({ dynamo: { ...DEFAULT_TIMEOUTS, endpoint: `http://127.0.0.1:${await freePort()}` } }),
      await mintToken(client),
    );
    expect(location(result).searchParams.get('code')).toBe('105');
    expect(location(result).searchParams.has('client')).toBe(false);
  });
});

describe('a write racing one in another region (multi-Region strong consistency)', () => {
  const putItems = () => proxy.operations.filter((op) => op === 'PutItem').length;

  it('retries a ReplicatedWriteConflictException within the client bounds and signs in; the replay is 104', async () => {
    // Prepare
    const token = await mintToken(client);
    const handler = world.handler({ dynamo: { ...DEFAULT_TIMEOUTS, endpoint: proxy.endpoint } });
    proxy.replicatedConflicts = 1;
    const before = putItems();
    // Act
    const first = await send(handler, token);
    const replay = await send(handler, token);
    // Assess: the conflict and its retry, then the replay's one write
    expect(verdictOf(first)).toBe('signed-in');
    expect(putItems() - before).toBe(3);
    expect(verdictOf(replay)).toBe('104');
  });

  it('answers 105 (fail closed) when every attempt conflicts, and the token is not consumed', async () => {
    // Prepare
    const token = await mintToken(client);
    const handler = world.handler({ dynamo: { ...DEFAULT_TIMEOUTS, endpoint: proxy.endpoint } });
    proxy.replicatedConflicts = DEFAULT_TIMEOUTS.maxAttempts;
    const before = putItems();
    // Act
    const during = await send(handler, token);
    const attempts = putItems() - before;
    const after = await send(handler, token);
    // Assess: no more attempts than the client's bound
    expect(verdictOf(during)).toBe('105');
    expect(attempts).toBe(DEFAULT_TIMEOUTS.maxAttempts);
    expect(verdictOf(after)).toBe('signed-in');
  });

  it('recognises its own committed write when the retry after a lost response conflicts with it', async () => {
    // Prepare: the first write commits but its answer is lost; the SDK's retry is rejected as a conflict
    // (with that very write), so the adapter reads the record back and finds its own attempt id.
    const token = await mintToken(client);
    const handler = world.handler({ dynamo: { ...DEFAULT_TIMEOUTS, endpoint: proxy.endpoint } });
    proxy.loseNextResponseOf = 'PutItem';
    proxy.replicatedConflicts = 1;
    // Act
    const first = await send(handler, token);
    const replay = await send(handler, token);
    // Assess
    expect(verdictOf(first)).toBe('signed-in');
    expect(proxy.replicatedConflicts).toBe(0);
    expect(verdictOf(replay)).toBe('104');
  });

  it('answers 104 when the conflicting write was another use of the token that committed', async () => {
    // Prepare: the token signed in (elsewhere); the replay's every attempt conflicts with that write
    const token = await mintToken(client);
    expect(verdictOf(await send(world.handler(), token))).toBe('signed-in');
    const handler = world.handler({ dynamo: { ...DEFAULT_TIMEOUTS, endpoint: proxy.endpoint } });
    proxy.replicatedConflicts = DEFAULT_TIMEOUTS.maxAttempts;
    // Act
    const replay = await send(handler, token);
    // Assess
    expect(verdictOf(replay)).toBe('104');
    expect(proxy.operations.slice(-1)).toEqual(['GetItem']);
  });
});
