/**
 * The throughput phase's server: `npm start`'s HTTP server (tools/local/local-server.ts) with the real handler and the local run's
 * observability (log lines to a file), in a child process run through tsx as `npm start` runs it, over
 * the DynamoDB the environment names. Only /sso is exercised; the error page and demo app are stubs.
 * Sends `{ port }` when listening; answers `{ calls }` (DynamoDB requests so far) when asked.
 */
import { probeArgument, sendToBench } from './parent';
import { join } from 'node:path';
import { createDocumentClient } from '../../lambdas/adapters/dynamodb/client';
import { createHandler } from '../../lambdas/sso/app';
import { defaultDeps } from '../../lambdas/sso/compose';
import { createLocalObservability } from '../../tools/local/local-observability';
import { createLocalServer, type LambdaHandler } from '../../tools/local/local-server';
import { countRequests } from '../counting-transport';

function serve(): void {
  const documentClient = createDocumentClient();
  const calls = countRequests(documentClient);
  const observability = createLocalObservability(join(probeArgument(0, 'the log directory'), 'sso.log'), () => {});
  const handler = createHandler(defaultDeps(process.env, observability, documentClient)) as unknown as LambdaHandler;
  const server = createLocalServer({
    handler,
    errorPage: { files: {}, headers: {} },
    demo: async () => ({ statusCode: 404, headers: {}, body: '' }),
    onRequest: () => {},
  });
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    sendToBench({ port });
  });
  process.on('message', () => sendToBench({ calls: calls() }));
  // The bench ends the server by closing the channel (or killing it, should the bench itself die).
  process.on('disconnect', () => process.exit(0));
}

serve();
