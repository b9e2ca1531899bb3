/**
 * `config keys list|add|remove` as operators run them (the real CLI) against DynamoDB Local, and the
 * sign-ins of the real handler after them: an added key works and a removed key gives 103 within 5 s,
 * a refused key stores nothing, the last key cannot go.
 */
import { jest } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import {
  createSsoWorld,
  location,
  mintToken,
  newClientKey,
  ssoEvent,
  type ClientKey,
  type SsoWorld,
  type TestClient,
} from '../support/sso-fixture';
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

let fileCount = 0;
function jwksFile(keys: readonly object[]): string {
  const path = join(env.INFOAUTH_LOCAL_DIR!, `jwks-${++fileCount}.json`);
  writeFileSync(path, JSON.stringify({ keys }));
  return path;
}

async function verdict(handler: ReturnType<SsoWorld['handler']>, client: TestClient, key: ClientKey, now: Date) {
  const token = await mintToken({ cid: client.cid, key }, {}, { now });
  const url = location(
    await handler(ssoEvent({ client_id: client.clientId, client_secret: client.secret, token }, 'POST')),
  );
  return url.searchParams.has('assertion') ? 'signed-in' : url.searchParams.get('code');
}

describe('config keys', () => {
  it('adds a key that works, and removes the old one so that it gives 103, within 5 s on a cached handler', async () => {
    // Prepare
    const client = await world.newClient();
    const next = await newClientKey('RS256');
    let now = new Date();
    const handler = world.handler({ cache: true, clock: () => now });
    const beforeAdd = await verdict(handler, client, next, now);
    // Act
    const added = await runCliJson(
      ['config', 'keys', 'add', client.clientId, '--local', '--jwks-file', jwksFile([next.publicJwk])],
      env,
    );
    now = new Date(now.getTime() + 5000);
    const afterAdd = await verdict(handler, client, next, now);
    const removed = await runCliJson(
      ['config', 'keys', 'remove', client.clientId, '--local', '--kid', client.key.kid],
      env,
    );
    const oldRightAfter = await verdict(handler, client, client.key, now);
    now = new Date(now.getTime() + 5000);
    const oldAfterRemove = await verdict(handler, client, client.key, now);
    const nextAfterRemove = await verdict(handler, client, next, now);
    const listed = await runCliJson(['config', 'keys', 'list', client.clientId, '--local'], env);
    // Assess
    expect(beforeAdd).toBe('103');
    expect(added.status).toBe(0);
    expect(added.json).toEqual(expect.objectContaining({ clientId: client.clientId, added: [next.kid] }));
    expect(afterAdd).toBe('signed-in');
    expect(removed.status).toBe(0);
    expect(oldRightAfter).toBe('signed-in'); // the cached configuration, for at most 4 s
    expect(oldAfterRemove).toBe('103');
    expect(nextAfterRemove).toBe('signed-in');
    expect(listed.json).toEqual({ clientId: client.clientId, keys: [expect.objectContaining({ kid: next.kid })] });
    const stored = (await world.admin.get(client.clientId))!;
    expect(stored.version).toBe(3);
  });

  it('refuses a key whose kid is already registered, a weak key, and a private key: exit 2, nothing stored', async () => {
    // Prepare
    const client = await world.newClient();
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const fresh = await newClientKey();
    const cases: Array<[object[], RegExp]> = [
      [[{ ...fresh.publicJwk, kid: client.key.kid }], /already used/],
      [[fresh.publicJwk, { ...weak.publicKey.export({ format: 'jwk' }), kid: 'weak' }], /1024 bits/],
      [[{ ...weak.privateKey.export({ format: 'jwk' }), kid: 'private' }], /private|secret/],
    ];
    const before = await world.admin.get(client.clientId);
    // Act
    const results = [];
    for (const [keys] of cases) {
      results.push(
        await runCli(['config', 'keys', 'add', client.clientId, '--local', '--jwks-file', jwksFile(keys)], env),
      );
    }
    // Assess
    results.forEach((result, index) => {
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(cases[index]![1]);
    });
    expect(await world.admin.get(client.clientId)).toEqual(before);
  });

  it('refuses to remove the last key (exit 2) and says so for an unknown kid (exit 1)', async () => {
    // Prepare
    const client = await world.newClient();
    // Act
    const last = await runCli(['config', 'keys', 'remove', client.clientId, '--local', '--kid', client.key.kid], env);
    const unknown = await runCli(['config', 'keys', 'remove', client.clientId, '--local', '--kid', 'nope'], env);
    // Assess
    expect(last.status).toBe(2);
    expect(last.stderr).toMatch(/is the last key/);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/has no key with kid "nope"/);
    expect((await world.admin.get(client.clientId))!.jwks.keys).toHaveLength(1);
  });
});
