/** Powertools logger, metrics and tracer, set up once, and the middy chain that wires them. */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit, Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { METRICS, type ErrorCode } from '../core/catalog';

export const SERVICE_NAME = 'infoauth';

export interface Observability {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly tracer: Tracer;
}

export function createObservability(): Observability {
  return {
    logger: new Logger({ serviceName: SERVICE_NAME }),
    metrics: new Metrics({ namespace: METRICS.namespace, serviceName: SERVICE_NAME }),
    tracer: new Tracer({ serviceName: SERVICE_NAME }),
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

/** Wraps a handler in the middy chain: tracing, logger context, metrics flushed after each invocation. */
export function withObservability(handler: HttpHandler, { logger, metrics, tracer }: Observability) {
  return middy(handler)
    .use(captureLambdaHandler(tracer, { captureResponse: false }))
    // logEvent: false overrides POWERTOOLS_LOGGER_LOG_EVENT: the event carries the client secret and the
    // token, so an operator switching event logging on for debugging must not put them in the logs.
    .use(injectLambdaContext(logger, { resetKeys: true, logEvent: false }))
    .use(logMetrics(metrics));
}
