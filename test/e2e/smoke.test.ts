/**
 * `admin smoke` against a real `npm start` (one server for every case): `--local` as an operator runs it
 * (a child process, PORT), and the stack path with CloudFormation and STS faked, whose outputs point at
 * the same running server and tables (the stand-in for a deployed stack). Then the failures: a JWKS that
 * does not hold the signing key, a service that never answers, and bad input. The same server serves
 * `admin find --local`, which shows the audit records of the hour before a request.
 */
import { jest } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import { userInfo } from 'node:os';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { exportJWK, generateKeyPair } from 'jose';
import { createDocumentClient } from '../../lambdas/adapters/dynamodb/client';
import type { TableNames } from '../../lambdas/adapters/dynamodb/tables';
import { STACK_OUTPUTS } from '../../lambdas/core/deployment';
import { resolveSmokeTarget } from '../../tools/admin/smoke/smoke-target';
import { runSmoke, type SmokeResult, type SmokeStep } from '../../tools/admin/smoke/smoke-run';
import { mintToken } from '../../tools/admin/token-commands';
import { freePort } from '../../tools/local/dynamo-local';
import { localEnv, runCli, runCliJson } from '../cli/run-cli';
import { npmStart, type RunningLocal } from '../support/npm-start';
import { dynamoEndpoint, freshTables } from '../support/sso-fixture';

jest.setTimeout(240_000);

const STACK = 'InfoauthSmoke';
const CALLER = 'arn:aws:sts::123456789012:assumed-role/Deployer/ci';
const cfnMock = mockClient(CloudFormationClient);
const stsMock = mockClient(STSClient);
const saved = { endpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB, region: process.env.AWS_REGION };

let tables: TableNames;
let env: NodeJS.ProcessEnv;
let local: RunningLocal;

beforeAll(async () => {
  tables = await freshTables();
  env = localEnv(tables, { PORT: String(await freePort()) });
  local = await npmStart(env);
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamoEndpoint();
  process.env.AWS_REGION = 'eu-west-1';
  stsMock.on(GetCallerIdentityCommand).resolves({ Arn: CALLER });
});

afterAll(async () => {
  await local?.stop();
  cfnMock.restore();
  stsMock.restore();
  process.env.AWS_ENDPOINT_URL_DYNAMODB = saved.endpoint;
  process.env.AWS_REGION = saved.region;
});

/** The stack's outputs, pointing at the running `npm start` unless overridden. */
function fakeStack(overrides: Partial<Record<keyof typeof STACK_OUTPUTS, string>> = {}): void {
  const values: Record<string, string> = {
    [STACK_OUTPUTS.ssoUrl]: overrides.ssoUrl ?? `${local.baseUrl}/sso`,
    [STACK_OUTPUTS.jwksUrl]: overrides.jwksUrl ?? `${local.baseUrl}/.well-known/jwks.json`,
    [STACK_OUTPUTS.errorPageUrl]: overrides.errorPageUrl ?? `${local.baseUrl}/error/`,
    [STACK_OUTPUTS.configTable]: tables.configs,
    [STACK_OUTPUTS.featureTable]: tables.features,
    [STACK_OUTPUTS.usedTokenTable]: tables.usedTokens,
    [STACK_OUTPUTS.auditTable]: tables.audit,
    [STACK_OUTPUTS.ssoLogGroup]: 'InfoauthSmoke-SsoLogs',
    [STACK_OUTPUTS.signingMode]: 'wrapped',
    [STACK_OUTPUTS.keyEncryptionKeyId]: 'arn:aws:kms:eu-west-1:123456789012:key/kek',
  };
  cfnMock.reset();
  cfnMock.on(DescribeStacksCommand, { StackName: STACK }).resolves({
    Stacks: [
      {
        StackName: STACK,
        StackStatus: 'UPDATE_COMPLETE',
        CreationTime: new Date(),
        Outputs: Object.entries(values).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })),
      },
    ],
  });
}

async function smokeTheStack(timeoutMs = 10_000): Promise<{ result: SmokeResult; lines: SmokeStep[] }> {
  const target = await resolveSmokeTarget({ stack: STACK });
  const lines: SmokeStep[] = [];
  try {
    const result = await runSmoke(
      { admin: target.admin, endpoints: target.endpoints, timeoutMs, now: () => new Date() },
      (step) => lines.push(step),
    );
    return { result, lines };
  } finally {
    target.admin.close();
  }
}

const outcomes = (result: SmokeResult) => Object.fromEntries(result.steps.map((step) => [step.name, step.outcome]));

/** What the smoke left behind for its CID: configurations, feature setting, used-token records. */
async function leftovers(cid: string, clientId: string) {
  const client = createDocumentClient({ endpoint: dynamoEndpoint(), requestTimeoutMs: 5000 });
  try {
    const config = await client.send(new GetCommand({ TableName: tables.configs, Key: { pk: clientId } }));
    const feature = await client.send(new GetCommand({ TableName: tables.features, Key: { pk: cid } }));
    const used = await client.send(new ScanCommand({ TableName: tables.usedTokens, ConsistentRead: true }));
    const ofThis = (used.Items ?? []).filter(
      (item) => String(item.pk).startsWith(`${clientId}#`) || String(item.pk).startsWith(`${cid}#`),
    );
    return { config: config.Item, feature: feature.Item, usedTokens: ofThis };
  } finally {
    client.destroy();
  }
}

describe('admin smoke --local against npm start', () => {
  it('passes every step, one line each with its time, exits 0, and leaves nothing behind but the audit trail', async () => {
    // Act
    const run = await runCli(['smoke', '--local'], env);
    // Assess
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines.map((line) => line.split(/\s+/).slice(1, 3).join(' '))).toEqual([
      'passed setup',
      'passed sign-in',
      'passed replay',
      'passed wrong-secret',
      'passed error-page',
      'passed clean-up',
      'passed: 6',
    ]);
    for (const line of lines.slice(0, 6))
      expect(line).toMatch(/^\d{2}:\d{2}:\d{2}\.\d{3}Z\s+passed\s+\S+\s+\d+ ms {2}\S/);
    expect(lines[1]).toMatch(/assertion verified against the JWKS: kid \S+, aud \S+, sub smoke-test@example.com/);
    expect(lines[6]).toBe(`smoke passed: 6 of 6 steps against npm start at ${local.baseUrl}`);
    const [, clientId, cid] = /configuration (\S+) for CID (\S+),/.exec(lines[0]!)!;
    expect(await leftovers(cid!, clientId!)).toEqual({ config: undefined, feature: undefined, usedTokens: [] });
    const audit = await runCliJson(['audit', '--local', '--cid', cid!], env);
    expect((audit.json.records as { action: string }[]).map((record) => record.action)).toEqual([
      'used-token delete',
      'sso remove',
      'config delete',
      'sso enable',
      'config create',
    ]);
  });

  it('prints one JSON object with --json (the step lines go to stderr)', async () => {
    // Act
    const run = await runCliJson(['smoke', '--local'], env);
    // Assess
    expect(run.status).toBe(0);
    expect(run.json).toMatchObject({ passed: true, cid: expect.stringMatching(/^smoke-/) });
    expect((run.json.steps as SmokeStep[]).map((step) => step.outcome)).toEqual(Array(6).fill('passed'));
    expect(run.stderr).toMatch(/smoke passed: 6 of 6 steps/);
  });

  it('exits 2 on bad input: a PORT that is not a port, --local with --stack, a bad --timeout', async () => {
    // Act
    const port = await runCli(['smoke', '--local'], { ...env, PORT: 'http' });
    const both = await runCli(['smoke', '--local', '--stack', STACK], env);
    const timeout = await runCli(['smoke', '--local', '--timeout', '0'], env);
    // Assess
    expect([port.status, both.status, timeout.status]).toEqual([2, 2, 2]);
    expect(port.stderr).toBe('error: PORT "http" is not a port number (1-65535)\n');
  });
});

describe('admin smoke against a stack (CloudFormation and STS faked, npm start standing in)', () => {
  it('passes through the stack outputs, and its clean-up is audited under the caller ARN', async () => {
    // Prepare
    fakeStack();
    // Act
    const { result, lines } = await smokeTheStack();
    // Assess
    expect(outcomes(result)).toEqual({
      setup: 'passed',
      'sign-in': 'passed',
      replay: 'passed',
      'wrong-secret': 'passed',
      'error-page': 'passed',
      'clean-up': 'passed',
    });
    expect(lines.map((step) => step.name)).toEqual(result.steps.map((step) => step.name));
    expect(result.steps.at(-1)?.detail).toBe(
      'removed configuration, feature setting, used-token record; audit trail: ' +
        'config create, sso enable, config delete, sso remove, used-token delete',
    );
    const audit = await runCliJson(['audit', '--local', '--cid', result.cid], env);
    expect(new Set((audit.json.records as { actor: string }[]).map((record) => record.actor))).toEqual(
      new Set([CALLER]),
    );
    expect(await leftovers(result.cid, result.clientId!)).toEqual({
      config: undefined,
      feature: undefined,
      usedTokens: [],
    });
  });

  describe('when something is wrong', () => {
    let jwksServer: Server;
    let silent: TcpServer;
    const sockets: Socket[] = [];
    beforeAll(async () => {
      // A JWKS that publishes some other key, and a server that accepts connections but never answers.
      const { publicKey } = await generateKeyPair('ES256');
      const otherJwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'other', alg: 'ES256' }] });
      jwksServer = createServer((_request, response) => response.end(otherJwks));
      silent = createTcpServer((socket) => sockets.push(socket));
      await Promise.all([
        new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve)),
        new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve)),
      ]);
    });
    afterAll(async () => {
      for (const socket of sockets) socket.destroy();
      await Promise.all([
        new Promise((resolve) => jwksServer.close(resolve)),
        new Promise((resolve) => silent.close(resolve)),
      ]);
    });
    const portOf = (server: Server | TcpServer) => (server.address() as { port: number }).port;

    it('fails the sign-in when the assertion does not verify against the published JWKS, and still cleans up', async () => {
      // Prepare
      fakeStack({ jwksUrl: `http://127.0.0.1:${portOf(jwksServer)}/.well-known/jwks.json` });
      // Act
      const { result } = await smokeTheStack();
      // Assess
      expect(result.passed).toBe(false);
      expect(outcomes(result)).toMatchObject({ 'sign-in': 'failed', 'clean-up': 'passed' });
      expect(result.steps.find((step) => step.name === 'sign-in')?.detail).toMatch(/does not verify against the JWKS/);
      expect(await leftovers(result.cid, result.clientId!)).toEqual({
        config: undefined,
        feature: undefined,
        usedTokens: [],
      });
    });

    it('fails, within its bound, each step whose service does not answer', async () => {
      // Prepare
      const nowhere = `http://127.0.0.1:${portOf(silent)}`;
      fakeStack({ ssoUrl: `${nowhere}/sso`, errorPageUrl: `${nowhere}/error/` });
      // Act
      const { result } = await smokeTheStack(500);
      // Assess
      expect(result.passed).toBe(false);
      expect(outcomes(result)).toEqual({
        setup: 'passed',
        'sign-in': 'failed',
        replay: 'skipped',
        'wrong-secret': 'failed',
        'error-page': 'failed',
        'clean-up': 'passed',
      });
      const failed = result.steps.filter((step) => step.outcome === 'failed');
      for (const step of failed) expect(step.detail).toMatch(/no answer within 500 ms$/);
    });
  });
});

describe('admin find --local shows the changes of the hour before a request', () => {
  it('says that SSO was disabled shortly before a 106, and who did it', async () => {
    // Prepare: a client whose CID is switched off, then a sign-in that gets 106.
    const cid = 'find-audit';
    const created = await runCliJson(
      ['config', 'create', '--local', '--cid', cid, '--target-url', `${local.baseUrl}/demo/`],
      env,
    );
    await runCli(['sso', 'enable', cid, '--local'], env);
    await runCli(['sso', 'disable', cid, '--local'], env);
    const privateJwk = JSON.stringify((created.json.signingKey as { privateJwk: object }).privateJwk);
    const { token } = await mintToken({ privateJwk, cid, email: 'jane.doe@example.com' }, new Date());
    const response = await fetch(`${local.baseUrl}/sso`, {
      method: 'POST',
      body: new URLSearchParams({
        client_id: created.json.clientId as string,
        client_secret: created.json.clientSecret as string,
        token,
      }),
      redirect: 'manual',
    });
    const location = new URL(response.headers.get('location')!);
    expect(location.searchParams.get('code')).toBe('106');
    // Act
    const found = await runCliJson(['find', location.searchParams.get('ref')!, '--local'], env);
    const text = await runCli(['find', location.searchParams.get('ref')!, '--local'], env);
    // Assess
    expect(found.status).toBe(0);
    const changes = found.json.changesBefore as { summary: string; record: { action: string } }[];
    // npm start created the assertion signing key at start-up: a global change, shown too.
    expect(changes.map((change) => change.record.action)).toEqual([
      'sso disable',
      'sso enable',
      'config create',
      'keys rotate',
    ]);
    expect(changes[0]?.summary).toMatch(
      new RegExp(`^SSO was disabled for CID ${cid} \\d+ seconds? before this 106 \\(by ${userInfo().username}\\)$`),
    );
    expect(text.stdout).toMatch(
      /Changes in the hour before \(newest first\):\n {2}SSO was disabled for CID find-audit/,
    );
  });
});
