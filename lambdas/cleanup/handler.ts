/** The Lambda entry point of the scheduled used-token cleanup (multi-region deployments). */
import { Logger } from '@aws-lambda-powertools/logger';
import { createDocumentClient } from '../adapters/dynamodb/client';
import { ExpiredTokenSweeper } from '../adapters/dynamodb/expired-token-sweeper';
import { createCleanupHandler } from './app';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} must be set`);
  return value;
}

export const handler = createCleanupHandler({
  // The sweep makes many small calls: a longer request timeout than a sign-in's, the same few attempts.
  sweeper: new ExpiredTokenSweeper(
    createDocumentClient({ requestTimeoutMs: 5_000 }),
    required('INFOAUTH_USED_TOKEN_TABLE'),
  ),
  clock: () => new Date(),
  logger: new Logger({ serviceName: 'infoauth-cleanup' }),
});
