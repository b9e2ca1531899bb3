/** The admin commands' dependencies on fresh tables of the test DynamoDB Local, with a settable clock. */
import { randomBytes } from 'node:crypto';
import { DynamoAuditTrail } from '../../lambdas/adapters/dynamodb/audit-trail';
import { createDocumentClient } from '../../lambdas/adapters/dynamodb/client';
import { DynamoSigningKeyRingStore } from '../../lambdas/adapters/dynamodb/signing-key-ring-store';
import { DynamoSsoAdminStore } from '../../lambdas/adapters/dynamodb/sso-admin-store';
import type { TableNames } from '../../lambdas/adapters/dynamodb/tables';
import { LocalKeyWrapper } from '../../lambdas/adapters/local/local-key-wrapper';
import { generateWrappedSigningKey } from '../../lambdas/adapters/local/local-signing-key';
import { DynamoUsedTokenLookup, type AdminDeps } from '../../tools/admin/admin-deps';
import { dynamoEndpoint, freshTables } from '../support/sso-fixture';

/** The actor the test admin's changes are audited under. */
export const TEST_ACTOR = 'arn:aws:sts::123456789012:assumed-role/Operator/test';

export interface TestAdmin extends AdminDeps {
  readonly tables: TableNames;
  readonly kek: LocalKeyWrapper;
  /** Moves the admin clock; undefined returns to the real time. */
  setNow(date: Date | undefined): void;
}

export async function createTestAdmin(): Promise<TestAdmin> {
  const tables = await freshTables();
  const client = createDocumentClient({ endpoint: dynamoEndpoint(), requestTimeoutMs: 5000 });
  const kek = new LocalKeyWrapper(randomBytes(32));
  let fixed: Date | undefined;
  const now = () => fixed ?? new Date();
  const audit = new DynamoAuditTrail(client, tables.audit, { actor: () => Promise.resolve(TEST_ACTOR), now });
  return {
    tables,
    kek,
    audit,
    configs: new DynamoSsoAdminStore(client, tables, audit),
    usedTokens: new DynamoUsedTokenLookup(client, tables.usedTokens),
    keyRing: new DynamoSigningKeyRingStore(client, tables.configs, audit),
    signingKeyFactory: () => ({ create: (nowSeconds) => generateWrappedSigningKey(kek, nowSeconds) }),
    now,
    setNow: (date) => {
      fixed = date;
    },
    jwksUriPolicy: { localRun: true },
    description: 'the test DynamoDB Local',
    close: () => client.destroy(),
  };
}
