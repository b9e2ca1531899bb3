/**
 * The error page's HTML. It carries the generic texts, so the page still says something useful with
 * scripts off; the script then fills in the code's own texts, the code and the ref.
 */
import type { ErrorPageText } from './page-data';

export const STYLESHEET_FILE = 'error-page.css';
export const SCRIPT_FILE = 'error-page.js';
export const ICON_FILE = 'favicon.svg';

/** Escapes text for an HTML text node or a double-quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/**
 * The page's index.html. Asset links are relative, so the files work from any folder as long as
 * they are served side by side (e.g. `/error/` on the local server, `/` on CloudFront).
 */
export function renderErrorPageHtml(generic: ErrorPageText, contentSecurityPolicy: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy)}" />
    <meta name="referrer" content="no-referrer" />
    <meta name="robots" content="noindex" />
    <meta name="color-scheme" content="light dark" />
    <title>${escapeHtml(generic.title)}</title>
    <link rel="icon" href="${ICON_FILE}" type="image/svg+xml" />
    <link rel="stylesheet" href="${STYLESHEET_FILE}" />
    <script src="${SCRIPT_FILE}" defer></script>
  </head>
  <body>
    <header class="site-header">
      <p class="product">Infoauth single sign-on</p>
    </header>
    <main class="card">
      <p class="error-code" id="error-code" hidden>Error Reference Code: <span id="error-code-value"></span></p>
      <h1 id="error-title">${escapeHtml(generic.title)}</h1>
      <p class="explanation" id="error-text">${escapeHtml(generic.userText)}</p>
      <h2>What you can do</h2>
      <p id="error-action">${escapeHtml(generic.userAction)}</p>
      <section class="reference" id="ref-section" aria-labelledby="ref-heading" hidden>
        <h2 id="ref-heading">Reference for your support desk</h2>
        <p class="hint">Support uses it to find exactly what happened to this sign-in.</p>
        <div class="reference-row">
          <code class="reference-value" id="ref-value"></code>
          <button type="button" class="copy-button" id="copy-ref">Copy reference</button>
        </div>
        <p class="copy-status" id="copy-status" role="status" aria-live="polite"></p>
      </section>
      <p class="hint" id="no-ref">No reference was included in the link that brought you here.</p>
    </main>
    <footer class="site-footer">
      <p>You can close this page once you have noted the reference.</p>
    </footer>
  </body>
</html>
`;
}
