/**
 * `token check` explains a token against its configuration, through the real CLI on DynamoDB Local:
 * which key verified it (or why none did), its `aud`, and the claims a sign-in would pass through.
 */
import { jest } from '@jest/globals';
import { createSsoWorld, mintToken, newClientKey, type SsoWorld } from '../support/sso-fixture';
import { localEnv, runCli, runCliJson } from './run-cli';

jest.setTimeout(90_000);

let world: SsoWorld;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  world = await createSsoWorld();
  env = localEnv(world.tables);
});
afterAll(() => world.destroy());

const check = (clientId: string, token: string) =>
  runCliJson(['token', 'check', '--local', '--client-id', clientId, '--token', token], env);

describe('token check explains', () => {
  it('the key that verified, aud, and the claims that would be passed through (and those that would not)', async () => {
    // Prepare
    const client = await world.newClient({ claims: ['name', 'groups', 'locale'] });
    const token = await mintToken(client, {
      aud: client.clientId,
      name: 'Jane Doe',
      groups: ['staff'],
      given_name: 'Jane',
      role: 'admin',
    });
    // Act
    const result = await check(client.clientId, token);
    const text = await runCli(['token', 'check', '--local', '--client-id', client.clientId, '--token', token], env);
    // Assess
    expect(result.status).toBe(0);
    expect(result.json).toEqual(
      expect.objectContaining({
        verdict: 'would-sign-in',
        explanation: {
          key: {
            alg: 'ES256',
            kid: client.key.kid,
            matched: client.key.kid,
            summary: `key ${client.key.kid} (ES256) verified the signature`,
          },
          aud: { aud: client.clientId, required: false, summary: 'names this client id' },
          claims: {
            listed: ['name', 'locale', 'groups'],
            passed: { name: 'Jane Doe', groups: ['staff'] },
            absent: ['locale'],
            notListed: ['given_name'],
          },
        },
      }),
    );
    expect(text.stdout).toMatch(/key: +key \S+ \(ES256\) verified the signature\n/);
    expect(text.stdout).toMatch(/aud: +"[\w-]+": names this client id\n/);
    expect(text.stdout).toMatch(/passed claims: +name="Jane Doe", groups=\["staff"\]\n/);
    expect(text.stdout).toMatch(/listed, not in token: +locale\n/);
    expect(text.stdout).toMatch(/in token, not listed: +given_name\n/);
  });

  it('why no key verified: an unknown kid, a disallowed alg, or another private key', async () => {
    // Prepare
    const client = await world.newClient();
    const stranger = await newClientKey();
    const unknownKid = await mintToken(client, {}, { header: { kid: 'rotated-away' } });
    const otherKey = await mintToken({ cid: client.cid, key: { ...stranger, kid: client.key.kid } });
    const rsa = await mintToken({ cid: client.cid, key: await newClientKey('RS256') });
    // Act
    const [kid, signature, alg] = await Promise.all([
      check(client.clientId, unknownKid),
      check(client.clientId, otherKey),
      check(client.clientId, rsa),
    ]);
    // Assess
    const keyOf = (result: typeof kid) => (result.json.explanation as { key: { summary: string } }).key.summary;
    expect([kid.status, signature.status, alg.status]).toEqual([1, 1, 1]);
    expect(kid.json).toEqual(expect.objectContaining({ code: '103', reason: 'no-matching-key' }));
    expect(keyOf(kid)).toBe(
      `no registered key has kid "rotated-away" and allows alg "ES256" (registered: ${client.key.kid} ES256)`,
    );
    expect(signature.json).toEqual(expect.objectContaining({ code: '103', reason: 'signature-invalid' }));
    expect(keyOf(signature)).toBe(
      `the signature verifies with no registered key that has kid "${client.key.kid}": signed with another private key`,
    );
    expect(alg.json).toEqual(expect.objectContaining({ code: '103', reason: 'alg-not-allowed' }));
    expect(keyOf(alg)).toMatch(/^no registered key allows alg "RS256" \(registered: \S+ ES256\)$/);
    expect(kid.json.explanation).not.toHaveProperty('aud');
  });

  it('an aud the configuration requires, and a malformed passed claim, with their reasons', async () => {
    // Prepare
    const client = await world.newClient({ requireAud: true, claims: ['groups'] });
    const withoutAud = await mintToken(client, {});
    const badGroups = await mintToken(client, { aud: [client.clientId], groups: 'staff' });
    // Act
    const missing = await check(client.clientId, withoutAud);
    const malformed = await check(client.clientId, badGroups);
    // Assess
    expect(missing.json).toEqual(
      expect.objectContaining({
        code: '103',
        reason: 'aud-missing',
        explanation: expect.objectContaining({
          aud: { aud: null, required: true, summary: 'absent, but this configuration requires it' },
        }),
      }),
    );
    expect(malformed.json).toEqual(
      expect.objectContaining({
        code: '103',
        reason: 'groups-invalid',
        explanation: expect.objectContaining({
          claims: { listed: ['groups'], passed: {}, absent: [], notListed: [] },
        }),
      }),
    );
  });

  it('the token even when SSO is off for its CID (106)', async () => {
    // Prepare
    const client = await world.newClient({ enabled: false });
    // Act
    const result = await check(client.clientId, await mintToken(client, {}));
    // Assess
    expect(result.status).toBe(1);
    expect(result.json).toEqual(
      expect.objectContaining({
        code: '106',
        explanation: expect.objectContaining({ key: expect.objectContaining({ matched: client.key.kid }) }),
      }),
    );
  });
});
