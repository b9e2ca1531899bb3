/**
 * What the handler writes to its logs, for every outcome, even with the Powertools debugging switches an
 * operator may turn on in production: never a client secret, a token, a signature segment or an unmasked
 * email; and the redirect of a refusal never carries the token or the secret.
 */
import { freePort } from '../../tools/local/dynamo-local';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';
import { LeakWatch } from '../support/leak-watch';
import { captureLogs, type LogCapture } from '../support/log-capture';
import { readAnswer } from '../support/sso-answer';
import {
  createSsoWorld,
  dynamoEndpoint,
  mintToken,
  ssoEvent,
  type Handler,
  type SsoWorld,
  type TestClient,
} from '../support/sso-fixture';

let world: SsoWorld;
let logs: LogCapture;
let proxy: FaultProxy;
let client: TestClient;
let disabled: TestClient;
const watch = new LeakWatch();
const EMAIL = 'grace.hopper@navy.example';

/** The Powertools switches an operator may set while debugging; none may make the handler log secrets. */
const DEBUG_ENV = { POWERTOOLS_LOGGER_LOG_EVENT: 'true', POWERTOOLS_LOG_LEVEL: 'DEBUG', POWERTOOLS_DEV: 'false' };
const savedEnv: Record<string, string | undefined> = {};

beforeAll(async () => {
  logs = captureLogs();
  world = await createSsoWorld();
  proxy = await startFaultProxy(dynamoEndpoint());
  client = await world.newClient();
  disabled = await world.newClient({ enabled: false });
  for (const secret of [client.secret, disabled.secret]) watch.secret(secret);
  watch.email(EMAIL);
});
afterAll(async () => {
  world.destroy();
  await proxy.close();
  logs.stop();
});
beforeEach(() => {
  for (const [name, value] of Object.entries(DEBUG_ENV)) {
    savedEnv[name] = process.env[name];
    process.env[name] = value;
  }
});
afterEach(() => {
  for (const name of Object.keys(DEBUG_ENV)) {
    if (savedEnv[name] === undefined) delete process.env[name];
    else process.env[name] = savedEnv[name];
  }
  proxy.mode = 'pass';
  proxy.faultOnly = undefined;
});

interface Scenario {
  readonly name: string;
  readonly verdict: string;
  readonly who?: () => TestClient;
  readonly secret?: (c: TestClient) => string;
  readonly claims?: Record<string, unknown>;
  /** A handler with injected DynamoDB faults. */
  readonly handler?: () => Promise<Handler>;
  readonly replay?: boolean;
}

const SCENARIOS: Scenario[] = [
  { name: 'a sign-in', verdict: 'signed-in' },
  { name: '101 (unknown client id)', verdict: '101', who: () => ({ ...client, clientId: 'no-such-client' }) },
  { name: '102 (wrong secret, one character off)', verdict: '102', secret: (c) => `${c.secret.slice(0, -1)}x` },
  { name: '106 (SSO disabled)', verdict: '106', who: () => disabled },
  { name: '103 (cid mismatch)', verdict: '103', claims: { cid: 'someone-else' } },
  { name: '104 (expired)', verdict: '104', claims: { exp: Math.floor(Date.now() / 1000) - 600 } },
  { name: '104 (replayed)', verdict: '104', replay: true },
  {
    name: '105 (DynamoDB unreachable)',
    verdict: '105',
    handler: async () =>
      world.handler({ dynamo: { endpoint: `http://127.0.0.1:${await freePort()}`, maxAttempts: 1 } }),
  },
  {
    name: '105 (the used-token write throttled)',
    verdict: '105',
    handler: async () => {
      proxy.mode = 'throttle';
      proxy.faultOnly = 'PutItem';
      return world.handler({ dynamo: { endpoint: proxy.endpoint, maxAttempts: 1 } });
    },
  },
];

describe.each(['GET', 'POST'] as const)('with event logging and DEBUG switched on, by %s', (method) => {
  it.each(SCENARIOS.map((scenario) => [scenario.name, scenario] as const))('%s', async (_name, scenario) => {
    // Prepare
    const who = scenario.who?.() ?? client;
    const token = watch.token(await mintToken(who, { email: EMAIL, ...scenario.claims }));
    const secret = scenario.secret?.(who) ?? who.secret;
    watch.secret(secret);
    const handler = scenario.handler ? await scenario.handler() : world.handler();
    const event = () => ssoEvent({ client_id: who.clientId, client_secret: secret, token }, method);
    if (scenario.replay) await handler(event());
    const linesBefore = logs.lines.length;
    // Act
    const result = await handler(event());
    // Assess
    expect(readAnswer(result, logs).verdict).toBe(scenario.verdict);
    expect(
      watch.scanRedirect(result).filter((leak) => scenario.verdict !== 'signed-in' || leak.kind !== 'email'),
    ).toEqual([]);
    const written = logs.lines.slice(linesBefore);
    expect(written.length).toBeGreaterThan(0);
    expect(watch.scan(written)).toEqual([]);
  });
});

describe('after every outcome', () => {
  it('wrote no client secret, token, signature segment or unmasked email to the logs', () => {
    // Assess
    expect(logs.lines.length).toBeGreaterThan(SCENARIOS.length * 2);
    expect(watch.scan(logs.lines)).toEqual([]);
  });
});
