/** Creates the four tables (if missing) on DynamoDB Local or any endpoint, with the keys the stack uses. */
import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { AUDIT_SORT_KEY, PARTITION_KEY, TTL_ATTRIBUTE, type TableNames } from '../../lambdas/adapters/dynamodb/tables';

async function createTable(client: DynamoDBClient, name: string, sortKey?: string): Promise<boolean> {
  const keys = [PARTITION_KEY, ...(sortKey ? [sortKey] : [])];
  try {
    await client.send(
      new CreateTableCommand({
        TableName: name,
        AttributeDefinitions: keys.map((key) => ({ AttributeName: key, AttributeType: 'S' })),
        KeySchema: keys.map((key, index) => ({ AttributeName: key, KeyType: index === 0 ? 'HASH' : 'RANGE' })),
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ResourceInUseException) return false;
    throw error;
  }
}

/** Returns the names of the tables it created (the others existed already). */
export async function createTables(client: DynamoDBClient, tables: TableNames): Promise<string[]> {
  const created: string[] = [];
  for (const name of [tables.configs, tables.features, tables.usedTokens]) {
    if (await createTable(client, name)) created.push(name);
  }
  if (await createTable(client, tables.audit, AUDIT_SORT_KEY)) created.push(tables.audit);
  for (const name of created) await client.send(new DescribeTableCommand({ TableName: name }));
  if (created.includes(tables.usedTokens)) {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tables.usedTokens,
        TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
      }),
    );
  }
  return created;
}
