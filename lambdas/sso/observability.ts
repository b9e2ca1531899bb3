/**
 * Powertools logger and metrics, set up once, and the middy chain that wires them.
 * No Powertools Tracer: it bundles the X-Ray SDK (about a third of the floor's bundle, and its load time
 * on every cold start), while Lambda's active tracing (set by the stack) already records each invocation.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit, Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { ErrorCode } from '../core/catalog';
import { METRICS } from '../core/code-routing';

export const SERVICE_NAME = 'infoauth';

export interface Observability {
  readonly logger: Logger;
  readonly metrics: Metrics;
}

export function createObservability(): Observability {
  return {
    logger: new Logger({ serviceName: SERVICE_NAME }),
    metrics: new Metrics({ namespace: METRICS.namespace, serviceName: SERVICE_NAME }),
  };
}

/** One EMF metric per SSO request: SsoSuccess, or SsoError with its ErrorCode dimension. */
export function recordOutcomeMetric(metrics: Metrics, code: ErrorCode | undefined): void {
  if (code === undefined) {
    metrics.addMetric(METRICS.success, MetricUnit.Count, 1);
    return;
  }
  metrics.addDimension(METRICS.errorCodeDimension, code);
  metrics.addMetric(METRICS.error, MetricUnit.Count, 1);
}

export type HttpHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/** Wraps a handler in the middy chain: logger context, metrics flushed after each invocation. */
export function withObservability(handler: HttpHandler, { logger, metrics }: Observability) {
  return (
    middy(handler)
      // logEvent: false overrides POWERTOOLS_LOGGER_LOG_EVENT: the event carries the client secret and the
      // token, so an operator switching event logging on for debugging must not put them in the logs.
      .use(injectLambdaContext(logger, { resetKeys: true, logEvent: false }))
      .use(logMetrics(metrics))
  );
}
