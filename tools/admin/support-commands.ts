/**
 * The support commands: `explain <code>` (what a code means, every reason, who does what) and
 * `find <ref>` (what happened to one request: in the local run's log, or in the deployed SSO
 * function's log group through CloudWatch Logs Insights).
 */
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { newestFirst, recordsOfClient, type AuditRecord } from '../../lambdas/core/audit';
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
  /** The target's audit trail, for the changes of the hour before the request; none: not looked up. */
  readonly auditTrail?: (target: { readonly local: boolean; readonly stack: string }) => Promise<AuditReader>;
}

/** Reads audit records of a time window (the DynamoDB audit trail, or a fake). */
export interface AuditReader {
  list(query: { readonly since: Date; readonly until: Date }): Promise<AuditRecord[]>;
  close(): void;
}

/** How far before a request `find` looks for changes of its client. */
export const CHANGES_WINDOW_SECONDS = 3600;

/** A change made shortly before the request, and how long before. */
export interface ChangeBefore {
  /** e.g. "3 minutes". */
  readonly before: string;
  /** e.g. "SSO was disabled for CID acme 3 minutes before this 106". */
  readonly summary: string;
  readonly record: AuditRecord;
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
  /** Changes of this client (its configuration, its CID's SSO switch) and global ones in the hour before. */
  readonly changesBefore?: readonly ChangeBefore[];
  /** Why the changes could not be read (the request itself was found). */
  readonly changesUnavailable?: string;
}

const WHAT: Readonly<Record<AuditRecord['action'], string>> = {
  'config create': 'the configuration was created',
  'config update': 'the configuration was updated',
  'config keys add': 'signing keys were added to the configuration',
  'config keys remove': 'a signing key was removed from the configuration',
  'config rotate-secret': 'the client secret was rotated',
  'config delete': 'the configuration was deleted',
  'sso enable': 'SSO was enabled',
  'sso disable': 'SSO was disabled',
  'sso remove': 'the SSO feature setting was removed (SSO off)',
  'keys rotate': 'the assertion signing keys were rotated',
  'used-token delete': 'a used-token record was removed',
};

function duration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.round(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/** "SSO was disabled for CID acme 3 minutes before this 106 (by arn:…)" */
function changeBefore(record: AuditRecord, request: RequestRecord): ChangeBefore {
  const before = duration(new Date(request.time).getTime() - new Date(record.at).getTime());
  const fields = Object.keys(record.changes);
  const what =
    record.action === 'config update' && fields.length > 0
      ? `${WHAT[record.action]} (${fields.join(', ')})`
      : WHAT[record.action];
  const scope = record.clientId === undefined && record.cid !== undefined ? ` for CID ${record.cid}` : '';
  const subject = request.code !== undefined ? `this ${request.code}` : 'this sign-in';
  return { before, summary: `${what}${scope} ${before} before ${subject} (by ${record.actor})`, record };
}

/** The changes that may explain the request: its client's, its CID's, and global ones (key rotation). */
async function changesBefore(
  request: RequestRecord,
  input: FindInput,
  deps: FindDeps,
): Promise<Pick<FoundRequest, 'changesBefore' | 'changesUnavailable'>> {
  if (!deps.auditTrail) return {};
  const until = new Date(request.time);
  const since = new Date(until.getTime() - CHANGES_WINDOW_SECONDS * 1000);
  let reader: AuditReader | undefined;
  try {
    reader = await deps.auditTrail({ local: input.local, stack: input.stack });
    const records = await reader.list({ since, until });
    const ofClient =
      request.clientId !== undefined
        ? recordsOfClient(records, request.clientId, request.cid)
        : records.filter((record) => request.cid !== undefined && record.cid === request.cid);
    const global = records.filter((record) => record.clientId === undefined && record.cid === undefined);
    const relevant = newestFirst([...new Set([...ofClient, ...global])]);
    return { changesBefore: relevant.map((record) => changeBefore(record, request)) };
  } catch (error) {
    return { changesUnavailable: `the audit trail could not be read: ${(error as Error).message}` };
  } finally {
    reader?.close();
  }
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
  return {
    request: latest,
    source,
    since: from.toISOString(),
    otherMatches: records.length - 1,
    ...(await changesBefore(latest, input, deps)),
  };
}
