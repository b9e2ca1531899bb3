import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { CachedSsoSettingsStore } from '../../lambdas/adapters/cache/cached-settings-store';
import { generateClientSecret } from '../../lambdas/core/client-secret';
import { newSsoConfig, withRotatedSecret } from '../../lambdas/core/config-admin';
import type { PublicJwk, SsoConfig, SsoRequest } from '../../lambdas/core/model';
import { signIn, type SignInDeps, type SignInOutcome } from '../../lambdas/core/sign-in';
import { FakeSettingsStore, FakeSigner, FakeUsedTokenStore } from '../support/fake-ports';

const NOW = new Date('2026-11-24T12:00:00Z');
const nowSeconds = NOW.getTime() / 1000;

let privateKey: CryptoKey;
let publicJwk: PublicJwk;
let secret: string;
let config: SsoConfig;
let settings: FakeSettingsStore;
let usedTokens: FakeUsedTokenStore;
let signer: FakeSigner;
let deps: SignInDeps;

beforeAll(async () => {
  const pair = await generateKeyPair('ES256', { extractable: true });
  privateKey = pair.privateKey;
  publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256' } as PublicJwk;
});

beforeEach(() => {
  secret = generateClientSecret();
  config = newSsoConfig(
    {
      clientId: 'client-1',
      secret,
      cid: 'acme',
      targetUrl: 'https://app.example.com/landing',
      allowedOrigins: ['https://app.example.com', 'https://other.example.com'],
      errorUrl: 'https://app.example.com/sso-error',
      keys: [publicJwk],
    },
    nowSeconds - 1000,
  );
  settings = new FakeSettingsStore();
  settings.configs.set(config.clientId, config);
  settings.features.set('acme', true);
  usedTokens = new FakeUsedTokenStore();
  signer = new FakeSigner();
  deps = { settings, usedTokens, signer, issuer: 'https://sso.example.com', newId: randomUUID };
});

const token = (claims: Record<string, unknown> = {}) =>
  new SignJWT({
    cid: 'acme',
    email: 'jane@example.com',
    jti: 'jti-1',
    iat: nowSeconds,
    exp: nowSeconds + 60,
    ...claims,
  })
    .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
    .sign(privateKey);

const locationOf = (outcome: SignInOutcome): string =>
  outcome.kind === 'signed-in' && outcome.delivery.kind === 'redirect' ? outcome.delivery.location : 'about:blank';

const request = async (overrides: Partial<SsoRequest> = {}): Promise<SsoRequest> => ({
  clientId: 'client-1',
  clientSecret: secret,
  token: await token(),
  ...overrides,
});

describe('signIn', () => {
  it('signs in, records the jti once and signs an assertion of at most 60 s', async () => {
    // Act
    const outcome = await signIn(await request({ state: 'xyz' }), deps, NOW);
    // Assess
    expect(outcome.kind).toBe('signed-in');
    if (outcome.kind !== 'signed-in') return;
    expect(outcome.delivery.kind).toBe('redirect');
    const target = new URL(outcome.delivery.kind === 'redirect' ? outcome.delivery.location : '');
    expect(target.origin + target.pathname).toBe('https://app.example.com/landing');
    expect(target.searchParams.get('assertion')).toBe('assertion-1');
    expect(target.searchParams.get('state')).toBe('xyz');
    expect([...usedTokens.used.keys()]).toEqual(['acme#jti-1']);
    const [assertion] = signer.signed;
    expect(assertion).toMatchObject({
      aud: 'client-1',
      sub: 'jane@example.com',
      email: 'jane@example.com',
      cid: 'acme',
    });
    expect(assertion!.exp - assertion!.iat).toBeLessThanOrEqual(60);
    expect(assertion!.iss).toBe('https://sso.example.com');
  });

  it('reads the configuration and the feature setting in one round trip', async () => {
    await signIn(await request(), deps, NOW);
    expect(settings.reads).toEqual([{ clientId: 'client-1', cids: ['acme'], fresh: false }]);
  });

  type Case = [string, () => Promise<Partial<SsoRequest>> | Partial<SsoRequest>, () => void, string, string];
  const noop = () => undefined;
  const cases: Case[] = [
    ['no client id', () => ({ clientId: undefined }), noop, '101', 'client-id-missing'],
    ['a malformed client id', () => ({ clientId: 'a,b' }), noop, '101', 'client-id-malformed'],
    ['an unknown client id', () => ({ clientId: 'nobody' }), noop, '101', 'config-not-found'],
    ['no secret', () => ({ clientSecret: undefined }), noop, '102', 'secret-missing'],
    ['a wrong secret', () => ({ clientSecret: 'wrong' }), noop, '102', 'secret-mismatch'],
    ['SSO disabled', () => ({}), () => settings.features.set('acme', false), '106', 'sso-disabled'],
    ['no SSO setting', () => ({}), () => settings.features.delete('acme'), '106', 'sso-setting-missing'],
    ['no token', () => ({ token: undefined }), noop, '103', 'token-missing'],
    ['a token of another CID', async () => ({ token: await token({ cid: 'other' }) }), noop, '103', 'cid-mismatch'],
    ['an expired token', async () => ({ token: await token({ exp: nowSeconds - 31 }) }), noop, '104', 'token-expired'],
    [
      'a token issued too long ago',
      async () => ({ token: await token({ iat: nowSeconds - 301 }) }),
      noop,
      '104',
      'token-too-old',
    ],
    ['a settings store failure', () => ({}), () => (settings.failing = true), '105', 'settings-unavailable'],
    [
      'a used-token store failure',
      () => ({}),
      () => (usedTokens.failing = true),
      '105',
      'used-token-store-unavailable',
    ],
    ['a signing failure', () => ({}), () => (signer.failing = true), '105', 'signing-unavailable'],
    // Order of checks: the first failing check decides.
    [
      'a wrong secret and SSO disabled',
      () => ({ clientSecret: 'wrong' }),
      () => settings.features.set('acme', false),
      '102',
      'secret-mismatch',
    ],
    [
      'SSO disabled and no token',
      () => ({ token: undefined }),
      () => settings.features.set('acme', false),
      '106',
      'sso-disabled',
    ],
    [
      'an unknown client and no secret',
      () => ({ clientId: 'nobody', clientSecret: undefined }),
      noop,
      '101',
      'config-not-found',
    ],
  ];

  it.each(cases)('refuses %s and consumes nothing', async (_name, change, arrange, code, reason) => {
    // Prepare
    arrange();
    const req = await request(await change());
    // Act
    const outcome = await signIn(req, deps, NOW);
    // Assess
    expect(outcome).toMatchObject({ kind: 'refused', code, reason });
    expect(usedTokens.used.size).toBe(0);
  });

  it('gives 104 to the second use of a jti', async () => {
    // Prepare
    const req = await request();
    await signIn(req, deps, NOW);
    // Act
    const second = await signIn(req, deps, NOW);
    // Assess
    expect(second).toMatchObject({ kind: 'refused', code: '104', reason: 'token-already-used' });
  });

  it('uses the client error URL only once the client is authenticated', async () => {
    // Act
    const badSecret = await signIn(await request({ clientSecret: 'wrong' }), deps, NOW);
    settings.features.set('acme', false);
    const disabled = await signIn(await request(), deps, NOW);
    // Assess
    expect(badSecret.kind === 'refused' && badSecret.authenticatedConfig).toBeFalsy();
    expect(disabled.kind === 'refused' && disabled.authenticatedConfig?.errorUrl).toBe(
      'https://app.example.com/sso-error',
    );
  });

  it('reads the feature setting of the configured CID when the token claims another', async () => {
    // Prepare
    settings.features.set('other', true);
    // Act
    const outcome = await signIn(await request({ token: await token({ cid: 'other' }) }), deps, NOW);
    // Assess
    expect(outcome).toMatchObject({ code: '103', reason: 'cid-mismatch' });
    expect(settings.reads.map((read) => read.cids)).toEqual([['other'], ['acme']]);
  });

  it('sends a 105 to the client error URL when the store fails after the secret was found good', async () => {
    // Prepare: the token claims another CID, so the configured CID's setting needs a second read, which fails
    settings.failAfterReads = 1;
    // Act
    const outcome = await signIn(await request({ token: await token({ cid: 'other' }) }), deps, NOW);
    // Assess
    expect(outcome).toMatchObject({ kind: 'refused', code: '105', reason: 'settings-unavailable' });
    expect(outcome.kind === 'refused' && outcome.authenticatedConfig?.errorUrl).toBe(
      'https://app.example.com/sso-error',
    );
  });

  it('keeps a 105 on the hosted page when the first read fails (the secret is unknown)', async () => {
    settings.failing = true;
    const outcome = await signIn(await request(), deps, NOW);
    expect(outcome).toMatchObject({ kind: 'refused', code: '105' });
    expect(outcome.kind === 'refused' && outcome.authenticatedConfig).toBeUndefined();
  });

  it.each([
    ['an allowed return_to', 'https://other.example.com/deep?x=1', 'https://other.example.com/deep?x=1', false],
    ['a return_to on another origin', 'https://evil.example.net/', 'https://app.example.com/landing', true],
    ['a relative return_to', '/deep', 'https://app.example.com/landing', true],
    ['a javascript: return_to', 'javascript:alert(1)', 'https://app.example.com/landing', true],
    ['a return_to with credentials', 'https://user:pw@app.example.com/', 'https://app.example.com/landing', true],
    [
      'a return_to whose path starts with //',
      'https://app.example.com//evil.example.net/',
      'https://app.example.com/landing',
      true,
    ],
    [
      'a return_to holding a backslash',
      'https://app.example.com/\\evil.example.net',
      'https://app.example.com/landing',
      true,
    ],
    ['a plain http return_to', 'http://app.example.com/deep', 'https://app.example.com/landing', true],
  ])('handles %s', async (_name, returnTo, expectedTarget, ignored) => {
    // Act
    const outcome = await signIn(await request({ returnTo }), deps, NOW);
    // Assess
    expect(outcome.kind).toBe('signed-in');
    if (outcome.kind !== 'signed-in') return;
    const url = new URL(locationOf(outcome));
    url.searchParams.delete('assertion');
    expect(url.href).toBe(expectedTarget);
    expect(outcome.returnToIgnored).toBe(ignored);
  });

  it('drops a state too long to be one, and still signs in', async () => {
    const outcome = await signIn(await request({ state: 's'.repeat(1025) }), deps, NOW);
    expect(outcome).toMatchObject({ kind: 'signed-in', stateIgnored: true });
    expect(outcome.kind === 'signed-in' && new URL(locationOf(outcome)).searchParams.has('state')).toBe(false);
  });

  it('gives 104 at another configuration of the same CID to a token used at one (single use per CID)', async () => {
    // Prepare: a second configuration of CID acme that trusts the same key
    const otherSecret = generateClientSecret();
    const sibling = newSsoConfig(
      {
        clientId: 'client-2',
        secret: otherSecret,
        cid: 'acme',
        targetUrl: 'https://portal.example.com/',
        keys: [publicJwk],
      },
      nowSeconds - 1000,
    );
    settings.configs.set(sibling.clientId, sibling);
    const used = await token();
    await signIn(await request({ token: used }), deps, NOW);
    // Act
    const elsewhere = await signIn({ clientId: 'client-2', clientSecret: otherSecret, token: used }, deps, NOW);
    // Assess
    expect(elsewhere).toMatchObject({ kind: 'refused', code: '104', reason: 'token-already-used' });
  });

  it('costs no signing call for a replay of a used token', async () => {
    // Prepare
    const req = await request();
    await signIn(req, deps, NOW);
    // Act
    const replays = await Promise.all([signIn(req, deps, NOW), signIn(req, deps, NOW), signIn(req, deps, NOW)]);
    // Assess
    expect(replays.map((outcome) => outcome.kind === 'refused' && outcome.code)).toEqual(['104', '104', '104']);
    expect(signer.signed).toHaveLength(1);
  });

  it('releases the jti when signing fails, so the same token signs in once signing works again', async () => {
    // Prepare
    const req = await request();
    signer.failing = true;
    // Act
    const failed = await signIn(req, deps, NOW);
    signer.failing = false;
    const retried = await signIn(req, deps, NOW);
    // Assess
    expect(failed).toMatchObject({ kind: 'refused', code: '105', reason: 'signing-unavailable' });
    expect(usedTokens.released).toHaveLength(1);
    expect(retried.kind).toBe('signed-in');
  });

  it('never releases a record that another attempt wrote', async () => {
    // Prepare: someone else's attempt holds the jti
    await usedTokens.recordFirstUse({ cid: 'acme', jti: 'jti-1', expiresAt: 0, attemptId: 'theirs' });
    const mine = { cid: 'acme', jti: 'jti-1', expiresAt: 0, attemptId: 'mine' };
    // Act
    await usedTokens.release(mine);
    // Assess
    expect(usedTokens.used.get('acme#jti-1')?.attemptId).toBe('theirs');
  });

  it.each([
    ['query', undefined, 'https://app.example.com/landing?assertion=assertion-1&state=s%261'],
    ['query', 'query' as const, 'https://app.example.com/landing?assertion=assertion-1&state=s%261'],
    ['fragment', 'fragment' as const, 'https://app.example.com/landing#assertion=assertion-1&state=s%261'],
  ])('delivers the assertion in the %s (configured %s)', async (_mode, assertionDelivery, location) => {
    // Prepare
    settings.configs.set(config.clientId, { ...config, assertionDelivery });
    // Act
    const outcome = await signIn(await request({ state: 's&1' }), deps, NOW);
    // Assess
    expect(outcome).toMatchObject({ kind: 'signed-in', delivery: { kind: 'redirect', location } });
  });

  it('delivers the assertion as a form POST to the target when the configuration says form_post', async () => {
    // Prepare
    settings.configs.set(config.clientId, { ...config, assertionDelivery: 'form_post' });
    // Act
    const outcome = await signIn(await request({ state: 'xyz', returnTo: 'https://other.example.com/a' }), deps, NOW);
    // Assess
    expect(outcome).toMatchObject({
      kind: 'signed-in',
      delivery: {
        kind: 'form_post',
        action: 'https://other.example.com/a',
        fields: { assertion: 'assertion-1', state: 'xyz' },
      },
    });
  });

  it('reads the settings at most three times: the hinted CID, the configured CID, then fresh', async () => {
    // Prepare: a cache that always says "from cache", a token claiming another CID, and SSO off
    settings.features.set('acme', false);
    const alwaysCached = {
      read: async (...args: Parameters<FakeSettingsStore['read']>) => ({
        ...(await settings.read(...args)),
        fromCache: true,
      }),
    };
    // Act
    const outcome = await signIn(
      await request({ token: await token({ cid: 'other' }) }),
      { ...deps, settings: alwaysCached },
      NOW,
    );
    // Assess
    expect(outcome).toMatchObject({ code: '106', reason: 'sso-disabled' });
    expect(settings.reads).toEqual([
      { clientId: 'client-1', cids: ['other'], fresh: false },
      { clientId: 'client-1', cids: ['acme'], fresh: false },
      { clientId: 'client-1', cids: ['acme'], fresh: true },
    ]);
  });

  describe('with the settings cache', () => {
    it('accepts a new secret at once after rotation, by re-reading before refusing', async () => {
      // Prepare
      let nowMs = NOW.getTime();
      const cached = new CachedSsoSettingsStore(settings, () => nowMs);
      const cachedDeps = { ...deps, settings: cached };
      await signIn(await request(), cachedDeps, NOW);
      const newSecret = generateClientSecret();
      settings.configs.set('client-1', withRotatedSecret(config, newSecret, 0, nowSeconds));
      nowMs += 1000;
      // Act
      const outcome = await signIn(
        await request({ clientSecret: newSecret, token: await token({ jti: 'jti-2' }) }),
        cachedDeps,
        NOW,
      );
      // Assess
      expect(outcome.kind).toBe('signed-in');
      expect(settings.reads.map((read) => read.fresh)).toEqual([false, true]);
    });

    it('serves a repeat sign-in from the cache, and stops after its time to live', async () => {
      // Prepare
      let nowMs = NOW.getTime();
      const cached = new CachedSsoSettingsStore(settings, () => nowMs, 4000);
      const cachedDeps = { ...deps, settings: cached };
      await signIn(await request(), cachedDeps, NOW);
      // Act
      await signIn(await request({ token: await token({ jti: 'jti-2' }) }), cachedDeps, NOW);
      nowMs += 4001;
      settings.features.set('acme', false);
      const afterTtl = await signIn(await request({ token: await token({ jti: 'jti-3' }) }), cachedDeps, NOW);
      // Assess
      expect(settings.reads).toHaveLength(2);
      expect(afterTtl).toMatchObject({ code: '106' });
    });
  });
});
