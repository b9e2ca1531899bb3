/**
 * Reasons, not just codes: every refusal the core can produce carries a reason from the catalog's closed
 * list for its code, and docs/error-codes.md lists every reason. Checked four ways: a table that drives
 * `signIn` to every reason the service produces (and must cover them all), a property test over random
 * requests, a scan of the core's source for reason literals, and a compile-time check of 105's reasons.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  CATALOG,
  ERROR_CODES,
  isErrorCode,
  isKnownReason,
  type ErrorCode,
  type ReasonOf,
} from '../../lambdas/core/catalog';
import { hashSecret } from '../../lambdas/core/client-secret';
import { DependencyFailure, type DependencyReason } from '../../lambdas/core/errors';
import type { SsoRequest } from '../../lambdas/core/model';
import type { EdgeOriginSecret } from '../../lambdas/core/ports';
import { signIn, type SignInOutcome } from '../../lambdas/core/sign-in';
import { ORIGIN_VERIFY_HEADER } from '../../lambdas/core/edge-origin';
import { createEdgeGuard } from '../../lambdas/sso/edge-guard';
import { ERROR_CODES_DOC } from '../../tools/support/error-code-reference';
import { claimsText, signHmac, signRawEs256, unsignedToken } from '../support/hostile-tokens';
import { createInMemorySso, type InMemorySso } from '../support/in-memory-sso';
import { newClientKey, ssoEvent } from '../support/sso-fixture';

const NOW = new Date('2026-05-04T10:00:00Z');
const nowSeconds = Math.floor(NOW.getTime() / 1000);
/** The one reason the service never produces itself: target applications report it (docs/integration.md). */
const TARGET_APP_REASONS = new Set(['105:assertion-rejected']);

// Compile-time: every dependency the core can name as failed is a reason of 105 in the catalog.
export const dependencyReasonsAre105Reasons = (reason: DependencyReason): ReasonOf<'105'> => reason;

type Case = (sso: InMemorySso) => Promise<SsoRequest> | SsoRequest;

const ES256 = { alg: 'ES256', typ: 'JWT' };
/** A request of the enabled client with a token over this header and payload, signed with its key. */
const withToken =
  (header: object | string, payload: (sso: InMemorySso) => string): Case =>
  (sso) => ({
    clientId: sso.client.clientId,
    clientSecret: sso.client.secret,
    token: signRawEs256(sso.client.key, typeof header === 'string' ? header : JSON.stringify(header), payload(sso)),
  });
const withClaims = (overrides: Record<string, unknown>): Case =>
  withToken(ES256, (sso) => claimsText(sso.client.cid, overrides, NOW));
const goodRequest = withClaims({});
/** The configuration passes every optional claim through. */
const passingEveryClaim = (sso: InMemorySso) => {
  const config = sso.settings.configs.get(sso.client.clientId)!;
  const claims = ['name', 'given_name', 'family_name', 'locale', 'external_id', 'groups'] as const;
  sso.settings.configs.set(config.clientId, { ...config, claims });
};

/** Every reason the service itself produces, and a request that gets it. */
const CASES: ReadonlyArray<readonly [ErrorCode, string, Case, ((sso: InMemorySso) => void | Promise<void>)?]> = [
  ['101', 'client-id-missing', () => ({})],
  ['101', 'client-id-malformed', () => ({ clientId: 'not a client id!' })],
  ['101', 'config-not-found', () => ({ clientId: 'unknown-client-id' })],
  ['102', 'secret-missing', (sso) => ({ clientId: sso.client.clientId })],
  ['102', 'secret-mismatch', (sso) => ({ clientId: sso.client.clientId, clientSecret: 'wrong' })],
  [
    '102',
    'secret-grace-expired',
    (sso) => ({ clientId: sso.client.clientId, clientSecret: 'the-previous-secret' }),
    (sso) => {
      const config = sso.settings.configs.get(sso.client.clientId)!;
      const previousSecret = { hash: hashSecret('the-previous-secret'), expiresAt: nowSeconds - 1 };
      sso.settings.configs.set(config.clientId, { ...config, previousSecret });
    },
  ],
  ['106', 'sso-disabled', (sso) => ({ clientId: sso.disabled.clientId, clientSecret: sso.disabled.secret })],
  [
    '106',
    'sso-setting-missing',
    (sso) => ({ clientId: sso.disabled.clientId, clientSecret: sso.disabled.secret }),
    (sso) => void sso.settings.features.delete(sso.disabled.cid),
  ],
  ['103', 'token-missing', (sso) => ({ clientId: sso.client.clientId, clientSecret: sso.client.secret })],
  [
    '103',
    'token-too-large',
    (sso) => ({ clientId: sso.client.clientId, clientSecret: sso.client.secret, token: 'a'.repeat(8193) }),
  ],
  [
    '103',
    'token-malformed',
    (sso) => ({ clientId: sso.client.clientId, clientSecret: sso.client.secret, token: 'not-a-jws' }),
  ],
  ['103', 'header-invalid', withToken('{"alg":"ES256","alg":"ES256"}', (sso) => claimsText(sso.client.cid, {}, NOW))],
  [
    '103',
    'alg-not-allowed',
    (sso) => ({
      clientId: sso.client.clientId,
      clientSecret: sso.client.secret,
      token: signHmac('HS256', JSON.stringify(sso.client.key.publicJwk), {}, claimsText(sso.client.cid, {}, NOW)),
    }),
  ],
  [
    '103',
    'header-key-not-allowed',
    withToken({ ...ES256, jku: 'https://evil.test/jwks' }, (sso) => claimsText(sso.client.cid, {}, NOW)),
  ],
  ['103', 'crit-not-supported', withToken({ ...ES256, crit: ['exp'] }, (sso) => claimsText(sso.client.cid, {}, NOW))],
  ['103', 'nested-token', withToken({ alg: 'ES256', cty: 'JWT' }, (sso) => claimsText(sso.client.cid, {}, NOW))],
  ['103', 'no-matching-key', withToken({ ...ES256, kid: 'no-such-kid' }, (sso) => claimsText(sso.client.cid, {}, NOW))],
  [
    '103',
    'signature-invalid',
    async (sso) => ({
      clientId: sso.client.clientId,
      clientSecret: sso.client.secret,
      token: signRawEs256(await newClientKey(), JSON.stringify(ES256), claimsText(sso.client.cid, {}, NOW)),
    }),
  ],
  ['103', 'payload-invalid', withToken(ES256, () => '[1,2]')],
  ['103', 'cid-missing', withClaims({ cid: undefined })],
  ['103', 'cid-invalid', withClaims({ cid: 7 })],
  ['103', 'email-missing', withClaims({ email: undefined })],
  ['103', 'email-invalid', withClaims({ email: ['jane@example.com'] })],
  ['103', 'jti-missing', withClaims({ jti: undefined })],
  ['103', 'jti-invalid', withClaims({ jti: '' })],
  ['103', 'iat-missing', withClaims({ iat: undefined })],
  ['103', 'iat-invalid', withClaims({ iat: '2026-05-04' })],
  ['103', 'exp-missing', withClaims({ exp: undefined })],
  ['103', 'exp-invalid', withClaims({ exp: null })],
  ['103', 'nbf-invalid', withClaims({ nbf: 'soon' })],
  ['103', 'cid-mismatch', withClaims({ cid: 'another-cid' })],
  ['103', 'email-malformed', withClaims({ email: 'not an address' })],
  ['103', 'not-yet-valid', withClaims({ iat: nowSeconds + 3600, exp: nowSeconds + 3700 })],
  ['103', 'aud-mismatch', withClaims({ aud: 'another-client' })],
  [
    '103',
    'aud-missing',
    goodRequest,
    (sso) => {
      const config = sso.settings.configs.get(sso.client.clientId)!;
      sso.settings.configs.set(config.clientId, { ...config, requireAud: true });
    },
  ],
  ['103', 'name-invalid', withClaims({ name: 7 }), passingEveryClaim],
  ['103', 'given-name-invalid', withClaims({ given_name: 'a'.repeat(257) }), passingEveryClaim],
  ['103', 'family-name-invalid', withClaims({ family_name: 'Doe\n' }), passingEveryClaim],
  ['103', 'locale-invalid', withClaims({ locale: ['en'] }), passingEveryClaim],
  ['103', 'external-id-invalid', withClaims({ external_id: null }), passingEveryClaim],
  ['103', 'groups-invalid', withClaims({ groups: 'staff' }), passingEveryClaim],
  ['104', 'token-expired', withClaims({ iat: nowSeconds - 200, exp: nowSeconds - 100 })],
  ['104', 'token-too-old', withClaims({ iat: nowSeconds - 1000, exp: nowSeconds + 100 })],
  [
    '104',
    'token-already-used',
    withClaims({ jti: 'used-before' }),
    async (sso) => {
      // The same jti signed someone in a moment ago.
      const first = await withClaims({ jti: 'used-before' })(sso);
      expect((await signIn(first, sso.signInDeps, NOW)).kind).toBe('signed-in');
    },
  ],
  ['105', 'settings-unavailable', goodRequest, (sso) => void (sso.settings.failing = true)],
  ['105', 'used-token-store-unavailable', goodRequest, (sso) => void (sso.usedTokens.failing = true)],
  ['105', 'signing-unavailable', goodRequest, (sso) => void (sso.signer.failing = true)],
  [
    '105',
    'jwks-uri-unavailable',
    goodRequest,
    (sso) => {
      // The client's keys are only at its JWKS URI, and fetching them fails.
      const config = sso.settings.configs.get(sso.client.clientId)!;
      const jwksUri = 'https://login.example.test/jwks.json';
      sso.settings.configs.set(config.clientId, { ...config, jwks: { keys: [] }, jwksUri });
      Object.assign(sso.signInDeps, {
        clientKeys: { keysFor: () => Promise.reject(new DependencyFailure('jwks-uri-unavailable', jwksUri)) },
      });
    },
  ],
  [
    '105',
    'internal-error',
    goodRequest,
    (sso) => {
      // A bug: the store throws something that is not a DependencyFailure.
      Object.assign(sso.signInDeps.settings, {
        read: () => Promise.reject(new TypeError('undefined is not a function')),
      });
    },
  ],
];

const origin = (read: () => Promise<string>): EdgeOriginSecret => ({ current: read, refresh: read });

/** Reasons the handler's edge guard gives before signIn runs (lambdas/sso/edge-guard.ts): secret, header. */
const EDGE_CASES: ReadonlyArray<readonly ['105', string, EdgeOriginSecret, string | undefined]> = [
  ['105', 'not-through-edge', origin(() => Promise.resolve('origin-secret')), undefined],
  ['105', 'edge-secret-unavailable', origin(() => Promise.reject(new Error('down'))), 'origin-secret'],
];

async function outcomeOf(prepare: Case, arrange?: (sso: InMemorySso) => void | Promise<void>) {
  const sso = await createInMemorySso(NOW);
  await arrange?.(sso);
  return signIn(await prepare(sso), sso.signInDeps, NOW);
}

const refusal = (outcome: SignInOutcome) =>
  outcome.kind === 'refused' ? { code: outcome.code, reason: outcome.reason } : { kind: outcome.kind };

describe('every refusal carries a reason from the catalog', () => {
  it.each(CASES.map(([code, reason, prepare, arrange]) => ({ code, reason, prepare, arrange })))(
    '$code $reason: signIn refuses with exactly this code and reason, a catalog reason',
    async ({ code, reason, prepare, arrange }) => {
      // Act
      const outcome = await outcomeOf(prepare, arrange);
      // Assess
      expect(refusal(outcome)).toEqual({ code, reason });
      expect(isKnownReason(code, reason)).toBe(true);
    },
  );

  it.each(EDGE_CASES)(
    '%s %s: the edge guard refuses with exactly this code and reason',
    async (code, reason, secret, header) => {
      // Prepare
      const event = ssoEvent({});
      if (header !== undefined) event.headers = { ...event.headers, [ORIGIN_VERIFY_HEADER]: header };
      // Act
      const check = await createEdgeGuard(secret, () => NOW).check(event);
      // Assess
      expect(check.admitted ? check : { code: check.refused.code, reason: check.refused.reason }).toEqual({
        code,
        reason,
      });
      expect(isKnownReason(code, reason)).toBe(true);
    },
  );

  it('the tables above reach every reason of the catalog that the service produces', () => {
    // Prepare
    const inCatalog = ERROR_CODES.flatMap((code) => Object.keys(CATALOG[code].reasons).map((r) => `${code}:${r}`));
    // Act
    const driven = new Set([...CASES, ...EDGE_CASES].map(([code, reason]) => `${code}:${reason}`));
    // Assess
    expect(inCatalog.filter((key) => !driven.has(key) && !TARGET_APP_REASONS.has(key))).toEqual([]);
  });

  it('every reason of the catalog has the form the log search accepts (lower case, digits and -)', () => {
    // Prepare
    const reasons = ERROR_CODES.flatMap((code) => Object.keys(CATALOG[code].reasons));
    // Assess: `find` reads reasons of this form back from the logs; a `_` would make one unfindable
    expect(reasons.filter((reason) => !/^[a-z0-9-]{1,64}$/.test(reason))).toEqual([]);
  });

  it('random requests (any client id, secret, header and claims, signed or not) are refused only with catalog reasons', async () => {
    // Prepare
    const sso = await createInMemorySso(NOW);
    const anyValue = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.double(),
      fc.constant(null),
      fc.boolean(),
      fc.array(fc.string(), { maxLength: 2 }),
    );
    // Mostly good values, so that requests get past the early checks to the later ones.
    const claimValue = (good: unknown) =>
      fc.oneof({ weight: 6, arbitrary: fc.constant(good) }, fc.constant(undefined), anyValue);
    const claims = fc.record({
      cid: claimValue(sso.client.cid),
      email: claimValue('jane.doe@example.com'),
      jti: claimValue('jti-fixed'),
      iat: claimValue(nowSeconds),
      exp: claimValue(nowSeconds + 60),
      nbf: fc.oneof(fc.constant(undefined), anyValue, fc.integer({ min: nowSeconds - 100, max: nowSeconds + 100 })),
    });
    const oddHeader = fc.record(
      {
        alg: fc.constantFrom('ES256', 'RS256', 'HS256', 'none', 'EdDSA'),
        kid: fc.oneof(fc.constant(sso.client.key.kid), fc.string()),
        typ: fc.constant('JWT'),
        crit: fc.constant(['exp']),
        cty: fc.constantFrom('JWT', 'json'),
        jwk: fc.constant({ kty: 'EC' }),
      },
      { requiredKeys: ['alg'] },
    );
    const header = fc.oneof({ weight: 3, arbitrary: fc.constant({ alg: 'ES256', typ: 'JWT' }) }, oddHeader);
    const signing = fc.oneof(
      { weight: 4, arbitrary: fc.constant('client-key') },
      fc.constantFrom('hmac', 'garbage', 'none'),
    );
    const requests = fc.record({
      clientId: fc.oneof(
        { weight: 6, arbitrary: fc.constant(sso.client.clientId) },
        fc.constant(sso.disabled.clientId),
        fc.string(),
      ),
      secret: fc.oneof({ weight: 6, arbitrary: fc.constant('good') }, fc.constant(undefined), fc.string()),
      header,
      claims,
      signing,
    });
    const seen = new Set<string>();
    // Act + Assess
    await fc.assert(
      fc.asyncProperty(requests, async (r) => {
        const payload = claimsText(sso.client.cid, r.claims, NOW);
        const token =
          r.signing === 'client-key'
            ? signRawEs256(sso.client.key, JSON.stringify(r.header), payload)
            : r.signing === 'hmac'
              ? signHmac('HS256', 'guess', r.header, payload)
              : unsignedToken(r.header, payload, r.signing === 'none' ? '' : 'AAAA');
        const secret =
          r.secret === 'good'
            ? r.clientId === sso.disabled.clientId
              ? sso.disabled.secret
              : sso.client.secret
            : r.secret;
        const outcome = await signIn({ clientId: r.clientId, clientSecret: secret, token }, sso.signInDeps, NOW);
        if (outcome.kind === 'refused') {
          seen.add(`${outcome.code}:${outcome.reason}`);
          expect(isErrorCode(outcome.code)).toBe(true);
          expect({
            code: outcome.code,
            reason: outcome.reason,
            known: isKnownReason(outcome.code, outcome.reason),
          }).toEqual({ code: outcome.code, reason: outcome.reason, known: true });
        }
      }),
      { numRuns: 400, seed: 20260504 },
    );
    // The generator reaches deep into the checks, not only 101 and 102.
    expect(seen.size).toBeGreaterThanOrEqual(12);
    expect([...seen].some((key) => key.startsWith('104:'))).toBe(true);
  });

  it('every reason written in the core and the handler is a catalog reason of its code', () => {
    // Prepare: the source of lambdas/core and lambdas/sso, without the catalog itself
    const dirs = ['core', 'sso'].map((dir) => join(import.meta.dirname, '..', '..', 'lambdas', dir));
    const sources = dirs.flatMap((dir) =>
      readdirSync(dir)
        .filter((name) => name.endsWith('.ts') && name !== 'catalog.ts')
        .map((name) => readFileSync(join(dir, name), 'utf8')),
    );
    const allReasons = new Set(ERROR_CODES.flatMap((code) => Object.keys(CATALOG[code].reasons)));
    // Act
    const paired = sources.flatMap((text) =>
      [...text.matchAll(/code: '(\d{3})', reason: '([a-z0-9-]+)'/g)].map((m) => [m[1]!, m[2]!] as const),
    );
    const named = sources.flatMap((text) =>
      [...text.matchAll(/reason: '([a-z0-9-]+)'|DependencyFailure\(\s*'([a-z0-9-]+)'/g)].map((m) => (m[1] ?? m[2])!),
    );
    // Assess: the scan finds the reasons (so it cannot pass by matching nothing), and each is known
    expect(paired.length).toBeGreaterThan(30);
    expect(paired.filter(([code, reason]) => !(isErrorCode(code) && isKnownReason(code, reason)))).toEqual([]);
    expect(named.filter((reason) => !allReasons.has(reason))).toEqual([]);
  });
});

describe('docs/error-codes.md lists every reason', () => {
  const doc = readFileSync(ERROR_CODES_DOC, 'utf8');
  /** The part of the doc from `## <code>:` up to the next code's heading. */
  const sectionOf = (code: ErrorCode) => {
    const start = doc.indexOf(`\n## ${code}: `);
    const next = doc.indexOf('\n## ', start + 1);
    return start < 0 ? '' : doc.slice(start, next < 0 ? undefined : next);
  };

  it.each(ERROR_CODES)(
    'the section of %s has a row for each of its reasons, with what it means and what to do',
    (code) => {
      // Act
      const section = sectionOf(code);
      // Assess
      for (const [reason, { meaning, action }] of Object.entries(
        CATALOG[code].reasons as Record<string, { meaning: string; action: string }>,
      )) {
        expect(section).toContain(`| \`${reason}\` | ${meaning} | ${action} |`);
      }
    },
  );

  it('says how to find a request from its ref', () => {
    expect(doc).toMatch(/## Finding a request from its ref[\s\S]*admin -- find <ref>/);
  });
});
