/**
 * `npm start` as a user runs it: a child process that starts (or reuses) DynamoDB Local and serves the
 * SSO endpoint, the error page and the demo app; the admin CLI creates a client against it; a token
 * minted with the CLI signs the user into the demo app, and the same token again lands on the error
 * page with 104. Stopping it leaves no process behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkPortFree, freePort } from '../../tools/local/dynamo-local';
import { freshTables } from '../support/sso-fixture';
import { localEnv, REPO_ROOT, runCliJson } from '../cli/run-cli';

jest.setTimeout(180_000);

interface Started {
  readonly child: ChildProcess;
  readonly baseUrl: string;
  /** The pid of the Node process that runs start.ts (below npm, sh and tsx). */
  readonly serverPid: number;
  readonly javaPid?: number;
  output(): string;
  exited: Promise<number | null>;
}

/** Runs `npm start` in its own process group (like a terminal's foreground job) and waits for "Ready". */
function npmStart(env: NodeJS.ProcessEnv): Promise<Started> {
  const child = spawn('npm', ['start'], { cwd: REPO_ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not get ready:\n${output}`)), 120_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const ready = /Ready: (http:\/\/127\.0\.0\.1:\d+) {2}\(pid (\d+);/.exec(output);
      if (!ready) return;
      clearTimeout(timer);
      const java = /java pid (\d+)/.exec(output);
      resolve({
        child,
        baseUrl: ready[1]!,
        serverPid: Number(ready[2]),
        ...(java ? { javaPid: Number(java[1]) } : {}),
        output: () => output,
        exited,
      });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code}:\n${output}`));
    });
  });
}

/** True while any process is in the process group `pgid`. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits (bounded) until the whole process group is gone. */
async function groupGone(pgid: number, timeoutMs = 20_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (groupAlive(pgid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
  return !groupAlive(pgid);
}

const follow = (url: string) => fetch(url, { redirect: 'manual' });

describe('npm start', () => {
  it('signs a user into the demo app with a CLI-made client, refuses the reused token with 104, and stops on Ctrl-C', async () => {
    // Prepare: reuse the test run's DynamoDB Local through AWS_ENDPOINT_URL_DYNAMODB, on fresh tables.
    const env = localEnv(await freshTables(), { PORT: String(await freePort()) });
    const started = await npmStart(env);
    try {
      const created = await runCliJson(
        ['config', 'create', '--local', '--cid', 'acme', '--target-url', `${started.baseUrl}/demo/`],
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

      // Act
      const first = await follow(ssoUrl.href);
      const target = new URL(first.headers.get('location')!);
      const demoPage = await follow(target.href);
      const demoHtml = await demoPage.text();
      const second = await follow(ssoUrl.href);
      const errorUrl = new URL(second.headers.get('location')!);
      const errorPage = await follow(errorUrl.href);

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
      expect(started.output()).toMatch(/GET \/sso 302 refused 104 token-already-used/);
    } finally {
      // Act: Ctrl-C in a terminal sends SIGINT to the whole foreground process group.
      process.kill(-started.child.pid!, 'SIGINT');
    }
    // Assess
    expect(await groupGone(started.child.pid!)).toBe(true);
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
    expect(await groupGone(started.child.pid!)).toBe(true);
    expect(alive(started.javaPid!)).toBe(false);
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
