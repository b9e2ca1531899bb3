import { DEFAULT_TIMEOUTS } from '../../lambdas/adapters/dynamodb/client';
import { freePort } from '../../tools/local/dynamo-local';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';
import { createSsoWorld, type SsoWorld } from '../support/sso-fixture';

let world: SsoWorld;
let proxy: FaultProxy;
beforeAll(async () => {
  world = await createSsoWorld();
  proxy = await startFaultProxy(process.env.INFOAUTH_TEST_DYNAMO_ENDPOINT!);
});
afterAll(async () => {
  world.destroy();
  await proxy.close();
});

const healthEvent = () =>
  ({
    version: '2.0',
    routeKey: 'GET /health',
    rawPath: '/health',
    rawQueryString: '',
    headers: {},
    requestContext: { requestId: 'health', http: { method: 'GET', path: '/health' } },
    isBase64Encoded: false,
  }) as never;

describe('GET /health against DynamoDB Local', () => {
  it('answers 200 after a strongly consistent read of the used-token table and loading the signing key', async () => {
    // Prepare
    const handler = world.handler({ dynamo: { ...DEFAULT_TIMEOUTS, endpoint: proxy.endpoint } });
    proxy.operations.length = 0;
    // Act
    const result = await handler(healthEvent());
    // Assess: the probe's GetItem and the key ring's GetItem
    expect(result.statusCode).toBe(200);
    expect(proxy.operations.sort()).toEqual(['GetItem', 'GetItem']);
  });

  it('answers 503 naming both checks when DynamoDB cannot be reached (an isolated region)', async () => {
    // Prepare
    const handler = world.handler({
      dynamo: { ...DEFAULT_TIMEOUTS, endpoint: `http://127.0.0.1:${await freePort()}` },
    });
    // Act
    const result = await handler(healthEvent());
    // Assess
    expect(result.statusCode).toBe(503);
    expect(JSON.parse(result.body ?? '')).toEqual({
      status: 'unavailable',
      failed: ['used-token-table', 'signing-key'],
    });
  });

  it('answers 503 while reads are refused, and 200 again once they pass', async () => {
    // Prepare: a fresh handler has not loaded its key yet
    const handler = world.handler({ dynamo: { ...DEFAULT_TIMEOUTS, endpoint: proxy.endpoint } });
    proxy.mode = 'throttle';
    proxy.faultOnly = 'GetItem';
    // Act
    const during = await handler(healthEvent());
    proxy.mode = 'pass';
    proxy.faultOnly = undefined;
    const after = await handler(healthEvent());
    // Assess
    expect(during.statusCode).toBe(503);
    expect(after.statusCode).toBe(200);
  });
});
