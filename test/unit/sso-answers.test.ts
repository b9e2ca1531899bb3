/**
 * What the SSO function answers, header by header: X-Content-Type-Options on every answer, the three
 * assertion deliveries (contract §2), the form_post page's policy and escaping, and where a refusal goes
 * by the catalog's destination. The real handler over in-memory ports.
 */
import { createHash } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { AssertionDelivery } from '../../lambdas/core/model';
import { CLIENT_ERROR_URL, createInMemorySso, TARGET_URL, type InMemorySso } from '../support/in-memory-sso';
import { ERROR_PAGE, location, mintToken, ssoEvent } from '../support/sso-fixture';

let sso: InMemorySso;
beforeEach(async () => {
  sso = await createInMemorySso();
});

function deliverBy(mode: AssertionDelivery): void {
  const config = sso.settings.configs.get(sso.client.clientId)!;
  sso.settings.configs.set(config.clientId, { ...config, assertionDelivery: mode });
}

async function signInAnswer(fields: Record<string, string> = {}): Promise<APIGatewayProxyStructuredResultV2> {
  const token = await mintToken(sso.client, {}, { now: sso.now });
  return sso.handle(
    ssoEvent({ client_id: sso.client.clientId, client_secret: sso.client.secret, token, ...fields }, 'POST'),
  );
}

describe('SSO function answers', () => {
  it('carries X-Content-Type-Options: nosniff on every answer', async () => {
    // Prepare
    const answers: APIGatewayProxyStructuredResultV2[] = [];
    // Act
    answers.push(await signInAnswer());
    answers.push(await sso.handle(ssoEvent({ client_id: 'unknown' })));
    answers.push(await sso.handle(ssoEvent({}, 'GET', '/.well-known/jwks.json')));
    answers.push(await sso.handle(ssoEvent({}, 'GET', '/elsewhere')));
    deliverBy('form_post');
    answers.push(await signInAnswer());
    // Assess
    expect(answers.map((answer) => answer.statusCode)).toEqual([302, 302, 200, 404, 200]);
    for (const answer of answers) expect(answer.headers?.['X-Content-Type-Options']).toBe('nosniff');
  });

  it('puts the assertion in the query by default, and in the fragment when configured', async () => {
    // Act
    const query = location(await signInAnswer({ state: 'a b' }));
    deliverBy('fragment');
    const fragment = location(await signInAnswer({ state: 'a b' }));
    // Assess
    expect(query.searchParams.get('assertion')).toBe('assertion-1');
    expect(query.searchParams.get('state')).toBe('a b');
    expect(query.hash).toBe('');
    expect(`${fragment.origin}${fragment.pathname}${fragment.search}`).toBe(TARGET_URL);
    const carried = new URLSearchParams(fragment.hash.slice(1));
    expect([carried.get('assertion'), carried.get('state')]).toEqual(['assertion-2', 'a b']);
  });

  describe('form_post', () => {
    const hostile = '"><script>alert(1)</script>&\'';

    it('answers 200 with a page that posts assertion and state to the target, every value escaped', async () => {
      // Prepare
      deliverBy('form_post');
      // Act
      const answer = await signInAnswer({ state: hostile });
      // Assess
      expect(answer.statusCode).toBe(200);
      expect(answer.headers).toMatchObject({
        'Content-Type': 'text/html; charset=utf-8',
        'Cache-Control': 'no-store',
        'Referrer-Policy': 'no-referrer',
        'X-Content-Type-Options': 'nosniff',
      });
      const body = answer.body ?? '';
      expect(body).toContain(`<form method="post" action="${TARGET_URL}" enctype="application/x-www-form-urlencoded">`);
      expect(body).toContain('<input type="hidden" name="assertion" value="assertion-1">');
      expect(body).toContain(
        '<input type="hidden" name="state" value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;&#39;">',
      );
      expect(body).not.toContain('<script>alert(1)');
      expect(body).toMatch(/<button type="submit">[^<]+<\/button>/);
    });

    it('has a strict policy: only its own script by hash, no framing, forms only to the target origin', async () => {
      // Prepare
      deliverBy('form_post');
      // Act
      const answer = await signInAnswer();
      // Assess
      const policy = String(answer.headers?.['Content-Security-Policy']);
      const scripts = [...(answer.body ?? '').matchAll(/<script>([^<]*)<\/script>/g)].map((match) => match[1]!);
      expect(scripts).toHaveLength(1);
      const hash = createHash('sha256').update(scripts[0]!).digest('base64');
      expect(policy.split('; ')).toEqual([
        "default-src 'none'",
        `script-src 'sha256-${hash}'`,
        `form-action ${new URL(TARGET_URL).origin}`,
        "frame-ancestors 'none'",
        "base-uri 'none'",
      ]);
    });
  });

  it('sends a refusal where the catalog says: 102 always to the hosted page, 103 to the client error URL', async () => {
    // Act
    const badSecret = location(
      await sso.handle(ssoEvent({ client_id: sso.client.clientId, client_secret: 'wrong', token: 'x' })),
    );
    const badToken = location(
      await sso.handle(ssoEvent({ client_id: sso.client.clientId, client_secret: sso.client.secret, token: 'x' })),
    );
    // Assess
    expect(`${badSecret.origin}${badSecret.pathname}`).toBe(ERROR_PAGE);
    expect(badSecret.searchParams.has('client')).toBe(false);
    expect(`${badToken.origin}${badToken.pathname}`).toBe(CLIENT_ERROR_URL);
    expect(badToken.searchParams.get('client')).toBe(sso.client.clientId);
  });
});
