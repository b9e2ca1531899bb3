/** Creates the three tables (if missing) on DynamoDB Local or any endpoint, with the keys the stack uses. */
import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { PARTITION_KEY, TTL_ATTRIBUTE, type TableNames } from '../../lambdas/adapters/dynamodb/tables';

async function createTable(client: DynamoDBClient, name: string): Promise<boolean> {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: name,
        AttributeDefinitions: [{ AttributeName: PARTITION_KEY, AttributeType: 'S' }],
        KeySchema: [{ AttributeName: PARTITION_KEY, KeyType: 'HASH' }],
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
