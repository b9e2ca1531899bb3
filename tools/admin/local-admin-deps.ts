/** The stores of the local run (`--local`): the DynamoDB that `npm start` uses and the KEK under `.local/`. */
import { DynamoAuditTrail } from '../../lambdas/adapters/dynamodb/audit-trail';
import { createDocumentClient } from '../../lambdas/adapters/dynamodb/client';
import { DynamoSigningKeyRingStore } from '../../lambdas/adapters/dynamodb/signing-key-ring-store';
import { DynamoSsoAdminStore } from '../../lambdas/adapters/dynamodb/sso-admin-store';
import { tableNamesFromEnv } from '../../lambdas/adapters/dynamodb/tables';
import { LocalKeyWrapper } from '../../lambdas/adapters/local/local-key-wrapper';
import { generateWrappedSigningKey } from '../../lambdas/adapters/local/local-signing-key';
import { localDynamoEndpoint, localPaths } from '../local/local-settings';
import { readLocalKek } from '../local/local-signing-keys';
import { DynamoUsedTokenLookup, type AdminDeps } from './admin-deps';
import { localActor } from './caller-identity';

/** Admin calls are not on a user's path: they may wait longer than a sign-in would. */
export const ADMIN_DYNAMO_TIMEOUTS = { connectionTimeoutMs: 2000, requestTimeoutMs: 5000, maxAttempts: 2 } as const;

/**
 * The local target: AWS_ENDPOINT_URL_DYNAMODB or 127.0.0.1:8000; table names from INFOAUTH_*_TABLE or the
 * local defaults; new signing keys wrapped by `.local/local-kek.b64` (INFOAUTH_LOCAL_DIR). Changes are
 * audited under the OS user's name.
 */
export function localAdminDeps(env: NodeJS.ProcessEnv = process.env): AdminDeps {
  const endpoint = localDynamoEndpoint(env);
  const tables = tableNamesFromEnv(env);
  const client = createDocumentClient({ endpoint, ...ADMIN_DYNAMO_TIMEOUTS });
  const now = () => new Date();
  const audit = new DynamoAuditTrail(client, tables.audit, { actor: () => Promise.resolve(localActor()), now });
  return {
    audit,
    configs: new DynamoSsoAdminStore(client, tables, audit),
    usedTokens: new DynamoUsedTokenLookup(client, tables.usedTokens),
    keyRing: new DynamoSigningKeyRingStore(client, tables.configs, audit),
    signingKeyFactory: () => {
      const wrapper = new LocalKeyWrapper(readLocalKek(localPaths(env).kekFile));
      return { create: (nowSeconds) => generateWrappedSigningKey(wrapper, nowSeconds) };
    },
    now,
    // The local run's server may fetch from the laptop itself (contract: `--local` allows http and loopback).
    jwksUriPolicy: { localRun: true },
    description: `the local DynamoDB at ${endpoint}`,
    unreachableHint: 'Is `npm start` running? (Or set AWS_ENDPOINT_URL_DYNAMODB to the DynamoDB it uses.)',
    close: () => client.destroy(),
  };
}
