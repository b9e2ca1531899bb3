/**
 * What operators change: configurations and feature settings, for the admin CLI and local seeding.
 * Every write goes through {@link DynamoAuditTrail.commit}: the change and its audit record commit in one
 * DynamoDB transaction, so there is no write here without its record.
 */
import { GetCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { configChanges, type AuditChange, type ConfigReplaceAction } from '../../core/audit';
import { InfoauthError } from '../../core/errors';
import type { SsoConfig } from '../../core/model';
import { WriteConditionFailed, type DynamoAuditTrail, type TransactItem } from './audit-trail';
import { configFromItem, configToItem, type Item } from './sso-config-item';
import { PARTITION_KEY, SIGNING_KEY_RING_PK, usedTokenKey, type TableNames } from './tables';

/** A stored configuration replaced by a new version of it, and why. */
export interface ConfigReplacement {
  readonly action: ConfigReplaceAction;
  /** The configuration as read: the write succeeds only if it is still stored as it was. */
  readonly before: SsoConfig;
  readonly after: SsoConfig;
}

export class DynamoSsoAdminStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tables: TableNames,
    /** Writes each change's audit record in the change's transaction. */
    readonly audit: DynamoAuditTrail,
  ) {}

  /** Runs the writes with the change's audit record; a failed condition becomes `onCondition`'s error. */
  private async commit(
    writes: readonly TransactItem[],
    change: AuditChange,
    onCondition: () => InfoauthError,
  ): Promise<void> {
    try {
      await this.audit.commit(writes, change);
    } catch (error) {
      if (error instanceof WriteConditionFailed) throw onCondition();
      throw error;
    }
  }

  private nowSeconds(): number {
    return Math.floor(this.audit.now().getTime() / 1000);
  }

  /** Stores a new configuration; fails with 'conflict' if the client id exists. */
  async create(config: SsoConfig): Promise<void> {
    await this.commit(
      [
        {
          Put: {
            TableName: this.tables.configs,
            Item: configToItem(config),
            ConditionExpression: 'attribute_not_exists(#pk)',
            ExpressionAttributeNames: { '#pk': PARTITION_KEY },
          },
        },
      ],
      {
        action: 'config create',
        clientId: config.clientId,
        cid: config.cid,
        changes: configChanges(undefined, config),
      },
      () => new InfoauthError('conflict', `a configuration with client id ${config.clientId} exists`),
    );
  }

  async get(clientId: string): Promise<SsoConfig | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tables.configs, Key: { [PARTITION_KEY]: clientId }, ConsistentRead: true }),
    );
    return Item ? configFromItem(Item) : undefined;
  }

  /**
   * Replaces a configuration with its next version (`after.version` = `before.version` + 1), on the
   * condition that the stored version is still the one read (optimistic locking: two changes in the same
   * second cannot both win); the audit record holds the fields that changed. Fails with 'conflict' when
   * it changed meanwhile or is gone.
   */
  async replace({ action, before, after }: ConfigReplacement): Promise<void> {
    if (after.version !== before.version + 1) {
      throw new InfoauthError('invalid-input', `version ${after.version} does not follow ${before.version}`);
    }
    // Items stored before versions existed have none: they read as version 0.
    const legacy = before.version === 0;
    await this.commit(
      [
        {
          Put: {
            TableName: this.tables.configs,
            Item: configToItem(after),
            ConditionExpression: legacy
              ? 'attribute_exists(#pk) AND (attribute_not_exists(#version) OR #version = :expected)'
              : '#version = :expected',
            ExpressionAttributeNames: { '#version': 'version', ...(legacy ? { '#pk': PARTITION_KEY } : {}) },
            ExpressionAttributeValues: { ':expected': before.version },
          },
        },
      ],
      { action, clientId: after.clientId, cid: after.cid, changes: configChanges(before, after) },
      () => new InfoauthError('conflict', `configuration ${after.clientId} changed meanwhile or was deleted`),
    );
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

  /** Deletes a configuration; fails with 'not-found' when it is gone. */
  async delete(config: SsoConfig): Promise<void> {
    const notFound = () => new InfoauthError('not-found', `no SSO configuration has client id ${config.clientId}`);
    await this.commit(
      [
        {
          Delete: {
            TableName: this.tables.configs,
            Key: { [PARTITION_KEY]: config.clientId },
            ConditionExpression: 'attribute_exists(#pk)',
            ExpressionAttributeNames: { '#pk': PARTITION_KEY },
          },
        },
      ],
      { action: 'config delete', clientId: config.clientId, cid: config.cid, changes: {} },
      notFound,
    );
  }

  async setSsoEnabled(cid: string, enabled: boolean): Promise<void> {
    await this.commit(
      [
        {
          Put: {
            TableName: this.tables.features,
            Item: { [PARTITION_KEY]: cid, ssoEnabled: enabled, updatedAt: this.nowSeconds() },
          },
        },
      ],
      { action: enabled ? 'sso enable' : 'sso disable', cid, changes: { ssoEnabled: enabled } },
      () => new InfoauthError('conflict', `the feature setting of ${cid} could not be written`),
    );
  }

  /** Removes a CID's feature setting (no setting means disabled); false when there was none. */
  async removeSsoSetting(cid: string): Promise<boolean> {
    try {
      await this.commit(
        [
          {
            Delete: {
              TableName: this.tables.features,
              Key: { [PARTITION_KEY]: cid },
              ConditionExpression: 'attribute_exists(#pk)',
              ExpressionAttributeNames: { '#pk': PARTITION_KEY },
            },
          },
        ],
        { action: 'sso remove', cid, changes: { ssoEnabled: null } },
        () => new InfoauthError('not-found', `CID ${cid} has no feature setting`),
      );
      return true;
    } catch (error) {
      if (error instanceof InfoauthError && error.code === 'not-found') return false;
      throw error;
    }
  }

  /** Forgets that a token was used (smoke's clean-up); false when no record was there. */
  async forgetUsedToken(use: {
    readonly clientId: string;
    readonly cid: string;
    readonly jti: string;
  }): Promise<boolean> {
    try {
      await this.commit(
        [
          {
            Delete: {
              TableName: this.tables.usedTokens,
              Key: { [PARTITION_KEY]: usedTokenKey(use.cid, use.jti) },
              ConditionExpression: 'attribute_exists(#pk)',
              ExpressionAttributeNames: { '#pk': PARTITION_KEY },
            },
          },
        ],
        { action: 'used-token delete', clientId: use.clientId, cid: use.cid, changes: { jti: use.jti } },
        () => new InfoauthError('not-found', `token ${use.jti} is not recorded as used`),
      );
      return true;
    } catch (error) {
      if (error instanceof InfoauthError && error.code === 'not-found') return false;
      throw error;
    }
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
