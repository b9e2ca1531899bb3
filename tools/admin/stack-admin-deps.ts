/** The stores of a deployed stack, found through its outputs, reached with the standard AWS credential chain. */
import { KMSClient } from '@aws-sdk/client-kms';
import type { STSClient } from '@aws-sdk/client-sts';
import { DynamoAuditTrail } from '../../lambdas/adapters/dynamodb/audit-trail';
import { createDocumentClient } from '../../lambdas/adapters/dynamodb/client';
import { DynamoSigningKeyRingStore } from '../../lambdas/adapters/dynamodb/signing-key-ring-store';
import { DynamoSsoAdminStore } from '../../lambdas/adapters/dynamodb/sso-admin-store';
import { createStackSigningKeyFactory } from '../../lambdas/adapters/kms/stack-signing-key-factory';
import { DynamoUsedTokenLookup, type AdminDeps } from './admin-deps';
import { callerArn, createStsClient } from './caller-identity';
import { ADMIN_DYNAMO_TIMEOUTS } from './local-admin-deps';
import { resolveStackTarget } from './stack';
import type { StackTarget } from '../../lambdas/core/deployment';

/**
 * Reads the stack's outputs (CloudFormation DescribeStacks), then works on its tables and KMS keys;
 * changes are audited under the caller's identity ARN (STS GetCallerIdentity, asked on the first change).
 */
export async function stackAdminDeps(stackName: string, resolved?: StackTarget): Promise<AdminDeps> {
  const target = resolved ?? (await resolveStackTarget(stackName));
  // A multi-region deployment is changed in its home region only (the global tables replicate from there).
  const region = target.homeRegion ? { region: target.homeRegion } : {};
  const client = createDocumentClient({ ...ADMIN_DYNAMO_TIMEOUTS, ...region });
  let kms: KMSClient | undefined;
  let sts: STSClient | undefined;
  const now = () => new Date();
  const audit = new DynamoAuditTrail(client, target.tables.audit, {
    actor: () => callerArn((sts ??= createStsClient())),
    now,
  });
  return {
    audit,
    configs: new DynamoSsoAdminStore(client, target.tables, audit),
    usedTokens: new DynamoUsedTokenLookup(client, target.tables.usedTokens),
    keyRing: new DynamoSigningKeyRingStore(client, target.tables.configs, audit),
    signingKeyFactory: () => createStackSigningKeyFactory(target, (kms ??= new KMSClient(region))),
    now,
    jwksUriPolicy: { localRun: false },
    description: `the stack ${stackName}`,
    close: () => {
      client.destroy();
      kms?.destroy();
      sts?.destroy();
    },
  };
}
