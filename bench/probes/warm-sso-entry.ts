/** The warm probe over the SSO function's own composition root, with only the DynamoDB transport in memory. */
import { createDocumentClient } from '../../lambdas/adapters/dynamodb/client';
import { createHandler } from '../../lambdas/sso/app';
import { defaultDeps } from '../../lambdas/sso/compose';
import { localLambdaContext } from '../../tools/local/http-api-event';
import { answerInMemory } from '../in-memory-dynamo';
import { runWarmProbe } from './warm-probe';

void runWarmProbe((dynamo) => {
  const documentClient = createDocumentClient();
  answerInMemory(documentClient, dynamo);
  const handler = createHandler(defaultDeps(process.env, undefined, documentClient));
  const context = localLambdaContext('infoauth-sso-bench');
  return (event) => handler(event, context);
});
