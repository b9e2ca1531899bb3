/**
 * `config update` as operators run it (the real CLI in a child process) against DynamoDB Local, and the
 * sign-ins of the real handler after it: a change is in effect within 5 s, bad input changes nothing,
 * and two writes at once never lose one (the version lock).
 */
import { jest } from '@jest/globals';
import { DynamoSsoAdminStore, type ConfigReplacement } from '../../lambdas/adapters/dynamodb/sso-admin-store';
import { createDocumentClient } from '../../lambdas/adapters/dynamodb/client';
import { hashSecret } from '../../lambdas/core/client-secret';
import { InfoauthError } from '../../lambdas/core/errors';
import { createConfig, rotateSecret, updateConfig } from '../../tools/admin/config-commands';
import {
  createSsoWorld,
  dynamoEndpoint,
  location,
  mintToken,
  ssoEvent,
  type SsoWorld,
  type TestClient,
} from '../support/sso-fixture';
import { createTestAdmin, type TestAdmin } from './admin-deps-for-tests';
import { localEnv, runCli, runCliJson } from './run-cli';

// Each test spawns the CLI (a second or more per call on a busy machine).
jest.setTimeout(90_000);

let world: SsoWorld;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  world = await createSsoWorld();
  env = localEnv(world.tables);
});
afterAll(() => world.destroy());

const stored = async (clientId: string) => (await world.admin.get(clientId))!;

async function signIn(handler: ReturnType<SsoWorld['handler']>, client: TestClient, now: Date) {
  const token = await mintToken(client, {}, { now });
  return location(await handler(ssoEvent({ client_id: client.clientId, client_secret: client.secret, token }, 'POST')));
}

describe('config update', () => {
  it('changes every given setting, keeps the others, and grows the version', async () => {
    // Prepare
    const client = await world.newClient({ allowedOrigins: ['https://portal.example.test'] });
    const before = await stored(client.clientId);
    // Act
    const updated = await runCliJson(
      [
        'config',
        'update',
        client.clientId,
        '--local',
        '--target-url',
        'https://new.example.test/home',
        '--allowed-origin',
        'https://help.example.test',
        '--error-url',
        'https://help.example.test/sso-error',
        '--max-token-age',
        '600',
        '--clock-tolerance',
        '5',
      ],
      env,
    );
    const removedErrorUrl = await runCliJson(
      ['config', 'update', client.clientId, '--local', '--no-error-url', '--display-name', 'Acme Portal'],
      env,
    );
    // Assess
    expect(updated.status).toBe(0);
    expect(updated.json).toEqual({
      clientId: client.clientId,
      changed: ['targetUrl', 'allowedOrigins', 'maxTokenAge', 'clockTolerance', 'errorUrl'],
      config: expect.objectContaining({
        targetUrl: 'https://new.example.test/home',
        allowedOrigins: ['https://help.example.test', 'https://new.example.test'],
        errorUrl: 'https://help.example.test/sso-error',
        maxTokenAge: 600,
        clockTolerance: 5,
        version: before.version + 1,
      }),
    });
    expect(removedErrorUrl.json).toEqual(expect.objectContaining({ changed: ['errorUrl', 'profile'] }));
    const after = await stored(client.clientId);
    expect(after).toEqual({
      ...before,
      targetUrl: 'https://new.example.test/home',
      allowedOrigins: ['https://help.example.test', 'https://new.example.test'],
      maxTokenAge: 600,
      clockTolerance: 5,
      profile: { displayName: 'Acme Portal' },
      updatedAt: expect.any(Number),
      version: before.version + 2,
    });
  });

  it('swaps the target origin in the allowed origins when only the target URL changes', async () => {
    // Prepare
    const client = await world.newClient({ allowedOrigins: ['https://portal.example.test'] });
    // Act
    const result = await runCli(
      ['config', 'update', client.clientId, '--local', '--target-url', 'https://moved.example.test/in'],
      env,
    );
    // Assess
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/changed targetUrl, allowedOrigins\. In effect for sign-ins within 5 s/);
    expect((await stored(client.clientId)).allowedOrigins).toEqual([
      'https://portal.example.test',
      'https://moved.example.test',
    ]);
  });

  it('records in the audit trail only the settings that changed (requireAud off is no change)', async () => {
    // Prepare
    const client = await world.newClient();
    // Act
    const tolerance = await runCliJson(['config', 'update', client.clientId, '--local', '--clock-tolerance', '5'], env);
    const on = await runCliJson(['config', 'update', client.clientId, '--local', '--require-aud'], env);
    const off = await runCliJson(['config', 'update', client.clientId, '--local', '--no-require-aud'], env);
    const offAgain = await runCliJson(
      ['config', 'update', client.clientId, '--local', '--no-require-aud', '--max-token-age', '60'],
      env,
    );
    const audit = await runCliJson(['audit', '--local', '--client-id', client.clientId], env);
    // Assess
    expect([tolerance, on, off, offAgain].map((result) => result.json.changed)).toEqual([
      ['clockTolerance'],
      ['requireAud'],
      ['requireAud'],
      ['maxTokenAge'],
    ]);
    const records = audit.json.records as { action: string; changes: object }[];
    expect(records.filter((record) => record.action === 'config update').map((record) => record.changes)).toEqual([
      { maxTokenAge: 60 },
      { requireAud: false },
      { requireAud: true },
      { clockTolerance: 5 },
    ]);
    expect(await stored(client.clientId)).not.toHaveProperty('requireAud');
  });

  it.each([
    [['--max-token-age', 'ten'], 2, /whole number of seconds/],
    [['--clock-tolerance', '-1'], 2, /whole number of seconds/],
    [['--target-url', 'app.example.test/x'], 2, /target URL must be an absolute http\(s\) URL/],
    [['--allowed-origin', 'https://b.example.test/path'], 2, /is not an origin/],
    [['--error-url', 'https://elsewhere.example.test/e'], 2, /error URL must be on an allowed origin/],
    [['--colour', 'blue'], 2, /unknown option '--colour'/],
    [['--support-email', 'not-an-address'], 2, /--support-email must be an email address/],
    [[], 2, /nothing to change/],
  ])('refuses update %j with status %i and changes nothing', async (args, status, message) => {
    // Prepare
    const client = await world.newClient();
    const before = await stored(client.clientId);
    // Act
    const result = await runCliJson(['config', 'update', client.clientId, '--local', ...args], env);
    // Assess
    expect(result.status).toBe(status);
    expect(result.stderr).toMatch(message);
    expect(result.json).toEqual({ error: { kind: expect.any(String), message: expect.stringMatching(message) } });
    expect(await stored(client.clientId)).toEqual(before);
  });

  it('says so for an unknown or malformed client id', async () => {
    // Act
    const unknown = await runCli(['config', 'update', 'NoSuchClient', '--local', '--clock-tolerance', '5'], env);
    const malformed = await runCli(['config', 'update', 'not a client', '--local', '--clock-tolerance', '5'], env);
    // Assess
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toBe('error: no SSO configuration has client id NoSuchClient\n');
    expect(malformed.status).toBe(2);
  });

  it('is in effect for sign-ins within 5 s, also on a handler that cached the configuration', async () => {
    // Prepare
    const client = await world.newClient();
    let now = new Date();
    const handler = world.handler({ cache: true, clock: () => now });
    const first = await signIn(handler, client, now);
    // Act
    const result = await runCli(
      ['config', 'update', client.clientId, '--local', '--target-url', 'https://moved.example.test/in'],
      env,
    );
    now = new Date(now.getTime() + 5000);
    const second = await signIn(handler, client, now);
    // Assess
    expect(result.status).toBe(0);
    expect(first.origin).toBe('https://app.example.test');
    expect(second.origin + second.pathname).toBe('https://moved.example.test/in');
    expect(second.searchParams.has('assertion')).toBe(true);
  });
});

describe('the version lock of every configuration write', () => {
  let admin: TestAdmin;
  beforeAll(async () => {
    admin = await createTestAdmin();
  });
  afterAll(() => admin.close());

  const configOn = (target: TestAdmin) =>
    createConfig(target, { cid: 'lock-test', targetUrl: 'https://app.example.test/' });

  /** A store where someone else always writes the next version just before this writer does. */
  class RacedStore extends DynamoSsoAdminStore {
    override async replace(replacement: ConfigReplacement): Promise<void> {
      const current = (await this.get(replacement.after.clientId))!;
      const theirs = { ...current, clockTolerance: current.version, version: current.version + 1 };
      await super.replace({ action: 'config update', before: current, after: theirs });
      return super.replace(replacement);
    }
  }

  it('refuses a write based on a version someone else already replaced', async () => {
    // Prepare
    const { clientId } = await configOn(admin);
    const base = (await admin.configs.get(clientId))!;
    const nowSeconds = base.updatedAt; // the same second: a timestamp lock could not tell these apart
    const first = { ...base, clockTolerance: 1, updatedAt: nowSeconds, version: 2 };
    await admin.configs.replace({ action: 'config update', before: base, after: first });
    // Act
    const second = { ...base, maxTokenAge: 9, updatedAt: nowSeconds, version: 2 };
    const stale = admin.configs.replace({ action: 'config update', before: base, after: second });
    // Assess
    await expect(stale).rejects.toEqual(expect.objectContaining({ code: 'conflict' }));
    expect(await admin.configs.get(clientId)).toEqual(expect.objectContaining({ clockTolerance: 1, maxTokenAge: 300 }));
  });

  it('applies both of two updates made at once, in the same second', async () => {
    // Prepare
    const { clientId } = await configOn(admin);
    admin.setNow(new Date('2030-01-01T00:00:00Z'));
    // Act
    await Promise.all([
      updateConfig(admin, clientId, { maxTokenAge: 100 }),
      updateConfig(admin, clientId, { clockTolerance: 7 }),
      updateConfig(admin, clientId, { errorUrl: 'https://app.example.test/error' }),
    ]);
    // Assess
    expect(await admin.configs.get(clientId)).toEqual(
      expect.objectContaining({
        maxTokenAge: 100,
        clockTolerance: 7,
        errorUrl: 'https://app.example.test/error',
        version: 4,
      }),
    );
  });

  it('never loses a secret rotation: each one that reports success is in effect, the other gets a conflict', async () => {
    // Prepare
    const { clientId } = await configOn(admin);
    admin.setNow(new Date('2030-01-01T00:00:00Z'));
    // Act
    const results = await Promise.allSettled([
      rotateSecret(admin, clientId, 3600),
      rotateSecret(admin, clientId, 3600),
    ]);
    // Assess
    const done = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value.clientSecret] : []));
    const failed = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
    const after = (await admin.configs.get(clientId))!;
    const accepted = [after.secretHash, after.previousSecret?.hash];
    expect(done.length).toBeGreaterThanOrEqual(1);
    for (const secret of done) expect(accepted).toContain(hashSecret(secret));
    for (const reason of failed) {
      expect(reason).toBeInstanceOf(InfoauthError);
      expect(reason).toEqual(
        expect.objectContaining({ code: 'conflict', message: expect.stringMatching(/meanwhile/) }),
      );
    }
    expect(after.version).toBe(1 + done.length);
  });

  it('gives up with a clear conflict when the configuration keeps changing, storing nothing of the change', async () => {
    // Prepare
    const { clientId } = await configOn(admin);
    const client = createDocumentClient({ endpoint: dynamoEndpoint(), requestTimeoutMs: 5000 });
    const raced = { ...admin, configs: new RacedStore(client, admin.tables, admin.audit) };
    // Act
    const attempt = updateConfig(raced, clientId, { maxTokenAge: 1 });
    // Assess
    await expect(attempt).rejects.toEqual(
      expect.objectContaining({ code: 'conflict', message: expect.stringMatching(/kept changing.*nothing of it/) }),
    );
    client.destroy();
    expect(await admin.configs.get(clientId)).toEqual(expect.objectContaining({ maxTokenAge: 300, version: 4 }));
  });
});
