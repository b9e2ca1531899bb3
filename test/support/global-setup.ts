/** Starts one DynamoDB Local for the whole test run; tests create their own uniquely named tables. */
import { startDynamoLocal, type DynamoLocal } from '../../tools/local/dynamo-local';

declare global {
  var __dynamoLocal: DynamoLocal | undefined;
}

export default async function globalSetup(): Promise<void> {
  if (process.env.INFOAUTH_TEST_DYNAMO_ENDPOINT) return;
  const dynamo = await startDynamoLocal();
  globalThis.__dynamoLocal = dynamo;
  process.env.INFOAUTH_TEST_DYNAMO_ENDPOINT = dynamo.endpoint;
}
