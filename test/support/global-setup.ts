/** Starts one DynamoDB Local for the whole test run; tests create their own uniquely named tables. */
import { CreateTableCommand, DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../lambdas/adapters/dynamodb/client';
import { startDynamoLocal, type DynamoLocal } from '../../tools/local/dynamo-local';

declare global {
  var __dynamoLocal: DynamoLocal | undefined;
}

/**
 * DynamoDB Local's first requests are slow while the JVM warms up; tests that run the handler with its
 * production timeouts should not meet that, so a few hundred requests go first.
 */
async function warmUp(endpoint: string): Promise<void> {
  const client = createDocumentClient({ endpoint, requestTimeoutMs: 30_000, maxAttempts: 1 });
  const TableName = 'warm-up';
  await client.send(
    new CreateTableCommand({
      TableName,
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  for (let i = 0; i < 200; i++) {
    await client.send(
      new PutCommand({ TableName, Item: { pk: `k${i}` }, ConditionExpression: 'attribute_not_exists(pk)' }),
    );
    await client.send(new GetCommand({ TableName, Key: { pk: `k${i}` } }));
  }
  await client.send(new DeleteTableCommand({ TableName }));
  client.destroy();
}

export default async function globalSetup(): Promise<void> {
  if (process.env.INFOAUTH_TEST_DYNAMO_ENDPOINT) return;
  const dynamo = await startDynamoLocal();
  globalThis.__dynamoLocal = dynamo;
  process.env.INFOAUTH_TEST_DYNAMO_ENDPOINT = dynamo.endpoint;
  await warmUp(dynamo.endpoint);
}
