/**
 * Very long values in every request field, and huge or hostile request bodies, against the real handler
 * on DynamoDB Local: each gets its documented code (or signs in, for the fields that are only ignored),
 * always as a 302, in bounded time, and nothing of it comes back in the redirect or the logs.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { LeakWatch } from '../support/leak-watch';
import { captureLogs, type LogCapture } from '../support/log-capture';
import { readAnswer } from '../support/sso-answer';
import { createSsoWorld, mintToken, ssoEvent, type SsoWorld, type TestClient } from '../support/sso-fixture';

let world: SsoWorld;
let logs: LogCapture;
let client: TestClient;
const watch = new LeakWatch();

beforeAll(async () => {
  logs = captureLogs();
  world = await createSsoWorld();
  client = await world.newClient();
  watch.secret(client.secret);
});
afterAll(() => {
  world.destroy();
  logs.stop();
});

type Field = 'client_id' | 'client_secret' | 'token' | 'jwt' | 'return_to' | 'state';

/** What a long value in each field leads to: refused with its code and reason, or ignored. */
const EXPECTED: Record<Field, { verdict: string; reason?: string; ignoredFlag?: string }> = {
  client_id: { verdict: '101', reason: 'client-id-malformed' },
  client_secret: { verdict: '102', reason: 'secret-mismatch' },
  token: { verdict: '103', reason: 'token-too-large' },
  jwt: { verdict: '103', reason: 'token-too-large' },
  return_to: { verdict: 'signed-in', ignoredFlag: 'returnToIgnored' },
  state: { verdict: 'signed-in', ignoredFlag: 'stateIgnored' },
};

function longValue(field: Field, length: number): string {
  if (field === 'return_to') return `https://app.example.test/${'r'.repeat(length)}`;
  if (field === 'token' || field === 'jwt') return `eyJ${'A'.repeat(length)}.eyJ.sig`;
  return 'x'.repeat(length);
}

async function eventWithLong(field: Field, length: number, method: 'GET' | 'POST') {
  const token = watch.token(await mintToken(client));
  const fields: Record<string, string> = { client_id: client.clientId, client_secret: client.secret, token };
  if (field === 'jwt') delete fields.token;
  fields[field] = longValue(field, length);
  return ssoEvent(fields, method);
}

const sizes: Array<[string, number, 'GET' | 'POST']> = [
  ['8 KB in the query', 8 * 1024, 'GET'],
  ['1 MB in a form body', 1024 * 1024, 'POST'],
];

describe.each(sizes)('%s', (_size, length, method) => {
  it.each(Object.keys(EXPECTED) as Field[])('a long %s', async (field) => {
    // Prepare
    const event = await eventWithLong(field, length, method);
    // Act
    const result = await world.handler()(event);
    // Assess
    const answer = readAnswer(result, logs);
    const expected = EXPECTED[field];
    expect([answer.status, answer.cacheControl]).toEqual([302, 'no-store']);
    expect(answer.verdict).toBe(expected.verdict);
    if (expected.reason) expect(answer.reason).toBe(expected.reason);
    if (expected.ignoredFlag) {
      expect(logs.lineFor(event.requestContext.requestId)?.[expected.ignoredFlag]).toBe(true);
      expect(`${answer.location.origin}${answer.location.pathname}`).toBe('https://app.example.test/landing');
      expect(answer.location.searchParams.has('state')).toBe(false);
    }
    expect(result.headers?.Location?.toString().length).toBeLessThan(4096);
    expect(watch.scanRedirect(result)).toEqual([]);
  });
});

/** A POST event whose form body is the SSO fields followed by `extra` (already encoded). */
async function postWithExtra(extra: string, base64 = false): Promise<APIGatewayProxyEventV2> {
  const token = watch.token(await mintToken(client));
  const event = ssoEvent({ client_id: client.clientId, client_secret: client.secret, token }, 'POST');
  const body = `${event.body}&${extra}`;
  return { ...event, body: base64 ? Buffer.from(body).toString('base64') : body, isBase64Encoded: base64 };
}

describe('huge and hostile form bodies', () => {
  it('signs in with a 5 MB filler field in the body', async () => {
    // Prepare
    const event = await postWithExtra(`filler=${'f'.repeat(5 * 1024 * 1024)}`);
    // Act
    const result = await world.handler()(event);
    // Assess
    expect(readAnswer(result, logs).verdict).toBe('signed-in');
  });

  it('signs in with a 4 MB base64-encoded body, as API Gateway sends form posts', async () => {
    // Prepare
    const event = await postWithExtra(`filler=${'f'.repeat(3 * 1024 * 1024)}`, true);
    // Act
    const result = await world.handler()(event);
    // Assess
    expect(readAnswer(result, logs).verdict).toBe('signed-in');
  });

  // Regression: request parsing was quadratic in the number of distinct field names (one getAll per
  // name), so a 1 MB body of short distinct names kept a Lambda busy for minutes. Bounded by the timeout.
  it('answers a body of 100,000 distinct field names within the test timeout', async () => {
    // Prepare
    const names = Array.from({ length: 100_000 }, (_, index) => `f${index}=`).join('&');
    const event = await postWithExtra(names);
    // Act
    const result = await world.handler()(event);
    // Assess
    expect(readAnswer(result, logs).verdict).toBe('signed-in');
  }, 15_000);

  it('refuses 100,000 repeated client_id fields as one malformed client id', async () => {
    // Prepare
    const event = await postWithExtra(Array.from({ length: 100_000 }, () => `client_id=${client.clientId}`).join('&'));
    // Act
    const result = await world.handler()(event);
    // Assess
    const answer = readAnswer(result, logs);
    expect([answer.verdict, answer.reason]).toEqual(['101', 'client-id-malformed']);
  }, 15_000);

  it('refuses 10,000 repeated token fields as one oversized token', async () => {
    // Prepare
    const token = watch.token(await mintToken(client));
    const event = await postWithExtra(Array.from({ length: 10_000 }, () => `token=${token}`).join('&'));
    // Act
    const result = await world.handler()(event);
    // Assess
    const answer = readAnswer(result, logs);
    expect([answer.verdict, answer.reason]).toEqual(['103', 'token-too-large']);
  });

  it('ignores a body that is not a form, even when it holds the fields', async () => {
    // Prepare
    const event = await postWithExtra('');
    const asJson = { ...event, headers: { 'content-type': 'application/json' } };
    // Act
    const result = await world.handler()(asJson);
    // Assess
    const answer = readAnswer(result, logs);
    expect([answer.verdict, answer.reason]).toEqual(['101', 'client-id-missing']);
  });
});

describe('after every long field and huge body', () => {
  it('wrote no client secret, token, signature segment or unmasked email to the logs', () => {
    // Assess
    expect(logs.lines.length).toBeGreaterThan(20);
    expect(watch.scan(logs.lines)).toEqual([]);
  });
});
