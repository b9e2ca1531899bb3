/**
 * A bounded load run on loopback: the handler behind the local server (tools/local/local-server.ts, the
 * same HTTP-to-API-Gateway-event mapping as `npm start`) on DynamoDB Local, many distinct tokens each
 * sent several times at once. Every answer is a 302; the only refusals are 104s; each token signs in
 * exactly once.
 */
import type { Server } from 'node:http';
import { inPool } from '../../bench/worker-pool';
import { createLocalServer } from '../../tools/local/local-server';
import { LeakWatch } from '../support/leak-watch';
import { captureLogs, type LogCapture } from '../support/log-capture';
import { createSsoWorld, mintToken, type SsoWorld, type TestClient } from '../support/sso-fixture';

const TOKENS = 300;
const SENDS_PER_TOKEN = 3;
const CONCURRENCY = 32;

let world: SsoWorld;
let logs: LogCapture;
let server: Server;
let baseUrl: string;
let client: TestClient;
const statuses: number[] = [];
const watch = new LeakWatch();

beforeAll(async () => {
  logs = captureLogs();
  world = await createSsoWorld();
  client = await world.newClient();
  watch.secret(client.secret);
  // As in AWS: one handler instance with the settings cache, many requests in flight.
  const handler = world.handler({ cache: true });
  server = createLocalServer({
    handler: (event) => handler(event),
    errorPage: { files: {}, headers: {} },
    demo: async () => ({ statusCode: 404, headers: {}, body: '' }),
    onRequest: ({ status }) => statuses.push(status),
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  world.destroy();
  logs.stop();
});

/** POSTs the form and reads the verdict from the redirect. */
async function send(token: string): Promise<{ status: number; verdict: string }> {
  const response = await fetch(`${baseUrl}/sso`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: client.clientId, client_secret: client.secret, token }).toString(),
  });
  await response.arrayBuffer();
  const location = new URL(response.headers.get('location') ?? 'about:blank');
  const verdict = location.searchParams.has('assertion') ? 'signed-in' : (location.searchParams.get('code') ?? 'none');
  return { status: response.status, verdict };
}

it(`gives ${TOKENS} tokens sent ${SENDS_PER_TOKEN} times each, ${CONCURRENCY} at a time, exactly one sign-in each`, async () => {
  // Prepare: the replays of one token sit next to each other, so they are in flight together
  const tokens = await Promise.all(Array.from({ length: TOKENS }, async () => watch.token(await mintToken(client))));
  const jobs = tokens.flatMap((token, index) =>
    Array.from({ length: SENDS_PER_TOKEN }, () => async () => ({ index, ...(await send(token)) })),
  );
  // Act
  const results = await inPool(jobs, CONCURRENCY, (job) => job());
  // Assess
  expect(results.filter((result) => result.status !== 302)).toEqual([]);
  expect(statuses).toHaveLength(TOKENS * SENDS_PER_TOKEN);
  expect(new Set(results.map((result) => result.verdict))).toEqual(new Set(['signed-in', '104']));
  const signInsPerToken = new Array<number>(TOKENS).fill(0);
  for (const result of results) if (result.verdict === 'signed-in') signInsPerToken[result.index]!++;
  expect(signInsPerToken.filter((count) => count !== 1)).toEqual([]);
  expect(results.filter((result) => result.verdict === '104')).toHaveLength(TOKENS * (SENDS_PER_TOKEN - 1));
}, 60_000);

it('wrote no client secret, token, signature segment or unmasked email to the logs', () => {
  // Assess
  expect(logs.lines.length).toBeGreaterThanOrEqual(TOKENS * SENDS_PER_TOKEN);
  expect(watch.scan(logs.lines)).toEqual([]);
});
