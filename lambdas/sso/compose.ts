/** The composition root: the real adapters, built once at module load from the function's environment. */
import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CachedSsoSettingsStore } from '../adapters/cache/cached-settings-store';
import { createJwksFetcher } from '../adapters/jwks-uri/jwks-fetcher';
import { JwksUriKeyCache } from '../adapters/jwks-uri/jwks-uri-key-cache';
import { createDocumentClient } from '../adapters/dynamodb/client';
import { DynamoSigningKeyRingStore } from '../adapters/dynamodb/signing-key-ring-store';
import { DynamoSsoSettingsStore } from '../adapters/dynamodb/sso-settings-store';
import { tableNamesFromEnv } from '../adapters/dynamodb/tables';
import { UsedTokenTableProbe } from '../adapters/dynamodb/used-token-probe';
import { DynamoUsedTokenStore } from '../adapters/dynamodb/used-token-store';
import { createBoundedKmsClient } from '../adapters/kms/client';
import { KmsKeyRingEntrySigner } from '../adapters/kms/kms-entry-signer';
import { KmsKeyUnwrapper } from '../adapters/kms/kms-key-unwrapper';
import { LocalKeyWrapper } from '../adapters/local/local-key-wrapper';
import { createBoundedSecretsClient, SecretsManagerOriginSecret } from '../adapters/secrets/origin-secret';
import { KeyRingSigner, WrappedKeyEntrySigner, type KeyRingEntrySigner } from '../adapters/signing/key-ring-signer';
import type { KeyUnwrapper } from '../core/ports';
import type { HandlerDeps } from './app';
import { createEdgeGuard, type EdgeGuard } from './edge-guard';
import { createObservability, type Observability } from './observability';

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`${name} must be set`);
  return value;
}

/** The local KEK (base64, 32 bytes) when running on a laptop; KMS Decrypt in AWS. */
function keyUnwrapper(env: NodeJS.ProcessEnv): KeyUnwrapper {
  if (env.INFOAUTH_LOCAL_KEK) return new LocalKeyWrapper(Buffer.from(env.INFOAUTH_LOCAL_KEK, 'base64'));
  return new KmsKeyUnwrapper(createBoundedKmsClient(), required(env, 'INFOAUTH_KEK_KEY_ID'));
}

/** INFOAUTH_SIGNING_MODE `kms`: KMS signs each assertion; otherwise (`wrapped`) the key is unwrapped once. */
function entrySigner(env: NodeJS.ProcessEnv): KeyRingEntrySigner {
  if (env.INFOAUTH_SIGNING_MODE === 'kms') return new KmsKeyRingEntrySigner(createBoundedKmsClient());
  return new WrappedKeyEntrySigner(keyUnwrapper(env));
}

/**
 * INFOAUTH_ORIGIN_SECRET_ARN (set by the stack behind the edge) turns the bypass guard on. Its read starts
 * here, during the function's init, so the first request does not wait for Secrets Manager.
 */
function edgeGuard(env: NodeJS.ProcessEnv, clock: () => Date): EdgeGuard | undefined {
  const secretArn = env.INFOAUTH_ORIGIN_SECRET_ARN;
  if (!secretArn) return undefined;
  const secret = new SecretsManagerOriginSecret(createBoundedSecretsClient(), secretArn);
  secret.current().catch(() => undefined);
  return createEdgeGuard(secret, clock);
}

/**
 * @param env the function's environment (the stack sets it; the local server sets the same names)
 * @param observability the local server passes its own, to write logs where `admin find --local` reads
 * @param documentClient the benchmark passes one whose transport answers in memory
 */
export function defaultDeps(
  env: NodeJS.ProcessEnv = process.env,
  observability: Observability = createObservability(),
  documentClient: DynamoDBDocumentClient = createDocumentClient(),
): HandlerDeps {
  const tables = tableNamesFromEnv(env);
  const clock = () => new Date();
  const guard = edgeGuard(env, clock);
  const usedTokenProbe = new UsedTokenTableProbe(documentClient, tables.usedTokens);
  const signer = new KeyRingSigner(new DynamoSigningKeyRingStore(documentClient, tables.configs), entrySigner(env));
  return {
    signIn: {
      settings: new CachedSsoSettingsStore(new DynamoSsoSettingsStore(documentClient, tables)),
      usedTokens: new DynamoUsedTokenStore(documentClient, tables.usedTokens),
      signer,
      issuer: required(env, 'INFOAUTH_ISSUER'),
      newId: randomUUID,
      // INFOAUTH_LOCAL_RUN is set by `npm start` only: a JWKS served on the laptop (http, loopback) is allowed.
      clientKeys: new JwksUriKeyCache(createJwksFetcher({ localRun: env.INFOAUTH_LOCAL_RUN === 'true' })),
    },
    publicKeys: signer,
    healthChecks: [
      { name: 'used-token-table', check: () => usedTokenProbe.readConsistently() },
      { name: 'signing-key', check: () => signer.ready() },
    ],
    errorPageUrl: required(env, 'INFOAUTH_ERROR_PAGE_URL'),
    clock,
    observability,
    ...(guard ? { edgeGuard: guard } : {}),
  };
}
