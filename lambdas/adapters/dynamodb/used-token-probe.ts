/**
 * The health check's read of the used-token table: one strongly consistent GetItem of a key that no
 * token can have (used-token keys never start with `#`). On a multi-Region strongly consistent table
 * such a read succeeds only while the region reaches its quorum, the same condition its writes need.
 */
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DependencyFailure } from '../../core/errors';
import { HEALTH_PROBE_PK, PARTITION_KEY } from './tables';

export class UsedTokenTableProbe {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async readConsistently(): Promise<void> {
    try {
      await this.client.send(
        new GetCommand({ TableName: this.tableName, Key: { [PARTITION_KEY]: HEALTH_PROBE_PK }, ConsistentRead: true }),
      );
    } catch (cause) {
      throw new DependencyFailure('used-token-store-unavailable', 'the used-token table cannot be read consistently', {
        cause,
      });
    }
  }
}
