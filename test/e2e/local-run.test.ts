/**
 * `npm start` as a user runs it: a child process that starts (or reuses) DynamoDB Local and serves the
 * SSO endpoint, the error page and the demo app; the admin CLI creates a client against it; a token
 * minted with the CLI signs the user into the demo app, and the same token again lands on the error
 * page with 104. Stopping it leaves no process behind.
 */
import { jest } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ORIGIN_VERIFY_HEADER } from '../../lambdas/core/edge-origin';
import { checkPortFree, freePort } from '../../tools/local/dynamo-local';
import { freshTables } from '../support/sso-fixture';
import { localEnv, runCliJson } from '../cli/run-cli';
import { npmStart, processAlive } from '../support/npm-start';

jest.setTimeout(180_000);

const follow = (url: string) => fetch(url, { redirect: 'manual' });

describe('npm start', () => {
  it('signs a user into the demo app with a CLI-made client, refuses the reused token with 104, and stops on Ctrl-C', async () => {
    // Prepare: reuse the test run's DynamoDB Local through AWS_ENDPOINT_URL_DYNAMODB, on fresh tables.
    const env = localEnv(await freshTables(), { PORT: String(await freePort()) });
    const started = await npmStart(env);
    try {
      const created = await runCliJson(
        [
          'config',
          'create',
          '--local',
          '--cid',
          'acme',
          '--target-url',
          `${started.baseUrl}/demo/`,
          '--display-name',
          'Acme Portal',
          '--login-url',
          `${started.baseUrl}/demo/`,
          '--support-email',
          'help@acme.example',
        ],
        env,
      );
      const clientId = created.json.clientId as string;
      const keyFile = join(env.INFOAUTH_LOCAL_DIR!, 'acme-private.json');
      writeFileSync(keyFile, JSON.stringify((created.json.signingKey as { privateJwk: object }).privateJwk));
      await runCliJson(['sso', 'enable', 'acme', '--local'], env);
      const minted = await runCliJson(
        ['token', 'mint', '--private-jwk', keyFile, '--cid', 'acme', '--email', 'jane.doe@example.com'],
        env,
      );
      const ssoUrl = new URL('/sso', started.baseUrl);
      ssoUrl.search = new URLSearchParams({
        client_id: clientId,
        client_secret: created.json.clientSecret as string,
        token: minted.json.token as string,
      }).toString();

      // Act (no CloudFront here: the bypass guard is off, so an origin header, right or wrong, changes nothing)
      const first = await fetch(ssoUrl.href, {
        redirect: 'manual',
        headers: { [ORIGIN_VERIFY_HEADER]: 'not-a-secret' },
      });
      const target = new URL(first.headers.get('location')!);
      const demoPage = await follow(target.href);
      const demoHtml = await demoPage.text();
      const second = await follow(ssoUrl.href);
      const errorUrl = new URL(second.headers.get('location')!);
      const errorPage = await follow(errorUrl.href);
      const profile = await follow(new URL(`/profiles/${clientId}`, errorUrl).href);
      const health = await follow(`${started.baseUrl}/health`);

      // Assess
      expect(started.javaPid).toBeUndefined();
      expect(first.status).toBe(302);
      expect(`${target.origin}${target.pathname}`).toBe(`${started.baseUrl}/demo/`);
      expect(target.searchParams.get('assertion')).toBeTruthy();
      expect(demoPage.status).toBe(200);
      expect(demoHtml).toContain('Signed in as jane.doe@example.com');
      expect(demoHtml).toContain(clientId);
      expect(second.status).toBe(302);
      expect(`${errorUrl.origin}${errorUrl.pathname}`).toBe(`${started.baseUrl}/error/`);
      expect(errorUrl.searchParams.get('code')).toBe('104');
      expect(errorUrl.searchParams.get('ref')).toMatch(/^[A-Za-z0-9+/]{15}=$/);
      expect(errorPage.status).toBe(200);
      expect(errorPage.headers.get('content-security-policy')).toContain("default-src 'none'");
      // The page names the client (it proved its secret) and reads its profile from its own origin.
      expect(errorUrl.searchParams.get('client')).toBe(clientId);
      expect(profile.status).toBe(200);
      expect(profile.headers.get('cache-control')).toBe('public, max-age=240');
      expect(await profile.json()).toEqual({
        clientId,
        displayName: 'Acme Portal',
        loginUrl: `${started.baseUrl}/demo/`,
        supportEmail: 'help@acme.example',
      });
      expect(started.output()).toMatch(/GET \/sso 302 refused 104 token-already-used/);
      expect(started.output()).toMatch(/edge guard +off/);
      expect(started.output()).not.toContain('not-through-edge');
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok' });
    } finally {
      // Act: Ctrl-C in a terminal sends SIGINT to the whole foreground process group.
      started.interrupt();
    }
    // Assess
    expect(await started.gone()).toBe(true);
    expect(started.output()).toContain('Stopped.');
  });

  it('starts its own DynamoDB Local, seeds the demo client, and stops it on SIGTERM to the server alone', async () => {
    // Prepare: no AWS_ENDPOINT_URL_DYNAMODB, so npm start runs Java itself on a free port.
    const dynamoPort = await freePort();
    const { AWS_ENDPOINT_URL_DYNAMODB: _unused, ...base } = localEnv(await freshTables());
    const env = { ...base, PORT: String(await freePort()), INFOAUTH_LOCAL_DYNAMO_PORT: String(dynamoPort) };
    const started = await npmStart(env);
    const printedSsoUrl = /^ {2}(http:\/\/127\.0\.0\.1:\d+\/sso\?\S+)$/m.exec(started.output())![1]!;

    // Act
    const signIn = await follow(printedSsoUrl);
    const demoHtml = await (await follow(signIn.headers.get('location')!)).text();
    const listed = await runCliJson(['config', 'list', '--local'], env);
    process.kill(started.serverPid, 'SIGTERM');
    const exitCode = await started.exited;

    // Assess
    expect(demoHtml).toContain('Signed in as jane.doe@example.com');
    expect(listed.json.configs).toEqual([expect.objectContaining({ cid: 'demo' })]);
    expect(started.javaPid).toEqual(expect.any(Number));
    expect(await started.gone()).toBe(true);
    expect(processAlive(started.javaPid!)).toBe(false);
    expect(exitCode).not.toBeNull();
    await expect(checkPortFree(dynamoPort)).resolves.toBeUndefined();
  });

  it('exits non-zero with a clear message when the port is taken', async () => {
    // Prepare
    const blocker = (await import('node:net')).createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const port = (blocker.address() as { port: number }).port;
    const env = localEnv(await freshTables(), { PORT: String(port) });
    // Act
    const result = npmStart(env);
    // Assess
    await expect(result).rejects.toThrow(new RegExp(`Port ${port} on 127\\.0\\.0\\.1 is in use`));
    blocker.close();
  });
});
