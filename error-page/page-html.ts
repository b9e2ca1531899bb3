/**
 * The error page's HTML. It carries the generic texts in English, so the page still says something
 * useful with scripts off; the script then picks the language, fills in the code's own texts, the code,
 * the ref, the time and, for an authenticated client, its public profile.
 */
import type { PageTexts } from './page-data';

export const STYLESHEET_FILE = 'error-page.css';
export const SCRIPT_FILE = 'error-page.js';
export const ICON_FILE = 'favicon.svg';

/** Escapes text for an HTML text node or a double-quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/**
 * The page's index.html. Asset links are relative, so the files work from any folder as long as
 * they are served side by side (e.g. `/error/` on the local server, `/` on CloudFront). Elements with
 * `data-text` get that text of the chosen language.
 */
export function renderErrorPageHtml(texts: PageTexts, contentSecurityPolicy: string): string {
  const t = (key: keyof PageTexts) => escapeHtml(texts[key] as string);
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy)}" />
    <meta name="referrer" content="no-referrer" />
    <meta name="robots" content="noindex" />
    <meta name="color-scheme" content="light dark" />
    <title>${escapeHtml(texts.generic.title)}</title>
    <link rel="icon" href="${ICON_FILE}" type="image/svg+xml" />
    <link rel="stylesheet" href="${STYLESHEET_FILE}" />
    <script src="${SCRIPT_FILE}" defer></script>
  </head>
  <body>
    <header class="site-header">
      <p class="product" data-text="product">${t('product')}</p>
    </header>
    <main class="card">
      <p class="client-line" id="client-line" hidden></p>
      <p class="error-code" id="error-code" hidden><span data-text="codeLabel">${t('codeLabel')}</span> <span id="error-code-value"></span></p>
      <h1 id="error-title">${escapeHtml(texts.generic.title)}</h1>
      <p class="explanation" id="error-text">${escapeHtml(texts.generic.userText)}</p>
      <h2 data-text="actionHeading">${t('actionHeading')}</h2>
      <p id="error-action">${escapeHtml(texts.generic.userAction)}</p>
      <p class="sign-in-again" id="sign-in-again-row" hidden><a class="action-link" id="sign-in-again" data-text="signInAgain">${t('signInAgain')}</a></p>
      <section class="reference" id="ref-section" aria-labelledby="ref-heading" hidden>
        <h2 id="ref-heading" data-text="refHeading">${t('refHeading')}</h2>
        <p class="hint" data-text="refHint">${t('refHint')}</p>
        <dl class="reference-list" id="reference-list">
          <div class="reference-item">
            <dt data-text="refLabel">${t('refLabel')}</dt>
            <dd><code class="reference-value" id="ref-value"></code></dd>
          </div>
          <div class="reference-item">
            <dt data-text="timeLabel">${t('timeLabel')}</dt>
            <dd><code class="reference-value" id="time-value"></code></dd>
          </div>
        </dl>
        <button type="button" class="copy-button" id="copy-ref" data-text="copyButton">${t('copyButton')}</button>
        <p class="copy-status" id="copy-status" role="status" aria-live="polite"></p>
      </section>
      <p class="hint" id="no-ref" data-text="noRef">${t('noRef')}</p>
      <section class="support" id="support-section" aria-labelledby="support-heading" hidden>
        <h2 id="support-heading" data-text="supportHeading">${t('supportHeading')}</h2>
        <ul class="support-links">
          <li id="support-email-item" hidden><a id="support-email"></a></li>
          <li id="support-url-item" hidden><a id="support-url" data-text="supportUrl">${t('supportUrl')}</a></li>
        </ul>
      </section>
    </main>
    <footer class="site-footer">
      <p data-text="footer">${t('footer')}</p>
    </footer>
  </body>
</html>
`;
}
