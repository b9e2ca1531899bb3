/**
 * The admin CLI as operators run it: every command once with `--json` (exactly one JSON object on
 * stdout), human output, `--help`, and each kind of bad input with its message and exit status
 * (2 bad input, 1 failed or not found). Runs against fresh tables on the test DynamoDB Local.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashSecret } from '../../lambdas/core/client-secret';
import { loadOrCreateLocalKek } from '../../tools/local/local-signing-keys';
import { freshTables } from '../support/sso-fixture';
import { localEnv, runCli, runCliJson } from './run-cli';

let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  env = localEnv(await freshTables());
});

async function createdClient(cid: string) {
  const { json, status } = await runCliJson(
    ['config', 'create', '--local', '--cid', cid, '--target-url', 'https://app.example.test/landing'],
    env,
  );
  expect(status).toBe(0);
  const keyFile = join(env.INFOAUTH_LOCAL_DIR!, `${cid}-private.json`);
  writeFileSync(keyFile, JSON.stringify((json.signingKey as { privateJwk: object }).privateJwk));
  return { clientId: json.clientId as string, clientSecret: json.clientSecret as string, keyFile };
}

describe('admin CLI', () => {
  it('prints help for the program and each command, and exits 0', async () => {
    // Act
    const top = await runCli(['--help'], env);
    const create = await runCli(['config', 'create', '--help'], env);
    // Assess
    expect(top.status).toBe(0);
    expect(top.stdout).toEqual(expect.stringContaining('config'));
    expect(top.stdout).toMatch(/sso[\s\S]*token[\s\S]*keys/);
    expect(create.status).toBe(0);
    expect(create.stdout).toMatch(/--target-url <URL>[\s\S]*--allowed-origin[\s\S]*--local[\s\S]*--json/);
  });

  it('refuses an unknown command with status 2, and with --json still prints one JSON object', async () => {
    // Act
    const result = await runCliJson(['frobnicate'], env);
    // Assess
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/unknown command 'frobnicate'/);
    expect(result.json).toEqual({ error: { kind: 'usage', message: "unknown command 'frobnicate'" } });
  });

  it('creates a configuration: client id, secret once, generated key pair; get/list never show the secret', async () => {
    // Prepare
    const cid = 'acme-json';
    // Act
    const created = await runCliJson(
      [
        'config',
        'create',
        '--local',
        '--cid',
        cid,
        '--target-url',
        'https://app.example.test/landing',
        '--allowed-origin',
        'https://portal.example.test',
        '--error-url',
        'https://portal.example.test/error',
        '--max-token-age',
        '120',
        '--clock-tolerance',
        '10',
      ],
      env,
    );
    const clientId = created.json.clientId as string;
    const got = await runCliJson(['config', 'get', clientId, '--local'], env);
    const listed = await runCliJson(['config', 'list', '--local'], env);
    const human = await runCli(['config', 'get', clientId, '--local'], env);
    // Assess
    expect(created.status).toBe(0);
    expect(created.json).toEqual({
      clientId: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      clientSecret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      config: expect.objectContaining({
        cid,
        targetUrl: 'https://app.example.test/landing',
        allowedOrigins: ['https://portal.example.test', 'https://app.example.test'],
        errorUrl: 'https://portal.example.test/error',
        maxTokenAge: 120,
        clockTolerance: 10,
      }),
      signingKey: {
        kid: expect.any(String),
        privateJwk: expect.objectContaining({ kty: 'EC', d: expect.any(String) }),
      },
    });
    expect(got.json).toEqual({ config: expect.objectContaining({ clientId, cid }), ssoState: 'missing' });
    expect((listed.json.configs as { clientId: string }[]).map((config) => config.clientId)).toContain(clientId);
    const secret = created.json.clientSecret as string;
    for (const output of [got.stdout, listed.stdout, human.stdout]) {
      expect(output).not.toContain(secret);
      expect(output).not.toContain(hashSecret(secret));
    }
    expect(human.stdout).toMatch(/client id:\s+\S+[\s\S]*target URL:\s+https:\/\/app\.example\.test\/landing/);
  });

  it.each([
    [['--cid', 'bad cid!', '--target-url', 'https://a.example.test/'], /CID must be 1-64 characters/],
    [['--cid', 'acme', '--target-url', 'app.example.test/landing'], /target URL must be an absolute http\(s\) URL/],
    [
      ['--cid', 'acme', '--target-url', 'https://a.example.test/', '--allowed-origin', 'https://b.test/x'],
      /not an origin/,
    ],
    [['--cid', 'acme', '--target-url', 'https://a.example.test/', '--max-token-age', 'ten'], /whole number of seconds/],
    [['--cid', 'acme', '--target-url', 'https://a.example.test/', '--jwks-file', '/no/such/file'], /no such file/],
    [['--target-url', 'https://a.example.test/'], /required option '--cid <CID>' not specified/],
  ])('refuses config create %j with status 2', async (args, message) => {
    // Act
    const result = await runCliJson(['config', 'create', '--local', ...args], env);
    // Assess
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.json).toEqual({ error: { kind: expect.any(String), message: expect.stringMatching(message) } });
  });

  it.each([
    ['a private key', (privateJwk: Record<string, unknown>) => privateJwk, /: it has private or secret members/],
    [
      'an RSA key with e = 1',
      () => ({ kty: 'RSA', kid: 'weak-rsa', n: Buffer.alloc(256, 0xc5).toString('base64url'), e: 'AQ' }),
      /^error: key "weak-rsa": the RSA public exponent must be 65537/,
    ],
    [
      'the Ed25519 identity point',
      () => ({ kty: 'OKP', crv: 'Ed25519', kid: 'weak-ed', x: 'AQ'.padEnd(43, 'A') }),
      /^error: key "weak-ed": the Ed25519 point is of small order/,
    ],
  ])(
    'refuses a JWKS file holding %s: status 2, one line naming the key, nothing stored',
    async (_name, keyOf, line) => {
      // Prepare
      const { keyFile } = await createdClient(`acme-weak-${_name.length}`);
      const jwksFile = `${keyFile}.jwks.json`;
      writeFileSync(jwksFile, JSON.stringify({ keys: [keyOf(JSON.parse(readFileSync(keyFile, 'utf8')))] }));
      const cid = `acme-refused-${_name.length}`;
      // Act
      const result = await runCli(
        [
          'config',
          'create',
          '--local',
          '--cid',
          cid,
          '--target-url',
          'https://a.example.test/',
          '--jwks-file',
          jwksFile,
        ],
        env,
      );
      const listed = await runCliJson(['config', 'list', '--local'], env);
      // Assess
      expect(result.status).toBe(2);
      expect(result.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(line)]);
      expect(JSON.stringify(listed.json)).not.toContain(cid);
    },
  );

  it('rotates a secret, deletes a configuration, and says so for an unknown client id (status 1)', async () => {
    // Prepare
    const { clientId, clientSecret } = await createdClient('acme-rotate');
    // Act
    const rotated = await runCliJson(['config', 'rotate-secret', clientId, '--local', '--grace-period', '60'], env);
    const deleted = await runCliJson(['config', 'delete', clientId, '--local'], env);
    const gone = await runCli(['config', 'get', clientId, '--local'], env);
    // Assess
    expect(rotated.status).toBe(0);
    expect(rotated.json).toEqual({
      clientId,
      clientSecret: expect.not.stringMatching(clientSecret),
      previousSecretValidUntil: expect.any(String),
    });
    expect(deleted.json).toEqual({ deleted: clientId, cid: 'acme-rotate' });
    expect(gone.status).toBe(1);
    expect(gone.stderr).toBe(`error: no SSO configuration has client id ${clientId}\n`);
  });

  it('switches SSO per CID and refuses a CID of the wrong form', async () => {
    // Act
    const enabled = await runCliJson(['sso', 'enable', 'acme-sso', '--local'], env);
    const disabled = await runCliJson(['sso', 'disable', 'acme-sso', '--local'], env);
    const status = await runCli(['sso', 'status', 'acme-sso', '--local'], env);
    const bad = await runCli(['sso', 'enable', 'acme sso', '--local'], env);
    // Assess
    expect(enabled.json).toEqual(expect.objectContaining({ cid: 'acme-sso', state: 'enabled', ssoEnabled: true }));
    expect(disabled.json).toEqual(expect.objectContaining({ cid: 'acme-sso', state: 'disabled', ssoEnabled: false }));
    expect(status.stdout).toMatch(/SSO:\s+disabled/);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/"acme sso" is not a CID/);
  });

  it('mints a token as a client would and checks it without using it', async () => {
    // Prepare
    const { clientId, keyFile } = await createdClient('acme-token');
    await runCli(['sso', 'enable', 'acme-token', '--local'], env);
    // Act
    const minted = await runCliJson(
      ['token', 'mint', '--private-jwk', keyFile, '--cid', 'acme-token', '--email', 'jane@example.com', '--ttl', '60'],
      env,
    );
    const token = minted.json.token as string;
    const check = await runCliJson(['token', 'check', '--local', '--client-id', clientId, '--token', token], env);
    const again = await runCli(['token', 'check', '--local', '--client-id', clientId, '--token', token], env);
    const unknown = await runCliJson(
      ['token', 'check', '--local', '--client-id', 'NoSuchClient', '--token', token],
      env,
    );
    // Assess
    expect(minted.json).toEqual({
      token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      header: { alg: 'ES256', kid: expect.any(String) },
      claims: expect.objectContaining({ cid: 'acme-token', email: 'jane@example.com', jti: expect.any(String) }),
    });
    expect(check.status).toBe(0);
    expect(check.json).toEqual(expect.objectContaining({ clientId, verdict: 'would-sign-in', secretChecked: false }));
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/^Would sign in j\*\*\*@example\.com/);
    expect(unknown.status).toBe(1);
    expect(unknown.json).toEqual(expect.objectContaining({ code: '101', reason: 'config-not-found' }));
  });

  it('refuses to mint with a public key file or a bad email', async () => {
    // Prepare
    const publicKeyFile = join(env.INFOAUTH_LOCAL_DIR!, 'public.json');
    writeFileSync(publicKeyFile, JSON.stringify({ kty: 'EC', crv: 'P-256', x: 'AAAA', y: 'AAAA' }));
    const { keyFile } = await createdClient('acme-mint');
    // Act
    const publicOnly = await runCli(
      ['token', 'mint', '--private-jwk', publicKeyFile, '--cid', 'a', '--email', 'j@e.com'],
      env,
    );
    const badEmail = await runCli(['token', 'mint', '--private-jwk', keyFile, '--cid', 'a', '--email', 'jane'], env);
    // Assess
    expect(publicOnly.status).toBe(2);
    expect(publicOnly.stderr).toMatch(/holds no private key/);
    expect(badEmail.status).toBe(2);
    expect(badEmail.stderr).toMatch(/"jane" is not a valid email address/);
  });

  it('lists and rotates the signing keys with the local key-encryption key, and says when it is missing', async () => {
    // Prepare
    const noKek = await runCli(['keys', 'rotate', '--local'], env);
    loadOrCreateLocalKek(join(env.INFOAUTH_LOCAL_DIR!, 'local-kek.b64'));
    // Act
    const rotated = await runCliJson(['keys', 'rotate', '--local', '--activation-delay', '0'], env);
    const listed = await runCliJson(['keys', 'list', '--local'], env);
    // Assess
    expect(noKek.status).toBe(1);
    expect(noKek.stderr).toMatch(/no local key-encryption key at .*run `npm start` once/);
    expect(rotated.status).toBe(0);
    expect(listed.json).toEqual({
      version: 1,
      keys: [expect.objectContaining({ kid: rotated.json.kid, status: 'signing', mode: 'wrapped' })],
    });
  });

  it('says clearly when the local DynamoDB cannot be reached (status 1)', async () => {
    // Prepare
    const unreachable = { ...env, AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:9' };
    // Act
    const result = await runCli(['config', 'list', '--local'], unreachable);
    // Assess
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/cannot reach the local DynamoDB at http:\/\/127\.0\.0\.1:9 .*npm start/);
  });
});
