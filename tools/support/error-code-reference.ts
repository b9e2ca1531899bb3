/**
 * The error code reference, generated from the one catalog: docs/error-codes.md, and what
 * `admin explain <code>` prints. Run `npx tsx tools/support/error-code-reference.ts` to rewrite the doc.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOG, ERROR_CODES, type CodeEntry, type ErrorCode } from '../../lambdas/core/catalog';

export const ERROR_CODES_DOC = join(import.meta.dirname, '..', '..', 'docs', 'error-codes.md');

const FIND_BY_REF = [
  'Every answer carries a `ref` (the API Gateway request id), shown on the error page and written in the',
  "function's log line for that request with its `code` and `reason`. Find it with",
  '`npm run --silent admin -- find <ref>` (deployed stack: CloudWatch Logs Insights over the last 24 hours,',
  '`--since` for longer, e.g. `--since 7d`; `--local`: the log that `npm start` writes, `.local/logs/sso.log`).',
  'It prints the time, outcome, code, reason, client id, CID and masked email, never a secret or a token;',
  'a ref that is not found, or is not of the form of a ref, exits with status 1. On a deployed stack it needs',
  '`cloudformation:DescribeStacks` on the stack and `logs:StartQuery`, `logs:GetQueryResults` and',
  '`logs:StopQuery` on its log group.',
  '',
  'A 105 with reason `assertion-rejected` comes from a target application that could not verify the',
  "assertion (see docs/integration.md): its ref is the application's own, and is found in that application's log.",
].join('\n');

/** One code as structured data, for `admin explain <code> --json`. */
export function explainCode(code: ErrorCode) {
  const entry: CodeEntry = CATALOG[code];
  return {
    code,
    title: entry.title,
    userText: entry.userText,
    userAction: entry.userAction,
    when: entry.when,
    destination:
      entry.destination === 'hosted'
        ? 'hosted error page'
        : "client's error URL when configured, else hosted error page",
    reasons: Object.entries(entry.reasons).map(([reason, { meaning, action }]) => ({ reason, meaning, action })),
  };
}

/** One code as Markdown: what the person saw, every reason, who does what about it. */
export function renderCode(code: ErrorCode): string {
  const e = explainCode(code);
  const rows = e.reasons.map((r) => `| \`${r.reason}\` | ${r.meaning} | ${r.action} |`).join('\n');
  return [
    `## ${code}: ${e.title}`,
    '',
    `**When:** ${e.when}`,
    '',
    `**What the person saw** (on the ${e.destination}): “${e.userText}” ${e.userAction}`,
    '',
    '| reason (in the log) | what it means | what to do |',
    '| --- | --- | --- |',
    rows,
    '',
  ].join('\n');
}

/**
 * One code as plain text for a terminal (`admin explain <code>`): the same content as {@link renderCode},
 * without Markdown tables, which wrap badly in a terminal.
 */
export function renderCodeText(code: ErrorCode): string {
  const e = explainCode(code);
  return [
    `${code}: ${e.title}`,
    '',
    `When: ${e.when}`,
    `What the person saw (on the ${e.destination}): “${e.userText}” ${e.userAction}`,
    '',
    "Reasons (the `reason` field of the request's log line):",
    ...e.reasons.flatMap((r) => [`  ${r.reason}`, `    what it means: ${r.meaning}`, `    what to do:    ${r.action}`]),
    '',
    'Find one request by the ref the person saw: npm run --silent admin -- find <ref> [--local] [--since 7d]',
  ].join('\n');
}

/** The whole of docs/error-codes.md. */
export function renderErrorCodesDoc(): string {
  return [
    '# Error reference codes',
    '',
    '<!-- Generated from lambdas/core/catalog.ts by tools/support/error-code-reference.ts; do not edit by hand. -->',
    '',
    'Checks run in the order of the table; the first that fails decides the code. The browser only ever sees the',
    'code and a `ref`; the reason is in the logs.',
    '',
    '| code | title | when |',
    '| --- | --- | --- |',
    ...ERROR_CODES.map((code) => `| ${code} | ${CATALOG[code].title} | ${CATALOG[code].when} |`),
    '',
    '## Finding a request from its ref',
    '',
    FIND_BY_REF,
    '',
    ...ERROR_CODES.map(renderCode),
  ].join('\n');
}

if (import.meta.main) {
  writeFileSync(ERROR_CODES_DOC, renderErrorCodesDoc());
  console.log(`Wrote ${ERROR_CODES_DOC}`);
}
