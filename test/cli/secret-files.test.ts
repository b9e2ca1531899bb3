/**
 * Secrets at the command line: `config create` and `config rotate-secret` write the secret (and the
 * generated private key) to a new file of mode 0600 with `--out-file`, never over an existing path and
 * never leaving a change without its file; `token mint` and `token check` read the key and the token from
 * a file or standard input (`-`), so neither has to sit in the command line or the shell's history.
 * Runs the real CLI against fresh tables on the test DynamoDB Local.
 */
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { freshTables } from '../support/sso-fixture';
import { localEnv, runCli, runCliJson } from './run-cli';

jest.setTimeout(120_000);

let env: NodeJS.ProcessEnv;
let dir: string;
beforeAll(async () => {
  env = localEnv(await freshTables());
  dir = mkdtempSync(join(env.INFOAUTH_LOCAL_DIR ?? '', 'secrets-'));
});

const TARGET = ['--target-url', 'https://app.example.test/landing'];
const modeOf = (path: string) => statSync(path).mode & 0o777;
const configCount = async () =>
  ((await runCliJson(['config', 'list', '--local'], env)).json.configs as unknown[]).length;

interface SecretsFile {
  clientId: string;
  clientSecret: string;
  signingKey?: { kid: string; privateJwk: Record<string, unknown> };
}
const secretsIn = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as SecretsFile;

describe('config create --out-file', () => {
  it('writes the secret and the private key to a new file of mode 0600 and prints neither', async () => {
    // Prepare
    const path = join(dir, 'acme-out.json');
    // Act
    const json = await runCliJson(
      ['config', 'create', '--local', '--cid', 'acme-out', ...TARGET, '--out-file', path],
      env,
    );
    const human = await runCli(
      ['config', 'create', '--local', '--cid', 'acme-out', ...TARGET, '--out-file', join(dir, 'acme-out-2.json')],
      env,
    );
    // Assess
    expect(json.status).toBe(0);
    expect(modeOf(path)).toBe(0o600);
    const secrets = secretsIn(path);
    expect(secrets).toEqual({
      clientId: json.json.clientId,
      clientSecret: expect.stringMatching(/^\S{32,}$/),
      signingKey: { kid: expect.any(String), privateJwk: expect.objectContaining({ d: expect.any(String) }) },
    });
    expect(json.json).toEqual(
      expect.objectContaining({
        clientId: secrets.clientId,
        secretsFile: path,
        signingKey: { kid: secrets.signingKey?.kid },
      }),
    );
    expect(json.json.clientSecret).toBeUndefined();
    expect(json.stdout).not.toContain(secrets.clientSecret);
    expect(json.stdout).not.toContain(String(secrets.signingKey?.privateJwk.d));
    expect(human.status).toBe(0);
    expect(human.stdout).toMatch(
      /Written to .*acme-out-2\.json \(mode 600, readable by you only\): the client secret and the private key/,
    );
    expect(human.stdout).not.toContain(secretsIn(join(dir, 'acme-out-2.json')).clientSecret);
    expect(modeOf(join(dir, 'acme-out-2.json'))).toBe(0o600);
  });

  it('refuses an existing file (exit 2, one line), leaves it as it was, and creates no configuration', async () => {
    // Prepare
    const path = join(dir, 'existing.json');
    writeFileSync(path, 'keep me\n', { mode: 0o644 });
    const before = await configCount();
    // Act
    const result = await runCli(
      ['config', 'create', '--local', '--cid', 'acme-exists', ...TARGET, '--out-file', path],
      env,
    );
    const json = await runCliJson(
      ['config', 'create', '--local', '--cid', 'acme-exists', ...TARGET, '--out-file', path],
      env,
    );
    // Assess
    expect(result.status).toBe(2);
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      `error: cannot create the secrets file ${path}: it already exists (a secrets file is never overwritten; choose a new path)`,
    ]);
    expect(result.stdout).toBe('');
    expect(json.status).toBe(2);
    expect(json.json).toEqual({ error: { kind: 'invalid-input', message: expect.stringContaining('already exists') } });
    expect(readFileSync(path, 'utf8')).toBe('keep me\n');
    expect(modeOf(path)).toBe(0o644);
    expect(await configCount()).toBe(before);
  });

  it('refuses a file in a missing directory, and removes its file when the configuration is refused', async () => {
    // Prepare
    const missingDir = join(dir, 'no-such-dir', 'out.json');
    const refused = join(dir, 'refused.json');
    const before = await configCount();
    // Act
    const noDir = await runCli(
      ['config', 'create', '--local', '--cid', 'acme-nodir', ...TARGET, '--out-file', missingDir],
      env,
    );
    const badUrl = await runCli(
      ['config', 'create', '--local', '--cid', 'acme-bad', '--target-url', 'ftp://x.test/', '--out-file', refused],
      env,
    );
    // Assess
    expect(noDir.status).toBe(2);
    expect(noDir.stderr).toBe(`error: cannot create the secrets file ${missingDir}: its directory does not exist\n`);
    expect(badUrl.status).toBe(2);
    expect(badUrl.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(existsSync(refused)).toBe(false);
    expect(await configCount()).toBe(before);
  });
});

describe('config rotate-secret --out-file', () => {
  it('writes the new secret to a new file of mode 0600, and refuses an existing file without rotating', async () => {
    // Prepare
    const created = join(dir, 'rotate-created.json');
    await runCli(['config', 'create', '--local', '--cid', 'acme-rotate', ...TARGET, '--out-file', created], env);
    const { clientId, clientSecret: first } = secretsIn(created);
    const rotatedPath = join(dir, 'rotated.json');
    // Act
    const refused = await runCli(['config', 'rotate-secret', clientId, '--local', '--out-file', created], env);
    const afterRefusal = await runCliJson(['config', 'get', clientId, '--local'], env);
    const rotated = await runCliJson(['config', 'rotate-secret', clientId, '--local', '--out-file', rotatedPath], env);
    const afterRotation = await runCliJson(['config', 'get', clientId, '--local'], env);
    // Assess
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/^error: cannot create the secrets file .* it already exists/);
    expect((afterRefusal.json.config as { version: number }).version).toBe(1);
    expect(secretsIn(created).clientSecret).toBe(first);
    expect(rotated.status).toBe(0);
    expect(modeOf(rotatedPath)).toBe(0o600);
    const second = secretsIn(rotatedPath);
    expect(second).toEqual({ clientId, clientSecret: expect.any(String) });
    expect(second.clientSecret).not.toBe(first);
    expect(rotated.json).toEqual({ clientId, previousSecretValidUntil: expect.any(String), secretsFile: rotatedPath });
    expect(rotated.stdout).not.toContain(second.clientSecret);
    expect((afterRotation.json.config as { version: number }).version).toBe(2);
  });
});

describe('token mint and token check read the key and the token from a file or standard input', () => {
  it('mints with the key on stdin and checks the token from a file and from stdin', async () => {
    // Prepare
    const created = join(dir, 'token-created.json');
    await runCli(['config', 'create', '--local', '--cid', 'acme-stdin', ...TARGET, '--out-file', created], env);
    await runCli(['sso', 'enable', 'acme-stdin', '--local'], env);
    const { clientId, signingKey } = secretsIn(created);
    const tokenFile = join(dir, 'token.txt');
    // Act
    const minted = await runCliJson(
      ['token', 'mint', '--private-jwk', '-', '--cid', 'acme-stdin', '--email', 'jane@example.com'],
      env,
      JSON.stringify(signingKey?.privateJwk),
    );
    const token = String(minted.json.token);
    writeFileSync(tokenFile, `${token}\n`);
    const fromFile = await runCliJson(
      ['token', 'check', '--local', '--client-id', clientId, '--token-file', tokenFile],
      env,
    );
    const fromStdin = await runCliJson(
      ['token', 'check', '--local', '--client-id', clientId, '--token-file', '-'],
      env,
      token,
    );
    // Assess
    expect(minted.status).toBe(0);
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    for (const check of [fromFile, fromStdin]) {
      expect(check.status).toBe(0);
      expect(check.json).toEqual(expect.objectContaining({ verdict: 'would-sign-in', clientId }));
    }
  });

  it.each([
    ['both --token and --token-file', ['--token', 'a.b.c', '--token-file', '-'], 'a.b.c', /exactly one of --token/],
    ['neither', [], undefined, /exactly one of --token/],
    ['an empty stdin', ['--token-file', '-'], '', /token file on standard input is empty/],
    [
      'a missing file',
      ['--token-file', '/no/such/token'],
      undefined,
      /cannot read token file \/no\/such\/token: no such file/,
    ],
  ])('token check with %s exits 2 with one line', async (_name, args, stdin, message) => {
    // Act
    const result = await runCli(['token', 'check', '--local', '--client-id', 'someClient', ...args], env, stdin);
    // Assess
    expect(result.status).toBe(2);
    expect(result.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(message)]);
  });

  it('token mint with an empty stdin exits 2 with one line', async () => {
    // Act
    const result = await runCli(['token', 'mint', '--private-jwk', '-', '--cid', 'a', '--email', 'j@e.com'], env, '');
    // Assess
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('error: private key file on standard input is empty\n');
  });
});
