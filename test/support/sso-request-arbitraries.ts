/**
 * fast-check arbitraries for whole SSO requests as API Gateway would deliver them: the five fields
 * (valid, mutated, random or missing), extra fields, GET or POST, every body encoding and content type,
 * header noise and raw garbage query strings.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import fc from 'fast-check';
import type { TestClient } from './sso-fixture';
import { mutationArbitrary } from './token-mutations';

export type Encoding = 'query' | 'form' | 'form-base64' | 'form-upper-case' | 'text-plain' | 'no-content-type';

export interface SsoRequestPlan {
  readonly fields: Readonly<Record<string, string | undefined>>;
  readonly extras: ReadonlyArray<readonly [string, string]>;
  readonly method: 'GET' | 'POST';
  readonly encoding: Encoding;
  readonly headers: Readonly<Record<string, string>>;
  /** When set, replaces the query string with these raw characters. */
  readonly rawQuery: string | undefined;
}

const text = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.integer({ min: 300, max: 12_000 }).map((n) => 'x'.repeat(n)) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      '%',
      '%zz',
      '&',
      '=',
      '+',
      '\u0000',
      '\ud800',
      'null',
      '__proto__',
      'constructor',
    ),
  },
);
const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined, freq: 5 });
const base64url = fc
  .uint8Array({ minLength: 1, maxLength: 80 })
  .map((bytes) => Buffer.from(bytes).toString('base64url'));

/**
 * @param clients configurations that exist (their real ids and secrets are drawn often)
 * @param validToken a valid token by index (the caller owns the pool; used tokens give 104)
 */
export function ssoRequestArbitrary(
  clients: readonly TestClient[],
  validToken: (index: number) => string,
): fc.Arbitrary<SsoRequestPlan> {
  const tokenValue = fc.oneof(
    { weight: 4, arbitrary: fc.nat().map(validToken) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(fc.nat(), fc.nat(), mutationArbitrary)
        .map(([a, b, mutate]) => mutate(validToken(a), validToken(b))),
    },
    { weight: 1, arbitrary: fc.tuple(base64url, base64url, base64url).map((parts) => parts.join('.')) },
    { weight: 2, arbitrary: text },
  );
  // The first client is drawn most often, so that many requests get past 101 and 102.
  const known = (values: string[]) =>
    fc.oneof(
      { weight: 6, arbitrary: fc.constant(values[0]!) },
      { weight: 2, arbitrary: fc.constantFrom(...values) },
      { weight: 2, arbitrary: text },
      { weight: 1, arbitrary: fc.constant(undefined) },
    );
  const fields = fc.record({
    client_id: known(clients.map((c) => c.clientId)),
    client_secret: known(clients.map((c) => c.secret)),
    token: maybe(tokenValue),
    jwt: fc.oneof({ weight: 9, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: tokenValue }),
    return_to: maybe(
      fc.oneof(
        fc.constantFrom(
          'https://app.example.test/deep/link?x=1#frag',
          'https://evil.test/',
          'javascript:alert(1)',
          '//evil.test/',
          'https://app.example.test@evil.test/',
          'https://app.example.test.evil.test/',
          'http://app.example.test/',
        ),
        fc.webUrl(),
        text,
      ),
    ),
    state: maybe(text),
  });
  return fc.record({
    fields,
    extras: fc.array(fc.tuple(text, text), { maxLength: 4 }),
    method: fc.constantFrom('GET', 'POST'),
    encoding: fc.constantFrom<Encoding>(
      'query',
      'form',
      'form-base64',
      'form-upper-case',
      'text-plain',
      'no-content-type',
    ),
    headers: fc.dictionary(fc.string({ maxLength: 12 }), fc.string({ maxLength: 30 }), { maxKeys: 3 }),
    rawQuery: fc.option(fc.string({ unit: 'binary', maxLength: 200 }), { nil: undefined, freq: 10 }),
  });
}

let planCounter = 0;

/** The API Gateway HTTP API (payload 2.0) event of a plan. */
export function eventOf(plan: SsoRequestPlan, path = '/sso'): APIGatewayProxyEventV2 {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(plan.fields)) if (value !== undefined) params.append(key, value);
  for (const [key, value] of plan.extras) params.append(key, value);
  const encoded = params.toString();
  const inQuery = plan.method === 'GET' || plan.encoding === 'query';
  const contentType: Record<Encoding, string | undefined> = {
    query: undefined,
    form: 'application/x-www-form-urlencoded',
    'form-base64': 'application/x-www-form-urlencoded',
    'form-upper-case': 'Application/X-WWW-Form-Urlencoded; charset=UTF-8',
    'text-plain': 'text/plain',
    'no-content-type': undefined,
  };
  const type = inQuery ? undefined : contentType[plan.encoding];
  const body = inQuery ? undefined : encoded;
  const base64 = plan.encoding === 'form-base64' && body !== undefined;
  const requestId = `fuzz-${process.pid}-${++planCounter}`;
  return {
    version: '2.0',
    routeKey: `${plan.method} ${path}`,
    rawPath: path,
    rawQueryString: plan.rawQuery ?? (inQuery ? encoded : ''),
    headers: { ...plan.headers, ...(type ? { 'content-type': type } : {}) },
    ...(body !== undefined ? { body: base64 ? Buffer.from(body).toString('base64') : body } : {}),
    isBase64Encoded: base64,
    requestContext: {
      accountId: '123456789012',
      apiId: 'fuzz',
      domainName: 'sso.infoauth.test',
      domainPrefix: 'sso',
      http: { method: plan.method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'fast-check' },
      requestId,
      routeKey: `${plan.method} ${path}`,
      stage: '$default',
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
    },
  };
}
