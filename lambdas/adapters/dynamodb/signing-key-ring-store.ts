/**
 * The assertion signing key ring, one item in the configurations table, saved with optimistic locking.
 * Given an audit trail (the admin CLI's `keys rotate`), each save commits with its audit record in one
 * transaction; the stack's key setup, which CloudFormation runs, saves without one.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, type DynamoDBDocumentClient, type PutCommandInput } from '@aws-sdk/lib-dynamodb';
import type { AuditValue } from '../../core/audit';
import { DependencyFailure, InfoauthError } from '../../core/errors';
import type { SigningKeyRingStore } from '../../core/ports';
import type { SigningKeyRing } from '../../core/signing-keys';
import { WriteConditionFailed, type DynamoAuditTrail } from './audit-trail';
import { PARTITION_KEY, SIGNING_KEY_RING_PK } from './tables';

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

/** What the audit record says of a ring: its version and each key's kid and times, never a private key. */
function ringChanges(ring: SigningKeyRing): Record<string, AuditValue> {
  return {
    ringVersion: ring.version,
    keys: ring.keys.map((key) => ({
      kid: key.kid,
      activeFrom: iso(key.activeFrom),
      ...(key.retireAt !== undefined ? { retireAt: iso(key.retireAt) } : {}),
    })),
  };
}

export class DynamoSigningKeyRingStore implements SigningKeyRingStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly audit?: DynamoAuditTrail,
  ) {}

  async load(): Promise<SigningKeyRing | undefined> {
    try {
      const { Item } = await this.client.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { [PARTITION_KEY]: SIGNING_KEY_RING_PK },
          ConsistentRead: true,
        }),
      );
      if (!Item) return undefined;
      return { version: Item.version as number, keys: JSON.parse(Item.keys as string) as SigningKeyRing['keys'] };
    } catch (cause) {
      throw new DependencyFailure('signing-unavailable', 'reading the signing key ring failed', { cause });
    }
  }

  async save(ring: SigningKeyRing, expectedVersion: number | undefined): Promise<void> {
    const put: PutCommandInput = {
      TableName: this.tableName,
      Item: { [PARTITION_KEY]: SIGNING_KEY_RING_PK, version: ring.version, keys: JSON.stringify(ring.keys) },
      ...(expectedVersion === undefined
        ? { ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': PARTITION_KEY } }
        : {
            ConditionExpression: '#version = :expected',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':expected': expectedVersion },
          }),
    };
    try {
      if (this.audit) {
        await this.audit.commit([{ Put: put }], { action: 'keys rotate', changes: ringChanges(ring) });
      } else {
        await this.client.send(new PutCommand(put));
      }
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException || error instanceof WriteConditionFailed) {
        throw new InfoauthError('conflict', 'the signing key ring was changed by someone else; try again');
      }
      throw error;
    }
  }
}
