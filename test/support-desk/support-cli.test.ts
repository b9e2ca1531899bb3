/**
 * `admin explain <code>` and `admin find <ref> --local` as operators run them (a child process), and the
 * local log reader on a log written here: the --since window, lines of other kinds, torn lines.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CATALOG } from '../../lambdas/core/catalog';
import { explainCode } from '../../tools/support/error-code-reference';
import { LocalLogMissing, searchLocalLog } from '../../tools/support/local-log-search';
import { runCli, runCliJson } from '../cli/run-cli';

const REF = 'rlACcgSIsX+6yJ8=';
const line = (fields: Record<string, unknown>) =>
  JSON.stringify({ level: 'INFO', service: 'infoauth', function_request_id: 'fb2a3243', ...fields });

/** A local dir whose logs/sso.log holds these lines, as `npm start` writes it. */
function localDirWithLog(lines: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'infoauth-support-'));
  mkdirSync(join(dir, 'logs'));
  writeFileSync(join(dir, 'logs', 'sso.log'), `${lines.join('\n')}\n`);
  return dir;
}

const env = (dir: string): NodeJS.ProcessEnv => ({ ...process.env, INFOAUTH_LOCAL_DIR: dir });

describe('admin explain', () => {
  it('prints one JSON object with --json: the catalog entry of the code', async () => {
    // Act
    const result = await runCliJson(['explain', '105'], process.env);
    // Assess
    expect(result.status).toBe(0);
    expect(result.json).toEqual(JSON.parse(JSON.stringify(explainCode('105'))));
  });

  it('prints every reason with what it means and what to do, for people', async () => {
    // Act
    const result = await runCli(['explain', '103'], process.env);
    // Assess
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`103: ${CATALOG['103'].title}`);
    for (const [reason, { meaning }] of Object.entries(CATALOG['103'].reasons)) {
      expect(result.stdout).toContain(`  ${reason}\n    what it means: ${meaning}`);
    }
    expect(result.stdout).toContain('admin -- find <ref>');
  });

  it.each(['107', '1O1', 'abc'])(
    'refuses the unknown code %s as bad input (exit 2), naming the codes',
    async (code) => {
      // Act
      const result = await runCliJson(['explain', code], process.env);
      // Assess
      expect(result.status).toBe(2);
      expect(result.json).toEqual({
        error: {
          kind: 'invalid-input',
          message: `"${code}" is not an error code: the codes are 101, 102, 103, 104, 105, 106.`,
        },
      });
    },
  );

  it('is listed in the help with find', async () => {
    // Act
    const result = await runCli(['--help'], process.env);
    // Assess
    expect(result.stdout).toMatch(/explain \[options\] <code>[\s\S]*find \[options\] <ref>/);
  });
});

describe('admin find --local', () => {
  it('reads INFOAUTH_LOCAL_DIR/logs/sso.log and prints the request', async () => {
    // Prepare
    const dir = localDirWithLog([
      line({ message: 'sso sign-in', timestamp: new Date().toISOString(), outcome: 'signed-in', ref: 'other' }),
      line({
        message: 'sso refused',
        timestamp: new Date().toISOString(),
        outcome: 'refused',
        ref: REF,
        code: '106',
        reason: 'sso-setting-missing',
        clientId: 'gZIV_NjiIX1Lxm67755T-w',
        cid: 'acme',
      }),
    ]);
    // Act
    const result = await runCliJson(['find', REF, '--local'], env(dir));
    // Assess
    expect(result.status).toBe(0);
    expect(result.json).toEqual({
      request: expect.objectContaining({ ref: REF, code: '106', reason: 'sso-setting-missing', cid: 'acme' }),
      source: { kind: 'local-log', file: join(dir, 'logs', 'sso.log') },
      since: expect.any(String),
      otherMatches: 0,
      // No DynamoDB runs for this test: the request is still shown, with why its client's changes are not.
      changesUnavailable: expect.stringMatching(/^the audit trail could not be read: /),
    });
  });

  it('refuses a --since that is not a duration as bad input (exit 2)', async () => {
    // Act
    const result = await runCli(['find', REF, '--local', '--since', '3 weeks'], env(localDirWithLog([])));
    // Assess
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('use a whole number and s, m, h or d (e.g. 30m, 24h, 7d)');
  });
});

describe('the local log reader', () => {
  const now = new Date('2026-03-01T12:00:00Z');
  const at = (secondsAgo: number) => new Date(now.getTime() - secondsAgo * 1000).toISOString();
  const refused = (secondsAgo: number, code = '104', reason = 'token-expired') =>
    line({ message: 'sso refused', timestamp: at(secondsAgo), outcome: 'refused', ref: REF, code, reason });

  it('finds only SSO outcomes for the exact ref inside the window, oldest first', async () => {
    // Prepare
    const dir = localDirWithLog([
      refused(2 * 86_400, '101', 'config-not-found'), // outside a 24 h window
      line({ level: 'ERROR', message: 'jwks unavailable', timestamp: at(10), error: `mentions ${REF}` }),
      '{"torn line", "ref":"' + REF,
      'not json at all ' + REF,
      line({ message: 'sso refused', timestamp: at(5), outcome: 'refused', ref: `${REF}x`, code: '102' }),
      refused(60),
      refused(30, '105', 'settings-unavailable'),
    ]);
    // Act
    const records = await searchLocalLog(join(dir, 'logs', 'sso.log'), REF, new Date(now.getTime() - 86_400_000));
    // Assess
    expect(records.map((r) => [r.time, r.code, r.reason])).toEqual([
      [at(60), '104', 'token-expired'],
      [at(30), '105', 'settings-unavailable'],
    ]);
  });

  it('says when there is no log at all', async () => {
    // Act
    const result = searchLocalLog(join(tmpdir(), 'no-such-dir-infoauth', 'sso.log'), REF, now);
    // Assess
    await expect(result).rejects.toThrow(LocalLogMissing);
  });
});
