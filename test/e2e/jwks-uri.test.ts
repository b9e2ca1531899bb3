/**
 * A configuration whose keys come from a JWKS URI, end to end: the admin CLI creates it against DynamoDB
 * Local with `--jwks-uri http://127.0.0.1:<port>/jwks.json` (allowed with `--local` only), and sign-ins
 * go through the local server to the real handler, whose key source fetches from a JWKS server this
 * test runs. The handler's clock is the test's, so the 30 s, 10 min and 24 h rules need no waiting:
 * a rotated key works after its unknown-kid refetch, the retired key stops, a JWKS server that goes
 * down leaves the last good keys serving for 24 h, then 105 naming the URI. A last run through
 * `npm start` shows the local run itself fetches from loopback.
 */
import { jest } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ERROR_PAGE_SECURITY_HEADERS } from '../../error-page/build';
import { createJwksFetcher } from '../../lambdas/adapters/jwks-uri/jwks-fetcher';
import { JwksUriKeyCache } from '../../lambdas/adapters/jwks-uri/jwks-uri-key-cache';
import type { PublicJwk } from '../../lambdas/core/model';
import { createDemoApp } from '../../tools/demo/demo-app';
import { freePort } from '../../tools/local/dynamo-local';
import { createLocalServer } from '../../tools/local/local-server';
import { localEnv, runCli, runCliJson } from '../cli/run-cli';
import { captureLogs, type LogCapture } from '../support/log-capture';
import { npmStart } from '../support/npm-start';
import {
  createSsoWorld,
  freshTables,
  mintToken,
  newClientKey,
  type ClientKey,
  type SsoWorld,
} from '../support/sso-fixture';

// The CLI runs in child processes (a second or more each on a busy machine); npm start takes longer.
jest.setTimeout(180_000);

/** The client's JWKS endpoint: serves `published`, or answers 503 while `down`. */
let published: PublicJwk[] = [];
let down = false;
let jwksRequests = 0;
let jwksServer: Server;
let jwksUri: string;

let world: SsoWorld;
let env: NodeJS.ProcessEnv;
let logs: LogCapture;

beforeAll(async () => {
  jwksServer = createServer((req, res) => {
    jwksRequests += 1;
    if (down || req.url !== '/jwks.json') {
      res.writeHead(503).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ keys: published }));
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', () => resolve()));
  jwksUri = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks.json`;
  world = await createSsoWorld();
  env = localEnv(world.tables);
});
afterAll(async () => {
  world.destroy();
  await new Promise<void>((resolve) => jwksServer.close(() => resolve()));
});

/** The local server over the test's handler (real DynamoDB Local, real fetcher, the test's clock). */
async function localServer(clock: () => Date): Promise<{ baseUrl: string; close: () => Promise<void> }> {
  const handler = world.handler({
    clock,
    cache: true,
    clientKeys: new JwksUriKeyCache(createJwksFetcher({ localRun: true })),
  });
  const server = createLocalServer({
    handler: (event) => handler(event),
    errorPage: { files: {}, headers: ERROR_PAGE_SECURITY_HEADERS },
    demo: createDemoApp({
      baseUrl: 'http://127.0.0.1:1/demo/',
      issuer: 'http://127.0.0.1:1',
      jwksUrl: 'http://127.0.0.1:1/.well-known/jwks.json',
      ssoUrl: '/sso',
      client: { clientId: 'unused', clientSecret: 'unused', cid: 'unused', privateJwk: '{}' },
    }),
    onRequest: () => undefined,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface Client {
  readonly clientId: string;
  readonly secret: string;
  readonly cid: string;
}

/** POSTs a token minted now with `key` to /sso; the answer's verdict and Location. */
async function signInAt(baseUrl: string, client: Client, key: ClientKey, now: Date) {
  const token = await mintToken({ cid: client.cid, key }, {}, { now });
  const answer = await fetch(`${baseUrl}/sso`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: client.clientId, client_secret: client.secret, token }).toString(),
  });
  const location = new URL(answer.headers.get('location') ?? 'about:blank');
  const verdict = location.searchParams.has('assertion') ? 'signed-in' : location.searchParams.get('code');
  return { verdict, location };
}

async function createWithJwksUri(cid: string): Promise<Client & { json: Record<string, unknown> }> {
  const created = await runCliJson(
    [
      'config',
      'create',
      '--local',
      '--cid',
      cid,
      '--target-url',
      'https://app.example.test/landing',
      '--jwks-uri',
      jwksUri,
    ],
    env,
  );
  expect(created.status).toBe(0);
  expect((await runCliJson(['sso', 'enable', cid, '--local'], env)).status).toBe(0);
  return {
    clientId: created.json.clientId as string,
    secret: created.json.clientSecret as string,
    cid,
    json: created.json,
  };
}

describe('a configuration with a JWKS URI, through the CLI and the local server', () => {
  beforeAll(() => {
    logs = captureLogs();
  });
  afterAll(() => logs.stop());

  it('signs in with the published key, and a rotated key after its unknown-kid refetch (at most once per 30 s)', async () => {
    // Prepare
    const first = await newClientKey('ES256');
    const next = await newClientKey('RS256');
    published = [first.publicJwk];
    down = false;
    const client = await createWithJwksUri('jwks-rotation');
    let now = new Date();
    const server = await localServer(() => now);
    try {
      // Act
      const signedIn = await signInAt(server.baseUrl, client, first, now);
      const requestsAfterFirst = jwksRequests;
      published = [first.publicJwk, next.publicJwk]; // the client publishes its next key
      now = new Date(now.getTime() + 1_000);
      const nextTooSoon = await signInAt(server.baseUrl, client, next, now);
      now = new Date(now.getTime() + 30_000);
      const nextAfterRefetch = await signInAt(server.baseUrl, client, next, now);
      const requestsAfterRefetch = jwksRequests;
      published = [next.publicJwk]; // and retires the first
      const firstWhileCached = await signInAt(server.baseUrl, client, first, now);
      now = new Date(now.getTime() + 10 * 60_000);
      const firstAfterTenMinutes = await signInAt(server.baseUrl, client, first, now);
      const nextAfterTenMinutes = await signInAt(server.baseUrl, client, next, now);
      // Assess
      expect(client.json.signingKey).toBeUndefined(); // no key pair is generated for a JWKS URI
      expect(client.json.config).toEqual(expect.objectContaining({ jwksUri, keys: [] }));
      expect(signedIn.verdict).toBe('signed-in');
      expect(requestsAfterFirst).toBeGreaterThanOrEqual(1);
      expect(nextTooSoon.verdict).toBe('103'); // the keys are current; the refetch waits for the 30 s
      expect(nextAfterRefetch.verdict).toBe('signed-in');
      expect(requestsAfterRefetch).toBe(requestsAfterFirst + 1);
      expect(firstWhileCached.verdict).toBe('signed-in'); // fetched keys may serve for 10 minutes
      expect(firstAfterTenMinutes.verdict).toBe('103');
      expect(nextAfterTenMinutes.verdict).toBe('signed-in');
    } finally {
      await server.close();
    }
  });

  it('keeps serving the last good keys for 24 h while the JWKS URI is down, then answers 105 naming the URI', async () => {
    // Prepare
    const key = await newClientKey('ES256');
    const unpublished = await newClientKey('ES256');
    published = [key.publicJwk];
    down = false;
    const client = await createWithJwksUri('jwks-down');
    let now = new Date();
    const server = await localServer(() => now);
    try {
      const before = await signInAt(server.baseUrl, client, key, now);
      // Act
      down = true;
      now = new Date(now.getTime() + 11 * 60_000);
      const whileDown = await signInAt(server.baseUrl, client, key, now);
      now = new Date(now.getTime() + 60_000);
      const newKidWhileDown = await signInAt(server.baseUrl, client, unpublished, now);
      now = new Date(now.getTime() + 24 * 60 * 60_000);
      const afterADay = await signInAt(server.baseUrl, client, key, now);
      // Assess
      expect(before.verdict).toBe('signed-in');
      expect(whileDown.verdict).toBe('signed-in');
      expect(newKidWhileDown.verdict).toBe('105'); // the key may be new: ours to report, not 103
      expect(newKidWhileDown.location.searchParams.get('client')).toBe(client.clientId);
      expect(afterADay.verdict).toBe('105');
      const line = logs.lineFor(afterADay.location.searchParams.get('ref') ?? '');
      expect(line).toEqual(
        expect.objectContaining({
          code: '105',
          reason: 'jwks-uri-unavailable',
          jwksUri,
          error: expect.objectContaining({ message: expect.stringContaining(`${jwksUri}: it answered 503`) }),
        }),
      );
    } finally {
      await server.close();
    }
  });

  it('refuses a malformed JWKS URI with exit 2 and one line, and removing it when it is the only key source', async () => {
    // Prepare
    const client = await createWithJwksUri('jwks-cli');
    // Act
    const withCredentials = await runCli(
      ['config', 'update', client.clientId, '--local', '--jwks-uri', 'https://user:pw@keys.example.test/jwks.json'],
      env,
    );
    const plainHttp = await runCli(
      ['config', 'update', client.clientId, '--local', '--jwks-uri', 'http://keys.example.test/jwks.json'],
      env,
    );
    const cleared = await runCli(['config', 'update', client.clientId, '--local', '--no-jwks-uri'], env);
    const after = await runCliJson(['config', 'get', client.clientId, '--local'], env);
    // Assess
    for (const refused of [withCredentials, plainHttp]) {
      expect(refused.status).toBe(2);
      expect(refused.stderr.trim().split('\n')).toHaveLength(1);
      expect(refused.stderr).toMatch(/JWKS URI must be an absolute https URL without credentials/);
    }
    expect(cleared.status).toBe(2);
    expect(cleared.stderr).toMatch(/no registered key/);
    expect((after.json.config as { jwksUri?: string; version: number }).jwksUri).toBe(jwksUri);
    expect((after.json.config as { version: number }).version).toBe(1);
  });

  it('lets the last registered key go when a JWKS URI is set, and keeps it otherwise', async () => {
    // Prepare
    const created = await runCliJson(
      ['config', 'create', '--local', '--cid', 'jwks-last-key', '--target-url', 'https://app.example.test/landing'],
      env,
    );
    const clientId = created.json.clientId as string;
    const kid = (created.json.signingKey as { kid: string }).kid;
    // Act
    const withoutUri = await runCli(['config', 'keys', 'remove', clientId, '--local', '--kid', kid], env);
    const setUri = await runCli(['config', 'update', clientId, '--local', '--jwks-uri', jwksUri], env);
    const withUri = await runCliJson(['config', 'keys', 'remove', clientId, '--local', '--kid', kid], env);
    // Assess
    expect(withoutUri.status).toBe(2);
    expect(withoutUri.stderr).toMatch(/last key/);
    expect(setUri.status).toBe(0);
    expect(withUri.status).toBe(0);
    expect(withUri.json.keys).toEqual([]);
  });
});

describe('token check with a JWKS URI', () => {
  it('says which key verified the token, fetched or registered, or why none did', async () => {
    // Prepare
    const fetchedKey = await newClientKey('ES256');
    const unknownKey = await newClientKey('ES256');
    published = [fetchedKey.publicJwk];
    down = false;
    const client = await createWithJwksUri('jwks-check');
    const args = async (key: ClientKey) => {
      const token = await mintToken({ cid: client.cid, key });
      return ['token', 'check', '--local', '--client-id', client.clientId, '--token', token];
    };
    const check = async (key: ClientKey) => runCliJson(await args(key), env);
    const keyOf = (result: { json: Record<string, unknown> }) => (result.json.explanation as { key: object }).key;
    // Act
    const good = await check(fetchedKey);
    const goodText = await runCli(await args(fetchedKey), env);
    const unknown = await check(unknownKey);
    down = true;
    const whileDown = await check(fetchedKey);
    down = false;
    const registeredKey = await newClientKey('ES256');
    const keyFile = join(env.INFOAUTH_LOCAL_DIR!, 'registered.json');
    writeFileSync(keyFile, JSON.stringify({ keys: [registeredKey.publicJwk] }));
    await runCliJson(['config', 'keys', 'add', client.clientId, '--local', '--jwks-file', keyFile], env);
    const registered = await check(registeredKey);
    // Assess
    expect(good.status).toBe(0);
    expect(good.json.verdict).toBe('would-sign-in');
    expect(keyOf(good)).toEqual({
      alg: 'ES256',
      kid: fetchedKey.kid,
      matched: fetchedKey.kid,
      from: 'jwks-uri',
      jwksUri: { uri: jwksUri, fetched: [fetchedKey.kid] },
      summary: `key ${fetchedKey.kid} (ES256) from the JWKS URI ${jwksUri} verified the signature`,
    });
    expect(goodText.stdout).toContain(`from the JWKS URI ${jwksUri} verified the signature`);
    expect(unknown.status).toBe(1);
    expect(unknown.json).toEqual(expect.objectContaining({ code: '103', reason: 'no-matching-key' }));
    expect(keyOf(unknown)).toEqual(
      expect.objectContaining({
        jwksUri: { uri: jwksUri, fetched: [fetchedKey.kid] },
        summary: `no key has kid "${unknownKey.kid}" and allows alg "ES256" (registered: none; from the JWKS URI ${jwksUri}: ${fetchedKey.kid} ES256)`,
      }),
    );
    expect(keyOf(unknown)).not.toHaveProperty('matched');
    expect(whileDown.status).toBe(1);
    expect(whileDown.json).toEqual(expect.objectContaining({ code: '105', reason: 'jwks-uri-unavailable' }));
    expect(keyOf(whileDown)).toEqual(
      expect.objectContaining({
        jwksUri: { uri: jwksUri, fetched: [], failure: expect.stringContaining(`${jwksUri}: it answered 503`) },
        summary: expect.stringContaining(`the JWKS URI ${jwksUri} could not be fetched`),
      }),
    );
    expect(registered.status).toBe(0);
    expect(keyOf(registered)).toEqual(expect.objectContaining({ matched: registeredKey.kid }));
    expect(keyOf(registered)).not.toHaveProperty('from');
    expect(keyOf(registered)).not.toHaveProperty('jwksUri'); // its kid is registered: nothing to fetch
  });
});

describe('npm start with a JWKS URI on loopback', () => {
  it('fetches the client keys from 127.0.0.1 and signs in', async () => {
    // Prepare
    const key = await newClientKey('ES256');
    published = [key.publicJwk];
    down = false;
    const startEnv = localEnv(await freshTables(), { PORT: String(await freePort()) });
    const started = await npmStart(startEnv);
    try {
      const created = await runCliJson(
        [
          'config',
          'create',
          '--local',
          '--cid',
          'acme',
          '--target-url',
          `${started.baseUrl}/demo/`,
          '--jwks-uri',
          jwksUri,
        ],
        startEnv,
      );
      await runCliJson(['sso', 'enable', 'acme', '--local'], startEnv);
      const client = {
        clientId: created.json.clientId as string,
        secret: created.json.clientSecret as string,
        cid: 'acme',
      };
      // Act
      const answer = await signInAt(started.baseUrl, client, key, new Date());
      // Assess
      expect(created.status).toBe(0);
      expect(answer.verdict).toBe('signed-in');
      expect(answer.location.origin).toBe(started.baseUrl);
    } finally {
      await started.stop();
    }
  });
});
