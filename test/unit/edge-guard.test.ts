/**
 * The bypass guard (lambdas/sso/edge-guard.ts) and the handler with it on: a request that did not come
 * through the edge gets no sign-in, only a 302 to the hosted page with 105 and its own reason.
 */
import { jest } from '@jest/globals';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { ORIGIN_VERIFY_HEADER, originHeaderMatches } from '../../lambdas/core/edge-origin';
import type { EdgeOriginSecret } from '../../lambdas/core/ports';
import { createHandler } from '../../lambdas/sso/app';
import { createEdgeGuard, EDGE_SECRET_REFRESH_MS } from '../../lambdas/sso/edge-guard';
import { createObservability } from '../../lambdas/sso/observability';
import { createInMemorySso, type InMemorySso } from '../support/in-memory-sso';
import { ERROR_PAGE, location, mintToken, ssoEvent, verdictOf } from '../support/sso-fixture';

const SECRET = 'edge-origin-secret-0123456789abcdefghijklmnopqrstuv';

/** A secret store that counts reads and can be made to fail or to hold a new value. */
class FakeOriginSecret implements EdgeOriginSecret {
  reads = 0;
  failing = false;
  constructor(public value: string) {}
  private read(): Promise<string> {
    this.reads += 1;
    return this.failing ? Promise.reject(new Error('secrets manager down')) : Promise.resolve(this.value);
  }
  private cached: Promise<string> | undefined;
  current(): Promise<string> {
    this.cached ??= this.read().catch((error: unknown) => {
      this.cached = undefined;
      throw error;
    });
    return this.cached;
  }
  refresh(): Promise<string> {
    this.cached = undefined;
    return this.current();
  }
}

function withHeader(event: APIGatewayProxyEventV2, value: string | undefined): APIGatewayProxyEventV2 {
  return value === undefined ? event : { ...event, headers: { ...event.headers, [ORIGIN_VERIFY_HEADER]: value } };
}

describe('originHeaderMatches', () => {
  it.each([
    ['the same value', SECRET, true],
    ['no header', undefined, false],
    ['an empty header', '', false],
    ['another value of the same length', SECRET.replace(/.$/, '!'), false],
    ['a prefix', SECRET.slice(0, 10), false],
    ['the value with more after it', `${SECRET}x`, false],
  ])('with %s: %s', (_name, presented, expected) => {
    // Act / Assess
    expect(originHeaderMatches(SECRET, presented)).toBe(expected);
  });

  it('never matches when the expected value is empty', () => {
    // Act / Assess
    expect(originHeaderMatches('', '')).toBe(false);
    expect(originHeaderMatches('', 'x')).toBe(false);
  });
});

describe('createEdgeGuard', () => {
  let now: Date;
  const clock = () => now;
  beforeEach(() => {
    now = new Date('2026-11-29T12:00:00Z');
  });

  it('admits a request that carries the origin secret, reading the secret once for many requests', async () => {
    // Prepare
    const secret = new FakeOriginSecret(SECRET);
    const guard = createEdgeGuard(secret, clock);
    // Act
    const checks = await Promise.all([1, 2, 3].map(() => guard.check(withHeader(ssoEvent({}), SECRET))));
    // Assess
    expect(checks).toEqual([{ admitted: true }, { admitted: true }, { admitted: true }]);
    expect(secret.reads).toBe(1);
  });

  it('refuses a request without the header (not-through-edge), and reads nothing again for it', async () => {
    // Prepare
    const secret = new FakeOriginSecret(SECRET);
    const guard = createEdgeGuard(secret, clock);
    now = new Date(now.getTime() + 2 * EDGE_SECRET_REFRESH_MS);
    // Act
    const check = await guard.check(ssoEvent({}));
    // Assess
    expect(check).toEqual({ admitted: false, refused: { kind: 'refused', code: '105', reason: 'not-through-edge' } });
    expect(secret.reads).toBe(1);
  });

  it('refuses a wrong header without re-reading the secret within the refresh interval', async () => {
    // Prepare
    const secret = new FakeOriginSecret(SECRET);
    const guard = createEdgeGuard(secret, clock);
    now = new Date(now.getTime() + EDGE_SECRET_REFRESH_MS - 1);
    // Act
    const check = await guard.check(withHeader(ssoEvent({}), 'guessed'));
    // Assess
    expect(check).toMatchObject({ admitted: false, refused: { code: '105', reason: 'not-through-edge' } });
    expect(secret.reads).toBe(1);
  });

  it('picks up a rotated secret: a wrong header re-reads it once the interval has passed', async () => {
    // Prepare
    const secret = new FakeOriginSecret(SECRET);
    const guard = createEdgeGuard(secret, clock);
    await guard.check(withHeader(ssoEvent({}), SECRET));
    secret.value = 'rotated-secret-value';
    now = new Date(now.getTime() + EDGE_SECRET_REFRESH_MS);
    // Act
    const rotated = await guard.check(withHeader(ssoEvent({}), 'rotated-secret-value'));
    const old = await guard.check(withHeader(ssoEvent({}), SECRET));
    // Assess
    expect(rotated).toEqual({ admitted: true });
    expect(old).toMatchObject({ admitted: false, refused: { reason: 'not-through-edge' } });
    expect(secret.reads).toBe(2);
  });

  it('refuses with edge-secret-unavailable when the secret cannot be read, and reads again on the next request', async () => {
    // Prepare
    const secret = new FakeOriginSecret(SECRET);
    secret.failing = true;
    const guard = createEdgeGuard(secret, clock);
    // Act
    const first = await guard.check(withHeader(ssoEvent({}), SECRET));
    secret.failing = false;
    const second = await guard.check(withHeader(ssoEvent({}), SECRET));
    // Assess
    expect(first).toMatchObject({ admitted: false, refused: { code: '105', reason: 'edge-secret-unavailable' } });
    expect(second).toEqual({ admitted: true });
    expect(secret.reads).toBe(2);
  });
});

describe('the handler with the guard on', () => {
  let sso: InMemorySso;
  let handle: (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;
  let errors: ReturnType<typeof jest.spyOn>;

  beforeEach(async () => {
    sso = await createInMemorySso();
    const observability = createObservability();
    errors = jest.spyOn(observability.logger, 'error').mockImplementation(() => undefined);
    jest.spyOn(observability.logger, 'info').mockImplementation(() => undefined);
    jest.spyOn(observability.logger, 'warn').mockImplementation(() => undefined);
    const handler = createHandler({
      signIn: sso.signInDeps,
      publicKeys: { jwks: async () => ({ keys: [] }) },
      healthChecks: [],
      errorPageUrl: ERROR_PAGE,
      clock: () => sso.now,
      observability,
      edgeGuard: createEdgeGuard(new FakeOriginSecret(SECRET), () => sso.now),
    });
    handle = (event) => handler(event, { awsRequestId: 'r' } as Context);
  });

  const signInFields = async () => ({
    client_id: sso.client.clientId,
    client_secret: sso.client.secret,
    token: await mintToken(sso.client, {}, { now: sso.now }),
  });

  it.each(['GET', 'POST'] as const)(
    'answers a %s without the header with a 302 to the hosted page, 105, its ref, and uses nothing up',
    async (method) => {
      // Prepare
      const fields = await signInFields();
      const offEdge = ssoEvent(fields, method);
      // Act
      const refused = await handle(offEdge);
      const throughEdge = await handle(withHeader(ssoEvent(fields, method), SECRET));
      // Assess
      const url = location(refused);
      expect(`${url.origin}${url.pathname}`).toBe(ERROR_PAGE);
      expect(Object.fromEntries(url.searchParams)).toEqual({ code: '105', ref: offEdge.requestContext.requestId });
      expect(refused.headers).toMatchObject({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
      expect(errors).toHaveBeenCalledWith(
        'sso refused',
        expect.objectContaining({ ref: offEdge.requestContext.requestId, code: '105', reason: 'not-through-edge' }),
      );
      // The same token then signs in through the edge: the refused request recorded nothing as used.
      expect(verdictOf(throughEdge)).toBe('signed-in');
    },
  );

  it('refuses a wrong header the same way', async () => {
    // Act
    const result = await handle(withHeader(ssoEvent(await signInFields()), 'not-the-secret'));
    // Assess
    expect(verdictOf(result)).toBe('105');
  });

  it('serves the JWKS only through the edge (403 without the header)', async () => {
    // Prepare
    const jwks = ssoEvent({}, 'GET', '/.well-known/jwks.json');
    // Act
    const offEdge = await handle(jwks);
    const throughEdge = await handle(withHeader(jwks, SECRET));
    // Assess
    expect(offEdge).toMatchObject({ statusCode: 403, headers: { 'Cache-Control': 'no-store' } });
    expect(throughEdge.statusCode).toBe(200);
  });
});
