/** The error page is generated from the error catalog, carries its security policy, and loads nothing from elsewhere. */
import { jest } from '@jest/globals';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CATALOG, ERROR_CODES, GENERIC_ERROR } from '../../lambdas/core/catalog';
import { buildErrorPage, ERROR_PAGE_SECURITY_HEADERS, errorPageFiles } from '../../error-page/build';

const CATALOG_MODULE = '../../lambdas/core/catalog';
const BUILD_MODULE = '../../error-page/build';

function metaPolicyOf(html: string): string {
  const match = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html);
  if (!match?.[1]) throw new Error('no Content-Security-Policy <meta> in index.html');
  return match[1].replace(/&#39;/g, "'");
}

describe('errorPageFiles', () => {
  it('puts every code’s title, text and action from the catalog into the page script', () => {
    // Act
    const script = errorPageFiles()['error-page.js']!.body;

    // Assess
    for (const code of ERROR_CODES) {
      const { title, userText, userAction } = CATALOG[code];
      expect(script).toContain(JSON.stringify(code));
      expect(script).toContain(title);
      expect(script).toContain(userText);
      expect(script).toContain(userAction);
    }
    expect(script).toContain(GENERIC_ERROR.title);
  });

  it('carries none of the support-only catalog fields (reasons, when) into the page', () => {
    // Act
    const script = errorPageFiles()['error-page.js']!.body;

    // Assess
    expect(script).not.toContain('client-id-missing');
    expect(script).not.toContain(CATALOG['101'].when);
  });

  it('follows a change in the catalog at the next build', async () => {
    // Prepare
    const changedTitle = 'A title that exists only in this test';
    let script = '';
    await jest.isolateModulesAsync(async () => {
      const actual = await import(CATALOG_MODULE);
      jest.unstable_mockModule(CATALOG_MODULE, () => ({
        ...actual,
        CATALOG: { ...actual.CATALOG, '104': { ...actual.CATALOG['104'], title: changedTitle } },
      }));

      // Act
      const build = (await import(BUILD_MODULE)) as typeof import('../../error-page/build');
      script = build.errorPageFiles()['error-page.js']!.body;
    });

    // Assess
    expect(script).toContain(changedTitle);
    expect(script).not.toContain(CATALOG['104'].title);
  });

  it('shows the generic texts in the HTML itself, for browsers with scripts off', () => {
    // Act
    const html = errorPageFiles()['index.html']!.body;

    // Assess
    expect(html).toContain('<html lang="en">');
    expect(html).toContain(`<h1 id="error-title">${GENERIC_ERROR.title}</h1>`);
    expect(html).toContain('<main');
  });

  it('has no inline script or style and loads only its own files, by relative path', () => {
    // Prepare
    const files = errorPageFiles();
    const html = files['index.html']!.body;

    // Act
    const scriptTags = html.match(/<script\b[^>]*>[\s\S]*?<\/script>/g) ?? [];
    const references = [...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((match) => match[1]);

    // Assess
    expect(scriptTags).toEqual(['<script src="error-page.js" defer></script>']);
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
    expect(references.sort()).toEqual(['error-page.css', 'error-page.js', 'favicon.svg']);
    expect(references.every((reference) => reference && reference in files)).toBe(true);
    expect(files['error-page.css']!.body).not.toMatch(/@import|url\(/);
    expect(files['error-page.js']!.body).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(/);
  });
});

describe('ERROR_PAGE_SECURITY_HEADERS', () => {
  it('allows scripts and styles only from the page’s own origin, nothing inline, and no framing', () => {
    // Act
    const policy = ERROR_PAGE_SECURITY_HEADERS['Content-Security-Policy']!;
    const directives = new Map(policy.split('; ').map((directive) => [directive.split(' ')[0], directive]));

    // Assess
    expect(directives.get('default-src')).toBe("default-src 'none'");
    expect(directives.get('script-src')).toBe("script-src 'self'");
    expect(directives.get('style-src')).toBe("style-src 'self'");
    expect(directives.get('frame-ancestors')).toBe("frame-ancestors 'none'");
    expect(directives.get('base-uri')).toBe("base-uri 'none'");
    expect(directives.get('require-trusted-types-for')).toBe("require-trusted-types-for 'script'");
    expect(policy).not.toMatch(/unsafe-|\*|data:|https?:/);
    // The page's one read (the client's public profile) goes to its own origin only.
    expect(directives.get('connect-src')).toBe("connect-src 'self'");
  });

  it('sets the other protective headers', () => {
    // Assess
    expect(ERROR_PAGE_SECURITY_HEADERS).toMatchObject({
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Cross-Origin-Opener-Policy': 'same-origin',
    });
  });

  it('is repeated in the HTML <meta>, less the directives a <meta> cannot carry', () => {
    // Prepare
    const headerPolicy = ERROR_PAGE_SECURITY_HEADERS['Content-Security-Policy']!;

    // Act
    const metaPolicy = metaPolicyOf(errorPageFiles()['index.html']!.body);

    // Assess
    expect(metaPolicy).toBe(headerPolicy.replace("; frame-ancestors 'none'", ''));
  });
});

describe('the page weight', () => {
  it('stays under 50 KB in all, with every language inside', () => {
    // Act
    const bytes = Object.values(errorPageFiles()).reduce((sum, file) => sum + Buffer.byteLength(file.body), 0);
    // Assess
    expect(bytes).toBeLessThan(50 * 1024);
  });
});

describe('buildErrorPage', () => {
  it('writes exactly the in-memory files to the folder it returns', async () => {
    // Prepare
    const outDir = await mkdtemp(join(tmpdir(), 'infoauth-error-page-build-'));
    try {
      // Act
      const written = await buildErrorPage(outDir);

      // Assess
      expect(written).toBe(outDir);
      const files = errorPageFiles();
      expect((await readdir(outDir)).sort()).toEqual(Object.keys(files).sort());
      for (const [path, file] of Object.entries(files)) {
        expect(await readFile(join(outDir, path), 'utf8')).toBe(file.body);
      }
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  });
});
