/**
 * Finds a request in the deployed SSO function's log group with CloudWatch Logs Insights: StartQuery
 * for the exact `ref` over a time window, then GetQueryResults until the query completes, a bounded
 * number of times. The query asks only for the fields `admin find` shows.
 */
import {
  GetQueryResultsCommand,
  StartQueryCommand,
  StopQueryCommand,
  type CloudWatchLogsClient,
  type ResultField,
} from '@aws-sdk/client-cloudwatch-logs';
import { InfoauthError } from '../../lambdas/core/errors';
import { isRequestRef } from './request-ref';
import { requestRecordFrom, type RequestRecord } from './request-record';

/** The fields of a handler log line that a record is built from (see request-record.ts). */
const QUERIED_FIELDS = ['@timestamp', 'timestamp', 'ref', 'outcome', 'code', 'reason', 'clientId', 'cid', 'email'];
/** A ref is one request; more lines than this for one ref would be a bug worth seeing, not reading. */
const MAX_RESULTS = 10;

export interface PollPolicy {
  /** How many times GetQueryResults is called at most before the query is given up (and stopped). */
  readonly maxPolls: number;
  readonly intervalMs: number;
  /** Waits between polls; injected so tests need no real time. */
  readonly wait: (ms: number) => Promise<void>;
}

export const DEFAULT_POLL_POLICY: PollPolicy = {
  maxPolls: 60,
  intervalMs: 1000,
  wait: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface LogGroupSearch {
  readonly logGroupName: string;
  readonly ref: string;
  readonly from: Date;
  readonly to: Date;
}

/**
 * The Logs Insights query for one ref. The ref must have passed {@link isRequestRef}: its characters
 * include no quote or backslash, so it stands in the string literal as it is.
 */
export function refQuery(ref: string): string {
  if (!isRequestRef(ref)) throw new InfoauthError('invalid-input', 'not a ref');
  return [
    `fields ${QUERIED_FIELDS.join(', ')}`,
    `| filter ref = "${ref}"`,
    '| sort @timestamp desc',
    `| limit ${MAX_RESULTS}`,
  ].join('\n');
}

const FAILED_STATUSES = new Set(['Failed', 'Cancelled', 'Timeout', 'Unknown']);

function recordsOf(ref: string, rows: ResultField[][]): RequestRecord[] {
  return rows
    .map((row) => {
      const fields = new Map(row.map(({ field, value }) => [field, value]));
      return requestRecordFrom(ref, (name) => fields.get(name));
    })
    .filter((record): record is RequestRecord => record !== undefined)
    .sort((a, b) => a.time.localeCompare(b.time));
}

function failed(message: string, cause?: unknown): InfoauthError {
  return new InfoauthError('dependency-failed', message, cause === undefined ? undefined : { cause });
}

async function startQuery(logs: CloudWatchLogsClient, search: LogGroupSearch): Promise<string> {
  try {
    const { queryId } = await logs.send(
      new StartQueryCommand({
        logGroupName: search.logGroupName,
        // StartQuery takes epoch seconds; widen to whole seconds so the window's ends are included.
        startTime: Math.floor(search.from.getTime() / 1000),
        endTime: Math.ceil(search.to.getTime() / 1000),
        queryString: refQuery(search.ref),
        limit: MAX_RESULTS,
      }),
    );
    if (!queryId) throw failed('CloudWatch Logs started no query (no queryId)');
    return queryId;
  } catch (error) {
    if (error instanceof InfoauthError) throw error;
    const name = (error as Error).name;
    if (name === 'ResourceNotFoundException') {
      throw failed(`the log group ${search.logGroupName} does not exist (has the SSO function run yet?)`, error);
    }
    throw failed(`CloudWatch Logs Insights could not start the query: ${name}: ${(error as Error).message}`, error);
  }
}

/**
 * Every SSO outcome logged for the ref in the window, oldest first.
 * Throws InfoauthError('dependency-failed') when the query fails, or does not complete within the polls.
 */
export async function searchLogGroup(
  logs: CloudWatchLogsClient,
  search: LogGroupSearch,
  policy: PollPolicy = DEFAULT_POLL_POLICY,
): Promise<RequestRecord[]> {
  const queryId = await startQuery(logs, search);
  for (let poll = 1; poll <= policy.maxPolls; poll += 1) {
    const { status, results } = await logs.send(new GetQueryResultsCommand({ queryId }));
    if (status === 'Complete') return recordsOf(search.ref, results ?? []);
    if (status === undefined || FAILED_STATUSES.has(status)) {
      throw failed(`the Logs Insights query ${queryId} ended with status ${status ?? 'none'}; try again`);
    }
    if (poll < policy.maxPolls) await policy.wait(policy.intervalMs);
  }
  // Stop it so that it does not keep scanning (and billing) after we gave up; best effort.
  await logs.send(new StopQueryCommand({ queryId })).catch(() => undefined);
  const seconds = Math.round((policy.maxPolls * policy.intervalMs) / 1000);
  throw failed(`the Logs Insights query ${queryId} did not complete within about ${seconds} s; try a shorter --since`);
}
