/**
 * The real handler (createHandler: request parsing, the core, the 302 mapping, Powertools) over the
 * in-memory ports, for property-based tests that need thousands of requests per second.
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { generateClientId, generateClientSecret } from '../../lambdas/core/client-secret';
import { newSsoConfig } from '../../lambdas/core/config-admin';
import type { SignInDeps } from '../../lambdas/core/sign-in';
import { createHandler } from '../../lambdas/sso/app';
import { createObservability } from '../../lambdas/sso/observability';
import { FakeSettingsStore, FakeSigner, FakeUsedTokenStore } from './fake-ports';
import { ERROR_PAGE, ISSUER, newClientKey, type TestClient } from './sso-fixture';

export const TARGET_URL = 'https://app.example.test/landing';
/** The enabled client's own error page; the disabled client has none (hosted page). */
export const CLIENT_ERROR_URL = 'https://app.example.test/sso-error';

export interface InMemorySso {
  readonly settings: FakeSettingsStore;
  readonly usedTokens: FakeUsedTokenStore;
  readonly signer: FakeSigner;
  /** SSO enabled, with its own error URL. */
  readonly client: TestClient;
  /** SSO disabled, same key. */
  readonly disabled: TestClient;
  readonly now: Date;
  readonly signInDeps: SignInDeps;
  handle(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2>;
}

const lambdaContext = { awsRequestId: 'fuzz-request', functionName: 'infoauth-sso' } as unknown as Context;

/** Two configurations (enabled, disabled) sharing one ES256 key, at a fixed clock. */
export async function createInMemorySso(now = new Date()): Promise<InMemorySso> {
  const key = await newClientKey();
  const settings = new FakeSettingsStore();
  const usedTokens = new FakeUsedTokenStore();
  const signer = new FakeSigner();
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const register = (cid: string, enabled: boolean, errorUrl?: string): TestClient => {
    const secret = generateClientSecret();
    const config = newSsoConfig(
      { clientId: generateClientId(), secret, cid, targetUrl: TARGET_URL, keys: [key.publicJwk], errorUrl },
      nowSeconds,
    );
    settings.configs.set(config.clientId, config);
    settings.features.set(cid, enabled);
    return { clientId: config.clientId, secret, cid, key };
  };
  const client = register('fuzz-enabled', true, CLIENT_ERROR_URL);
  const disabled = register('fuzz-disabled', false);
  const signInDeps: SignInDeps = { settings, usedTokens, signer, issuer: ISSUER, newId: randomUUID };
  const handler = createHandler({
    signIn: signInDeps,
    publicKeys: { jwks: async () => ({ keys: [] }) },
    healthChecks: [],
    errorPageUrl: ERROR_PAGE,
    clock: () => now,
    observability: createObservability(),
  });
  return {
    settings,
    usedTokens,
    signer,
    client,
    disabled,
    now,
    signInDeps,
    handle: (event) => handler(event, lambdaContext),
  };
}
