/**
 * The verdict for a configuration with a JWKS URI, over a key source the test controls: fetched keys
 * sign in; no good keys is 105 `jwks-uri-unavailable` (never consuming the token); a kid the last good
 * keys lack after a failed fetch is 105 (the key may be new), but 103 when the keys are current.
 */
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { generateClientSecret } from '../../lambdas/core/client-secret';
import { newSsoConfig } from '../../lambdas/core/config-admin';
import { DependencyFailure } from '../../lambdas/core/errors';
import type { PublicJwk, SsoConfig } from '../../lambdas/core/model';
import type { ClientKeySource, FetchedClientKeys } from '../../lambdas/core/ports';
import { signIn, type SignInDeps, type SignInOutcome } from '../../lambdas/core/sign-in';
import { FakeSettingsStore, FakeSigner, FakeUsedTokenStore } from '../support/fake-ports';

const NOW = new Date('2026-11-30T12:00:00Z');
const nowSeconds = NOW.getTime() / 1000;
const URI = 'https://login.acme.example/jwks.json';

interface Key {
  readonly privateKey: CryptoKey;
  readonly publicJwk: PublicJwk;
}
async function key(kid: string): Promise<Key> {
  const pair = await generateKeyPair('ES256', { extractable: true });
  return { privateKey: pair.privateKey, publicJwk: { ...(await exportJWK(pair.publicKey)), kid } as PublicJwk };
}

/** Answers with `answer` (or throws it), and records what it was asked. */
class FakeKeySource implements ClientKeySource {
  asked: { clientId: string; jwksUri: string; kid: string | undefined }[] = [];
  constructor(public answer: FetchedClientKeys | Error) {}
  keysFor(clientId: string, jwksUri: string, kid: string | undefined): Promise<FetchedClientKeys> {
    this.asked.push({ clientId, jwksUri, kid });
    return this.answer instanceof Error ? Promise.reject(this.answer) : Promise.resolve(this.answer);
  }
}

let fileKey: Key;
let fetchedKey: Key;
let newKey: Key;
let secret: string;
let config: SsoConfig;
let usedTokens: FakeUsedTokenStore;
let source: FakeKeySource;
let deps: SignInDeps;

beforeAll(async () => {
  [fileKey, fetchedKey, newKey] = await Promise.all([key('file-1'), key('fetched-1'), key('new-1')]);
});

beforeEach(() => {
  secret = generateClientSecret();
  config = newSsoConfig(
    {
      clientId: 'client-1',
      secret,
      cid: 'acme',
      targetUrl: 'https://app.example.com/landing',
      keys: [fileKey.publicJwk],
      jwksUri: URI,
    },
    nowSeconds - 1000,
  );
  const settings = new FakeSettingsStore();
  settings.configs.set(config.clientId, config);
  settings.features.set('acme', true);
  usedTokens = new FakeUsedTokenStore();
  source = new FakeKeySource({ keys: [fetchedKey.publicJwk] });
  deps = {
    settings,
    usedTokens,
    signer: new FakeSigner(),
    issuer: 'https://sso.example.com',
    newId: randomUUID,
    clientKeys: source,
  };
});

const tokenBy = (signing: Key, header: { kid?: string } = { kid: signing.publicJwk.kid! }) =>
  new SignJWT({ cid: 'acme', email: 'jane@example.com', jti: randomUUID(), iat: nowSeconds, exp: nowSeconds + 60 })
    .setProtectedHeader({ alg: 'ES256', ...header })
    .sign(signing.privateKey);

async function verdict(token: string, withDeps: SignInDeps = deps): Promise<SignInOutcome> {
  return signIn({ clientId: 'client-1', clientSecret: secret, token }, withDeps, NOW);
}
const codeOf = (outcome: SignInOutcome) => (outcome.kind === 'signed-in' ? 'signed-in' : outcome.code);
const reasonOf = (outcome: SignInOutcome) => (outcome.kind === 'signed-in' ? undefined : outcome.reason);

describe('sign-in with a JWKS URI', () => {
  it('signs in with a fetched key, asking the source with the token kid', async () => {
    const outcome = await verdict(await tokenBy(fetchedKey));
    expect(codeOf(outcome)).toBe('signed-in');
    expect(source.asked).toEqual([{ clientId: 'client-1', jwksUri: URI, kid: 'fetched-1' }]);
  });

  it('signs in with a registered key without asking the source', async () => {
    const outcome = await verdict(await tokenBy(fileKey));
    expect(codeOf(outcome)).toBe('signed-in');
    expect(source.asked).toEqual([]);
  });

  it('signs in with a fetched key for a token without kid', async () => {
    expect(codeOf(await verdict(await tokenBy(fetchedKey, {})))).toBe('signed-in');
  });

  it('gives 105 jwks-uri-unavailable naming the URI when no good keys are held, and does not use the token', async () => {
    source.answer = new DependencyFailure(
      'jwks-uri-unavailable',
      `could not fetch the client's keys from ${URI}: ETIMEDOUT`,
    );
    const token = await tokenBy(fetchedKey);
    const outcome = await verdict(token);
    expect(codeOf(outcome)).toBe('105');
    expect(reasonOf(outcome)).toBe('jwks-uri-unavailable');
    expect(outcome.kind === 'refused' && (outcome.cause as Error).message).toContain(URI);
    expect(outcome.kind === 'refused' && outcome.authenticatedConfig?.clientId).toBe('client-1');
    expect(usedTokens.used.size).toBe(0);
  });

  it('gives 105 for a kid the last good keys lack after a failed fetch: the key may be new', async () => {
    source.answer = {
      keys: [fetchedKey.publicJwk],
      failure: `could not fetch the client's keys from ${URI}: ECONNREFUSED`,
    };
    const outcome = await verdict(await tokenBy(newKey));
    expect(codeOf(outcome)).toBe('105');
    expect(reasonOf(outcome)).toBe('jwks-uri-unavailable');
    expect(outcome.kind === 'refused' && (outcome.cause as Error).message).toMatch(
      /login\.acme\.example.*ECONNREFUSED.*kid "new-1" is not among them/,
    );
  });

  it('still signs in with a kid the last good keys hold after a failed fetch', async () => {
    source.answer = { keys: [fetchedKey.publicJwk], failure: 'down' };
    expect(codeOf(await verdict(await tokenBy(fetchedKey)))).toBe('signed-in');
  });

  it('gives 103 for a kid that current keys lack: the client did not publish it', async () => {
    const outcome = await verdict(await tokenBy(newKey));
    expect(codeOf(outcome)).toBe('103');
    expect(reasonOf(outcome)).toBe('no-matching-key');
  });

  it('gives 103 for a bad signature under a known kid even when the keys are stale', async () => {
    source.answer = { keys: [fetchedKey.publicJwk], failure: 'down' };
    const forged = await tokenBy(newKey, { kid: 'fetched-1' });
    expect(reasonOf(await verdict(forged))).toBe('signature-invalid');
  });

  it('gives 105 when no key source is wired', async () => {
    const { clientKeys: _none, ...without } = deps;
    expect(reasonOf(await verdict(await tokenBy(fetchedKey), without))).toBe('jwks-uri-unavailable');
  });
});
