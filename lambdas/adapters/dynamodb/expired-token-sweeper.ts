/**
 * Removes used-token records whose `expiresAt` has passed. A multi-Region strongly consistent table has
 * no TTL, so a scheduled job does what TTL does on the single-region table. A record is deleted only
 * while its `expiresAt` is still in the past (conditional delete), and only expired records are ever
 * touched: a token whose record is gone is past its `exp` and max age, so it gets 104 before any write.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { PARTITION_KEY, TTL_ATTRIBUTE } from './tables';

export interface SweepOptions {
  /** Epoch seconds: records with `expiresAt` below this go. */
  readonly nowSeconds: number;
  /** Items per Scan page (DynamoDB reads at most 1 MB per page anyway). */
  readonly pageSize?: number;
  /** Deletes in flight at once. */
  readonly concurrency?: number;
  /** Asked before each page: false stops the sweep (the Lambda's time is running out); the next run goes on. */
  readonly mayContinue?: () => boolean;
}

export interface SweepResult {
  readonly scanned: number;
  readonly deleted: number;
  /** Deleted meanwhile by someone else, or no longer expired (the condition failed). */
  readonly skipped: number;
  /** True when every page was read. */
  readonly complete: boolean;
}

export class ExpiredTokenSweeper {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private async deleteIfExpired(pk: unknown, nowSeconds: number): Promise<boolean> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { [PARTITION_KEY]: pk },
          ConditionExpression: '#expiresAt < :now',
          ExpressionAttributeNames: { '#expiresAt': TTL_ATTRIBUTE },
          ExpressionAttributeValues: { ':now': nowSeconds },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** One pass over the table (eventually consistent Scan: a record missed now is caught next run). */
  async sweep(options: SweepOptions): Promise<SweepResult> {
    const { nowSeconds, pageSize = 500, concurrency = 10, mayContinue = () => true } = options;
    let scanned = 0;
    let deleted = 0;
    let skipped = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      if (!mayContinue()) return { scanned, deleted, skipped, complete: false };
      const page = await this.client.send(
        new ScanCommand({
          TableName: this.tableName,
          Limit: pageSize,
          ProjectionExpression: '#pk',
          FilterExpression: '#expiresAt < :now',
          ExpressionAttributeNames: { '#pk': PARTITION_KEY, '#expiresAt': TTL_ATTRIBUTE },
          ExpressionAttributeValues: { ':now': nowSeconds },
          ExclusiveStartKey: startKey,
        }),
      );
      scanned += page.ScannedCount ?? 0;
      const keys = (page.Items ?? []).map((item) => item[PARTITION_KEY] as unknown);
      for (let index = 0; index < keys.length; index += concurrency) {
        const outcomes = await Promise.all(
          keys.slice(index, index + concurrency).map((pk) => this.deleteIfExpired(pk, nowSeconds)),
        );
        for (const done of outcomes) {
          if (done) deleted += 1;
          else skipped += 1;
        }
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return { scanned, deleted, skipped, complete: true };
  }
}
