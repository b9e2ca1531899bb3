import { jest } from '@jest/globals';
import type { Context } from 'aws-lambda';
import { KeyRingSigner, WrappedKeyEntrySigner } from '../../lambdas/adapters/signing/key-ring-signer';
import { LocalKeyWrapper } from '../../lambdas/adapters/local/local-key-wrapper';
import { generateWrappedSigningKey } from '../../lambdas/adapters/local/local-signing-key';
import { rotateKeyRing, type SigningKeyRing } from '../../lambdas/core/signing-keys';
import { createHandler, HEALTH_PATH } from '../../lambdas/sso/app';
import type { HealthCheck } from '../../lambdas/sso/health';
import { createObservability } from '../../lambdas/sso/observability';
import { FakeSettingsStore, FakeSigner, FakeUsedTokenStore } from '../support/fake-ports';
import { ERROR_PAGE } from '../support/sso-fixture';

const NOW = new Date('2026-01-01T00:00:00Z');
const nowSeconds = Math.floor(NOW.getTime() / 1000);

function healthEvent() {
  return {
    version: '2.0',
    routeKey: `GET ${HEALTH_PATH}`,
    rawPath: HEALTH_PATH,
    rawQueryString: '',
    headers: {},
    requestContext: { requestId: 'health-ref', http: { method: 'GET', path: HEALTH_PATH } },
    isBase64Encoded: false,
  } as never;
}

async function askHealth(checks: readonly HealthCheck[]) {
  const observability = createObservability();
  const errors = jest.spyOn(observability.logger, 'error').mockImplementation(() => undefined);
  const handler = createHandler({
    signIn: {
      settings: new FakeSettingsStore(),
      usedTokens: new FakeUsedTokenStore(),
      signer: new FakeSigner(),
      issuer: 'https://sso.example',
      newId: () => 'id',
    },
    publicKeys: { jwks: async () => ({ keys: [] }) },
    healthChecks: checks,
    errorPageUrl: ERROR_PAGE,
    clock: () => NOW,
    observability,
  });
  const result = await handler(healthEvent(), { awsRequestId: 'r' } as Context);
  return { result, body: JSON.parse(result.body ?? '') as unknown, errors };
}

const passing = (name: string): HealthCheck => ({ name, check: async () => undefined });
const failing = (name: string, message = 'unreachable'): HealthCheck => ({
  name,
  check: async () => {
    throw new Error(message);
  },
});

describe('GET /health', () => {
  it('answers 200, never cached, when every check passes', async () => {
    // Act
    const { result, body } = await askHealth([passing('used-token-table'), passing('signing-key')]);
    // Assess
    expect(result.statusCode).toBe(200);
    expect(result.headers?.['Cache-Control']).toBe('no-store');
    expect(body).toEqual({ status: 'ok' });
  });

  it.each([
    [['used-token-table'], [failing('used-token-table'), passing('signing-key')]],
    [['signing-key'], [passing('used-token-table'), failing('signing-key')]],
    [
      ['used-token-table', 'signing-key'],
      [failing('used-token-table'), failing('signing-key')],
    ],
  ])('answers 503 naming %j, and logs the errors but does not send them', async (names, checks) => {
    // Act
    const { result, body, errors } = await askHealth(checks);
    // Assess
    expect(result.statusCode).toBe(503);
    expect(body).toEqual({ status: 'unavailable', failed: names });
    expect(result.body).not.toContain('unreachable');
    expect(errors).toHaveBeenCalledWith('health check failed', {
      failed: names.map((name) => ({ name, error: { name: 'Error', message: 'unreachable' } })),
    });
  });
});

describe('KeyRingSigner.ready (the signing-key check)', () => {
  const kek = new LocalKeyWrapper(Buffer.alloc(32, 7));
  const storeOf = (ring: SigningKeyRing | undefined) => ({ load: async () => ring, save: async () => undefined });

  it('resolves once the active key is unwrapped, and unwraps it once', async () => {
    // Prepare
    const ring = rotateKeyRing(undefined, await generateWrappedSigningKey(kek, nowSeconds), nowSeconds, 0);
    const unwrap = jest.spyOn(kek, 'unwrap');
    const signer = new KeyRingSigner(storeOf(ring), new WrappedKeyEntrySigner(kek), () => NOW.getTime());
    // Act
    await signer.ready();
    await signer.ready();
    // Assess
    expect(unwrap).toHaveBeenCalledTimes(1);
  });

  it('fails when no key ring exists, or the key cannot be unwrapped', async () => {
    // Prepare
    const ring = rotateKeyRing(undefined, await generateWrappedSigningKey(kek, nowSeconds), nowSeconds, 0);
    const otherKek = new LocalKeyWrapper(Buffer.alloc(32, 9));
    const missing = new KeyRingSigner(storeOf(undefined), new WrappedKeyEntrySigner(kek), () => NOW.getTime());
    const wrongKek = new KeyRingSigner(storeOf(ring), new WrappedKeyEntrySigner(otherKek), () => NOW.getTime());
    // Act / Assess
    await expect(missing.ready()).rejects.toThrow('no assertion signing key has been created');
    await expect(wrongKek.ready()).rejects.toThrow();
  });
});
