/** The admin commands' logic against DynamoDB Local, called directly (the CLI tests spawn the real binary). */
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import { DynamoUsedTokenStore } from '../../lambdas/adapters/dynamodb/used-token-store';
import { hashSecret } from '../../lambdas/core/client-secret';
import { InfoauthError } from '../../lambdas/core/errors';
import { createConfig, deleteConfig, getConfig, listConfigs, rotateSecret } from '../../tools/admin/config-commands';
import { listKeys, rotateKeys } from '../../tools/admin/key-commands';
import { setSso, ssoStatus } from '../../tools/admin/sso-commands';
import { checkToken, mintToken } from '../../tools/admin/token-commands';
import { createDocumentClient } from '../../lambdas/adapters/dynamodb/client';
import { dynamoEndpoint } from '../support/sso-fixture';
import { createTestAdmin, type TestAdmin } from './admin-deps-for-tests';

let admin: TestAdmin;
beforeAll(async () => {
  admin = await createTestAdmin();
});
afterAll(() => admin.close());
afterEach(() => admin.setNow(undefined));

const newCid = () => `cid-${randomUUID().slice(0, 8)}`;
const rejection = (code: InfoauthError['code'], message: RegExp) =>
  expect.objectContaining({ name: 'InfoauthError', code, message: expect.stringMatching(message) });

async function enabledClient() {
  const cid = newCid();
  const created = await createConfig(admin, { cid, targetUrl: 'https://app.example.test/landing' });
  await setSso(admin, cid, true);
  const privateJwk = JSON.stringify(created.signingKey!.privateJwk);
  return { cid, created, privateJwk };
}

describe('config commands', () => {
  it('creates a configuration with a generated key pair of which only the public half is stored', async () => {
    // Prepare
    const cid = newCid();
    // Act
    const created = await createConfig(admin, { cid, targetUrl: 'https://app.example.test/landing?x=1' });
    // Assess
    const stored = await admin.configs.get(created.clientId);
    expect(stored?.secretHash).toBe(hashSecret(created.clientSecret));
    expect(stored?.jwks.keys).toEqual([expect.not.objectContaining({ d: expect.anything() })]);
    expect(stored?.jwks.keys[0]?.kid).toBe(created.signingKey?.kid);
    expect(created.signingKey?.privateJwk).toEqual(expect.objectContaining({ d: expect.any(String), alg: 'ES256' }));
    expect(created.config).toEqual(
      expect.objectContaining({ cid, targetUrl: 'https://app.example.test/landing?x=1', maxTokenAge: 300 }),
    );
    expect(JSON.stringify(created.config)).not.toContain(stored!.secretHash);
  });

  it('stores the public keys of a JWKS file and generates no key pair', async () => {
    // Prepare
    const { publicKey } = await generateKeyPair('RS256');
    const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'client-key-1' }] });
    // Act
    const created = await createConfig(admin, { cid: newCid(), targetUrl: 'https://a.example.test/', jwks });
    // Assess
    expect(created.signingKey).toBeUndefined();
    expect(created.config.keys.map((key) => key.kid)).toEqual(['client-key-1']);
  });

  it.each([
    ['a CID of the wrong form', { cid: 'bad cid!' }, /CID must be/],
    ['a relative target URL', { targetUrl: '/landing' }, /target URL must be an absolute http\(s\) URL/],
    ['an allowed origin with a path', { allowedOrigins: ['https://a.example.test/x'] }, /is not an origin/],
    ['an error URL off the allowed origins', { errorUrl: 'https://elsewhere.test/e' }, /allowed origin/],
    [
      'a private key in the JWKS',
      { jwks: '{"kty":"EC","crv":"P-256","x":"a","y":"b","d":"c"}' },
      /private or secret members/,
    ],
    ['a JWKS that is not JSON', { jwks: 'not json' }, /not valid JSON/],
    ['a max token age that is not whole', { maxTokenAge: 1.5 }, /max token age/],
  ])('refuses %s', async (_name, change, message) => {
    // Prepare
    const input = { cid: newCid(), targetUrl: 'https://a.example.test/', ...change };
    // Act
    const created = createConfig(admin, input);
    // Assess
    await expect(created).rejects.toEqual(rejection('invalid-input', message));
  });

  it('gets, lists and deletes a configuration without ever showing a secret or its hash', async () => {
    // Prepare
    const { cid, created } = await enabledClient();
    const hash = hashSecret(created.clientSecret);
    // Act
    const got = await getConfig(admin, created.clientId);
    const listed = await listConfigs(admin);
    const deleted = await deleteConfig(admin, created.clientId);
    // Assess
    expect(got).toEqual({ config: expect.objectContaining({ clientId: created.clientId, cid }), ssoState: 'enabled' });
    expect(listed.configs.map((config) => config.clientId)).toContain(created.clientId);
    for (const output of [got, listed]) {
      expect(JSON.stringify(output)).not.toContain(hash);
      expect(JSON.stringify(output)).not.toContain(created.clientSecret);
    }
    expect(deleted).toEqual({ deleted: created.clientId, cid });
    await expect(getConfig(admin, created.clientId)).rejects.toEqual(rejection('not-found', /no SSO configuration/));
  });

  it.each([
    ['get', (id: string) => getConfig(admin, id)],
    ['delete', (id: string) => deleteConfig(admin, id)],
    ['rotate-secret', (id: string) => rotateSecret(admin, id, undefined)],
  ])('%s tells an unknown client id from a malformed one', async (_name, command) => {
    // Act and assess
    await expect(command('NoSuchClient123')).rejects.toEqual(rejection('not-found', /no SSO configuration/));
    await expect(command('not a client id')).rejects.toEqual(rejection('invalid-input', /is not a client id/));
  });

  it('rotates the secret and keeps the previous one for the grace period only', async () => {
    // Prepare
    const { created } = await enabledClient();
    admin.setNow(new Date('2030-01-01T00:00:00Z'));
    // Act
    const withGrace = await rotateSecret(admin, created.clientId, 600);
    const withoutGrace = await rotateSecret(admin, created.clientId, 0);
    // Assess
    expect(withGrace.previousSecretValidUntil).toBe('2030-01-01T00:10:00.000Z');
    expect(withoutGrace.previousSecretValidUntil).toBeUndefined();
    const stored = await admin.configs.get(created.clientId);
    expect(stored?.secretHash).toBe(hashSecret(withoutGrace.clientSecret));
    expect(stored?.previousSecret).toBeUndefined();
  });
});

describe('sso commands', () => {
  it('enables, disables and reports SSO per CID; no setting means disabled', async () => {
    // Prepare
    const cid = newCid();
    // Act
    const before = await ssoStatus(admin, cid);
    const enabled = await setSso(admin, cid, true);
    const disabled = await setSso(admin, cid, false);
    // Assess
    expect(before).toEqual({ cid, state: 'missing', ssoEnabled: false });
    expect(enabled).toEqual(expect.objectContaining({ cid, state: 'enabled', ssoEnabled: true }));
    expect(disabled).toEqual(expect.objectContaining({ cid, state: 'disabled', ssoEnabled: false }));
  });

  it('refuses a CID of the wrong form', async () => {
    await expect(setSso(admin, '-starts-with-dash', true)).rejects.toEqual(rejection('invalid-input', /is not a CID/));
  });
});

describe('token commands', () => {
  it('mints a token that the check would sign in, and the check records nothing', async () => {
    // Prepare
    const { cid, created, privateJwk } = await enabledClient();
    const { token, claims, header } = await mintToken({ privateJwk, cid, email: 'jane@example.com' }, new Date());
    // Act
    const first = await checkToken(admin, created.clientId, token);
    const second = await checkToken(admin, created.clientId, token);
    // Assess
    expect(header).toEqual({ alg: 'ES256', kid: created.signingKey!.kid });
    expect(claims.exp - claims.iat).toBe(120);
    expect(first).toEqual(expect.objectContaining({ verdict: 'would-sign-in', secretChecked: false }));
    expect(second.verdict).toBe('would-sign-in');
    expect(await admin.usedTokens.isUsed(cid, claims.jti)).toBe(false);
  });

  it('tells the code and reason a token would get, in the order of the contract', async () => {
    // Prepare
    const { cid, created, privateJwk } = await enabledClient();
    const disabledCid = newCid();
    const disabled = await createConfig(admin, { cid: disabledCid, targetUrl: 'https://a.example.test/' });
    const now = new Date();
    const mint = (claims: { cid?: string; ttl?: number; at?: Date }) =>
      mintToken({ privateJwk, cid: claims.cid ?? cid, email: 'jane@example.com', ttl: claims.ttl }, claims.at ?? now);
    const used = await mint({});
    const usedTokens = new DynamoUsedTokenStore(
      createDocumentClient({ endpoint: dynamoEndpoint() }),
      admin.tables.usedTokens,
    );
    await usedTokens.recordFirstUse({ cid, jti: used.claims.jti, expiresAt: 0, attemptId: 'x' });
    // Act
    const verdicts = await Promise.all([
      checkToken(admin, 'bad id!', (await mint({})).token),
      checkToken(admin, 'UnknownClient', (await mint({})).token),
      checkToken(admin, disabled.clientId, (await mint({})).token),
      checkToken(admin, created.clientId, (await mint({ cid: 'other' })).token),
      checkToken(admin, created.clientId, 'not-a-jwt'),
      checkToken(admin, created.clientId, (await mint({ ttl: 5, at: new Date(now.getTime() - 600_000) })).token),
      checkToken(admin, created.clientId, used.token),
    ]);
    // Assess
    expect(verdicts.map(({ code, reason }) => `${code} ${reason}`)).toEqual([
      '101 client-id-malformed',
      '101 config-not-found',
      '106 sso-setting-missing',
      '103 cid-mismatch',
      '103 token-malformed',
      '104 token-expired',
      '104 token-already-used',
    ]);
    expect(verdicts[6]).toEqual(expect.objectContaining({ verdict: 'would-refuse', title: expect.any(String) }));
  });

  it.each([
    ['a public key', (jwk: Record<string, unknown>) => ({ ...jwk, d: undefined }), /no private key/],
    ['no JSON', () => 'nope', /not valid JSON/],
    ['a symmetric key', () => ({ kty: 'oct', k: 'c2VjcmV0' }), /symmetric/],
  ])('refuses to mint with %s', async (_name, change, message) => {
    // Prepare
    const { privateJwk, cid } = await enabledClient();
    const changed = change(JSON.parse(privateJwk) as Record<string, unknown>);
    const text = typeof changed === 'string' ? changed : JSON.stringify(changed);
    // Act
    const minted = mintToken({ privateJwk: text, cid, email: 'jane@example.com' }, new Date());
    // Assess
    await expect(minted).rejects.toEqual(rejection('invalid-input', message));
  });

  it('refuses to mint for a bad email, CID or TTL', async () => {
    // Prepare
    const { privateJwk, cid } = await enabledClient();
    const mint = (input: { cid?: string; email?: string; ttl?: number }) =>
      mintToken({ privateJwk, cid, email: 'jane@example.com', ...input }, new Date());
    // Act and assess
    await expect(mint({ email: 'not-an-email' })).rejects.toEqual(rejection('invalid-input', /valid email/));
    await expect(mint({ cid: 'bad cid' })).rejects.toEqual(rejection('invalid-input', /is not a CID/));
    await expect(mint({ ttl: 0 })).rejects.toEqual(rejection('invalid-input', /TTL/));
  });
});

describe('keys commands', () => {
  it('creates the first key active at once, then publishes the next one before it signs', async () => {
    // Prepare
    admin.setNow(new Date('2030-01-01T00:00:00Z'));
    // Act
    const empty = await listKeys(admin);
    const first = await rotateKeys(admin, undefined);
    const second = await rotateKeys(admin, undefined);
    const listed = await listKeys(admin);
    // Assess
    expect(empty).toEqual({ version: 0, keys: [] });
    expect(first.activeFrom).toBe('2030-01-01T00:00:00.000Z');
    expect(second.activeFrom).toBe('2030-01-01T00:05:00.000Z');
    expect(listed.version).toBe(2);
    expect(listed.keys.map(({ kid, status }) => [kid, status])).toEqual([
      [first.kid, 'signing'],
      [second.kid, 'next'],
    ]);
    expect(listed.keys[0]?.retireAt).toBe('2030-01-01T00:07:00.000Z');
  });
});
