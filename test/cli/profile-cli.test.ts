/**
 * The public profile on the command line: `config create` takes --display-name, --login-url,
 * --support-email and --support-url, `config get` shows them, and a bad value exits 2 storing nothing.
 */
import { jest } from '@jest/globals';
import { freshTables } from '../support/sso-fixture';
import { localEnv, runCli, runCliJson } from './run-cli';

// Each CLI run is a child process; on a busy shared machine a few of them take longer than jest's default.
jest.setTimeout(120_000);

let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  env = localEnv(await freshTables());
});

const create = (cid: string, extra: string[]) => [
  'config',
  'create',
  '--local',
  '--cid',
  cid,
  '--target-url',
  'https://app.example.test/landing',
  ...extra,
];

const PROFILE_ARGS = [
  '--display-name',
  'Acme Portal',
  '--login-url',
  'https://portal.acme.example/login',
  '--support-email',
  'help@acme.example',
  '--support-url',
  'https://acme.example/support',
];

describe('config create with a public profile', () => {
  it('stores the profile; get shows it as JSON and as text', async () => {
    // Act
    const created = await runCliJson(create('acme-profile', PROFILE_ARGS), env);
    const clientId = created.json.clientId as string;
    const shown = await runCliJson(['config', 'get', clientId, '--local'], env);
    const text = await runCli(['config', 'get', clientId, '--local'], env);
    // Assess
    expect(created.status).toBe(0);
    const profile = {
      displayName: 'Acme Portal',
      loginUrl: 'https://portal.acme.example/login',
      supportEmail: 'help@acme.example',
      supportUrl: 'https://acme.example/support',
    };
    expect(created.json.config).toMatchObject({ profile });
    expect(shown.json.config).toMatchObject({ profile });
    expect(text.stdout).toMatch(/display name:\s+Acme Portal/);
    expect(text.stdout).toMatch(/support email:\s+help@acme\.example/);
  });

  it('refuses each bad profile value with exit 2 and one line naming the option, and stores nothing', async () => {
    // Prepare
    const bad: Array<[string, string, RegExp]> = [
      ['--display-name', 'x'.repeat(101), /^error: --display-name must be 1 to 100 characters/],
      ['--login-url', 'http://portal.acme.example/', /^error: --login-url must be an https URL/],
      ['--support-email', 'not-an-address', /^error: --support-email must be an email address/],
      ['--support-url', 'javascript:alert(1)', /^error: --support-url must be an https URL/],
    ];
    // Act
    const results = await Promise.all(bad.map(([option, value]) => runCli(create('acme-bad', [option, value]), env)));
    const listed = await runCliJson(['config', 'list', '--local'], env);
    // Assess
    results.forEach((result, index) => {
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(bad[index]![2]);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    });
    expect((listed.json.configs as Array<{ cid: string }>).map((config) => config.cid)).not.toContain('acme-bad');
  });
});
