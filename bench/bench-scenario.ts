/**
 * What every measurement runs on: SSO clients with ES256 keys and SSO enabled, the assertion signing key
 * ring (wrapped under a local key-encryption key), the floor's signing key, tokens as a client mints
 * them, the API Gateway events that carry them, and the environment the functions are given.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { configToItem } from '../lambdas/adapters/dynamodb/sso-config-item';
import { SIGNING_KEY_RING_PK, type TableNames } from '../lambdas/adapters/dynamodb/tables';
import { LocalKeyWrapper } from '../lambdas/adapters/local/local-key-wrapper';
import { generateWrappedSigningKey } from '../lambdas/adapters/local/local-signing-key';
import { generateClientId, generateClientSecret } from '../lambdas/core/client-secret';
import { newSsoConfig } from '../lambdas/core/config-admin';
import type { PublicJwk } from '../lambdas/core/model';
import { rotateKeyRing } from '../lambdas/core/signing-keys';
import type { WireItem } from './in-memory-dynamo';
import { ssoLambdaSettings } from './lambda-settings';
import type { SignInFields } from './sign-in-event';

export const BENCH_ISSUER = 'https://sso.bench.test';
export const BENCH_ERROR_PAGE = 'https://errors.bench.test/';

export interface BenchClient {
  readonly clientId: string;
  readonly secret: string;
  readonly cid: string;
  readonly privateKey: CryptoKey;
  readonly kid: string;
}

export interface BenchScenario {
  readonly tables: TableNames;
  readonly clients: readonly BenchClient[];
  /** Plain items per table, as the admin store writes them. */
  readonly items: Readonly<Record<string, readonly Record<string, unknown>[]>>;
  readonly kek: Buffer;
  readonly floorSigningJwk: string;
}

async function newClient(nowSeconds: number) {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = randomUUID();
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256' } as PublicJwk;
  const secret = generateClientSecret();
  const cid = `bench-${randomBytes(4).toString('hex')}`;
  const config = newSsoConfig(
    { clientId: generateClientId(), secret, cid, targetUrl: 'https://app.bench.test/landing', keys: [publicJwk] },
    nowSeconds,
  );
  const client: BenchClient = { clientId: config.clientId, secret, cid, privateKey, kid };
  return {
    client,
    configItem: configToItem(config),
    featureItem: { pk: cid, ssoEnabled: true, updatedAt: nowSeconds },
  };
}

/** @param clientCount how many SSO clients (configurations with SSO enabled) */
export async function createScenario(clientCount: number): Promise<BenchScenario> {
  const nowSeconds = Math.floor(Date.now() / 1000);
  const prefix = `bench${randomBytes(4).toString('hex')}`;
  const tables = {
    configs: `${prefix}-configs`,
    features: `${prefix}-features`,
    usedTokens: `${prefix}-used`,
    audit: `${prefix}-audit`,
  };
  const kek = randomBytes(32);
  const ring = rotateKeyRing(
    undefined,
    await generateWrappedSigningKey(new LocalKeyWrapper(kek), nowSeconds),
    nowSeconds,
    0,
  );
  const made = await Promise.all(Array.from({ length: clientCount }, () => newClient(nowSeconds)));
  const floorKey = await generateKeyPair('ES256', { extractable: true });
  const floorSigningJwk = JSON.stringify({ ...(await exportJWK(floorKey.privateKey)), kid: 'floor-key' });
  return {
    tables,
    clients: made.map(({ client }) => client),
    items: {
      [tables.configs]: [
        ...made.map(({ configItem }) => configItem),
        { pk: SIGNING_KEY_RING_PK, version: ring.version, keys: JSON.stringify(ring.keys) },
      ],
      [tables.features]: made.map(({ featureItem }) => featureItem),
      [tables.usedTokens]: [],
    },
    kek,
    floorSigningJwk,
  };
}

/** The items in DynamoDB's wire form, for the in-memory transport. */
export function wireItems(scenario: BenchScenario): Record<string, WireItem[]> {
  return Object.fromEntries(
    Object.entries(scenario.items).map(([table, items]) => [table, items.map((item) => marshall(item))]),
  );
}

/** Writes the scenario's items into tables that exist already (see tools/local/create-tables.ts). */
export async function seedItems(client: DynamoDBDocumentClient, scenario: BenchScenario): Promise<void> {
  for (const [table, items] of Object.entries(scenario.items)) {
    for (const item of items) await client.send(new PutCommand({ TableName: table, Item: item }));
  }
}

/** A client token as the client's authorization service mints it: fresh jti, valid for five minutes. */
export function mintToken(client: BenchClient, nowSeconds: number): Promise<string> {
  return new SignJWT({ cid: client.cid, email: 'jane.doe@example.com', jti: randomUUID() })
    .setProtectedHeader({ alg: 'ES256', kid: client.kid })
    .setIssuedAt(nowSeconds)
    .setExpirationTime(nowSeconds + 300)
    .sign(client.privateKey);
}

/** The `index`th sign-in, round robin over the clients, with its own token. */
export async function signIn(scenario: BenchScenario, index: number): Promise<SignInFields> {
  const client = scenario.clients[index % scenario.clients.length];
  if (client === undefined) throw new Error('the scenario has no clients');
  const token = await mintToken(client, Math.floor(Date.now() / 1000));
  return { client_id: client.clientId, client_secret: client.secret, token };
}

/** `count` sign-ins, round robin over the clients, each with its own token. */
export async function signIns(scenario: BenchScenario, count: number): Promise<SignInFields[]> {
  const fields: SignInFields[] = [];
  for (let index = 0; index < count; index += 1) fields.push(await signIn(scenario, index));
  return fields;
}

/** A well-formed client id that no configuration has, with a real client's token (its cid is a hint). */
export function unknownClient(signIn: SignInFields): SignInFields {
  return { ...signIn, client_id: generateClientId() };
}

/**
 * The environment of both functions, as the stack sets it (table names, issuer, error page, Powertools),
 * with dummy credentials in the variables Lambda uses, so both resolve credentials the way they do in AWS.
 * @param signing `local` gives the SSO function the local KEK (no KMS at all); `kms` a KMS key id, as in
 *   AWS, for runs that never reach signing (an unknown client)
 */
export function functionEnvironment(
  scenario: BenchScenario,
  dynamoEndpoint: string | undefined,
  signing: 'local' | 'kms',
): Record<string, string> {
  return {
    // What the Lambda runtime sets for every function.
    TZ: ':UTC',
    AWS_LAMBDA_FUNCTION_NAME: 'infoauth-bench',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(ssoLambdaSettings().memoryMb),
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'ASIABENCHMARKBENCH00',
    AWS_SECRET_ACCESS_KEY: 'bench-secret-access-key-bench-secret-acces',
    AWS_SESSION_TOKEN: 'bench-session-token',
    ...(dynamoEndpoint ? { AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint } : {}),
    POWERTOOLS_SERVICE_NAME: 'infoauth',
    POWERTOOLS_METRICS_NAMESPACE: 'Infoauth',
    POWERTOOLS_LOG_LEVEL: 'INFO',
    INFOAUTH_CONFIG_TABLE: scenario.tables.configs,
    INFOAUTH_FEATURE_TABLE: scenario.tables.features,
    INFOAUTH_USED_TOKEN_TABLE: scenario.tables.usedTokens,
    INFOAUTH_ISSUER: BENCH_ISSUER,
    INFOAUTH_ERROR_PAGE_URL: BENCH_ERROR_PAGE,
    ...(signing === 'local'
      ? { INFOAUTH_LOCAL_KEK: scenario.kek.toString('base64') }
      : { INFOAUTH_KEK_KEY_ID: 'arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-000000000000' }),
    BENCH_FLOOR_SIGNING_JWK: scenario.floorSigningJwk,
  };
}
