/**
 * Builds the real SSO handler against DynamoDB Local with fresh tables per test file, and the things a
 * client would send: configurations, keys, tokens and API Gateway HTTP API v2 events.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { CachedSsoSettingsStore } from '../../lambdas/adapters/cache/cached-settings-store';
import { createDocumentClient, type DynamoClientOptions } from '../../lambdas/adapters/dynamodb/client';
import { DynamoAuditTrail } from '../../lambdas/adapters/dynamodb/audit-trail';
import { DynamoSigningKeyRingStore } from '../../lambdas/adapters/dynamodb/signing-key-ring-store';
import { DynamoSsoAdminStore } from '../../lambdas/adapters/dynamodb/sso-admin-store';
import { DynamoSsoSettingsStore } from '../../lambdas/adapters/dynamodb/sso-settings-store';
import type { TableNames } from '../../lambdas/adapters/dynamodb/tables';
import { UsedTokenTableProbe } from '../../lambdas/adapters/dynamodb/used-token-probe';
import { DynamoUsedTokenStore } from '../../lambdas/adapters/dynamodb/used-token-store';
import { LocalKeyWrapper } from '../../lambdas/adapters/local/local-key-wrapper';
import { generateWrappedSigningKey } from '../../lambdas/adapters/local/local-signing-key';
import { KeyRingSigner, WrappedKeyEntrySigner } from '../../lambdas/adapters/signing/key-ring-signer';
import { generateClientId, generateClientSecret } from '../../lambdas/core/client-secret';
import { newSsoConfig, type NewConfigInput } from '../../lambdas/core/config-admin';
import type { PublicJwk } from '../../lambdas/core/model';
import type { ClientKeySource } from '../../lambdas/core/ports';
import { rotateKeyRing } from '../../lambdas/core/signing-keys';
import { createHandler } from '../../lambdas/sso/app';
import type { EdgeGuard } from '../../lambdas/sso/edge-guard';
import { createObservability } from '../../lambdas/sso/observability';
import { createTables } from '../../tools/local/create-tables';

export const ERROR_PAGE = 'https://errors.infoauth.test/';
export const ISSUER = 'https://sso.infoauth.test';

export function dynamoEndpoint(): string {
  const endpoint = process.env.INFOAUTH_TEST_DYNAMO_ENDPOINT;
  if (!endpoint) throw new Error('DynamoDB Local is not running (jest globalSetup starts it)');
  return endpoint;
}

/** Creates the four tables with a unique prefix, so test files never see each other's data. */
export async function freshTables(): Promise<TableNames> {
  const prefix = `t${randomBytes(5).toString('hex')}`;
  const tables = {
    configs: `${prefix}-configs`,
    features: `${prefix}-features`,
    usedTokens: `${prefix}-used`,
    audit: `${prefix}-audit`,
  };
  const client = new DynamoDBClient({
    endpoint: dynamoEndpoint(),
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await createTables(client, tables);
  client.destroy();
  return tables;
}

export interface ClientKey {
  readonly privateKey: CryptoKey;
  readonly publicJwk: PublicJwk;
  readonly kid: string;
}

export async function newClientKey(alg = 'ES256'): Promise<ClientKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const kid = randomUUID();
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg } as PublicJwk;
  return { privateKey, publicJwk, kid };
}

export interface TestClient {
  readonly clientId: string;
  readonly secret: string;
  readonly cid: string;
  readonly key: ClientKey;
}

export interface SsoWorld {
  readonly tables: TableNames;
  readonly documentClient: DynamoDBDocumentClient;
  readonly admin: DynamoSsoAdminStore;
  readonly kek: LocalKeyWrapper;
  /** The same key-encryption key in base64, as `INFOAUTH_LOCAL_KEK` takes it (for a handler in a child process). */
  readonly localKek: string;
  /** Creates a configuration (and by default enables SSO for its CID). */
  newClient(options?: Partial<NewConfigInput> & { enabled?: boolean; key?: ClientKey }): Promise<TestClient>;
  /** A handler over these tables; pass other DynamoDB client options to inject faults. */
  handler(options?: HandlerOptions): Handler;
  destroy(): void;
}

const SEEDING_TIMEOUTS = { requestTimeoutMs: 10_000, maxAttempts: 1 } as const;
/**
 * Handlers under test that are not about faults get more time than production's 1 s, so a busy 2-core CI
 * machine does not turn a slow DynamoDB Local answer into a 105. Fault tests pass `DEFAULT_TIMEOUTS`.
 */
const RELAXED_TIMEOUTS = { requestTimeoutMs: 5_000 } as const;

export interface HandlerOptions {
  /** DynamoDB client options; fault tests pass an endpoint and the production timeouts. */
  readonly dynamo?: DynamoClientOptions;
  readonly clock?: () => Date;
  readonly cache?: boolean;
  /** The edge guard (off unless given), e.g. one that admits every request as if it came through CloudFront. */
  readonly edgeGuard?: EdgeGuard;
  /** The keys of clients with a JWKS URI (none unless given: such a client then gets 105). */
  readonly clientKeys?: ClientKeySource;
}

export type Handler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

const lambdaContext = { awsRequestId: 'test-request', functionName: 'infoauth-sso' } as unknown as Context;

export async function createSsoWorld(): Promise<SsoWorld> {
  const tables = await freshTables();
  // Seeding is not what is under test: generous timeouts, so a slow first write on a busy machine is not
  // retried into a conditional-write conflict with itself.
  const documentClient = createDocumentClient({ endpoint: dynamoEndpoint(), ...SEEDING_TIMEOUTS });
  const audit = new DynamoAuditTrail(documentClient, tables.audit, {
    actor: () => Promise.resolve('test fixture'),
    now: () => new Date(),
  });
  const admin = new DynamoSsoAdminStore(documentClient, tables, audit);
  const kekBytes = randomBytes(32);
  const kek = new LocalKeyWrapper(kekBytes);
  const nowSeconds = Math.floor(Date.now() / 1000);
  const ringStore = new DynamoSigningKeyRingStore(documentClient, tables.configs);
  await ringStore.save(
    rotateKeyRing(undefined, await generateWrappedSigningKey(kek, nowSeconds), nowSeconds, 0),
    undefined,
  );
  const clients: DynamoDBDocumentClient[] = [documentClient];

  return {
    tables,
    documentClient,
    admin,
    kek,
    localKek: kekBytes.toString('base64'),
    async newClient(options = {}) {
      const key = options.key ?? (await newClientKey());
      const secret = generateClientSecret();
      const cid = options.cid ?? `cid-${randomBytes(4).toString('hex')}`;
      const config = newSsoConfig(
        {
          clientId: generateClientId(),
          secret,
          cid,
          targetUrl: 'https://app.example.test/landing',
          keys: [key.publicJwk],
          ...options,
        },
        Math.floor(Date.now() / 1000),
      );
      await admin.create(config);
      if (options.enabled !== false) await admin.setSsoEnabled(cid, true);
      return { clientId: config.clientId, secret, cid, key };
    },
    handler(options = {}) {
      const client = createDocumentClient({ endpoint: dynamoEndpoint(), ...(options.dynamo ?? RELAXED_TIMEOUTS) });
      clients.push(client);
      const clock = options.clock ?? (() => new Date());
      const store = new DynamoSsoSettingsStore(client, tables);
      const usedTokenProbe = new UsedTokenTableProbe(client, tables.usedTokens);
      const signer = new KeyRingSigner(
        new DynamoSigningKeyRingStore(client, tables.configs),
        new WrappedKeyEntrySigner(kek),
      );
      const handler = createHandler({
        signIn: {
          settings: options.cache ? new CachedSsoSettingsStore(store, () => clock().getTime()) : store,
          usedTokens: new DynamoUsedTokenStore(client, tables.usedTokens, clock),
          signer,
          issuer: ISSUER,
          newId: randomUUID,
          ...(options.clientKeys ? { clientKeys: options.clientKeys } : {}),
        },
        publicKeys: signer,
        healthChecks: [
          { name: 'used-token-table', check: () => usedTokenProbe.readConsistently() },
          { name: 'signing-key', check: () => signer.ready() },
        ],
        errorPageUrl: ERROR_PAGE,
        clock,
        observability: createObservability(),
        ...(options.edgeGuard ? { edgeGuard: options.edgeGuard } : {}),
      });
      return (event) => handler(event, lambdaContext);
    },
    destroy() {
      for (const client of clients) client.destroy();
    },
  };
}

/** Mints a client token the way a client's authorization service would. */
export async function mintToken(
  client: Pick<TestClient, 'cid' | 'key'>,
  claims: JWTPayload = {},
  options: { now?: Date; header?: Record<string, unknown> } = {},
): Promise<string> {
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  return new SignJWT({
    cid: client.cid,
    email: 'jane.doe@example.com',
    jti: randomUUID(),
    iat,
    exp: iat + 120,
    ...claims,
  })
    .setProtectedHeader({ alg: client.key.publicJwk.alg ?? 'ES256', kid: client.key.kid, ...options.header })
    .sign(client.key.privateKey);
}

let requestCounter = 0;

/** An API Gateway HTTP API (payload 2.0) event for GET or POST /sso. */
export function ssoEvent(
  fields: Record<string, string | undefined>,
  method: 'GET' | 'POST' = 'GET',
  path = '/sso',
): APIGatewayProxyEventV2 {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) params.append(key, value);
  const requestId = `req-${process.pid}-${++requestCounter}-${randomBytes(4).toString('hex')}`;
  const query = method === 'GET' ? params.toString() : '';
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: query,
    headers: method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
    ...(method === 'POST' ? { body: params.toString(), isBase64Encoded: false } : { isBase64Encoded: false }),
    requestContext: {
      accountId: '123456789012',
      apiId: 'local',
      domainName: 'sso.infoauth.test',
      domainPrefix: 'sso',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'jest' },
      requestId,
      routeKey: `${method} ${path}`,
      stage: '$default',
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
    },
  };
}

/** The redirect's target, parsed. */
export function location(result: APIGatewayProxyStructuredResultV2): URL {
  const value = result.headers?.Location;
  if (result.statusCode !== 302 || typeof value !== 'string') {
    throw new Error(`expected a 302 with a Location, got ${result.statusCode}`);
  }
  return new URL(value);
}

/** The error code of a redirect to an error page, or 'signed-in' for a redirect with an assertion. */
export function verdictOf(result: APIGatewayProxyStructuredResultV2): string {
  const url = location(result);
  if (url.searchParams.has('assertion')) return 'signed-in';
  return url.searchParams.get('code') ?? 'no-code';
}
