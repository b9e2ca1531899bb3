/**
 * Passing optional claims through (`--claim`), as operators set it with the real CLI against DynamoDB
 * Local, and the sign-ins of the real handler after it: listed claims present in the token are checked
 * and copied into the assertion, a malformed one is 103 with its own reason, unlisted ones never pass.
 */
import { jest } from '@jest/globals';
import { decodeJwt } from 'jose';
import { createSsoWorld, location, mintToken, ssoEvent, type SsoWorld, type TestClient } from '../support/sso-fixture';
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

async function signIn(client: TestClient, claims: Record<string, unknown>) {
  const token = await mintToken(client, claims);
  const handler = world.handler();
  return location(await handler(ssoEvent({ client_id: client.clientId, client_secret: client.secret, token }, 'POST')));
}

describe('config create and update --claim', () => {
  it('creates a configuration that passes the listed claims, and replaces or clears the list on update', async () => {
    // Act
    const created = await runCliJson(
      [
        'config',
        'create',
        '--local',
        '--cid',
        'claims-cli',
        '--target-url',
        'https://app.example.test/',
        '--claim',
        'groups',
        '--claim',
        'name',
      ],
      env,
    );
    const clientId = created.json.clientId as string;
    const afterCreate = await stored(clientId);
    const replaced = await runCliJson(['config', 'update', clientId, '--local', '--claim', 'locale'], env);
    const cleared = await runCliJson(['config', 'update', clientId, '--local', '--no-claim'], env);
    const afterClear = await stored(clientId);
    const restarted = await runCliJson(['config', 'update', clientId, '--local', '--no-claim', '--claim', 'name'], env);
    const shown = await runCli(['config', 'get', clientId, '--local'], env);
    const audit = await runCliJson(['audit', '--local', '--client-id', clientId], env);
    // Assess
    expect(created.status).toBe(0);
    expect(created.json.config).toEqual(expect.objectContaining({ claims: ['name', 'groups'] }));
    expect(afterCreate.claims).toEqual(['name', 'groups']);
    expect(replaced.json).toEqual(
      expect.objectContaining({ changed: ['claims'], config: expect.objectContaining({ claims: ['locale'] }) }),
    );
    expect(cleared.json).toEqual(
      expect.objectContaining({ changed: ['claims'], config: expect.objectContaining({ claims: [] }) }),
    );
    expect(afterClear).not.toHaveProperty('claims');
    expect(restarted.status).toBe(0);
    expect((await stored(clientId)).claims).toEqual(['name']);
    expect(shown.stdout).toMatch(/passed claims: +name\n/);
    const records = audit.json.records as { action: string; changes: Record<string, unknown> }[];
    expect(records.map((record) => record.changes.claims)).toEqual([['name'], null, ['locale'], ['name', 'groups']]);
  });

  it.each([
    [['--claim', 'email'], /claim "email" cannot be passed through; choose from name, given_name/],
    [['--claim', 'role'], /claim "role" cannot be passed through/],
    [['--claim', 'name', '--claim', 'Groups'], /claim "Groups" cannot be passed through/],
  ])('refuses update %j with status 2 and changes nothing', async (args, message) => {
    // Prepare
    const client = await world.newClient({ claims: ['name'] });
    const before = await stored(client.clientId);
    // Act
    const result = await runCliJson(['config', 'update', client.clientId, '--local', ...args], env);
    // Assess
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(await stored(client.clientId)).toEqual(before);
  });

  it('refuses to create a configuration with an unknown claim, creating nothing', async () => {
    // Act
    const result = await runCli(
      [
        'config',
        'create',
        '--local',
        '--cid',
        'claims-bad',
        '--target-url',
        'https://app.example.test/',
        '--claim',
        'sub',
      ],
      env,
    );
    const listed = await runCliJson(['config', 'list', '--local'], env);
    // Assess
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      'error: claim "sub" cannot be passed through; choose from name, given_name, family_name, locale, external_id, groups\n',
    );
    expect((listed.json.configs as { cid: string }[]).map((config) => config.cid)).not.toContain('claims-bad');
  });
});

describe('sign-ins of a configuration that passes claims', () => {
  it('copies the listed claims present in the token into the assertion, and nothing unlisted', async () => {
    // Prepare
    const client = await world.newClient();
    await runCli(['config', 'update', client.clientId, '--local', '--claim', 'name', '--claim', 'groups'], env);
    // Act
    const landing = await signIn(client, {
      name: 'Jane Doe',
      groups: ['staff', 'Zürich'],
      given_name: 'Jane',
      role: 'admin',
    });
    // Assess
    const assertion = decodeJwt(landing.searchParams.get('assertion') ?? '');
    expect(assertion).toEqual(expect.objectContaining({ name: 'Jane Doe', groups: ['staff', 'Zürich'] }));
    expect(assertion).not.toHaveProperty('given_name');
    expect(assertion).not.toHaveProperty('role');
    expect(assertion.sub).toBe('jane.doe@example.com');
  });

  it('passes no claim of a configuration without a list', async () => {
    // Prepare
    const client = await world.newClient();
    // Act
    const landing = await signIn(client, { name: 'Jane Doe', groups: ['staff'] });
    // Assess
    const assertion = decodeJwt(landing.searchParams.get('assertion') ?? '');
    expect(Object.keys(assertion).sort()).toEqual(['aud', 'cid', 'email', 'exp', 'iat', 'iss', 'jti', 'sub']);
  });

  it.each([
    ['groups of 51 entries', { groups: Array.from({ length: 51 }, (_, index) => `g${String(index)}`) }],
    ['a name with a line break', { name: 'Jane\r\nDoe' }],
    ['a name of 257 characters', { name: 'x'.repeat(257) }],
  ])('refuses %s with 103, leaving the token unused', async (_label, claims) => {
    // Prepare
    const client = await world.newClient({ claims: ['name', 'groups'] });
    const token = await mintToken(client, claims);
    const handler = world.handler();
    const event = () => ssoEvent({ client_id: client.clientId, client_secret: client.secret, token }, 'POST');
    // Act
    const refused = location(await handler(event()));
    await runCli(['config', 'update', client.clientId, '--local', '--no-claim'], env);
    const withoutList = location(await handler(event()));
    // Assess
    expect(refused.searchParams.get('code')).toBe('103');
    expect(withoutList.searchParams.has('assertion')).toBe(true);
  });
});
