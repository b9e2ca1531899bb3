/**
 * End to end on `npm start` (one server for every case): a refused sign-in for each code 101..106, each
 * then found by its ref with `admin find <ref> --local`, with the right code and reason and never the
 * secret or the token. 105 comes from a fault proxy between the server and DynamoDB Local that throttles
 * the used-token write. The same server's JWKS runs the integration guide's verification example, and
 * its demo target app shows its own 105 for a tampered assertion.
 */
import { jest } from '@jest/globals';
import { assertionVerifier } from '../../docs/examples/verify-assertion';
import { freePort } from '../../tools/local/dynamo-local';
import { mintToken } from '../../tools/admin/token-commands';
import { localEnv, runCli, runCliJson } from '../cli/run-cli';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';
import { dynamoEndpoint, freshTables } from '../support/sso-fixture';
import { npmStart, type RunningLocal } from '../support/npm-start';

jest.setTimeout(240_000);

interface Client {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly privateJwk: string;
  readonly cid: string;
}

interface Refused {
  readonly code: string;
  readonly ref: string;
  /** The secret and token sent: neither may appear in `find`'s output. */
  readonly secrets: readonly string[];
}

let proxy: FaultProxy;
let env: NodeJS.ProcessEnv;
let local: RunningLocal;
let acme: Client;
let dormant: Client;

async function createClient(cid: string, targetUrl: string, state: 'enable' | 'disable'): Promise<Client> {
  const created = await runCliJson(['config', 'create', '--local', '--cid', cid, '--target-url', targetUrl], env);
  expect(created.status).toBe(0);
  expect((await runCli(['sso', state, cid, '--local'], env)).status).toBe(0);
  const key = created.json.signingKey as { privateJwk: object };
  return {
    clientId: created.json.clientId as string,
    clientSecret: created.json.clientSecret as string,
    privateJwk: JSON.stringify(key.privateJwk),
    cid,
  };
}

const tokenFor = async (client: Client) =>
  (await mintToken({ privateJwk: client.privateJwk, cid: client.cid, email: 'jane.doe@example.com' }, new Date()))
    .token;

/** Posts the SSO form, as the integration guide recommends, and reads the 302. */
async function postSso(fields: Record<string, string>) {
  const response = await fetch(`${local.baseUrl}/sso`, {
    method: 'POST',
    body: new URLSearchParams(fields),
    redirect: 'manual',
  });
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location')!);
}

async function refusedWith(fields: Record<string, string>): Promise<Refused> {
  const location = await postSso(fields);
  expect(`${location.origin}${location.pathname}`).toBe(`${local.baseUrl}/error/`);
  return {
    code: location.searchParams.get('code')!,
    ref: location.searchParams.get('ref')!,
    secrets: [fields.client_secret, fields.token].filter((value): value is string => value !== undefined),
  };
}

/** Flips one character in the middle of the signature part of a JWT. */
function tampered(jwt: string): string {
  const [header, payload, signature] = jwt.split('.') as [string, string, string];
  const at = Math.floor(signature.length / 2);
  const flipped = signature[at] === 'A' ? 'B' : 'A';
  return `${header}.${payload}.${signature.slice(0, at)}${flipped}${signature.slice(at + 1)}`;
}

const refused: Record<string, Refused> = {};
let firstAssertion: string;

beforeAll(async () => {
  // Prepare: npm start on fresh tables, reaching DynamoDB Local through a fault proxy.
  proxy = await startFaultProxy(dynamoEndpoint());
  env = localEnv(await freshTables(), { PORT: String(await freePort()), AWS_ENDPOINT_URL_DYNAMODB: proxy.endpoint });
  local = await npmStart(env);
  acme = await createClient('acme', `${local.baseUrl}/demo/`, 'enable');
  dormant = await createClient('dormant', `${local.baseUrl}/demo/`, 'disable');
  const good = (client: Client) => ({ client_id: client.clientId, client_secret: client.clientSecret });

  // Act: one refused sign-in per code.
  refused['101'] = await refusedWith({ client_id: 'no-such-client-id', client_secret: acme.clientSecret });
  refused['102'] = await refusedWith({ ...good(acme), client_secret: 'wrong-secret-of-some-length' });
  refused['106'] = await refusedWith({ ...good(dormant), token: await tokenFor(dormant) });
  refused['103'] = await refusedWith({ ...good(acme), token: tampered(await tokenFor(acme)) });
  const once = await tokenFor(acme);
  const signedIn = await postSso({ ...good(acme), token: once });
  firstAssertion = signedIn.searchParams.get('assertion')!;
  refused['104'] = await refusedWith({ ...good(acme), token: once });
  proxy.faultOnly = 'PutItem';
  proxy.mode = 'throttle';
  try {
    refused['105'] = await refusedWith({ ...good(acme), token: await tokenFor(acme) });
  } finally {
    proxy.mode = 'pass';
  }
});

afterAll(async () => {
  const stopped = await local?.stop();
  await proxy?.close();
  expect(stopped).toBe(true);
});

describe('admin find --local on the log of npm start', () => {
  it.each([
    ['101', 'config-not-found', () => ({ clientId: 'no-such-client-id' })],
    ['102', 'secret-mismatch', () => ({ clientId: acme.clientId, cid: 'acme' })],
    ['106', 'sso-disabled', () => ({ clientId: dormant.clientId, cid: 'dormant' })],
    ['103', 'signature-invalid', () => ({ clientId: acme.clientId, cid: 'acme' })],
    ['104', 'token-already-used', () => ({ clientId: acme.clientId, cid: 'acme' })],
    ['105', 'used-token-store-unavailable', () => ({ clientId: acme.clientId, cid: 'acme' })],
  ])(
    'finds the request refused with %s by its ref: reason %s, client, never a secret or token',
    async (code, reason, who) => {
      // Prepare
      const request = refused[code]!;
      // Act
      const found = await runCliJson(['find', request.ref, '--local'], env);
      // Assess
      expect(request.code).toBe(code);
      expect(found.status).toBe(0);
      expect(found.json.request).toEqual({
        ref: request.ref,
        time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
        outcome: 'refused',
        code,
        title: expect.any(String),
        reason,
        meaning: expect.any(String),
        ...who(),
        // The email is known (and logged masked) once the token verified.
        ...(code === '104' || code === '105' ? { email: 'j***@example.com' } : {}),
      });
      for (const secret of [...request.secrets, acme.clientSecret, dormant.clientSecret, firstAssertion]) {
        expect(found.stdout).not.toContain(secret);
        expect(found.stderr).not.toContain(secret);
      }
    },
  );

  it('prints the request for people without --json, with the next step', async () => {
    // Act
    const found = await runCli(['find', refused['105']!.ref, '--local'], env);
    // Assess
    expect(found.status).toBe(0);
    expect(found.stdout).toContain(`Request ${refused['105']!.ref}: refused with code 105`);
    expect(found.stdout).toMatch(/reason: +used-token-store-unavailable/);
    expect(found.stdout).toMatch(/client id: +\S+/);
    expect(found.stdout).toContain('admin -- explain 105');
    expect(found.stdout).not.toContain(acme.clientSecret);
  });

  it('says a ref that is not in the log, or malformed, is not found, with exit status 1', async () => {
    // Act
    const missing = await runCliJson(['find', 'AAAAAAAAAAAAAAA=', '--local'], env);
    const malformed = await runCli(['find', 'not a ref;', '--local'], env);
    // Assess
    expect(missing.status).toBe(1);
    expect(missing.json).toEqual({
      error: { kind: 'not-found', message: expect.stringContaining('no request with ref AAAAAAAAAAAAAAA= in ') },
    });
    expect(malformed.status).toBe(1);
    expect(malformed.stderr).toContain('"not a ref;" is not a ref');
  });
});

describe("the integration guide's verification example, against the JWKS of npm start", () => {
  // Assertions live 60 s; the suite's earlier steps can take longer than that on a busy machine.
  let assertion: string;
  beforeEach(async () => {
    const signedIn = await postSso({
      client_id: acme.clientId,
      client_secret: acme.clientSecret,
      token: await tokenFor(acme),
    });
    assertion = signedIn.searchParams.get('assertion')!;
  });

  it('accepts the assertion Infoauth issued to this client', async () => {
    // Prepare
    const verify = assertionVerifier({
      jwksUrl: `${local.baseUrl}/.well-known/jwks.json`,
      issuer: local.baseUrl,
      clientId: acme.clientId,
    });
    // Act
    const result = await verify(assertion);
    // Assess
    expect(result).toEqual({ ok: true, email: 'jane.doe@example.com', cid: 'acme', assertionId: expect.any(String) });
  });

  it.each([
    ['tampered', () => tampered(assertion), () => acme.clientId, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED'],
    ['addressed to another client', () => assertion, () => dormant.clientId, 'ERR_JWT_CLAIM_VALIDATION_FAILED'],
    ['not a JWT', () => 'not.a.jwt', () => acme.clientId, 'ERR_JWS_INVALID'],
  ])('turns an assertion %s into code 105 with a ref', async (_case, make, clientId, why) => {
    // Prepare
    const verify = assertionVerifier({
      jwksUrl: `${local.baseUrl}/.well-known/jwks.json`,
      issuer: local.baseUrl,
      clientId: clientId(),
    });
    // Act
    const result = await verify(make());
    // Assess
    expect(result).toEqual({ ok: false, code: '105', ref: expect.stringMatching(/^[A-Za-z0-9+/]{15}=$/), why });
  });
});

describe('the demo target app of npm start', () => {
  it('shows 105 with its own ref for a tampered assertion, and logs that ref', async () => {
    // Act
    const response = await fetch(`${local.baseUrl}/demo/?assertion=${encodeURIComponent(tampered(firstAssertion))}`);
    const html = await response.text();
    // Assess
    expect(response.status).toBe(401);
    const ref = /<dt>reference<\/dt><dd>([A-Za-z0-9+/]{15}=)<\/dd>/.exec(html)?.[1];
    expect(html).toContain('<dt>error code</dt><dd>105</dd>');
    expect(ref).toBeDefined();
    expect(local.output()).toContain(`"ref":"${ref}","code":"105","reason":"assertion-rejected"`);
  });
});
