/**
 * What `admin find` shows of one request's log line: an explicit allowlist of fields, each checked for
 * its form, so that nothing else the line might carry (an error message, a stray field) is ever printed.
 * The handler never logs a secret or a token; this is the second wall.
 */
import { CATALOG, isErrorCode, isKnownReason, type CodeEntry, type ErrorCode } from '../../lambdas/core/catalog';
import { isCid, isClientId, maskEmail } from '../../lambdas/core/identifiers';

export type RequestOutcome = 'signed-in' | 'refused';

/** One request found by its ref. */
export interface RequestRecord {
  readonly ref: string;
  /** When the handler logged the outcome (ISO 8601). */
  readonly time: string;
  readonly outcome: RequestOutcome;
  readonly code?: ErrorCode;
  /** The code's title, from the catalog. */
  readonly title?: string;
  readonly reason?: string;
  /** What the reason means, from the catalog. */
  readonly meaning?: string;
  readonly clientId?: string;
  readonly cid?: string;
  /** Masked, e.g. `j***@example.com`. */
  readonly email?: string;
}

const REASON_FORM = /^[a-z0-9-]{1,64}$/;

/** The value of a field when it is a string, else undefined. */
type FieldReader = (name: string) => unknown;

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** Powertools writes `timestamp` as ISO 8601; Logs Insights' `@timestamp` is `YYYY-MM-DD HH:MM:SS.mmm` UTC. */
function isoTime(read: FieldReader): string | undefined {
  const candidates = [text(read('timestamp')), text(read('@timestamp'))?.replace(' ', 'T').concat('Z')];
  for (const candidate of candidates) {
    if (candidate === undefined) continue;
    const time = new Date(candidate);
    if (!Number.isNaN(time.getTime())) return time.toISOString();
  }
  return undefined;
}

/**
 * Builds the record of one log line of the SSO handler, or undefined when the line is not an SSO
 * outcome for `ref` (e.g. a JWKS line, or a line that merely mentions the ref).
 */
export function requestRecordFrom(ref: string, read: FieldReader): RequestRecord | undefined {
  const outcome = read('outcome');
  const time = isoTime(read);
  if (read('ref') !== ref || (outcome !== 'signed-in' && outcome !== 'refused') || time === undefined) {
    return undefined;
  }
  const code = text(read('code'));
  const reason = text(read('reason'));
  const clientId = text(read('clientId'));
  const cid = text(read('cid'));
  const email = text(read('email'));
  const knownCode = code !== undefined && isErrorCode(code) ? code : undefined;
  const entry: CodeEntry | undefined = knownCode && CATALOG[knownCode];
  const meaning =
    entry && reason !== undefined && isKnownReason(entry.code, reason) ? entry.reasons[reason]?.meaning : undefined;
  return {
    ref,
    time,
    outcome,
    ...(knownCode && entry ? { code: knownCode, title: entry.title } : {}),
    ...(reason !== undefined && REASON_FORM.test(reason) ? { reason } : {}),
    ...(meaning !== undefined ? { meaning } : {}),
    ...(clientId !== undefined && isClientId(clientId) ? { clientId } : {}),
    ...(cid !== undefined && isCid(cid) ? { cid } : {}),
    // The handler logs emails masked already; masking again is idempotent and guards against a raw one.
    ...(email !== undefined ? { email: maskEmail(email) } : {}),
  };
}
