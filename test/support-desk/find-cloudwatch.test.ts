/**
 * `admin find <ref>` on a deployed stack: CloudWatch Logs Insights, faked with aws-sdk-client-mock (no AWS
 * account is reachable here). What query and time range it sends, how it polls and reads the results,
 * and what happens when the query fails, never completes, or finds nothing.
 */
import {
  CloudWatchLogsClient,
  GetQueryResultsCommand,
  StartQueryCommand,
  StopQueryCommand,
  type ResultField,
} from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { InfoauthError } from '../../lambdas/core/errors';
import { findRequest, type FindDeps } from '../../tools/admin/support-commands';
import { refQuery } from '../../tools/support/cloudwatch-log-search';

const logsMock = mockClient(CloudWatchLogsClient);
afterEach(() => logsMock.reset());

const NOW = new Date('2026-03-01T12:00:00.500Z');
const LOG_GROUP = '/aws/lambda/Infoauth-Sso-1';
const REF = 'JKJaX+PL/cESHA=';
const DAY = 86_400;

function deps(overrides: Partial<FindDeps> = {}) {
  const waits: number[] = [];
  const stacks: string[] = [];
  const value: FindDeps = {
    now: () => NOW,
    localLogFile: () => '/nonexistent/sso.log',
    logGroupOf: async (stack) => {
      stacks.push(stack);
      return LOG_GROUP;
    },
    logsClient: () => new CloudWatchLogsClient({ region: 'eu-west-1' }),
    pollPolicy: { maxPolls: 5, intervalMs: 1000, wait: async (ms) => void waits.push(ms) },
    ...overrides,
  };
  return { deps: value, waits, stacks };
}

const row = (fields: Record<string, string>): ResultField[] =>
  Object.entries(fields).map(([field, value]) => ({ field, value }));

const REFUSED_ROW = row({
  '@timestamp': '2026-03-01 11:59:58.123',
  timestamp: '2026-03-01T11:59:58.123Z',
  ref: REF,
  outcome: 'refused',
  code: '104',
  reason: 'token-already-used',
  clientId: 'gZIV_NjiIX1Lxm67755T-w',
  cid: 'acme',
  email: 'j***@example.com',
  '@ptr': 'CmIKJgoiMTIzNDU2Nzg5MDEyOi9hd3MvbGFtYmRhL0luZm9hdXRoLVNzbwAQBhI1GhgCBj',
});

const input = { ref: REF, sinceSeconds: DAY, local: false, stack: 'Infoauth' };

describe('admin find on a deployed stack (CloudWatch Logs Insights)', () => {
  it('queries the stack log group for the exact ref over the last --since, polls until complete, and reads the request', async () => {
    // Prepare
    const { deps: findDeps, waits, stacks } = deps();
    logsMock.on(StartQueryCommand).resolves({ queryId: 'q-1' });
    logsMock
      .on(GetQueryResultsCommand)
      .resolvesOnce({ status: 'Scheduled' })
      .resolvesOnce({ status: 'Running', results: [] })
      .resolves({ status: 'Complete', results: [REFUSED_ROW] });
    // Act
    const found = await findRequest(input, findDeps);
    // Assess
    expect(stacks).toEqual(['Infoauth']);
    const start = logsMock.commandCalls(StartQueryCommand);
    expect(start).toHaveLength(1);
    expect(start[0]!.args[0].input).toEqual({
      logGroupName: LOG_GROUP,
      startTime: Math.floor(NOW.getTime() / 1000) - DAY,
      endTime: Math.ceil(NOW.getTime() / 1000),
      queryString:
        'fields @timestamp, timestamp, ref, outcome, code, reason, clientId, cid, email\n' +
        `| filter ref = "${REF}"\n` +
        '| sort @timestamp desc\n' +
        '| limit 10',
      limit: 10,
    });
    expect(logsMock.commandCalls(GetQueryResultsCommand).map((call) => call.args[0].input)).toEqual([
      { queryId: 'q-1' },
      { queryId: 'q-1' },
      { queryId: 'q-1' },
    ]);
    expect(waits).toEqual([1000, 1000]);
    expect(found).toEqual({
      request: {
        ref: REF,
        time: '2026-03-01T11:59:58.123Z',
        outcome: 'refused',
        code: '104',
        title: 'Sign-in link expired or already used',
        reason: 'token-already-used',
        meaning: 'This `jti` has already signed someone in for this client.',
        clientId: 'gZIV_NjiIX1Lxm67755T-w',
        cid: 'acme',
        email: 'j***@example.com',
      },
      source: { kind: 'cloudwatch', logGroupName: LOG_GROUP },
      since: new Date(NOW.getTime() - DAY * 1000).toISOString(),
      otherMatches: 0,
    });
  });

  it('searches the window --since gives (7d)', async () => {
    // Prepare
    const { deps: findDeps } = deps();
    logsMock.on(StartQueryCommand).resolves({ queryId: 'q-2' });
    logsMock.on(GetQueryResultsCommand).resolves({ status: 'Complete', results: [REFUSED_ROW] });
    // Act
    await findRequest({ ...input, sinceSeconds: 7 * DAY }, findDeps);
    // Assess
    const { startTime, endTime } = logsMock.commandCalls(StartQueryCommand)[0]!.args[0].input;
    expect(endTime! - startTime!).toBe(7 * DAY + 1);
  });

  it('prints only allowlisted fields, masks an unmasked email, and drops values of the wrong form', async () => {
    // Prepare: a row carrying fields it should not (as if a future log line had them)
    const { deps: findDeps } = deps();
    logsMock.on(StartQueryCommand).resolves({ queryId: 'q-3' });
    logsMock.on(GetQueryResultsCommand).resolves({
      status: 'Complete',
      results: [
        row({
          '@timestamp': '2026-03-01 11:00:00.000',
          ref: REF,
          outcome: 'refused',
          code: '102',
          reason: 'secret-mismatch',
          clientId: 'not a client id!',
          cid: 'acme',
          email: 'jane.doe@example.com',
          client_secret: 'S3CRET-VALUE',
          token: 'eyJhbGciOiJFUzI1NiJ9.e30.sig',
        }),
      ],
    });
    // Act
    const found = await findRequest(input, findDeps);
    // Assess
    expect(found.request).toEqual({
      ref: REF,
      time: '2026-03-01T11:00:00.000Z',
      outcome: 'refused',
      code: '102',
      title: expect.any(String),
      reason: 'secret-mismatch',
      meaning: expect.any(String),
      cid: 'acme',
      email: 'j***@example.com',
    });
    expect(JSON.stringify(found)).not.toMatch(/S3CRET|eyJhbGciOiJFUzI1NiJ9|jane\.doe/);
  });

  it('reports the newest line and how many others when a ref has several', async () => {
    // Prepare
    const { deps: findDeps } = deps();
    const older = row({ '@timestamp': '2026-03-01 10:00:00.000', ref: REF, outcome: 'signed-in', cid: 'acme' });
    logsMock.on(StartQueryCommand).resolves({ queryId: 'q-4' });
    logsMock.on(GetQueryResultsCommand).resolves({ status: 'Complete', results: [REFUSED_ROW, older] });
    // Act
    const found = await findRequest(input, findDeps);
    // Assess
    expect(found.request.outcome).toBe('refused');
    expect(found.otherMatches).toBe(1);
  });

  it('says the ref was not found (not-found, exit 1) when the query completes with no SSO outcome for it', async () => {
    // Prepare: a line of another kind with the ref, and a line of another ref
    const { deps: findDeps } = deps();
    logsMock.on(StartQueryCommand).resolves({ queryId: 'q-5' });
    logsMock.on(GetQueryResultsCommand).resolves({
      status: 'Complete',
      results: [
        row({ '@timestamp': '2026-03-01 11:00:00.000', ref: REF }),
        row({ '@timestamp': '2026-03-01 11:00:00.000', ref: 'other', outcome: 'refused', code: '101' }),
      ],
    });
    // Act
    const result = findRequest(input, findDeps);
    // Assess
    await expect(result).rejects.toThrow(InfoauthError);
    await expect(result).rejects.toMatchObject({
      code: 'not-found',
      message: expect.stringMatching(/no request with ref JKJaX\+PL\/cESHA= in the log group .*--since/),
    });
  });

  it.each(['Failed', 'Cancelled', 'Timeout', 'Unknown'])('fails clearly when the query ends %s', async (status) => {
    // Prepare
    const { deps: findDeps } = deps();
    logsMock.on(StartQueryCommand).resolves({ queryId: 'q-6' });
    logsMock.on(GetQueryResultsCommand).resolves({ status: status as 'Failed' });
    // Act
    const result = findRequest(input, findDeps);
    // Assess
    await expect(result).rejects.toMatchObject({
      code: 'dependency-failed',
      message: `the Logs Insights query q-6 ended with status ${status}; try again`,
    });
  });

  it('gives up after the bounded number of polls, stops the query, and says so', async () => {
    // Prepare
    const { deps: findDeps, waits } = deps();
    logsMock.on(StartQueryCommand).resolves({ queryId: 'q-7' });
    logsMock.on(GetQueryResultsCommand).resolves({ status: 'Running' });
    logsMock.on(StopQueryCommand).resolves({ success: true });
    // Act
    const result = findRequest(input, findDeps);
    // Assess
    await expect(result).rejects.toMatchObject({
      code: 'dependency-failed',
      message: 'the Logs Insights query q-7 did not complete within about 5 s; try a shorter --since',
    });
    expect(logsMock.commandCalls(GetQueryResultsCommand)).toHaveLength(5);
    expect(waits).toHaveLength(4);
    expect(logsMock.commandCalls(StopQueryCommand).map((call) => call.args[0].input)).toEqual([{ queryId: 'q-7' }]);
  });

  it('explains a missing log group', async () => {
    // Prepare
    const { deps: findDeps } = deps();
    const missing = Object.assign(new Error('The specified log group does not exist.'), {
      name: 'ResourceNotFoundException',
    });
    logsMock.on(StartQueryCommand).rejects(missing);
    // Act
    const result = findRequest(input, findDeps);
    // Assess
    await expect(result).rejects.toMatchObject({
      code: 'dependency-failed',
      message: `the log group ${LOG_GROUP} does not exist (has the SSO function run yet?)`,
    });
  });

  it.each(['', 'abc def', 'a"b', 'a\\b', 'ref") | fields @message', 'x'.repeat(129), 'é'])(
    'refuses the malformed ref %j as not found, without calling AWS',
    async (ref) => {
      // Prepare
      const { deps: findDeps, stacks } = deps();
      // Act
      const result = findRequest({ ...input, ref }, findDeps);
      // Assess
      await expect(result).rejects.toMatchObject({
        code: 'not-found',
        message: expect.stringContaining('is not a ref'),
      });
      expect(stacks).toEqual([]);
      expect(logsMock.calls()).toHaveLength(0);
    },
  );

  it('builds no query for a string that is not a ref', () => {
    expect(() => refQuery('a" or 1=1')).toThrow(InfoauthError);
  });
});
