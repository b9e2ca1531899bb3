/** The support commands on the command line: `explain <code>` and `find <ref>`. */
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { InfoauthError } from '../../lambdas/core/errors';
import { localPaths } from '../local/local-settings';
import { renderCodeText } from '../support/error-code-reference';
import { DEFAULT_SINCE, parseSince } from '../support/request-ref';
import { runLocally, withJsonOption, type CliRuntime, type OutputOptions } from './command-runner';
import { fields } from './human-output';
import { resolveStackTarget } from './stack';
import { DEFAULT_STACK_NAME } from '../../lambdas/core/deployment';
import { explainErrorCode, findRequest, type FindDeps, type FoundRequest } from './support-commands';

/** The real sources: the local run's log file (INFOAUTH_LOCAL_DIR), the stack's outputs, CloudWatch Logs. */
export function defaultFindDeps(runtime: CliRuntime): FindDeps {
  return {
    now: () => runtime.now(),
    localLogFile: () => localPaths(process.env).ssoLogFile,
    logGroupOf: async (stackName) => (await resolveStackTarget(stackName)).logGroupName,
    logsClient: () => new CloudWatchLogsClient({}),
    auditTrail: async (target) => {
      const deps = await runtime.depsFor(target);
      return { list: (query) => deps.audit.list(query), close: () => deps.close() };
    },
  };
}

function sinceArgument(value: string): number {
  try {
    return parseSince(value);
  } catch (error) {
    throw new InvalidArgumentError((error as InfoauthError).message);
  }
}

function changesText(found: FoundRequest): string[] {
  if (found.changesUnavailable !== undefined) return ['', `Changes in the hour before: ${found.changesUnavailable}`];
  if (found.changesBefore === undefined) return [];
  if (found.changesBefore.length === 0) return ['', 'Changes in the hour before: none for this client.'];
  return [
    '',
    'Changes in the hour before (newest first):',
    ...found.changesBefore.map((change) => `  ${change.summary}`),
  ];
}

function foundText(found: FoundRequest): string {
  const { request } = found;
  const headline =
    request.outcome === 'signed-in'
      ? `Request ${request.ref}: signed in`
      : `Request ${request.ref}: refused with code ${request.code ?? '?'}${request.title ? ` (${request.title})` : ''}`;
  const source = found.source.kind === 'local-log' ? found.source.file : `log group ${found.source.logGroupName}`;
  return [
    headline,
    fields([
      ['time', request.time],
      ['outcome', request.outcome],
      ['code', request.code],
      ['reason', request.reason],
      ['meaning', request.meaning],
      ['client id', request.clientId],
      ['CID', request.cid],
      ['email', request.email],
      ['found in', source],
      ['also logged', found.otherMatches > 0 ? `${found.otherMatches} more line(s) with this ref` : undefined],
    ]),
    ...changesText(found),
    ...(request.code ? ['', `What to do: npm run --silent admin -- explain ${request.code}`] : []),
  ].join('\n');
}

interface FindOptions extends OutputOptions {
  readonly since: number;
  readonly local?: boolean;
  readonly stack: string;
}

/** `explain` and `find`, as top-level commands of the admin CLI. */
export function supportCommands(runtime: CliRuntime, deps: FindDeps = defaultFindDeps(runtime)): Command[] {
  const explain = withJsonOption(
    new Command('explain')
      .description('what an error reference code means: every reason behind it, and who does what about each')
      .argument('<code>', `an error reference code, 101 to 106`),
  ).action((code: string, options: OutputOptions) =>
    runLocally(
      options,
      async () => explainErrorCode(code),
      (explained) => ({ text: renderCodeText(explained.code) }),
    ),
  );

  const find = withJsonOption(
    new Command('find')
      .description(
        'what happened to one request, found by the ref the error page shows: time, outcome, code, reason, ' +
          'client id, CID, masked email',
      )
      .argument('<ref>', 'the ref, e.g. JKJaXmPLvHcESHA=')
      .addOption(
        new Option('--since <duration>', 'how far back to look: e.g. 30m, 24h, 7d')
          .default(parseSince(DEFAULT_SINCE), DEFAULT_SINCE)
          .argParser(sinceArgument),
      )
      .addOption(
        new Option('--local', 'read the log of `npm start` (.local/logs/sso.log, under INFOAUTH_LOCAL_DIR)').conflicts(
          'stack',
        ),
      )
      .addOption(
        new Option('--stack <name>', "the deployed stack whose SSO function's log group is searched").default(
          DEFAULT_STACK_NAME,
        ),
      ),
  ).action((ref: string, options: FindOptions) =>
    runLocally(
      options,
      () =>
        findRequest({ ref, sinceSeconds: options.since, local: options.local ?? false, stack: options.stack }, deps),
      (found) => ({ text: foundText(found) }),
    ),
  );

  return [explain, find];
}
