/**
 * The bundled SSO artifact itself (the asset's index.mjs in the synthesized cloud assembly), not the
 * source: loaded by Node 24 in a child process with the environment the stack gives the function, and
 * invoked with real API Gateway HTTP API v2 events against DynamoDB Local. Its module load must make
 * no network call. Signing uses the local key-encryption key (the same wrapped-key code; KMS cannot
 * run here).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { METRICS } from '../../lambdas/core/catalog';
import { createSsoWorld, dynamoEndpoint, mintToken, ssoEvent, type SsoWorld } from '../support/sso-fixture';
import { synthesizeStack, type SynthesizedStack } from './synthesized-stack';

const run = promisify(execFile);
const NODE_24 = join(import.meta.dirname, '../../node_modules/.bin/node');
const ISSUER = 'https://abc123.execute-api.us-east-1.amazonaws.com';
const ERROR_PAGE = 'https://d111111abcdef8.cloudfront.net/';

interface DriverOutput {
  readonly loadNetworkCalls: string[];
  readonly invokeNetworkCalls: string[];
  readonly results: APIGatewayProxyStructuredResultV2[];
}

let synth: SynthesizedStack;
let world: SsoWorld;
beforeAll(async () => {
  synth = await synthesizeStack('wrapped');
  world = await createSsoWorld();
}, 120_000);
afterAll(() => world.destroy());

/** The directory of the SSO function's asset in the cloud assembly. */
function ssoArtifact(): string {
  const fn = synth.json.Resources[synth.logicalId(synth.stack.sso.function)]?.Properties as {
    Code: { S3Key: string };
  };
  const manifest = JSON.parse(readFileSync(join(synth.outdir, `${synth.stack.stackName}.assets.json`), 'utf8')) as {
    files: Record<string, { source: { path: string; packaging: string } }>;
  };
  const asset = manifest.files[fn.Code.S3Key.replace(/\.zip$/, '')];
  if (!asset) throw new Error(`no asset for ${fn.Code.S3Key}`);
  return join(synth.outdir, asset.source.path, 'index.mjs');
}

/**
 * The function's environment from the template: literal values as they are, and each CloudFormation
 * reference replaced by what it resolves to here. An unknown reference fails the test.
 */
function functionEnvironment(): Record<string, string> {
  const fn = synth.json.Resources[synth.logicalId(synth.stack.sso.function)]?.Properties as {
    Environment: { Variables: Record<string, unknown> };
  };
  const resolved: Record<string, string> = {
    INFOAUTH_CONFIG_TABLE: world.tables.configs,
    INFOAUTH_FEATURE_TABLE: world.tables.features,
    INFOAUTH_USED_TOKEN_TABLE: world.tables.usedTokens,
    INFOAUTH_ISSUER: ISSUER,
    INFOAUTH_ERROR_PAGE_URL: ERROR_PAGE,
    INFOAUTH_KEK_KEY_ID: 'arn:aws:kms:us-east-1:123456789012:key/not-used-locally',
    // Empty: the bypass guard off, as under npm start (no Secrets Manager here; the guard's own tests are
    // test/unit/edge-guard.test.ts and origin-secret.test.ts).
    INFOAUTH_ORIGIN_SECRET_ARN: '',
  };
  return Object.fromEntries(
    Object.entries(fn.Environment.Variables).map(([name, value]) => {
      if (typeof value === 'string') return [name, value];
      const local = resolved[name];
      if (local === undefined) throw new Error(`the test does not know what ${name} resolves to`);
      return [name, local];
    }),
  );
}

async function invokeArtifact(events: APIGatewayProxyEventV2[]): Promise<DriverOutput & { stdout: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'infoauth-artifact-'));
  writeFileSync(join(dir, 'events.json'), JSON.stringify(events));
  const { stdout } = await run(
    NODE_24,
    [
      join(import.meta.dirname, 'artifact-driver.mjs'),
      ssoArtifact(),
      join(dir, 'events.json'),
      join(dir, 'output.json'),
    ],
    {
      timeout: 60_000,
      env: {
        PATH: process.env.PATH,
        ...functionEnvironment(),
        // What Lambda sets, with credentials DynamoDB Local accepts.
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        AWS_LAMBDA_FUNCTION_NAME: 'Infoauth-SsoFunction',
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
        // Here instead of KMS: the table and the local key-encryption key.
        AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint(),
        INFOAUTH_LOCAL_KEK: world.localKek,
        POWERTOOLS_TRACE_ENABLED: 'false',
      },
    },
  );
  return { ...(JSON.parse(readFileSync(join(dir, 'output.json'), 'utf8')) as DriverOutput), stdout };
}

describe('the bundled SSO artifact', () => {
  it('signs a user in, serves the JWKS that verifies the assertion, and refuses a replay, with no network call at load', async () => {
    // Prepare
    const { clientId, secret, cid, key } = await world.newClient();
    const token = await mintToken({ cid, key });
    const fields = { client_id: clientId, client_secret: secret, token };
    // Act
    const output = await invokeArtifact([
      ssoEvent(fields, 'POST'),
      ssoEvent({}, 'GET', '/.well-known/jwks.json'),
      ssoEvent(fields, 'POST'),
      ssoEvent({ client_id: 'unknown-client', client_secret: 'x', token }, 'GET'),
    ]);
    // Assess
    expect(output.loadNetworkCalls).toEqual([]);
    expect(output.invokeNetworkCalls.length).toBeGreaterThan(0);
    const [signIn, jwks, replay, unknown] = output.results;
    const target = new URL(String(signIn?.headers?.Location));
    expect(signIn?.statusCode).toBe(302);
    expect(target.origin + target.pathname).toBe('https://app.example.test/landing');
    expect(jwks?.statusCode).toBe(200);
    const { payload } = await jwtVerify(
      target.searchParams.get('assertion') ?? '',
      createLocalJWKSet(JSON.parse(String(jwks?.body))),
      { issuer: ISSUER, audience: clientId },
    );
    expect(payload).toMatchObject({ cid, email: 'jane.doe@example.com', sub: 'jane.doe@example.com' });
    expect(new URL(String(replay?.headers?.Location)).searchParams.get('code')).toBe('104');
    const refused = new URL(String(unknown?.headers?.Location));
    expect(refused.origin + refused.pathname).toBe(ERROR_PAGE);
    expect(refused.searchParams.get('code')).toBe('101');
  });

  it('emits the metrics the dashboard and alarms read (namespace, names, dimensions)', async () => {
    // Prepare
    const events = [ssoEvent({ client_id: 'unknown-client', client_secret: 'x', token: 'x.y.z' }, 'GET')];
    // Act
    const { stdout } = await invokeArtifact(events);
    // Assess
    const emf = stdout
      .split('\n')
      .filter((line) => line.includes('"_aws"'))
      .map(
        (line) =>
          JSON.parse(line) as {
            _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] };
            [key: string]: unknown;
          },
      );
    expect(emf).toHaveLength(1);
    const [directive] = emf[0]?._aws.CloudWatchMetrics ?? [];
    expect(directive?.Namespace).toBe(METRICS.namespace);
    expect(directive?.Metrics.map((metric) => metric.Name)).toEqual([METRICS.error]);
    expect(directive?.Dimensions.map((set) => [...set].sort())).toEqual([
      [METRICS.errorCodeDimension, 'service'].sort(),
    ]);
    expect(emf[0]).toMatchObject({ service: 'infoauth', [METRICS.errorCodeDimension]: '101' });
  });
});
