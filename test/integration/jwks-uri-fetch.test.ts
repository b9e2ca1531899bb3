/**
 * Fetching a client's JWKS from servers this test runs on 127.0.0.1 (the local run's http and loopback
 * allowance), with faults: slow, down, oversized, a redirect, a bad key, not JSON; and with a resolver
 * the test controls: a name that resolves to a private address is refused before any connection, and
 * the connection goes to the address that was checked (Host and TLS server name stay the name).
 */
import { jest } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createJwksFetcher,
  JwksFetchError,
  type HostResolver,
  type ResolvedAddress,
} from '../../lambdas/adapters/jwks-uri/jwks-fetcher';
import { JWKS_URI_MAX_BYTES } from '../../lambdas/core/jwks-uri';
import { newClientKey } from '../support/sso-fixture';

jest.setTimeout(30_000);

type Route = (req: IncomingMessage, res: ServerResponse) => void;

const seen: { path: string; host: string | undefined }[] = [];
let routes: Record<string, Route> = {};
let server: Server;
let port: number;
const open = new Set<ServerResponse>();

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ path: req.url ?? '', host: req.headers.host });
    open.add(res);
    res.on('close', () => open.delete(res));
    const route = routes[req.url ?? ''];
    if (route) route(req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  for (const res of open) res.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  seen.length = 0;
  routes = {};
});

const json =
  (body: string): Route =>
  (_req, res) =>
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(body);
const url = (path: string, host = '127.0.0.1') => `http://${host}:${port}${path}`;
const localFetcher = (resolver?: HostResolver) =>
  createJwksFetcher({ localRun: true, ...(resolver ? { resolver } : {}) });

/** A resolver that answers `addresses` for every name and counts its calls. */
function resolverOf(addresses: readonly ResolvedAddress[]): HostResolver & { calls: string[] } {
  const calls: string[] = [];
  const resolve = (hostname: string) => {
    calls.push(hostname);
    return Promise.resolve(addresses);
  };
  return Object.assign(resolve, { calls });
}

async function failureOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(JwksFetchError);
  return (error as Error).message;
}

describe('fetching a JWKS URI', () => {
  it('returns the published keys after the acceptance rules (a key without kid gets its thumbprint)', async () => {
    const a = await newClientKey('ES256');
    const { kid: _dropped, ...noKid } = (await newClientKey('RS256')).publicJwk;
    routes['/jwks.json'] = json(JSON.stringify({ keys: [a.publicJwk, noKid] }));
    const keys = await localFetcher().fetch(url('/jwks.json'), []);
    expect(keys.map((key) => key.kid)).toEqual([a.kid, expect.stringMatching(/^[A-Za-z0-9_-]{43}$/)]);
  });

  it('gives up on a server that does not answer within 2 s', async () => {
    routes['/slow'] = () => undefined; // never answers
    const message = await failureOf(localFetcher().fetch(url('/slow'), []));
    expect(message).toMatch(/127\.0\.0\.1.*no complete answer within 2000 ms/);
  });

  it('gives up on a server that sends its answer too slowly (the 2 s are for everything, not per read)', async () => {
    routes['/drip'] = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"keys":[');
      const timer = setInterval(() => res.write(' '), 300);
      res.on('close', () => clearInterval(timer));
    };
    const message = await failureOf(localFetcher().fetch(url('/drip'), []));
    expect(message).toMatch(/no complete answer within 2000 ms/);
  });

  it('fails on a server that is down', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', () => resolve()));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const message = await failureOf(localFetcher().fetch(`http://127.0.0.1:${closedPort}/jwks.json`, []));
    expect(message).toMatch(/ECONNREFUSED/);
  });

  it('cuts off an answer over 64 KB, with or without a Content-Length', async () => {
    const big = JSON.stringify({ keys: [], pad: 'x'.repeat(JWKS_URI_MAX_BYTES) });
    routes['/declared'] = json(big);
    routes['/chunked'] = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      // Keeps sending: only the byte cap ends the read.
      const timer = setInterval(() => res.write('x'.repeat(16 * 1024)), 5);
      res.on('close', () => clearInterval(timer));
    };
    expect(await failureOf(localFetcher().fetch(url('/declared'), []))).toMatch(/larger than 65536 bytes/);
    expect(await failureOf(localFetcher().fetch(url('/chunked'), []))).toMatch(/larger than 65536 bytes/);
  });

  it('reads an answer of exactly 64 KB', async () => {
    const key = await newClientKey('ES256');
    const body = JSON.stringify({ keys: [key.publicJwk] });
    routes['/exact'] = json(body + ' '.repeat(JWKS_URI_MAX_BYTES - Buffer.byteLength(body)));
    expect(await localFetcher().fetch(url('/exact'), [])).toHaveLength(1);
  });

  it('does not follow a redirect', async () => {
    const key = await newClientKey('ES256');
    routes['/moved'] = (_req, res) => res.writeHead(302, { Location: '/jwks.json' }).end();
    routes['/jwks.json'] = json(JSON.stringify({ keys: [key.publicJwk] }));
    const message = await failureOf(localFetcher().fetch(url('/moved'), []));
    expect(message).toMatch(/answered 302, a redirect/);
    expect(seen.map((request) => request.path)).toEqual(['/moved']);
  });

  it('refuses the whole set when a key fails the acceptance rules (nothing half accepted)', async () => {
    const good = await newClientKey('ES256');
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' });
    routes['/weak'] = json(JSON.stringify({ keys: [good.publicJwk, { ...weak, kid: 'weak-1' }] }));
    const message = await failureOf(localFetcher().fetch(url('/weak'), []));
    expect(message).toMatch(/a key is refused: key "weak-1": the RSA modulus has 1024 bits/);
  });

  it.each([
    ['not JSON', '<html>keys</html>', /not valid JSON/],
    ['a duplicate member', '{"keys":[],"keys":[]}', /not valid JSON/],
    ['no keys member', '{"key":[]}', /not a JWKS/],
    ['no keys at all', '{"keys":[]}', /no keys were given/],
    ['a private key', JSON.stringify({ keys: [{ kty: 'oct', k: 'c2VjcmV0', kid: 's' }] }), /symmetric/],
  ])('refuses an answer with %s', async (_name, body, why) => {
    routes['/bad'] = json(body);
    expect(await failureOf(localFetcher().fetch(url('/bad'), []))).toMatch(why);
  });

  it('refuses an answer other than 200', async () => {
    routes['/gone'] = (_req, res) => res.writeHead(500).end('{}');
    expect(await failureOf(localFetcher().fetch(url('/gone'), []))).toMatch(/answered 500/);
  });
});

describe('the SSRF guard, with a resolver the test controls', () => {
  it.each([['10.0.0.5'], ['169.254.169.254'], ['192.168.0.10'], ['::ffff:169.254.169.254'], ['fd00:ec2::254']])(
    'refuses a name that resolves to %s, before connecting to anything',
    async (address) => {
      const resolver = resolverOf([{ address, family: address.includes(':') ? 6 : 4 }]);
      const fetcher = createJwksFetcher({ resolver });
      const message = await failureOf(fetcher.fetch('https://keys.acme.test/jwks.json', []));
      expect(message).toContain(`keys.acme.test resolves to ${address}, not a public address`);
      expect(resolver.calls).toEqual(['keys.acme.test']);
    },
  );

  it('refuses a name when any one of its addresses is private, even if the first is public', async () => {
    const resolver = resolverOf([
      { address: '93.184.216.34', family: 4 },
      { address: '10.1.2.3', family: 4 },
    ]);
    const message = await failureOf(createJwksFetcher({ resolver }).fetch('https://keys.acme.test/jwks.json', []));
    expect(message).toContain('resolves to 10.1.2.3');
  });

  it('refuses loopback outside the local run, as a name or as an address', async () => {
    routes['/jwks.json'] = json('{"keys":[]}');
    const resolver = resolverOf([{ address: '127.0.0.1', family: 4 }]);
    const deployed = createJwksFetcher({ resolver });
    expect(await failureOf(deployed.fetch(`https://keys.acme.test:${port}/jwks.json`, []))).toMatch(
      /resolves to 127\.0\.0\.1, not a public address/,
    );
    expect(await failureOf(deployed.fetch(`https://127.0.0.1:${port}/jwks.json`, []))).toMatch(
      /127\.0\.0\.1 is not a public address/,
    );
    expect(await failureOf(deployed.fetch(url('/jwks.json'), []))).toMatch(/only https/);
    expect(seen).toEqual([]);
  });

  it('connects to the checked address with the original Host, resolving the name once', async () => {
    const key = await newClientKey('ES256');
    routes['/jwks.json'] = json(JSON.stringify({ keys: [key.publicJwk] }));
    // The second answer would point elsewhere (DNS rebinding): it must never be asked for.
    const answers: ResolvedAddress[][] = [[{ address: '127.0.0.1', family: 4 }], [{ address: '10.0.0.1', family: 4 }]];
    const calls: string[] = [];
    const resolver: HostResolver = (hostname) => {
      calls.push(hostname);
      return Promise.resolve(answers[calls.length - 1] ?? []);
    };
    const keys = await localFetcher(resolver).fetch(url('/jwks.json', 'keys.acme.test'), []);
    expect(keys.map((k) => k.kid)).toEqual([key.kid]);
    expect(calls).toEqual(['keys.acme.test']);
    expect(seen).toEqual([{ path: '/jwks.json', host: `keys.acme.test:${port}` }]);
  });

  it('gives up when the resolver itself hangs, within the same 2 s', async () => {
    const hanging: HostResolver = () => new Promise(() => undefined);
    const message = await failureOf(createJwksFetcher({ resolver: hanging }).fetch('https://keys.acme.test/', []));
    expect(message).toMatch(/no complete answer within 2000 ms/);
  });
});

describe('https to the checked address', () => {
  let tlsServer: ReturnType<typeof createHttpsServer>;
  let tlsPort: number;
  let ca: string;
  let jwks: string;
  beforeAll(async () => {
    // A throwaway CA and a certificate for keys.acme.test, made with openssl.
    const dir = mkdtempSync(join(tmpdir(), 'jwks-tls-'));
    const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
    run([
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=test ca',
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
    ]);
    run([
      'req',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-subj',
      '/CN=keys.acme.test',
      '-keyout',
      'server.key',
      '-out',
      'server.csr',
    ]);
    execFileSync('sh', ['-c', 'printf "subjectAltName=DNS:keys.acme.test" > san.ext'], { cwd: dir });
    run([
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '1',
      '-extfile',
      'san.ext',
      '-out',
      'server.pem',
    ]);
    ca = readFileSync(join(dir, 'ca.pem'), 'utf8');
    jwks = JSON.stringify({ keys: [(await newClientKey('ES256')).publicJwk] });
    tlsServer = createHttpsServer(
      { key: readFileSync(join(dir, 'server.key')), cert: readFileSync(join(dir, 'server.pem')) },
      (req, res) => {
        seen.push({ path: req.url ?? '', host: req.headers.host });
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(jwks);
      },
    );
    await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', () => resolve()));
    tlsPort = (tlsServer.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => tlsServer.close(() => resolve())));

  it('checks the certificate against the name while connecting to the checked address', async () => {
    const fetcher = createJwksFetcher({
      localRun: true,
      extraCa: ca,
      resolver: resolverOf([{ address: '127.0.0.1', family: 4 }]),
    });
    const keys = await fetcher.fetch(`https://keys.acme.test:${tlsPort}/jwks.json`, []);
    expect(keys).toHaveLength(1);
    expect(seen).toEqual([{ path: '/jwks.json', host: `keys.acme.test:${tlsPort}` }]);
  });

  it('refuses a certificate that does not name the host', async () => {
    const fetcher = createJwksFetcher({
      localRun: true,
      extraCa: ca,
      resolver: resolverOf([{ address: '127.0.0.1', family: 4 }]),
    });
    const message = await failureOf(fetcher.fetch(`https://other.acme.test:${tlsPort}/jwks.json`, []));
    expect(message).toMatch(/ERR_TLS_CERT_ALTNAME_INVALID/);
  });
});
