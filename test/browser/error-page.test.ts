/**
 * The hosted error page in a real headless Chromium (Debian's chromium driven by playwright-core),
 * served with its security headers from 127.0.0.1. Screenshots land in test-output/error-page/.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { CATALOG, ERROR_CODES, GENERIC_ERROR } from '../../lambdas/core/catalog';
import { buildErrorPage, ERROR_PAGE_SECURITY_HEADERS } from '../../error-page/build';
import { serveErrorPage, type ErrorPageServer } from './error-page-server';
import { requestedPaths, visitErrorPage, type ErrorPageVisit } from './error-page-visit';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = resolve(__dirname, '../../test-output/error-page');
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const OWN_FILES = ['/', '/error-page.css', '/error-page.js', '/favicon.svg'];
const REF = 'b7f3c2d1-4e5a-4c6b-9d8e-0f1a2b3c4d5e';

let browser: Browser;
let server: ErrorPageServer;
let buildDir: string;
const openVisits: ErrorPageVisit[] = [];

async function open(
  query: Record<string, string>,
  options?: Parameters<typeof visitErrorPage>[3],
): Promise<ErrorPageVisit> {
  const visit = await visitErrorPage(browser, server.origin, query, options);
  openVisits.push(visit);
  return visit;
}

/** What every visit must show: only the page's own files fetched, nothing logged as an error. */
function expectQuietVisit(visit: ErrorPageVisit): void {
  const paths = requestedPaths(visit, server.origin);
  expect(paths).toEqual(expect.arrayContaining(['/', '/error-page.css', '/error-page.js']));
  expect(paths.filter((path) => !OWN_FILES.includes(path))).toEqual([]);
  expect(visit.consoleErrors).toEqual([]);
  expect(visit.pageErrors).toEqual([]);
  expect(visit.dialogs).toEqual([]);
}

async function text(visit: ErrorPageVisit, selector: string): Promise<string> {
  return (await visit.page.locator(selector).textContent()) ?? '';
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is missing at ${CHROMIUM}: the browser tests need it (apt-get install -y chromium).`);
  }
  buildDir = await buildErrorPage(await mkdtemp(join(tmpdir(), 'infoauth-error-page-')));
  server = await serveErrorPage(buildDir, ERROR_PAGE_SECURITY_HEADERS);
  await mkdir(SCREENSHOTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}, 60_000);

afterEach(async () => {
  await Promise.all(openVisits.splice(0).map((visit) => visit.context.close()));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (buildDir) await rm(buildDir, { recursive: true, force: true });
});

describe('each error reference code', () => {
  it.each(ERROR_CODES)('code %s shows its code, catalog texts and the ref', async (code) => {
    // Prepare
    const entry = CATALOG[code];

    // Act
    const visit = await open({ code, ref: REF });
    await visit.page.screenshot({ path: join(SCREENSHOTS, `${code}.png`), fullPage: true });

    // Assess
    expect(await text(visit, '#error-code')).toBe(`Error Reference Code: ${code}`);
    expect(await text(visit, 'h1')).toBe(entry.title);
    expect(await text(visit, '#error-text')).toBe(entry.userText);
    expect(await text(visit, '#error-action')).toBe(entry.userAction);
    expect(await text(visit, '#ref-value')).toBe(REF);
    expect(await visit.page.locator('#copy-ref').isVisible()).toBe(true);
    expect(await visit.page.title()).toBe(`Error ${code}: ${entry.title}`);
    expectQuietVisit(visit);
  });

  it('looks right in dark mode (screenshot) and keeps its texts', async () => {
    // Act
    const visit = await open({ code: '104', ref: REF }, { colorScheme: 'dark' });
    await visit.page.screenshot({ path: join(SCREENSHOTS, '104-dark.png'), fullPage: true });

    // Assess
    const background = await visit.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(16, 19, 23)');
    expect(await text(visit, 'h1')).toBe(CATALOG['104'].title);
    expectQuietVisit(visit);
  });
});

describe('a missing or unknown code', () => {
  it('an unknown code shows the generic message and the code as received', async () => {
    // Act
    const visit = await open({ code: '999', ref: REF });
    await visit.page.screenshot({ path: join(SCREENSHOTS, 'unknown.png'), fullPage: true });

    // Assess
    expect(await text(visit, 'h1')).toBe(GENERIC_ERROR.title);
    expect(await text(visit, '#error-text')).toBe(GENERIC_ERROR.userText);
    expect(await text(visit, '#error-code')).toBe('Error Reference Code: 999');
    expect(await text(visit, 'body')).not.toMatch(/undefined|null/);
    expectQuietVisit(visit);
  });

  it.each(['__proto__', 'constructor', 'toString'])(
    'a code named like an object member (%s) is unknown',
    async (code) => {
      // Act
      const visit = await open({ code, ref: REF });

      // Assess
      expect(await text(visit, 'h1')).toBe(GENERIC_ERROR.title);
      expect(await text(visit, 'body')).not.toMatch(/undefined|function|\[object/);
      expectQuietVisit(visit);
    },
  );

  it('no code and no ref: generic message, no code line, says no reference came with the link', async () => {
    // Act
    const visit = await open({});
    await visit.page.screenshot({ path: join(SCREENSHOTS, 'missing.png'), fullPage: true });

    // Assess
    expect(await text(visit, 'h1')).toBe(GENERIC_ERROR.title);
    expect(await visit.page.locator('#error-code').isVisible()).toBe(false);
    expect(await visit.page.locator('#ref-section').isVisible()).toBe(false);
    expect(await visit.page.locator('#no-ref').isVisible()).toBe(true);
    expect(await text(visit, 'body')).not.toMatch(/undefined|null/);
    expectQuietVisit(visit);
  });
});

describe('whatever arrives in the URL is shown as text only', () => {
  const payloads = [
    '<img src=x onerror="window.__injected=1">',
    '<script>window.__injected=1</script>',
    '"><svg onload="window.__injected=1;alert(1)">',
    "javascript:alert(1)//'><iframe src=javascript:alert(1)>",
  ];

  it.each(payloads)('payload %s in code and ref runs nothing and appears as text', async (payload) => {
    // Act
    const visit = await open({ code: payload, ref: payload });

    // Assess
    expect(await visit.page.evaluate(() => (window as { __injected?: unknown }).__injected)).toBeUndefined();
    expect(await visit.page.locator('main img, main svg, main script, main iframe').count()).toBe(0);
    expect(await text(visit, '#ref-value')).toBe(payload);
    expect(await text(visit, '#error-code-value')).toBe(`${payload.slice(0, 16)}…`);
    expect(await text(visit, 'h1')).toBe(GENERIC_ERROR.title);
    expectQuietVisit(visit);
  });

  it('a long ref is cut to 128 characters and control or bidi characters are dropped', async () => {
    // Prepare
    const longRef = 'a'.repeat(300);
    const spoofRef = 'abc\u202Eevil\u0007\u2066def';

    // Act
    const longVisit = await open({ code: '105', ref: longRef });
    const spoofVisit = await open({ code: '105', ref: spoofRef });

    // Assess
    expect(await text(longVisit, '#ref-value')).toBe(`${'a'.repeat(128)}…`);
    expect(await text(spoofVisit, '#ref-value')).toBe('abcevildef');
  });

  it('the Content-Security-Policy is enforced: HTML sinks refuse strings (Trusted Types)', async () => {
    // Prepare
    const visit = await open({ code: '101', ref: REF });

    // Act
    const outcome = await visit.page.evaluate(() => {
      try {
        document.body.insertAdjacentHTML('beforeend', '<b id="sink-test">x</b>');
        return 'allowed';
      } catch (error) {
        return (error as Error).name;
      }
    });

    // Assess
    expect(outcome).toBe('TypeError');
    expect(await visit.page.locator('#sink-test').count()).toBe(0);
  });

  it('the <meta> policy protects the page even when the server sends no security headers', async () => {
    // Prepare
    const bareServer = await serveErrorPage(buildDir, {});
    try {
      // Act
      const visit = await visitErrorPage(browser, bareServer.origin, { code: '101', ref: REF });
      openVisits.push(visit);
      const outcome = await visit.page.evaluate(() => {
        try {
          document.body.insertAdjacentHTML('beforeend', '<b>x</b>');
          return 'allowed';
        } catch (error) {
          return (error as Error).name;
        }
      });

      // Assess
      expect(outcome).toBe('TypeError');
      expect(await text(visit, 'h1')).toBe(CATALOG['101'].title);
      expect(visit.pageErrors).toEqual([]);
    } finally {
      await bareServer.close();
    }
  });
});

describe('layout and accessibility', () => {
  it.each([375, 320])('fits a %i px wide screen with a long ref, without sideways scrolling', async (width) => {
    // Act
    const visit = await open(
      { code: '106', ref: 'x'.repeat(128) },
      { viewport: { width, height: 800 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
    );
    if (width === 375) await visit.page.screenshot({ path: join(SCREENSHOTS, '106-phone.png'), fullPage: true });

    // Assess
    const scrollWidth = await visit.page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(width);
    expect(await visit.page.locator('#copy-ref').isVisible()).toBe(true);
    expectQuietVisit(visit);
  });

  it.each([
    ['104', 'light'],
    ['105', 'dark'],
    ['', 'light'],
  ] as const)('axe-core finds no serious or critical violations (code "%s", %s)', async (code, colorScheme) => {
    // Prepare
    const visit = await open(code ? { code, ref: REF } : {}, { colorScheme });
    await visit.page.evaluate(AXE_SOURCE);

    // Act
    const violations = await visit.page.evaluate(async () => {
      const axe = (
        window as unknown as {
          axe: { run(): Promise<{ violations: Array<{ id: string; impact: string; help: string }> }> };
        }
      ).axe;
      const result = await axe.run();
      return result.violations.map(({ id, impact, help }) => ({ id, impact, help }));
    });

    // Assess
    expect(violations.filter((violation) => ['serious', 'critical'].includes(violation.impact))).toEqual([]);
    expect(visit.pageErrors).toEqual([]);
    expect(visit.consoleErrors).toEqual([]);
  });

  it('keyboard focus on the copy button is visible', async () => {
    // Prepare
    const visit = await open({ code: '102', ref: REF });

    // Act
    await visit.page.keyboard.press('Tab');
    const focus = await visit.page.evaluate(() => {
      const active = document.activeElement as HTMLElement;
      const style = getComputedStyle(active);
      return { id: active.id, outlineStyle: style.outlineStyle, outlineWidth: style.outlineWidth };
    });

    // Assess
    expect(focus).toEqual({ id: 'copy-ref', outlineStyle: 'solid', outlineWidth: '3px' });
  });
});

describe('the copy reference button', () => {
  it('copies the ref to the clipboard and says so', async () => {
    // Prepare
    const visit = await open({ code: '103', ref: REF });
    await visit.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });

    // Act
    await visit.page.click('#copy-ref');
    await visit.page.locator('#copy-status', { hasText: 'Reference copied.' }).waitFor();

    // Assess
    expect(await visit.page.evaluate(() => navigator.clipboard.readText())).toBe(REF);
    expectQuietVisit(visit);
  });

  it('without a Clipboard API, selects the ref and tells the person how to copy it', async () => {
    // Prepare
    const visit = await open(
      { code: '103', ref: REF },
      { beforeScripts: () => Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined }) },
    );

    // Act
    await visit.page.click('#copy-ref');
    await visit.page.locator('#copy-status', { hasText: 'Could not copy automatically' }).waitFor();

    // Assess
    expect(await visit.page.evaluate(() => window.getSelection()?.toString())).toBe(REF);
    expectQuietVisit(visit);
  });
});
