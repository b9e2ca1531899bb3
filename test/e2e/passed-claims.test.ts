/**
 * Passed claims end to end, as a user sees them under `npm start`: a configuration made with the admin
 * CLI (`--claim`) targets the demo app; a token carrying optional claims signs in through the local
 * server, and the demo app shows the listed claims and nothing unlisted; a malformed one is 103.
 */
import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { importJWK, SignJWT, type JWK } from 'jose';
import { freePort } from '../../tools/local/dynamo-local';
import { freshTables } from '../support/sso-fixture';
import { localEnv, runCliJson } from '../cli/run-cli';
import { npmStart } from '../support/npm-start';

jest.setTimeout(180_000);

const follow = (url: string) => fetch(url, { redirect: 'manual' });

async function clientToken(privateJwk: JWK, claims: Record<string, unknown>): Promise<string> {
  const iat = Math.floor(Date.now() / 1000);
  const payload = { cid: 'acme-claims', email: 'jane.doe@example.com', jti: randomUUID(), iat, exp: iat + 120 };
  return new SignJWT({ ...payload, ...claims })
    .setProtectedHeader({ alg: 'ES256', ...(privateJwk.kid !== undefined ? { kid: privateJwk.kid } : {}) })
    .sign(await importJWK(privateJwk, 'ES256'));
}

describe('npm start with a configuration that passes claims', () => {
  it('shows the passed claims in the demo app, never an unlisted one, and refuses a malformed one with 103', async () => {
    // Prepare
    const env = localEnv(await freshTables(), { PORT: String(await freePort()) });
    const started = await npmStart(env);
    try {
      const created = await runCliJson(
        [
          'config',
          'create',
          '--local',
          '--cid',
          'acme-claims',
          '--target-url',
          `${started.baseUrl}/demo/`,
          '--claim',
          'name',
          '--claim',
          'groups',
        ],
        env,
      );
      await runCliJson(['sso', 'enable', 'acme-claims', '--local'], env);
      const privateJwk = (created.json.signingKey as { privateJwk: JWK }).privateJwk;
      const signInWith = (token: string) => {
        const url = new URL('/sso', started.baseUrl);
        url.search = new URLSearchParams({
          client_id: created.json.clientId as string,
          client_secret: created.json.clientSecret as string,
          token,
        }).toString();
        return follow(url.href);
      };
      const claims = { name: 'Jane <b>Doe</b>', groups: ['staff', 'Zürich'], given_name: 'Unlisted-Jane' };
      // Act
      const first = await signInWith(await clientToken(privateJwk, claims));
      const demoPage = await follow(first.headers.get('location')!);
      const demoHtml = await demoPage.text();
      const malformed = await signInWith(await clientToken(privateJwk, { groups: 'staff' }));
      // Assess
      expect(created.status).toBe(0);
      expect(demoPage.status).toBe(200);
      expect(demoHtml).toContain('Claims passed through');
      expect(demoHtml).toContain('<dt>name</dt><dd>Jane &lt;b&gt;Doe&lt;/b&gt;</dd>');
      expect(demoHtml).toContain('<dt>groups</dt><dd>staff, Zürich</dd>');
      expect(demoHtml).not.toContain('Unlisted-Jane');
      expect(new URL(malformed.headers.get('location')!).searchParams.get('code')).toBe('103');
    } finally {
      started.interrupt();
    }
    expect(await started.gone()).toBe(true);
  });
});
