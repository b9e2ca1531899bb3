/**
 * docs/integration.md embeds its examples verbatim from docs/examples/, so that what integrators copy is
 * what runs here: the verification example runs against `npm start` in find-local-e2e.test.ts; the
 * client's key and token example runs here against the rules Infoauth applies.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { newSsoConfig, parsePublicJwks } from '../../lambdas/core/config-admin';
import { verifyClientToken } from '../../lambdas/core/client-token';
import { mintInfoauthToken, newClientKeyPair } from '../../docs/examples/client-token';

const DOCS = join(import.meta.dirname, '..', '..', 'docs');
const guide = readFileSync(join(DOCS, 'integration.md'), 'utf8');

describe('docs/integration.md', () => {
  it.each(['client-token.ts', 'verify-assertion.ts'])('embeds docs/examples/%s verbatim in a ts block', (name) => {
    // Prepare
    const source = readFileSync(join(DOCS, 'examples', name), 'utf8');
    // Assess
    expect(guide).toContain(`\`\`\`ts\n${source}\`\`\``);
  });

  it('covers what a client developer needs: keys, claims, POST and GET, state, return_to, error URL, 105', () => {
    for (const topic of [
      '--jwks-file',
      'signingKey.privateJwk',
      '| `cid` |',
      '| `jti` |',
      'method="post"',
      'GET /sso?client_id=',
      '### `state` and `return_to`',
      '--allowed-origin',
      '--error-url',
      '### An assertion that does not verify is code 105',
      'error-codes.md',
    ]) {
      expect(guide).toContain(topic);
    }
  });
});

describe("docs/integration.md: the target application's side", () => {
  it.each([
    ['query', '`GET <target>?assertion=<JWT>&state=<state>`'],
    ['fragment', '`GET <target>#assertion=<JWT>&state=<state>`'],
    ['form_post', '`POST <target>` with `application/x-www-form-urlencoded` body `assertion=<JWT>&state=<state>`'],
  ])('shows a target receiving the %s delivery', (delivery, arrival) => {
    // Assess
    expect(guide).toContain('### Receiving the assertion: query, fragment or form_post');
    expect(guide).toContain(`| \`${delivery}\``);
    expect(guide).toContain(arrival);
  });

  it('makes the jti check a must, not an option', () => {
    // Assess
    expect(guide).toContain('### Accept each assertion once: the `jti` check is required');
    expect(guide).toMatch(/\*\*Your target application must refuse a second\s+use:\*\*/);
    expect(guide).not.toMatch(/optionally remember\s+each `jti`/);
  });

  it('tells target apps to key users on (cid, email) or (aud, sub), never on the email alone', () => {
    // Assess
    expect(guide).toContain(
      '### Who signed in: key users on (`cid`, `email`) or (`aud`, `sub`), never on the email alone',
    );
    expect(guide).toMatch(/Two client organisations \(two CIDs\) can both assert\s+`jane@example\.com`/);
    expect(guide).toMatch(/Never find a user\s+by the email alone/);
  });
});

describe("the guide's client token example", () => {
  it('makes a key Infoauth registers (as config create --jwks-file does) and a token it accepts', async () => {
    // Prepare
    const now = new Date();
    const { publicJwk, privateJwk } = await newClientKeyPair('acme-2026-05');
    const keys = parsePublicJwks(JSON.stringify({ keys: [publicJwk] }));
    const config = newSsoConfig(
      { clientId: 'client-1', secret: 's', cid: 'acme', targetUrl: 'https://app.example.test/', keys },
      Math.floor(now.getTime() / 1000),
    );
    // Act
    const token = await mintInfoauthToken(privateJwk, 'acme', 'jane.doe@example.com');
    const check = await verifyClientToken(token, config, now);
    // Assess
    expect(keys).toEqual([expect.objectContaining({ kid: 'acme-2026-05', alg: 'ES256' })]);
    expect(check).toEqual({
      ok: true,
      verifiedBy: expect.objectContaining({ kid: 'acme-2026-05' }),
      claims: expect.objectContaining({ cid: 'acme', email: 'jane.doe@example.com', jti: expect.any(String) }),
    });
    if (check.ok) expect(check.claims.exp - check.claims.iat).toBe(120);
  });

  it('refuses to mint with a key that has no kid', async () => {
    // Prepare
    const { privateJwk } = await newClientKeyPair('k');
    const { kid: _kid, ...withoutKid } = privateJwk;
    // Act + Assess
    await expect(mintInfoauthToken(withoutKid, 'acme', 'jane.doe@example.com')).rejects.toThrow(/kid/);
  });
});
