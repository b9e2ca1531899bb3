/**
 * The scheduled cleanup of the multi-Region used-token table (EventBridge Scheduler invokes it): one
 * sweep of expired records, stopped early when the function's time runs short, its counts logged.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import type { ExpiredTokenSweeper, SweepResult } from '../adapters/dynamodb/expired-token-sweeper';

/** Time left to the function below which no new page is started (a page's deletes take well under it). */
export const STOP_MARGIN_MS = 30_000;

export interface CleanupDeps {
  readonly sweeper: Pick<ExpiredTokenSweeper, 'sweep'>;
  readonly clock: () => Date;
  readonly logger: Pick<Logger, 'info'>;
}

export function createCleanupHandler(deps: CleanupDeps) {
  return async (_event: unknown, context: Pick<Context, 'getRemainingTimeInMillis'>): Promise<SweepResult> => {
    const nowSeconds = Math.floor(deps.clock().getTime() / 1000);
    const result = await deps.sweeper.sweep({
      nowSeconds,
      mayContinue: () => context.getRemainingTimeInMillis() > STOP_MARGIN_MS,
    });
    deps.logger.info('expired used tokens removed', { ...result, nowSeconds });
    return result;
  };
}
