/** Single use: one conditional PutItem per accepted token, keyed `<cid>#<jti>`, with a TTL. */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DependencyFailure } from '../../core/errors';
import type { TokenUse, UsedTokenStore } from '../../core/ports';
import { PARTITION_KEY, TTL_ATTRIBUTE, usedTokenKey } from './tables';

export class DynamoUsedTokenStore implements UsedTokenStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async recordFirstUse(use: TokenUse): Promise<'recorded' | 'already-used'> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            [PARTITION_KEY]: usedTokenKey(use.cid, use.jti),
            [TTL_ATTRIBUTE]: use.expiresAt,
            attemptId: use.attemptId,
            usedAt: Math.floor(this.clock().getTime() / 1000),
          },
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': PARTITION_KEY },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return 'recorded';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        // A retry of our own write whose first response was lost finds our attempt id: still our sign-in.
        return error.Item?.attemptId?.S === use.attemptId ? 'recorded' : 'already-used';
      }
      throw new DependencyFailure('used-token-store-unavailable', 'recording the token as used failed', {
        cause: error,
      });
    }
  }

  async release(use: TokenUse): Promise<void> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { [PARTITION_KEY]: usedTokenKey(use.cid, use.jti) },
          ConditionExpression: 'attemptId = :attempt',
          ExpressionAttributeValues: { ':attempt': use.attemptId },
        }),
      );
    } catch (error) {
      // Not ours (or already gone): nothing to undo.
      if (error instanceof ConditionalCheckFailedException) return;
      throw new DependencyFailure('used-token-store-unavailable', 'releasing the token record failed', {
        cause: error,
      });
    }
  }
}
