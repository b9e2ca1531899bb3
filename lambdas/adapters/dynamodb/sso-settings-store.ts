/** Reads a configuration and feature settings with one BatchGetItem across the two tables. */
import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DependencyFailure } from '../../core/errors';
import type { SsoFeatureState, SsoSettings, SsoSettingsStore } from '../../core/ports';
import { configFromItem, type Item } from './sso-config-item';
import { PARTITION_KEY, type TableNames } from './tables';

export class DynamoSsoSettingsStore implements SsoSettingsStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tables: Pick<TableNames, 'configs' | 'features'>,
  ) {}

  async read(clientId: string, cids: readonly string[]): Promise<SsoSettings> {
    const uniqueCids = [...new Set(cids)];
    let output;
    try {
      output = await this.client.send(
        new BatchGetCommand({
          RequestItems: {
            [this.tables.configs]: { Keys: [{ [PARTITION_KEY]: clientId }], ConsistentRead: true },
            ...(uniqueCids.length > 0
              ? {
                  [this.tables.features]: {
                    Keys: uniqueCids.map((cid) => ({ [PARTITION_KEY]: cid })),
                    ConsistentRead: true,
                  },
                }
              : {}),
          },
        }),
      );
    } catch (cause) {
      throw new DependencyFailure('settings-unavailable', 'reading the SSO settings failed', { cause });
    }
    const unprocessed = output.UnprocessedKeys ?? {};
    if (Object.values(unprocessed).some((request) => (request.Keys?.length ?? 0) > 0)) {
      throw new DependencyFailure('settings-unavailable', 'DynamoDB left keys unprocessed (throttled)');
    }
    const configItem = output.Responses?.[this.tables.configs]?.[0] as Item | undefined;
    const config = configItem && configFromItem(configItem);
    if (configItem && !config) {
      throw new DependencyFailure('settings-unavailable', 'the stored configuration is not well-formed');
    }
    const ssoState = new Map<string, SsoFeatureState>(uniqueCids.map((cid) => [cid, 'missing']));
    for (const item of (output.Responses?.[this.tables.features] ?? []) as Item[]) {
      const cid = item[PARTITION_KEY] as string;
      ssoState.set(cid, item.ssoEnabled === true ? 'enabled' : 'disabled');
    }
    return { ...(config ? { config } : {}), ssoState, fromCache: false };
  }
}
