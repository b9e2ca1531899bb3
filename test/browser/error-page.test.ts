/**
 * The hosted error page in a real headless Chromium (Debian's chromium driven by playwright-core),
 * served with its security headers from 127.0.0.1. One browser for the file; visits of one test run in
 * parallel pages. Screenshots land in test-output/error-page/.
 */
import { jest } from '@jest/globals';
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { ERROR_CODES } from '../../lambdas/core/catalog';
import { PROFILE_PATH_PREFIX } from '../../lambdas/core/public-profile';
import { buildErrorPage, ERROR_PAGE_SECURITY_HEADERS } from '../../error-page/build';
import { PAGE_LANGUAGES, type PageLanguage } from '../../error-page/languages';
import { serveErrorPage, type ErrorPageServer } from './error-page-server';
import { requestedPaths, visitErrorPage, type ErrorPageVisit } from './error-page-visit';

// A shared 2-core machine can be slow to start many pages at once; this bounds a hang, not a speed goal.
jest.setTimeout(120_000);

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = resolve(import.meta.dirname, '../../test-output/error-page');
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const OWN_FILES = ['/', '/error-page.css', '/error-page.js', '/favicon.svg'];
const REF = 'JKJaXmPLvHcESHA=';
const UUID_REF = 'b7f3c2d1-4e5a-4c6b-9d8e-0f1a2b3c4d5e';
const LANGUAGES = Object.keys(PAGE_LANGUAGES) as PageLanguage[];
const en = PAGE_LANGUAGES.en;

const ACME = 'acme-client-1';
const ACME_PROFILE = {
  clientId: ACME,
  displayName: 'Acme Portal',
  loginUrl: 'https://portal.acme.example/login',
  supportEmail: 'help@acme.example',
  supportUrl: 'https://acme.example/support',
};
const HOSTILE = 'hostile-client';
const HOSTILE_NAME = '<img src=x onerror="window.__injected=1">Acme';
const PROFILES: Record<string, unknown> = {
  [ACME]: ACME_PROFILE,
  'name-only': { clientId: 'name-only', displayName: 'Globex Intranet' },
  'other-clients-document': { ...ACME_PROFILE, clientId: ACME },
  [HOSTILE]: {
    clientId: HOSTILE,
    displayName: HOSTILE_NAME,
    loginUrl: 'javascript:window.__injected=1',
    supportEmail: 'help@acme.example?bcc=spy@evil.example',
    supportUrl: 'data:text/html,<script>window.__injected=1</script>',
  },
};

let browser: Browser;
let server: ErrorPageServer;
let buildDir: string;
const openVisits: ErrorPageVisit[] = [];

type VisitOptions = Parameters<typeof visitErrorPage>[3];

/** Opens the page and waits until its profile read (if any) has finished. */
async function open(query: Record<string, string>, options: VisitOptions = {}): Promise<ErrorPageVisit> {
  const visit = await visitErrorPage(browser, server.origin, query, { locale: 'en-US', ...options });
  openVisits.push(visit);
  await visit.page.waitForSelector('html[data-profile]', { state: 'attached' });
  return visit;
}

/** What every visit must show: only the page's own files (and its profile) fetched, nothing logged as an error. */
function expectQuietVisit(visit: ErrorPageVisit, profileOf?: string): void {
  const paths = requestedPaths(visit, server.origin);
  const allowed = [...OWN_FILES, ...(profileOf ? [`${PROFILE_PATH_PREFIX}${profileOf}`] : [])];
  expect(paths).toEqual(expect.arrayContaining(['/', '/error-page.css', '/error-page.js']));
  expect(paths.filter((path) => !allowed.includes(path))).toEqual([]);
  expect(paths.filter((path) => path.startsWith(PROFILE_PATH_PREFIX)).length).toBeLessThanOrEqual(1);
  expect(visit.pageErrors).toEqual([]);
  expect(visit.dialogs).toEqual([]);
  // A profile answered 404 is logged by Chromium as a failed resource; anything else is a real error.
  expect(visit.consoleErrors.filter((message) => !message.includes('404'))).toEqual([]);
}

async function text(visit: ErrorPageVisit, selector: string): Promise<string> {
  return (await visit.page.locator(selector).textContent()) ?? '';
}

const visible = (visit: ErrorPageVisit, selector: string) => visit.page.locator(selector).isVisible();

async function axeViolations(visit: ErrorPageVisit): Promise<Array<{ id: string; impact: string }>> {
  await visit.page.evaluate(AXE_SOURCE);
  return visit.page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string; impact: string }> }> } }
    ).axe;
    const result = await axe.run();
    return result.violations.map(({ id, impact }) => ({ id, impact }));
  });
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is missing at ${CHROMIUM}: the browser tests need it (apt-get install -y chromium).`);
  }
  buildDir = await buildErrorPage(await mkdtemp(join(tmpdir(), 'infoauth-error-page-')));
  server = await serveErrorPage(buildDir, ERROR_PAGE_SECURITY_HEADERS, PROFILES);
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

describe('every code in every language', () => {
  it.each(LANGUAGES)(
    '%s: each code shows its texts, the code, the ref and the time, with <html lang>',
    async (language) => {
      // Prepare
      const texts = PAGE_LANGUAGES[language];

      // Act
      const visits = await Promise.all(
        ERROR_CODES.map((code) => open({ code, ref: REF }, { locale: `${language}-XX` })),
      );
      await Promise.all(
        visits.map((visit, index) =>
          visit.page.screenshot({ path: join(SCREENSHOTS, `${ERROR_CODES[index]}-${language}.png`), fullPage: true }),
        ),
      );

      // Assess
      for (const [index, visit] of visits.entries()) {
        const code = ERROR_CODES[index]!;
        expect(await visit.page.getAttribute('html', 'lang')).toBe(language);
        expect(await text(visit, '#error-code')).toBe(`${texts.codeLabel} ${code}`);
        expect(await text(visit, 'h1')).toBe(texts.codes[code].title);
        expect(await text(visit, '#error-text')).toBe(texts.codes[code].userText);
        expect(await text(visit, '#error-action')).toBe(texts.codes[code].userAction);
        expect(await text(visit, '#ref-value')).toBe(REF);
        expect(await text(visit, '#time-value')).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
        expect(await text(visit, '#copy-ref')).toBe(texts.copyButton);
        expect(await visit.page.title()).toBe(
          texts.documentTitle.replace('{code}', code).replace('{title}', texts.codes[code].title),
        );
        expect(await visible(visit, '#client-line')).toBe(false);
        expectQuietVisit(visit);
      }
    },
  );

  it('follows the first supported language of navigator.languages, and lang= overrides it', async () => {
    // Act
    const [germanFirst, unsupportedFirst, override, unsupported, badOverride] = await Promise.all([
      open({ code: '104', ref: REF }, { locale: 'de-AT' }),
      open({ code: '104', ref: REF }, { locale: 'ja-JP' }),
      open({ code: '104', ref: REF, lang: 'fr' }, { locale: 'de-DE' }),
      open({ code: '104', ref: REF }, { locale: 'ja-JP' }),
      open({ code: '104', ref: REF, lang: 'xx' }, { locale: 'es-MX' }),
    ]);
    // Assess
    expect(await germanFirst.page.getAttribute('html', 'lang')).toBe('de');
    expect(await text(germanFirst, 'h1')).toBe(PAGE_LANGUAGES.de.codes['104'].title);
    expect(await unsupportedFirst.page.getAttribute('html', 'lang')).toBe('en');
    expect(await override.page.getAttribute('html', 'lang')).toBe('fr');
    expect(await text(override, 'h1')).toBe(PAGE_LANGUAGES.fr.codes['104'].title);
    expect(await unsupported.page.getAttribute('html', 'lang')).toBe('en');
    expect(await text(unsupported, 'h1')).toBe(en.codes['104'].title);
    expect(await badOverride.page.getAttribute('html', 'lang')).toBe('es');
  });

  it('looks right in dark mode (screenshot) and keeps its texts', async () => {
    // Act
    const visit = await open({ code: '104', ref: REF, client: ACME }, { colorScheme: 'dark' });
    await visit.page.screenshot({ path: join(SCREENSHOTS, '104-dark-profile.png'), fullPage: true });

    // Assess
    const background = await visit.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(16, 19, 23)');
    expect(await text(visit, 'h1')).toBe(en.codes['104'].title);
    expectQuietVisit(visit, ACME);
  });
});

describe("the client's public profile (client=<client id>)", () => {
  it.each(LANGUAGES)(
    '%s: name, "Sign in again" for 104-106, support mailto with code, ref and time',
    async (language) => {
      // Prepare
      const texts = PAGE_LANGUAGES[language];
      const codes = language === 'en' ? (['103', '104', '105', '106'] as const) : (['103', '104'] as const);

      // Act
      const visits = await Promise.all(codes.map((code) => open({ code, ref: REF, client: ACME, lang: language })));
      await visits[1]!.page.screenshot({ path: join(SCREENSHOTS, `104-${language}-profile.png`), fullPage: true });

      // Assess
      for (const [index, visit] of visits.entries()) {
        const code = codes[index]!;
        const time = await text(visit, '#time-value');
        expect(await text(visit, '#client-line')).toBe(texts.signingInTo.replace('{name}', 'Acme Portal'));
        expect(await text(visit, '#client-line strong')).toBe('Acme Portal');
        expect(await visible(visit, '#sign-in-again')).toBe(code !== '103');
        if (code !== '103') {
          expect(await visit.page.getAttribute('#sign-in-again', 'href')).toBe(ACME_PROFILE.loginUrl);
          expect(await text(visit, '#sign-in-again')).toBe(texts.signInAgain);
        }
        const mailto = new URL((await visit.page.getAttribute('#support-email', 'href'))!);
        expect(`${mailto.protocol}${mailto.pathname}`).toBe('mailto:help@acme.example');
        const subject = mailto.searchParams.get('subject')!;
        const body = mailto.searchParams.get('body')!;
        expect(subject).toBe(texts.mailSubject.replace('{code}', code).replace('{ref}', REF));
        for (const value of [code, REF, time, 'Acme Portal']) expect(body).toContain(value);
        expect(await text(visit, '#support-email')).toBe(texts.supportEmail.replace('{email}', 'help@acme.example'));
        expect(await visit.page.getAttribute('#support-url', 'href')).toBe(ACME_PROFILE.supportUrl);
        expectQuietVisit(visit, ACME);
      }
    },
  );

  it('a profile with only a name shows the name and no empty support section', async () => {
    // Act
    const visit = await open({ code: '104', ref: REF, client: 'name-only' });
    // Assess
    expect(await text(visit, '#client-line strong')).toBe('Globex Intranet');
    expect(await visible(visit, '#sign-in-again')).toBe(false);
    expect(await visible(visit, '#support-section')).toBe(false);
    expectQuietVisit(visit, 'name-only');
  });

  it.each([
    ['an unknown client', { code: '104', ref: REF, client: 'nobody' }, 'nobody'],
    [
      "a document holding another client's data",
      { code: '104', ref: REF, client: 'other-clients-document' },
      'other-clients-document',
    ],
  ])('%s gives the generic page without any profile', async (_name, query, fetched) => {
    // Act
    const visit = await open(query);
    await visit.page.screenshot({ path: join(SCREENSHOTS, `104-${fetched}.png`), fullPage: true });
    // Assess
    expect(await visible(visit, '#client-line')).toBe(false);
    expect(await visible(visit, '#sign-in-again')).toBe(false);
    expect(await visible(visit, '#support-section')).toBe(false);
    expect(await text(visit, 'body')).not.toContain('Acme');
    expectQuietVisit(visit, fetched);
  });

  it.each([
    ['101', ACME],
    ['102', ACME],
    ['999', ACME],
    ['104', '../../evil'],
  ])('code %s with client=%s reads no profile (the service never sends that pair)', async (code, client) => {
    // Act
    const visit = await open({ code, ref: REF, client });
    // Assess
    expect(requestedPaths(visit, server.origin).filter((path) => path.startsWith(PROFILE_PATH_PREFIX))).toEqual([]);
    expect(await visible(visit, '#client-line')).toBe(false);
    expectQuietVisit(visit);
  });

  it('profile values are text, never markup; unsafe URLs and addresses are dropped', async () => {
    // Act
    const visit = await open({ code: '104', ref: REF, client: HOSTILE });
    await visit.page.screenshot({ path: join(SCREENSHOTS, '104-hostile-profile.png'), fullPage: true });
    // Assess
    expect(await visit.page.evaluate(() => (window as { __injected?: unknown }).__injected)).toBeUndefined();
    expect(await visit.page.locator('main img, main script, main iframe').count()).toBe(0);
    expect(await text(visit, '#client-line strong')).toBe(HOSTILE_NAME);
    expect(await visible(visit, '#sign-in-again')).toBe(false);
    expect(await visible(visit, '#support-section')).toBe(false);
    expectQuietVisit(visit, HOSTILE);
  });
});

describe('only what the service issues is shown (no spoofed text on our domain)', () => {
  it('an unknown code shows the generic texts and not the code', async () => {
    // Act
    const visit = await open({ code: '999', ref: REF });
    await visit.page.screenshot({ path: join(SCREENSHOTS, 'unknown.png'), fullPage: true });
    // Assess
    expect(await text(visit, 'h1')).toBe(en.generic.title);
    expect(await text(visit, '#error-text')).toBe(en.generic.userText);
    expect(await visible(visit, '#error-code')).toBe(false);
    expect(await text(visit, 'body')).not.toMatch(/999|undefined|null/);
    expectQuietVisit(visit);
  });

  it.each(['__proto__', 'constructor', 'toString', ' 104', '104 '])('a code like %j is unknown', async (code) => {
    // Act
    const visit = await open({ code, ref: REF });
    // Assess
    expect(await text(visit, 'h1')).toBe(en.generic.title);
    expect(await visible(visit, '#error-code')).toBe(false);
    expect(await text(visit, 'body')).not.toMatch(/undefined|function|\[object/);
    expectQuietVisit(visit);
  });

  it('shows a Lambda request id (UUID) as the ref', async () => {
    const visit = await open({ code: '105', ref: UUID_REF });
    expect(await text(visit, '#ref-value')).toBe(UUID_REF);
  });

  it.each([
    ['text a third party wrote', 'Call 555-0100 to unlock your account'],
    ['a long ref', 'a'.repeat(300)],
    ['a ref with a bidi override', 'JKJaXmPLvH\u202EcESHA='],
    ['a ref of almost the right form', 'JKJaXmPLvHcESHB='],
  ])('%s is not shown: the page says no reference came with the link', async (_name, ref) => {
    // Act
    const visit = await open({ code: '105', ref });
    // Assess
    expect(await visible(visit, '#ref-section')).toBe(false);
    expect(await visible(visit, '#no-ref')).toBe(true);
    expect(await text(visit, 'body')).not.toContain(ref);
    expectQuietVisit(visit);
  });

  it('no code and no ref: generic message, no code line, says no reference came with the link', async () => {
    // Act
    const visit = await open({});
    await visit.page.screenshot({ path: join(SCREENSHOTS, 'missing.png'), fullPage: true });
    // Assess
    expect(await text(visit, 'h1')).toBe(en.generic.title);
    expect(await visible(visit, '#error-code')).toBe(false);
    expect(await visible(visit, '#ref-section')).toBe(false);
    expect(await visible(visit, '#no-ref')).toBe(true);
    expect(await text(visit, 'body')).not.toMatch(/undefined|null/);
    expectQuietVisit(visit);
  });

  it.each([
    '<img src=x onerror="window.__injected=1">',
    '<script>window.__injected=1</script>',
    '"><svg onload="window.__injected=1;alert(1)">',
  ])('payload %s in code, ref and client runs nothing and shows nothing', async (payload) => {
    // Act
    const visit = await open({ code: payload, ref: payload, client: payload, lang: payload });
    // Assess
    expect(await visit.page.evaluate(() => (window as { __injected?: unknown }).__injected)).toBeUndefined();
    expect(await visit.page.locator('main img, main svg, main script, main iframe').count()).toBe(0);
    expect(await text(visit, 'body')).not.toContain(payload);
    expect(await text(visit, 'h1')).toBe(en.generic.title);
    expectQuietVisit(visit);
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
      expect(await text(visit, 'h1')).toBe(en.codes['101'].title);
      expect(visit.pageErrors).toEqual([]);
    } finally {
      await bareServer.close();
    }
  });
});

describe('layout and accessibility', () => {
  it.each(LANGUAGES)(
    '%s: fits 320 and 375 px wide screens with the profile, without sideways scrolling',
    async (language) => {
      // Act
      const visits = await Promise.all(
        [375, 320].map((width) =>
          open(
            { code: '106', ref: UUID_REF, client: ACME, lang: language },
            { viewport: { width, height: 800 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
          ),
        ),
      );
      await visits[0]!.page.screenshot({ path: join(SCREENSHOTS, `106-${language}-phone.png`), fullPage: true });

      // Assess
      for (const [index, visit] of visits.entries()) {
        const width = [375, 320][index]!;
        expect(await visit.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        expect(await visible(visit, '#copy-ref')).toBe(true);
        expect(await visible(visit, '#sign-in-again')).toBe(true);
        expectQuietVisit(visit, ACME);
      }
    },
  );

  it.each(LANGUAGES)(
    '%s: axe-core finds no serious or critical violation (with a profile in light, without in dark)',
    async (language) => {
      // Act
      const visits = await Promise.all([
        open({ code: '104', ref: REF, client: ACME, lang: language }),
        open({ code: '105', ref: REF, lang: language }, { colorScheme: 'dark' }),
        open({ code: '106', ref: REF, client: ACME, lang: language }, { colorScheme: 'dark' }),
        open({ lang: language }),
      ]);
      const results = await Promise.all(visits.map(axeViolations));

      // Assess
      for (const violations of results) {
        expect(violations.filter((violation) => ['serious', 'critical'].includes(violation.impact))).toEqual([]);
      }
    },
  );

  it('keyboard focus reaches "Sign in again" first and the copy button next, visibly', async () => {
    // Prepare
    const visit = await open({ code: '104', ref: REF, client: ACME });
    // Act
    const focusAfterTab = async () => {
      await visit.page.keyboard.press('Tab');
      return visit.page.evaluate(() => {
        const active = document.activeElement as HTMLElement;
        const style = getComputedStyle(active);
        return { id: active.id, outlineStyle: style.outlineStyle, outlineWidth: style.outlineWidth };
      });
    };
    const first = await focusAfterTab();
    const second = await focusAfterTab();
    // Assess
    expect(first).toEqual({ id: 'sign-in-again', outlineStyle: 'solid', outlineWidth: '3px' });
    expect(second).toEqual({ id: 'copy-ref', outlineStyle: 'solid', outlineWidth: '3px' });
  });
});

describe('the copy button', () => {
  it('copies the ref and the time, labelled in the page language, and says so', async () => {
    // Prepare
    const visit = await open({ code: '103', ref: REF, lang: 'de' });
    await visit.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
    const time = await text(visit, '#time-value');
    // Act
    await visit.page.click('#copy-ref');
    await visit.page.locator('#copy-status', { hasText: PAGE_LANGUAGES.de.copied }).waitFor();
    // Assess
    expect(await visit.page.evaluate(() => navigator.clipboard.readText())).toBe(
      `${PAGE_LANGUAGES.de.refLabel}: ${REF}\n${PAGE_LANGUAGES.de.timeLabel}: ${time}`,
    );
    expectQuietVisit(visit);
  });

  it('without a Clipboard API, selects the ref and the time and tells the person how to copy them', async () => {
    // Prepare
    const visit = await open(
      { code: '103', ref: REF },
      { beforeScripts: () => Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined }) },
    );
    // Act
    await visit.page.click('#copy-ref');
    await visit.page.locator('#copy-status', { hasText: en.copyFailed }).waitFor();
    // Assess
    const selected = await visit.page.evaluate(() => window.getSelection()?.toString() ?? '');
    expect(selected).toContain(REF);
    expect(selected).toContain(await text(visit, '#time-value'));
    expectQuietVisit(visit);
  });
});
