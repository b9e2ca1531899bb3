/**
 * The support commands: `explain <code>` (what a code means, every reason, who does what) and
 * `find <ref>` (what happened to one request: in the local run's log, or in the deployed SSO
 * function's log group through CloudWatch Logs Insights).
 */
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ERROR_CODES, isErrorCode } from '../../lambdas/core/catalog';
import { InfoauthError } from '../../lambdas/core/errors';
import { searchLogGroup, type PollPolicy } from '../support/cloudwatch-log-search';
import { explainCode } from '../support/error-code-reference';
import { LocalLogMissing, searchLocalLog } from '../support/local-log-search';
import { requireRequestRef } from '../support/request-ref';
import type { RequestRecord } from '../support/request-record';

/** `explain <code>`: the catalog entry of one code, or InfoauthError('invalid-input') for an unknown code. */
export function explainErrorCode(code: string): ReturnType<typeof explainCode> {
  if (!isErrorCode(code)) {
    const shown = code.length > 20 ? `${code.slice(0, 20)}…` : code;
    throw new InfoauthError(
      'invalid-input',
      `"${shown}" is not an error code: the codes are ${ERROR_CODES.join(', ')}.`,
    );
  }
  return explainCode(code);
}

/** What `find` needs from the outside, so that tests can fake CloudWatch and the clock. */
export interface FindDeps {
  readonly now: () => Date;
  /** The log file of `npm start`. */
  readonly localLogFile: () => string;
  /** The SSO function's log group of a deployed stack (from its outputs). */
  readonly logGroupOf: (stackName: string) => Promise<string>;
  /** A CloudWatch Logs client; destroyed after the search. */
  readonly logsClient: () => CloudWatchLogsClient;
  readonly pollPolicy?: PollPolicy;
}

export interface FindInput {
  readonly ref: string;
  /** How far back to look, in seconds. */
  readonly sinceSeconds: number;
  /** Read the local run's log instead of the stack's log group. */
  readonly local: boolean;
  readonly stack: string;
}

/** Where a request was looked for. */
export type SearchedSource =
  | { readonly kind: 'local-log'; readonly file: string }
  | { readonly kind: 'cloudwatch'; readonly logGroupName: string };

export interface FoundRequest {
  readonly request: RequestRecord;
  readonly source: SearchedSource;
  /** Start of the window searched (ISO 8601). */
  readonly since: string;
  /** Further log lines with the same ref (normally none: one request, one outcome line). */
  readonly otherMatches: number;
}

function describe(source: SearchedSource): string {
  return source.kind === 'local-log' ? source.file : `the log group ${source.logGroupName}`;
}

async function search(input: FindInput, from: Date, to: Date, deps: FindDeps) {
  if (input.local) {
    const file = deps.localLogFile();
    try {
      return { source: { kind: 'local-log', file } as const, records: await searchLocalLog(file, input.ref, from) };
    } catch (error) {
      if (!(error instanceof LocalLogMissing)) throw error;
      throw new InfoauthError(
        'not-found',
        `no request with ref ${input.ref}: ${error.message}. Has \`npm start\` run in this directory ` +
          '(or with the same INFOAUTH_LOCAL_DIR)?',
      );
    }
  }
  const logGroupName = await deps.logGroupOf(input.stack);
  const logs = deps.logsClient();
  try {
    const records = await searchLogGroup(logs, { logGroupName, ref: input.ref, from, to }, deps.pollPolicy);
    return { source: { kind: 'cloudwatch', logGroupName } as const, records };
  } finally {
    logs.destroy();
  }
}

/**
 * `find <ref>`: the request's time, outcome, code, reason, client id, CID and masked email.
 * A malformed ref, or one with no SSO outcome in the window, throws InfoauthError('not-found').
 */
export async function findRequest(input: FindInput, deps: FindDeps): Promise<FoundRequest> {
  const ref = requireRequestRef(input.ref);
  const to = deps.now();
  const from = new Date(to.getTime() - input.sinceSeconds * 1000);
  const { source, records } = await search({ ...input, ref }, from, to, deps);
  const latest = records.at(-1);
  if (!latest) {
    throw new InfoauthError(
      'not-found',
      `no request with ref ${ref} in ${describe(source)} since ${from.toISOString()}` +
        (input.local ? '.' : '. For an older request, pass a longer --since (e.g. 7d); check --stack and AWS_REGION.'),
    );
  }
  return { request: latest, source, since: from.toISOString(), otherMatches: records.length - 1 };
}
