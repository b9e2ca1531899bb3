/**
 * The three assertion deliveries through `npm start`, end to end: a configuration per delivery (made
 * with the admin CLI, targeting the demo app), a real sign-in at /sso, and the demo app receiving the
 * assertion by `query` (GET), `fragment` (the page's script posts the fragment back: run in a real
 * headless Chromium) and `form_post` (the 200 page's form, posted as a browser would). Each assertion
 * signs in once; the same assertion again is the app's 105 (`jti-already-used`).
 */
import { existsSync } from 'node:fs';
import { jest } from '@jest/globals';
import { chromium } from 'playwright-core';
import { freePort } from '../../tools/local/dynamo-local';
import { freshTables } from '../support/sso-fixture';
import { localEnv, runCliJson } from '../cli/run-cli';
import { npmStart, type RunningLocal } from '../support/npm-start';

jest.setTimeout(240_000);

const CHROMIUM = '/usr/bin/chromium';
const EMAIL = 'jane.doe@example.com';

let env: NodeJS.ProcessEnv;
let started: RunningLocal;
beforeAll(async () => {
  env = localEnv(await freshTables(), { PORT: String(await freePort()) });
  started = await npmStart(env);
  await runCliJson(['sso', 'enable', 'acme', '--local'], env);
}, 180_000);
afterAll(async () => {
  await started.stop();
});

/** A configuration of CID acme with this delivery, and a fresh token for it: the POST body of /sso. */
async function signInForm(delivery: string, state: string): Promise<URLSearchParams> {
  const created = await runCliJson(
    [
      'config',
      'create',
      '--local',
      '--cid',
      'acme',
      '--target-url',
      `${started.baseUrl}/demo/`,
      '--assertion-delivery',
      delivery,
    ],
    env,
  );
  const privateJwk = JSON.stringify((created.json.signingKey as { privateJwk: object }).privateJwk);
  const minted = await runCliJson(
    ['token', 'mint', '--private-jwk', '-', '--cid', 'acme', '--email', EMAIL],
    env,
    privateJwk,
  );
  return new URLSearchParams({
    client_id: String(created.json.clientId),
    client_secret: String(created.json.clientSecret),
    token: String(minted.json.token),
    state,
  });
}

const postSso = (form: URLSearchParams) =>
  fetch(`${started.baseUrl}/sso`, { method: 'POST', body: form, redirect: 'manual' });
const postDemo = (form: URLSearchParams) =>
  fetch(`${started.baseUrl}/demo/`, { method: 'POST', body: form, redirect: 'manual' });

describe('the demo app receives the assertion by every delivery', () => {
  it('query: GET <target>?assertion=…&state=…, once', async () => {
    // Prepare
    const answer = await postSso(await signInForm('query', 'q-state'));
    const target = new URL(answer.headers.get('location') ?? '');
    // Act
    const first = await fetch(target, { redirect: 'manual' });
    const replay = await fetch(target, { redirect: 'manual' });
    // Assess
    expect(answer.status).toBe(302);
    expect(target.searchParams.get('state')).toBe('q-state');
    expect(first.status).toBe(200);
    const html = await first.text();
    expect(html).toContain(`Signed in as ${EMAIL}`);
    expect(html).toContain('q-state');
    expect(replay.status).toBe(401);
    expect(await replay.text()).toContain('105');
    expect(started.output()).toMatch(/"why":"jti-already-used"/);
  });

  it('form_post: the 200 page posts assertion and state to the target, once', async () => {
    // Prepare
    const answer = await postSso(await signInForm('form_post', 'f-state'));
    const page = await answer.text();
    const action = /<form method="post" action="([^"]+)"/.exec(page)?.[1] ?? '';
    const fields = new URLSearchParams(
      [...page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map(
        ([, name = '', value = '']) => [name, value.replace(/&amp;/g, '&')] as [string, string],
      ),
    );
    // Act
    const first = await postDemo(fields);
    const replay = await postDemo(fields);
    // Assess
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-security-policy')).toContain(`form-action ${started.baseUrl}`);
    expect(action).toBe(`${started.baseUrl}/demo/`);
    expect([...fields.keys()]).toEqual(['assertion', 'state']);
    expect(first.status).toBe(200);
    const html = await first.text();
    expect(html).toContain(`Signed in as ${EMAIL}`);
    expect(html).toContain('f-state');
    expect(replay.status).toBe(401);
  });

  it('fragment: <target>#assertion=…&state=… is posted back by the page in a real browser, once', async () => {
    // Prepare
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium is missing at ${CHROMIUM} (apt-get install -y chromium)`);
    const answer = await postSso(await signInForm('fragment', 'h-state'));
    const location = answer.headers.get('location') ?? '';
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-sync'],
    });
    try {
      const page = await browser.newPage();
      const violations: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
      });
      // Act
      await page.goto(location);
      await page.waitForSelector('h1.ok, h1.bad', { timeout: 30_000 });
      const heading = await page.textContent('h1');
      const shownUrl = page.url();
      const body = (await page.textContent('body')) ?? '';
      const replay = await postDemo(new URLSearchParams(new URL(location).hash.slice(1)));
      // Assess
      expect(answer.status).toBe(302);
      expect(new URL(location).search).toBe('');
      expect(new URLSearchParams(new URL(location).hash.slice(1)).get('state')).toBe('h-state');
      expect(heading).toBe(`Signed in as ${EMAIL}`);
      expect(body).toContain('h-state');
      expect(shownUrl).not.toContain('assertion');
      expect(violations).toEqual([]);
      expect(replay.status).toBe(401);
    } finally {
      await browser.close();
    }
  });
});
