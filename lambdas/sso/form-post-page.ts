/**
 * The `form_post` delivery (contract §2): a 200 page whose only job is to POST the assertion (and
 * `state`) to the target. The one script is allowed by its hash; the form may post only to the
 * target's origin; no framing, no referrer, never cached. A button submits it where script is off.
 */
import { createHash } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

const AUTO_SUBMIT = 'document.forms[0].submit();';
const AUTO_SUBMIT_HASH = createHash('sha256').update(AUTO_SUBMIT).digest('base64');

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for an HTML attribute value or element content. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character);
}

/** The page's Content-Security-Policy: nothing but the hashed script and a form to the target's origin. */
export function formPostPolicy(action: string): string {
  return [
    "default-src 'none'",
    `script-src 'sha256-${AUTO_SUBMIT_HASH}'`,
    `form-action ${new URL(action).origin}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/** The 200 answer that POSTs `fields` to `action` as application/x-www-form-urlencoded. */
export function formPostAnswer(
  action: string,
  fields: Readonly<Record<string, string>>,
  headers: Readonly<Record<string, string>>,
): APIGatewayProxyStructuredResultV2 {
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  const body =
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Signing you in…</title></head><body>' +
    `<form method="post" action="${escapeHtml(action)}" enctype="application/x-www-form-urlencoded">${inputs}` +
    '<p>Signing you in…</p><button type="submit">Continue</button></form>' +
    `<script>${AUTO_SUBMIT}</script></body></html>`;
  return {
    statusCode: 200,
    headers: {
      ...headers,
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': formPostPolicy(action),
    },
    body,
  };
}
