/**
 * Single use: one conditional PutItem per accepted token, keyed `<cid>#<jti>`, with a TTL.
 *
 * On a multi-Region strongly consistent table a write racing another write of the same key in another
 * region fails with ReplicatedWriteConflictException. The SDK retries it like any retryable error,
 * within the client's bounds (lambdas/adapters/dynamodb/client.ts). When the last attempt still
 * conflicts, the race may have been with our own earlier attempt whose answer was lost, so one strongly
 * consistent read decides: our attempt id is a sign-in, another one is a replay, no record is a 105.
 */
import { ConditionalCheckFailedException, ReplicatedWriteConflictException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
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
      if (error instanceof ReplicatedWriteConflictException) return this.afterConflict(use, error);
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

  /** Who holds the record after the retries conflicted: us (lost answer), another use, or no one yet. */
  private async afterConflict(use: TokenUse, conflict: Error): Promise<'recorded' | 'already-used'> {
    let holder: unknown;
    try {
      const { Item } = await this.client.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { [PARTITION_KEY]: usedTokenKey(use.cid, use.jti) },
          ProjectionExpression: 'attemptId',
          ConsistentRead: true,
        }),
      );
      holder = Item?.attemptId;
    } catch (cause) {
      throw new DependencyFailure('used-token-store-unavailable', 'a replicated write conflict could not be resolved', {
        cause,
      });
    }
    if (holder === use.attemptId) return 'recorded';
    if (holder !== undefined) return 'already-used';
    throw new DependencyFailure('used-token-store-unavailable', 'the write kept conflicting with another region', {
      cause: conflict,
    });
  }
}
