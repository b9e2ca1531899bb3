/**
 * `npm start`: Infoauth on one machine. DynamoDB Local (or AWS_ENDPOINT_URL_DYNAMODB), the tables, a
 * local key-encryption key and signing key, the demo client, and one HTTP server on 127.0.0.1:$PORT with
 * the SSO handler, the JWKS, the error page and the demo target app. Ctrl-C or SIGTERM stops everything.
 *
 * Environment: PORT (3000), AWS_ENDPOINT_URL_DYNAMODB (use that DynamoDB instead of starting one),
 * INFOAUTH_LOCAL_DYNAMO_PORT (8000), INFOAUTH_LOCAL_DATA_DIR (keep DynamoDB data there; in memory if
 * unset), INFOAUTH_LOCAL_DIR (`.local`), INFOAUTH_CONFIG_TABLE / _FEATURE_TABLE / _USED_TOKEN_TABLE.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Server } from 'node:http';
import { ERROR_PAGE_SECURITY_HEADERS, errorPageFiles } from '../../error-page/build';
import { LocalKeyWrapper } from '../../lambdas/adapters/local/local-key-wrapper';
import { tableNamesFromEnv } from '../../lambdas/adapters/dynamodb/tables';
import { createHandler, JWKS_PATH, SSO_PATH } from '../../lambdas/sso/app';
import { defaultDeps } from '../../lambdas/sso/compose';
import { localAdminDeps } from '../admin/local-admin-deps';
import { mintToken } from '../admin/token-commands';
import { createDemoApp, DEMO_USER_EMAIL } from '../demo/demo-app';
import { seedDemoClient } from './demo-client';
import { createTables } from './create-tables';
import { checkJava, checkPortFree, startDynamoLocal, type DynamoLocal } from './dynamo-local';
import { createLocalObservability } from './local-observability';
import { newRequestId } from './http-api-event';
import { createLocalServer, DEMO_PATH, ERROR_PAGE_PATH, type LambdaHandler } from './local-server';
import { localDataDir, localDynamoPort, localHttpPort, localPaths } from './local-settings';
import { ensureLocalSigningKey, loadOrCreateLocalKek } from './local-signing-keys';

const TOTAL_STEPS = 6;
let stepNumber = 0;
const step = (text: string) => console.log(`[${++stepNumber}/${TOTAL_STEPS}] ${text}`);
const detail = (text: string) => console.log(`      ${text}`);

/** A failure the user can act on: printed as is, without a stack trace. */
class StartError extends Error {}

let dynamo: DynamoLocal | undefined;
let server: Server | undefined;
let closeAdmin: (() => void) | undefined;

async function stopEverything(): Promise<void> {
  if (server) {
    server.closeAllConnections();
    const closing = server;
    await new Promise<void>((resolve) => closing.close(() => resolve()));
    server = undefined;
  }
  closeAdmin?.();
  closeAdmin = undefined;
  if (dynamo) {
    await dynamo.stop();
    dynamo = undefined;
  }
}

async function dynamoEndpoint(): Promise<string> {
  const given = process.env.AWS_ENDPOINT_URL_DYNAMODB;
  if (given) {
    step(`Using the DynamoDB at ${given} (AWS_ENDPOINT_URL_DYNAMODB)`);
    return given;
  }
  const port = localDynamoPort();
  const dataDir = localDataDir();
  step(`Starting DynamoDB Local on 127.0.0.1:${port} (${dataDir ? `data in ${dataDir}` : 'in memory'})`);
  await checkJava().catch((error: unknown) => {
    throw new StartError(
      `${error instanceof Error ? error.message : String(error)} Install a Java runtime (17+), e.g. \`apt install openjdk-17-jre-headless\`.`,
    );
  });
  await checkPortFree(port).catch(() => {
    throw new StartError(
      `Port ${port} for DynamoDB Local is in use. If a DynamoDB Local runs there, use it: ` +
        `AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:${port} npm start; or pick another port with ` +
        'INFOAUTH_LOCAL_DYNAMO_PORT (and give the admin CLI the same variable).',
    );
  });
  dynamo = await startDynamoLocal({ port, ...(dataDir ? { dataDir } : {}) });
  detail(`DynamoDB Local is up (java pid ${dynamo.pid})`);
  // The handler's DynamoDB client and the admin stores read the endpoint from here.
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamo.endpoint;
  return dynamo.endpoint;
}

async function start(): Promise<void> {
  let httpPort: number;
  try {
    httpPort = localHttpPort();
  } catch (error) {
    throw new StartError((error as Error).message);
  }
  const baseUrl = `http://127.0.0.1:${httpPort}`;
  await checkPortFree(httpPort).catch(() => {
    throw new StartError(
      `Port ${httpPort} on 127.0.0.1 is in use. Stop what uses it, or choose another: PORT=3001 npm start`,
    );
  });
  const paths = localPaths();
  const tables = tableNamesFromEnv();

  const endpoint = await dynamoEndpoint();

  step(`Creating the tables if missing (${tables.configs}, ${tables.features}, ${tables.usedTokens}, ${tables.audit})`);
  const tableClient = new DynamoDBClient({
    endpoint,
    region: process.env.AWS_REGION ?? 'us-east-1',
    ...localCredentials(),
  });
  const created = await createTables(tableClient, tables).finally(() => tableClient.destroy());
  detail(created.length > 0 ? `created ${created.join(', ')}` : 'all four exist already');

  step('Preparing the assertion signing key');
  const { kek, created: kekCreated } = loadOrCreateLocalKek(paths.kekFile);
  detail(`${kekCreated ? 'created' : 'using'} the local key-encryption key ${paths.kekFile}`);
  const admin = localAdminDeps({ ...process.env, AWS_ENDPOINT_URL_DYNAMODB: endpoint });
  closeAdmin = () => admin.close();
  const key = await ensureLocalSigningKey(admin.keyRing, new LocalKeyWrapper(kek), Math.floor(Date.now() / 1000));
  detail(`${key.created ? 'created' : 'using'} signing key ${key.kid}`);

  step('Seeding the demo client (CID demo)');
  const demoBase = `${baseUrl}${DEMO_PATH}`;
  const demoClient = await seedDemoClient(admin, demoBase, paths.demoPrivateJwkFile);

  step('Building the error page');
  const errorPage = { files: errorPageFiles(), headers: ERROR_PAGE_SECURITY_HEADERS };

  step(`Starting the HTTP server on ${baseUrl}`);
  const summaries = new Map<string, string>();
  const observability = createLocalObservability(paths.ssoLogFile, ({ ref, text }) => {
    if (ref !== undefined) summaries.set(ref, text);
    else console.log(`${clock()} ${text}`);
  });
  const handler = createHandler(
    defaultDeps(
      {
        ...process.env,
        AWS_ENDPOINT_URL_DYNAMODB: endpoint,
        INFOAUTH_ISSUER: baseUrl,
        INFOAUTH_ERROR_PAGE_URL: `${baseUrl}${ERROR_PAGE_PATH}`,
        INFOAUTH_LOCAL_KEK: kek.toString('base64'),
        INFOAUTH_LOCAL_RUN: 'true',
        INFOAUTH_CONFIG_TABLE: tables.configs,
        INFOAUTH_FEATURE_TABLE: tables.features,
        INFOAUTH_USED_TOKEN_TABLE: tables.usedTokens,
        // No CloudFront here, so no origin header: the bypass guard stays off, whatever the shell has set.
        INFOAUTH_ORIGIN_SECRET_ARN: '',
      },
      observability,
    ),
  ) as unknown as LambdaHandler;
  const demo = createDemoApp({
    baseUrl: demoBase,
    issuer: baseUrl,
    jwksUrl: `${baseUrl}${JWKS_PATH}`,
    ssoUrl: SSO_PATH,
    client: demoClient,
    isOwnClientId: async (clientId) => (await admin.configs.get(clientId))?.targetUrl.startsWith(demoBase) ?? false,
  });
  server = createLocalServer({
    handler,
    errorPage,
    demo,
    onRequest: ({ method, path, status, ref }) => {
      const summary = ref === undefined ? undefined : summaries.get(ref);
      if (ref !== undefined) summaries.delete(ref);
      console.log(`${clock()} ${method} ${path} ${status}${summary ? ` ${summary}` : ''}${ref ? ` ref=${ref}` : ''}`);
    },
  });
  const listening = server;
  await new Promise<void>((resolve, reject) => {
    listening.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new StartError(`Port ${httpPort} on 127.0.0.1 is in use.`) : error),
    );
    listening.listen(httpPort, '127.0.0.1', () => resolve());
  });

  const { token } = await mintToken(
    { privateJwk: demoClient.privateJwk, cid: demoClient.cid, email: DEMO_USER_EMAIL },
    new Date(),
  );
  const ssoUrl = new URL(SSO_PATH, baseUrl);
  ssoUrl.search = new URLSearchParams({
    client_id: demoClient.clientId,
    client_secret: demoClient.clientSecret,
    token,
  }).toString();
  console.log(`
Infoauth runs on ${baseUrl}
  SSO endpoint     ${baseUrl}${SSO_PATH}   (GET or POST)
  JWKS             ${baseUrl}${JWKS_PATH}
  error page       ${baseUrl}${ERROR_PAGE_PATH}
  demo target app  ${demoBase}   (open it to sign in again with a fresh token)
  DynamoDB         ${endpoint}
  handler log      ${paths.ssoLogFile}
  edge guard       off (no CloudFront here: requests need no origin header; on in AWS behind the edge)

Demo client (CID demo)
  client id        ${demoClient.clientId}
  client secret    ${demoClient.clientSecret}
  private key      ${paths.demoPrivateJwkFile}

The hosted error page as the demo client's users would see it (its profile, in your browser's language):
  ${baseUrl}${ERROR_PAGE_PATH}?code=104&ref=${encodeURIComponent(newRequestId())}&client=${demoClient.clientId}

Open this to sign in as ${DEMO_USER_EMAIL} (the token is valid for 2 minutes, once):
  ${ssoUrl.href}

Administer it: npm run --silent admin -- config list --local
Ready: ${baseUrl}  (pid ${process.pid}; Ctrl-C stops everything)
`);
}

function clock(): string {
  return new Date().toISOString().slice(11, 19);
}

/** DynamoDB Local accepts any credentials; use dummy ones unless real ones are configured. */
function localCredentials() {
  return process.env.AWS_ACCESS_KEY_ID ? {} : { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
}

let stopping = false;
let startup: Promise<void> = Promise.resolve();

function onSignal(signal: NodeJS.Signals): void {
  if (stopping) {
    console.log(`${signal} again: stopping at once`);
    process.exit(130);
  }
  stopping = true;
  console.log(`\n${signal}: stopping…`);
  // Let a start in progress finish first, so that a DynamoDB Local it is starting is stopped too.
  void startup
    .catch(() => undefined)
    .then(stopEverything)
    .then(
      () => {
        console.log('Stopped.');
        process.exit(0);
      },
      (error: unknown) => {
        console.error('Stopping failed:', error);
        process.exit(1);
      },
    );
}

process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

startup = start();
startup.catch(async (error: unknown) => {
  if (stopping) return;
  stopping = true;
  console.error(`\nnpm start failed: ${error instanceof StartError ? error.message : String(error)}`);
  if (!(error instanceof StartError) && error instanceof Error && error.stack) console.error(error.stack);
  await stopEverything().catch(() => undefined);
  process.exit(1);
});
