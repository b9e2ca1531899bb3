/** The assertion signing key ring, one item in the configurations table, saved with optimistic locking. */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DependencyFailure, InfoauthError } from '../../core/errors';
import type { SigningKeyRingStore } from '../../core/ports';
import type { SigningKeyRing } from '../../core/signing-keys';
import { PARTITION_KEY, SIGNING_KEY_RING_PK } from './tables';

export class DynamoSigningKeyRingStore implements SigningKeyRingStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
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
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { [PARTITION_KEY]: SIGNING_KEY_RING_PK, version: ring.version, keys: JSON.stringify(ring.keys) },
          ...(expectedVersion === undefined
            ? { ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': PARTITION_KEY } }
            : {
                ConditionExpression: '#version = :expected',
                ExpressionAttributeNames: { '#version': 'version' },
                ExpressionAttributeValues: { ':expected': expectedVersion },
              }),
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new InfoauthError('conflict', 'the signing key ring was changed by someone else; try again');
      }
      throw error;
    }
  }
}
