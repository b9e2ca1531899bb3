/**
 * The SSO and JWKS function (lambdas/sso/handler.ts), with the environment its composition root reads
 * (lambdas/sso/compose.ts) and the DynamoDB and KMS permissions it needs, nothing more.
 */
import { Duration } from 'aws-cdk-lib';
import { Tracing } from 'aws-cdk-lib/aws-lambda';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { METRICS } from '../lambdas/core/catalog';
import { DEFAULT_TIMEOUTS } from '../lambdas/adapters/dynamodb/client';
import { KMS_TIMEOUTS } from '../lambdas/adapters/kms/client';
import { SECRETS_TIMEOUTS } from '../lambdas/adapters/secrets/origin-secret';
import { BundledFunction } from './bundled-function';
import type { SsoFunctionTables } from './tables';
import { SSO_ENTRY } from './sso-bundling';

/** Powertools' service name; the same as SERVICE_NAME in lambdas/sso/observability.ts (a test checks). */
export const POWERTOOLS_SERVICE_NAME = 'infoauth';

/** The longest one bounded SDK call can take: every attempt at its connection and request timeouts. */
function boundedCallMs({ connectionTimeoutMs, requestTimeoutMs, maxAttempts }: typeof DEFAULT_TIMEOUTS): number {
  return maxAttempts * (connectionTimeoutMs + requestTimeoutMs);
}

/**
 * A sign-in makes at most three DynamoDB calls (settings, key ring on a cold start, used token), at
 * most two KMS calls (Decrypt once, or GetPublicKey once and Sign) and, behind the edge, at most one
 * Secrets Manager call (the origin secret, when the read at init failed), each bounded; plus room for
 * the cold start and the SDK's retry back-off. Past this the function would time out, which API Gateway
 * turns into a 5xx; within it, every failure is a 302 with code 105.
 */
export const SSO_FUNCTION_TIMEOUT = Duration.seconds(
  Math.ceil(
    (3 * boundedCallMs(DEFAULT_TIMEOUTS) + 2 * boundedCallMs(KMS_TIMEOUTS) + boundedCallMs(SECRETS_TIMEOUTS)) / 1000,
  ) + 3,
);

export interface SsoFunctionProps {
  readonly tables: SsoFunctionTables;
  /** INFOAUTH_ISSUER, INFOAUTH_ERROR_PAGE_URL and the signing mode's settings. */
  readonly environment: Record<string, string>;
  readonly logRetention?: RetentionDays;
  readonly roleName?: string;
  readonly logGroupName?: string;
}

export class SsoFunction extends BundledFunction {
  constructor(scope: Construct, id: string, props: SsoFunctionProps) {
    super(scope, id, {
      entry: SSO_ENTRY,
      description: 'Infoauth SSO endpoint and JWKS',
      timeout: SSO_FUNCTION_TIMEOUT,
      memorySize: 512,
      tracing: Tracing.ACTIVE,
      logRetention: props.logRetention ?? RetentionDays.THREE_MONTHS,
      ...(props.roleName ? { roleName: props.roleName } : {}),
      ...(props.logGroupName ? { logGroupName: props.logGroupName } : {}),
      environment: {
        POWERTOOLS_SERVICE_NAME,
        POWERTOOLS_METRICS_NAMESPACE: METRICS.namespace,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        INFOAUTH_CONFIG_TABLE: props.tables.names.configs,
        INFOAUTH_FEATURE_TABLE: props.tables.names.features,
        INFOAUTH_USED_TOKEN_TABLE: props.tables.names.usedTokens,
        ...props.environment,
      },
    });
    props.tables.grantToSsoFunction(this.role);
  }
}
