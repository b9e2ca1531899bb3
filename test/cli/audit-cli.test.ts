/**
 * `admin audit --local` as operators run it: the OS user as the actor, newest first, one JSON object
 * with `--json`, readable lines without, and exit status 2 for bad input, 1 when the trail is missing.
 */
import { userInfo } from 'node:os';
import { freshTables } from '../support/sso-fixture';
import { localEnv, runCli, runCliJson } from './run-cli';

let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  env = localEnv(await freshTables());
});

describe('admin audit', () => {
  it('lists the changes made with --local, newest first, under the OS user', async () => {
    // Prepare
    const created = await runCliJson(
      ['config', 'create', '--local', '--cid', 'audit-cli', '--target-url', 'https://app.example.test/'],
      env,
    );
    const clientId = created.json.clientId as string;
    await runCli(['sso', 'enable', 'audit-cli', '--local'], env);
    await runCli(['config', 'rotate-secret', clientId, '--local'], env);
    // Act
    const listed = await runCliJson(['audit', '--local', '--client-id', clientId, '--since', '1h'], env);
    const text = await runCli(['audit', '--local', '--cid', 'audit-cli'], env);
    // Assess
    expect(listed.status).toBe(0);
    const records = listed.json.records as { action: string; actor: string; changes: object }[];
    expect(records.map((record) => record.action)).toEqual(['config rotate-secret', 'sso enable', 'config create']);
    expect(new Set(records.map((record) => record.actor))).toEqual(new Set([userInfo().username]));
    expect(JSON.stringify(listed.json)).not.toContain(created.json.clientSecret as string);
    expect(text.status).toBe(0);
    const lines = text.stdout.trim().split('\n');
    expect(lines[0]).toBe('3 change(s) (CID audit-cli), newest first');
    const head = `config rotate-secret {2}client ${clientId} CID audit-cli {2}by ${userInfo().username}`;
    expect(lines[1]).toMatch(new RegExp(`^\\S+Z {2}${head} {2}previousSecretValidUntil=\\S+Z secret=\\(changed`));
    expect(lines[2]).toMatch(/ {2}sso enable {2}CID audit-cli {2}by .* {2}ssoEnabled=true$/);
  });

  it('refuses a bad --since or client id with status 2', async () => {
    // Act
    const since = await runCliJson(['audit', '--local', '--since', 'yesterday'], env);
    const client = await runCli(['audit', '--local', '--client-id', 'not a client'], env);
    // Assess
    expect(since.status).toBe(2);
    expect(since.json).toEqual({
      error: expect.objectContaining({ message: expect.stringMatching(/not a duration/) }),
    });
    expect(client.status).toBe(2);
    expect(client.stderr).toMatch(/is not a client id/);
  });

  it('fails with status 1, saying which table is missing, when there is no audit table', async () => {
    // Act
    const listed = await runCli(['audit', '--local'], { ...env, INFOAUTH_AUDIT_TABLE: 'no-such-audit-table' });
    const change = await runCli(['sso', 'enable', 'audit-missing', '--local'], {
      ...env,
      INFOAUTH_AUDIT_TABLE: 'no-such-audit-table',
    });
    const status = await runCliJson(['sso', 'status', 'audit-missing', '--local'], env);
    // Assess
    expect(listed.status).toBe(1);
    expect(listed.stderr).toMatch(/a table is missing/);
    expect(change.status).toBe(1);
    expect(status.json).toMatchObject({ state: 'missing' });
  });
});
