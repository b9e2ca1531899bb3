/** What operators change: configurations and feature settings, for the admin CLI and local seeding. */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { InfoauthError } from '../../core/errors';
import type { SsoConfig } from '../../core/model';
import { configFromItem, configToItem, type Item } from './sso-config-item';
import { PARTITION_KEY, SIGNING_KEY_RING_PK, type TableNames } from './tables';

export class DynamoSsoAdminStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tables: TableNames,
    private readonly nowSeconds: () => number = () => Math.floor(Date.now() / 1000),
  ) {}

  /** Stores a new configuration; fails with 'conflict' if the client id exists. */
  async create(config: SsoConfig): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tables.configs,
          Item: configToItem(config),
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': PARTITION_KEY },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new InfoauthError('conflict', `a configuration with client id ${config.clientId} exists`);
      }
      throw error;
    }
  }

  async get(clientId: string): Promise<SsoConfig | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tables.configs, Key: { [PARTITION_KEY]: clientId }, ConsistentRead: true }),
    );
    return Item ? configFromItem(Item) : undefined;
  }

  /** Replaces a configuration that was read at `expectedUpdatedAt` (optimistic locking). */
  async replace(config: SsoConfig, expectedUpdatedAt: number): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tables.configs,
          Item: configToItem(config),
          ConditionExpression: '#updatedAt = :expected',
          ExpressionAttributeNames: { '#updatedAt': 'updatedAt' },
          ExpressionAttributeValues: { ':expected': expectedUpdatedAt },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new InfoauthError('conflict', `configuration ${config.clientId} changed meanwhile or was deleted`);
      }
      throw error;
    }
  }

  async list(): Promise<SsoConfig[]> {
    const configs: SsoConfig[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(new ScanCommand({ TableName: this.tables.configs, ExclusiveStartKey }));
      for (const item of (page.Items ?? []) as Item[]) {
        if (item[PARTITION_KEY] === SIGNING_KEY_RING_PK) continue;
        const config = configFromItem(item);
        if (config) configs.push(config);
      }
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return configs.sort((a, b) => a.cid.localeCompare(b.cid) || a.clientId.localeCompare(b.clientId));
  }

  /** Deletes a configuration; returns false when there was none. */
  async delete(clientId: string): Promise<boolean> {
    const { Attributes } = await this.client.send(
      new DeleteCommand({
        TableName: this.tables.configs,
        Key: { [PARTITION_KEY]: clientId },
        ReturnValues: 'ALL_OLD',
      }),
    );
    return Attributes !== undefined;
  }

  async setSsoEnabled(cid: string, enabled: boolean): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tables.features,
        Item: { [PARTITION_KEY]: cid, ssoEnabled: enabled, updatedAt: this.nowSeconds() },
      }),
    );
  }

  /** 'enabled', 'disabled', or 'missing' (no setting, which means disabled). */
  async ssoStatus(cid: string): Promise<{ state: 'enabled' | 'disabled' | 'missing'; updatedAt?: number }> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tables.features, Key: { [PARTITION_KEY]: cid }, ConsistentRead: true }),
    );
    if (!Item) return { state: 'missing' };
    return { state: Item.ssoEnabled === true ? 'enabled' : 'disabled', updatedAt: Item.updatedAt as number };
  }
}
