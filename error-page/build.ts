/**
 * Builds the hosted error page (index.html, error-page.css, error-page.js, favicon.svg) from the one error catalog
 * and the page's languages (error-page/languages/), so a change to a code's texts reaches the page with the next build. The local server serves
 * `errorPageFiles()`; the deploy uploads `buildErrorPage()`'s folder; both send
 * `ERROR_PAGE_SECURITY_HEADERS`.
 *
 * Run as a script (`npm run build:error-page`) it writes error-page/dist/ and prints where.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import { DEFAULT_LANGUAGE, PAGE_LANGUAGES } from './languages';
import { errorPageData } from './page-data';
import { ICON_FILE, renderErrorPageHtml, SCRIPT_FILE, STYLESHEET_FILE } from './page-html';
import { metaContentSecurityPolicy } from './security-headers';

export { ERROR_PAGE_SECURITY_HEADERS } from './security-headers';

export interface ErrorPageFile {
  readonly contentType: string;
  readonly body: string;
}

const DEFAULT_OUT_DIR = resolve(import.meta.dirname, 'dist');
const BROWSER_SOURCES = resolve(import.meta.dirname, 'browser');

/**
 * The browser script, bundled from TypeScript with every language's texts put in place of
 * ERROR_PAGE_DATA. It imports the core's own checks (ref forms, client id, profile fields), so the page
 * and the service agree on them; it never imports the catalog module, whose reasons are for support only.
 */
function compileScript(): string {
  const result = buildSync({
    entryPoints: [join(BROWSER_SOURCES, 'error-page.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2020',
    charset: 'utf8',
    minifySyntax: true,
    legalComments: 'none',
    define: { ERROR_PAGE_DATA: JSON.stringify(errorPageData()) },
    logLevel: 'silent',
  });
  const [script] = result.outputFiles;
  if (!script) throw new Error('esbuild wrote no error page script');
  return script.text;
}

/**
 * The error page's files in memory, keyed by their path relative to the page's folder.
 *
 * @example
 * const files = errorPageFiles();
 * response.writeHead(200, { 'Content-Type': files['index.html'].contentType, ...ERROR_PAGE_SECURITY_HEADERS });
 */
export function errorPageFiles(): Record<string, ErrorPageFile> {
  return {
    'index.html': {
      contentType: 'text/html; charset=utf-8',
      body: renderErrorPageHtml(PAGE_LANGUAGES[DEFAULT_LANGUAGE], metaContentSecurityPolicy()),
    },
    [STYLESHEET_FILE]: {
      contentType: 'text/css; charset=utf-8',
      body: readFileSync(join(BROWSER_SOURCES, 'error-page.css'), 'utf8'),
    },
    [SCRIPT_FILE]: { contentType: 'text/javascript; charset=utf-8', body: compileScript() },
    // Shipped so that browsers' automatic favicon request finds a file instead of logging a 404.
    [ICON_FILE]: { contentType: 'image/svg+xml', body: readFileSync(join(BROWSER_SOURCES, ICON_FILE), 'utf8') },
  };
}

/** Writes the error page's files into `outDir` (created if missing) and returns `outDir`. */
export async function buildErrorPage(outDir: string = DEFAULT_OUT_DIR): Promise<string> {
  await mkdir(outDir, { recursive: true });
  for (const [path, file] of Object.entries(errorPageFiles())) {
    await writeFile(join(outDir, path), file.body, 'utf8');
  }
  return outDir;
}

if (import.meta.main) {
  buildErrorPage().then(
    (outDir) => console.log(`Error page written to ${outDir}`),
    (error: unknown) => {
      console.error('Building the error page failed:', error);
      process.exitCode = 1;
    },
  );
}
