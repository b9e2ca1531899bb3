/**
 * Property: never two sign-ins for one jti. Random plans of concurrent sends of a few tokens (random
 * order, random concurrency, several handler instances as several Lambda environments, GET or POST,
 * sometimes a used-token write whose response is lost) against the real store on DynamoDB Local.
 * Each token signs in at most once, and exactly once unless one of its sends got a 105; the only
 * other answer is 104.
 */
import fc from 'fast-check';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';
import { captureLogs, type LogCapture } from '../support/log-capture';
import {
  createSsoWorld,
  dynamoEndpoint,
  mintToken,
  ssoEvent,
  verdictOf,
  type Handler,
  type SsoWorld,
  type TestClient,
} from '../support/sso-fixture';

const RUNS = 30;

let world: SsoWorld;
let logs: LogCapture;
let proxy: FaultProxy;
let client: TestClient;
let handlers: Handler[];

beforeAll(async () => {
  logs = captureLogs();
  world = await createSsoWorld();
  proxy = await startFaultProxy(dynamoEndpoint());
  client = await world.newClient();
  handlers = [
    world.handler(),
    world.handler(),
    world.handler({ cache: true }),
    // Through the proxy, with a short timeout so a lost response is retried quickly.
    world.handler({ dynamo: { endpoint: proxy.endpoint, requestTimeoutMs: 500 } }),
  ];
});
afterAll(async () => {
  world.destroy();
  await proxy.close();
  logs.stop();
});

const sendPlan = fc.record({
  token: fc.nat({ max: 3 }),
  handler: fc.nat({ max: 3 }),
  method: fc.constantFrom<'GET' | 'POST'>('GET', 'POST'),
});
const plan = fc.record({
  sends: fc.array(sendPlan, { minLength: 2, maxLength: 16 }),
  concurrency: fc.integer({ min: 2, max: 16 }),
  // One plan in four loses the response of a used-token write (the proxy drops the next PutItem answer).
  loseAWriteResponse: fc.nat({ max: 3 }).map((draw) => draw === 0),
});

it(`never signs one jti in twice, over ${RUNS} random plans of concurrent replays`, async () => {
  // Prepare
  let signIns = 0;
  const property = fc.asyncProperty(plan, async ({ sends, concurrency, loseAWriteResponse }) => {
    proxy.loseNextResponseOf = loseAWriteResponse ? 'PutItem' : undefined;
    const tokens = await Promise.all(Array.from({ length: 4 }, () => mintToken(client)));
    const verdicts: string[][] = tokens.map(() => []);
    // Act: batches of `concurrency` sends in flight together
    for (let start = 0; start < sends.length; start += concurrency) {
      const batch = sends.slice(start, start + concurrency);
      await Promise.all(
        batch.map(async (send) => {
          const fields = { client_id: client.clientId, client_secret: client.secret, token: tokens[send.token] };
          const verdict = verdictOf(await handlers[send.handler]!(ssoEvent(fields, send.method)));
          verdicts[send.token]!.push(verdict);
        }),
      );
    }
    // Assess
    for (const answers of verdicts) {
      if (answers.length === 0) continue;
      const signedIn = answers.filter((verdict) => verdict === 'signed-in').length;
      expect(answers.filter((verdict) => !['signed-in', '104', '105'].includes(verdict))).toEqual([]);
      expect(signedIn).toBe(answers.includes('105') ? Math.min(signedIn, 1) : 1);
      signIns += signedIn;
    }
  });
  // Act
  await fc.assert(property, { numRuns: RUNS });
  // Assess
  expect(signIns).toBeGreaterThan(RUNS);
}, 60_000);
