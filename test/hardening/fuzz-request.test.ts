/**
 * Property: whatever arrives (any fields, encodings, headers, garbage), the answer is a 302 with
 * Cache-Control no-store and Referrer-Policy no-referrer, to the target with an assertion only for the
 * right client, secret and an unused valid token, otherwise to the right error page with a code of
 * 101..106 and the request's ref. Thousands of cases run through the real handler over in-memory
 * ports; a few hundred through the real handler on DynamoDB Local.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import fc from 'fast-check';
import { parseSsoRequest } from '../../lambdas/sso/request';
import { createInMemorySso, CLIENT_ERROR_URL, TARGET_URL, type InMemorySso } from '../support/in-memory-sso';
import { LeakWatch } from '../support/leak-watch';
import { captureLogs, type LogCapture } from '../support/log-capture';
import { eventOf, ssoRequestArbitrary } from '../support/sso-request-arbitraries';
import { createSsoWorld, ERROR_PAGE, mintToken, ssoEvent, type TestClient } from '../support/sso-fixture';

const IN_MEMORY_RUNS = 7000;
const DYNAMO_RUNS = 250;
const TOKEN_POOL = 400;

let logs: LogCapture;
const watch = new LeakWatch();
beforeAll(() => {
  logs = captureLogs();
});
afterAll(() => logs.stop());

async function tokenPool(client: TestClient, now: Date): Promise<string[]> {
  const pool: string[] = [];
  for (let index = 0; index < TOKEN_POOL; index++) pool.push(watch.token(await mintToken(client, {}, { now })));
  return pool;
}

interface Expectation {
  readonly enabled: TestClient;
  readonly disabled: TestClient;
  readonly pool: ReadonlySet<string>;
  /** Tokens that signed someone in so far. */
  readonly used: Set<string>;
  /** The enabled client's own error URL, when it has one. */
  readonly clientErrorUrl?: string;
  /** Codes that cannot happen here (105 over in-memory ports would be a bug). */
  readonly impossible: readonly string[];
}

const hrefWithoutQuery = (url: URL) => `${url.origin}${url.pathname}`;

/** Asserts the invariants of one answer; returns the verdict. */
function assertAnswer(event: APIGatewayProxyEventV2, result: APIGatewayProxyStructuredResultV2, x: Expectation) {
  expect(result.statusCode).toBe(302);
  expect(result.headers?.['Cache-Control']).toBe('no-store');
  expect(result.headers?.['Referrer-Policy']).toBe('no-referrer');
  expect(result.body ?? '').toBe('');
  const location = new URL(String(result.headers?.Location));
  const request = parseSsoRequest(event);
  const isEnabled = request.clientId === x.enabled.clientId && request.clientSecret === x.enabled.secret;

  if (location.searchParams.has('assertion')) {
    // Signed in: only the right client and secret with a token of the pool, never twice.
    expect(isEnabled).toBe(true);
    expect(x.pool.has(request.token ?? '')).toBe(true);
    expect(x.used.has(request.token!)).toBe(false);
    x.used.add(request.token!);
    expect(location.origin).toBe(new URL(TARGET_URL).origin);
    return 'signed-in';
  }
  const code = location.searchParams.get('code') ?? '';
  expect(['101', '102', '103', '104', '105', '106']).toContain(code);
  expect(x.impossible).not.toContain(code);
  expect(location.searchParams.get('ref')).toBe(event.requestContext.requestId);
  const authenticated = ['103', '104', '105', '106'].includes(code) && isEnabled;
  const expectedPage = authenticated && x.clientErrorUrl ? x.clientErrorUrl : ERROR_PAGE;
  expect(hrefWithoutQuery(location)).toBe(hrefWithoutQuery(new URL(expectedPage)));
  if (['103', '104'].includes(code)) expect(isEnabled).toBe(true);
  // `client` only after a good secret, and only ever the client id of this request (contract §2).
  if (['101', '102'].includes(code)) expect(location.searchParams.has('client')).toBe(false);
  if (location.searchParams.has('client')) expect(location.searchParams.get('client')).toBe(request.clientId);
  if (authenticated) expect(location.searchParams.get('client')).toBe(request.clientId);
  if (code === '106') expect(request.clientId).toBe(x.disabled.clientId);
  expect(watch.scanRedirect(result)).toEqual([]);
  return code;
}

describe('request fuzzing', () => {
  let sso: InMemorySso;
  let pool: string[];
  beforeAll(async () => {
    sso = await createInMemorySso();
    pool = await tokenPool(sso.client, sso.now);
    for (const client of [sso.client, sso.disabled]) watch.secret(client.secret);
  });

  it(`answers ${IN_MEMORY_RUNS} generated requests through the handler over in-memory ports`, async () => {
    // Prepare
    const expectation: Expectation = {
      enabled: sso.client,
      disabled: sso.disabled,
      pool: new Set(pool),
      used: new Set(),
      clientErrorUrl: CLIENT_ERROR_URL,
      impossible: ['105'],
    };
    const verdicts = new Map<string, number>();
    const arbitrary = ssoRequestArbitrary([sso.client, sso.disabled], (index) => pool[index % pool.length]!);
    // Act
    await fc.assert(
      fc.asyncProperty(arbitrary, async (plan) => {
        const event = eventOf(plan);
        const verdict = assertAnswer(event, await sso.handle(event), expectation);
        verdicts.set(verdict, (verdicts.get(verdict) ?? 0) + 1);
      }),
      { numRuns: IN_MEMORY_RUNS },
    );
    // Assess: the generator reached every outcome the in-memory world can give
    expect([...verdicts.keys()].sort()).toEqual(['101', '102', '103', '104', '106', 'signed-in']);
    expect(sso.usedTokens.used.size).toBe(verdicts.get('signed-in'));
  }, 60_000);

  it(`answers ${DYNAMO_RUNS} generated requests through the handler on DynamoDB Local`, async () => {
    // Prepare
    const world = await createSsoWorld();
    const enabled = await world.newClient();
    const disabled = await world.newClient({ enabled: false, key: enabled.key });
    for (const client of [enabled, disabled]) watch.secret(client.secret);
    const dynamoPool = await tokenPool(enabled, new Date());
    const handler = world.handler();
    const expectation: Expectation = {
      enabled,
      disabled,
      pool: new Set(dynamoPool),
      used: new Set(),
      impossible: [],
    };
    const verdicts: string[] = [];
    const arbitrary = ssoRequestArbitrary([enabled, disabled], (index) => dynamoPool[index % 60]!);
    // Act
    await fc.assert(
      fc.asyncProperty(arbitrary, async (plan) => {
        const event = eventOf(plan);
        verdicts.push(assertAnswer(event, await handler(event), expectation));
      }),
      { numRuns: DYNAMO_RUNS },
    );
    // Every token that signed someone in during the run is spent: a replay with the right secret is a 104.
    // (Whether the random plans themselves replayed one depends on the seed; this does not.)
    const replays = await Promise.all(
      [...expectation.used].map(async (token) => {
        const event = ssoEvent({ client_id: enabled.clientId, client_secret: enabled.secret, token }, 'POST');
        return assertAnswer(event, await handler(event), expectation);
      }),
    );
    world.destroy();
    // Assess
    expect(verdicts).toContain('signed-in');
    expect(replays.length).toBe(verdicts.filter((verdict) => verdict === 'signed-in').length);
    expect(new Set(replays)).toEqual(new Set(['104']));
  }, 60_000);

  it('wrote no client secret, token, signature segment or unmasked email to the logs', () => {
    // Assess
    expect(logs.lines.length).toBeGreaterThan(IN_MEMORY_RUNS);
    expect(watch.scan(logs.lines)).toEqual([]);
  });
});
