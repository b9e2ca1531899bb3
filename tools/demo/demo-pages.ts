/** The demo target application's pages: small, server-rendered, every value HTML-escaped. */
import { createHash } from 'node:crypto';

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => ESCAPES[character] ?? character);
}

/**
 * The `fragment` delivery: the server never sees a URL's fragment, so the page reads `#assertion=…&state=…`
 * itself, removes it from the address bar and history, and posts it back to this same path as a form.
 * Built with DOM calls only (no markup from the URL); the page's CSP allows this script by its hash alone.
 */
export const FRAGMENT_RELAY =
  "(function(){var f=new URLSearchParams(location.hash.slice(1));if(!f.has('assertion'))return;" +
  "history.replaceState(null,'',location.pathname+location.search);" +
  "var form=document.createElement('form');form.method='post';form.action=location.pathname;" +
  "['assertion','state'].forEach(function(n){var v=f.get(n);if(v===null)return;" +
  "var i=document.createElement('input');i.type='hidden';i.name=n;i.value=v;form.appendChild(i);});" +
  'document.body.appendChild(form);form.submit();})();';

/** The CSP source that allows {@link FRAGMENT_RELAY} and no other script. */
export const FRAGMENT_RELAY_SOURCE = `'sha256-${createHash('sha256').update(FRAGMENT_RELAY).digest('base64')}'`;

/** Headers of every demo page: nothing cached (it shows who signed in), no referrer (the URL holds an assertion). */
export const DEMO_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy':
    `default-src 'none'; script-src ${FRAGMENT_RELAY_SOURCE}; style-src 'unsafe-inline'; form-action 'self'; ` +
    "base-uri 'none'; frame-ancestors 'none'",
};

const STYLE = `body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5}
dt{font-weight:600}dd{margin:0 0 .5rem 0;word-break:break-all}.ok{color:#0a6b2d}.bad{color:#a3140c}
button{font-size:1rem;padding:.5rem 1rem}`;

/** A whole page; `body` must already be escaped HTML. */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Infoauth demo app</title><style>${STYLE}</style></head>
<body><p><a href="./">Infoauth demo target app</a></p>
${body}
</body></html>
`;
}

/** A definition list of label → value, values escaped. */
export function details(pairs: ReadonlyArray<readonly [string, string | number | undefined]>): string {
  const items = pairs
    .filter((pair): pair is readonly [string, string | number] => pair[1] !== undefined)
    .map(([label, value]) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(String(value))}</dd>`);
  return `<dl>${items.join('')}</dl>`;
}

/** A form that posts to the SSO endpoint, as a client's portal would; every field escaped. */
export function ssoForm(ssoUrl: string, fields: Readonly<Record<string, string>>, label: string): string {
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  return `<form method="post" action="${escapeHtml(ssoUrl)}">${inputs}<button type="submit">${escapeHtml(label)}</button></form>`;
}
