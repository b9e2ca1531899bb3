/**
 * The `ref` shown on the error page (API Gateway's request id, or the local server's id of the same form)
 * and the `--since` window of `admin find`. A ref is validated against a closed character set before it
 * goes into a Logs Insights query: the set holds no quote, backslash or whitespace, so the validated ref
 * can be placed in a double-quoted string literal as it is.
 */
import { InfoauthError } from '../../lambdas/core/errors';

/** API Gateway refs are 16 base64 characters (incl. `+`, `/`, `=`); allow base64url and some headroom. */
const REF_FORM = /^[A-Za-z0-9+/=_-]{1,128}$/;

/** True when `value` has the form of a ref (it may still not exist). */
export function isRequestRef(value: string): boolean {
  return REF_FORM.test(value);
}

/**
 * Returns `value` when it has the form of a ref. Otherwise throws InfoauthError('not-found'): contract §6
 * treats a malformed ref like one that is not found (exit status 1), with a message saying why.
 */
export function requireRequestRef(value: string): string {
  if (isRequestRef(value)) return value;
  const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
  throw new InfoauthError(
    'not-found',
    `"${shown}" is not a ref, so no request has it: a ref is 1 to 128 characters of A-Z a-z 0-9 + / = _ - ` +
      '(the error page shows it as e.g. JKJaXmPLvHcESHA=).',
  );
}

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400 };
/** Logs Insights searches at most what the log group retains; a year bounds a typo like 9999d. */
export const MAX_SINCE_SECONDS = 366 * 86_400;
export const DEFAULT_SINCE = '24h';

/**
 * Parses a duration such as `30m`, `24h` or `7d` (also `90s`) into seconds.
 * Throws InfoauthError('invalid-input') for anything else, or for more than a year.
 *
 * @example parseSince('24h') === 86_400
 */
export function parseSince(value: string): number {
  const match = /^(\d{1,6})([smhd])$/.exec(value);
  const unit = match?.[2] === undefined ? undefined : UNIT_SECONDS[match[2]];
  const seconds = match && unit !== undefined ? Number(match[1]) * unit : NaN;
  if (!(seconds > 0) || seconds > MAX_SINCE_SECONDS) {
    throw new InfoauthError(
      'invalid-input',
      `--since "${value}" is not a duration: use a whole number and s, m, h or d (e.g. 30m, 24h, 7d), at most 366d.`,
    );
  }
  return seconds;
}
