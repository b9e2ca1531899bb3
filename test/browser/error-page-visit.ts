/**
 * Opens the error page in a fresh browser context and records what a test must check afterwards:
 * every request, console errors, uncaught page errors and dialogs (alert/confirm/prompt).
 */
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';

export interface ErrorPageVisit {
  readonly page: Page;
  readonly context: BrowserContext;
  readonly requests: string[];
  readonly consoleErrors: string[];
  readonly pageErrors: string[];
  readonly dialogs: string[];
}

/** Opens `origin` + `/?query` and waits for the page's script to have run (it is deferred, so before load). */
export async function visitErrorPage(
  browser: Browser,
  origin: string,
  query: Record<string, string>,
  options: BrowserContextOptions & { beforeScripts?: () => void } = {},
): Promise<ErrorPageVisit> {
  const { beforeScripts, ...contextOptions } = options;
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
  const visit: ErrorPageVisit = { page, context, requests: [], consoleErrors: [], pageErrors: [], dialogs: [] };
  page.on('request', (request) => visit.requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error') visit.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => visit.pageErrors.push(error.message));
  page.on('dialog', (dialog) => {
    visit.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  if (beforeScripts) await page.addInitScript(beforeScripts);
  await page.goto(`${origin}/?${new URLSearchParams(query).toString()}`, { waitUntil: 'load' });
  return visit;
}

/** The paths requested, for visits whose every request must go to `origin`. */
export function requestedPaths(visit: ErrorPageVisit, origin: string): string[] {
  return visit.requests.map((url) => (url.startsWith(`${origin}/`) ? new URL(url).pathname : `OTHER ORIGIN: ${url}`));
}
