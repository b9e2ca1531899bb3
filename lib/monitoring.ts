/**
 * The dashboard and alarms, built from the error catalog (lambdas/core/catalog.ts): one line per error
 * code and one for sign-ins, the success rate, latency, the function's health and DynamoDB throttling;
 * alarms on the rate of 105 (our own failures), function errors and throttles, to one SNS topic.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  LogQueryWidget,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { CATALOG, ERROR_CODES, METRICS, type ErrorCode } from '../lambdas/core/catalog';
import type { SsoApi } from './api';
import type { SsoFunction } from './sso-function';
import { POWERTOOLS_SERVICE_NAME } from './sso-function';
import type { InfoauthTables } from './tables';

const PERIOD = Duration.minutes(5);

/** Powertools adds the service as a dimension to every metric it emits. */
export function signInMetric(): Metric {
  return new Metric({
    namespace: METRICS.namespace,
    metricName: METRICS.success,
    dimensionsMap: { service: POWERTOOLS_SERVICE_NAME },
    statistic: 'Sum',
    period: PERIOD,
    label: 'Signed in',
  });
}

export function errorCodeMetric(code: ErrorCode): Metric {
  return new Metric({
    namespace: METRICS.namespace,
    metricName: METRICS.error,
    dimensionsMap: { service: POWERTOOLS_SERVICE_NAME, [METRICS.errorCodeDimension]: code },
    statistic: 'Sum',
    period: PERIOD,
    label: `${code} ${CATALOG[code].title}`,
  });
}

/** Metric math ids for the outcomes: `ok` and `e101`..`e106`. */
function outcomeMetrics(): Record<string, IMetric> {
  return Object.fromEntries([
    ['ok', signInMetric()],
    ...ERROR_CODES.map((code) => [`e${code}`, errorCodeMetric(code)] as const),
  ]);
}

/** Every SSO request ends in exactly one of the outcomes. */
const TOTAL_REQUESTS = `(FILL(ok, 0) + ${ERROR_CODES.map((code) => `FILL(e${code}, 0)`).join(' + ')})`;

/** Below this many requests in a period the 105 rate is not judged (one failure in three is noise). */
export const MIN_REQUESTS_FOR_105_RATE = 10;
/** Percent of SSO requests that end in 105 at which the alarm fires. */
export const ALARM_105_RATE_PERCENT = 5;

export interface MonitoringProps {
  readonly sso: SsoFunction;
  readonly api: SsoApi;
  readonly tables: InfoauthTables;
}

export class InfoauthMonitoring extends Construct {
  readonly topic: Topic;
  readonly dashboard: Dashboard;
  readonly alarms: readonly Alarm[];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.topic = new Topic(this, 'AlarmTopic', { displayName: 'Infoauth alarms', enforceSSL: true });
    Validations.of(this.topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'Alarm notifications carry only alarm names and states. CloudWatch cannot publish to a topic under the AWS managed SNS key, and a customer managed key for this would cost more than it protects.',
    });

    const fn = props.sso.function;
    const successRate = new MathExpression({
      expression: `100 * FILL(ok, 0) / ${TOTAL_REQUESTS}`,
      usingMetrics: outcomeMetrics(),
      label: 'Success rate (%)',
      period: PERIOD,
    });
    const rate105 = new MathExpression({
      expression: `IF(${TOTAL_REQUESTS} >= ${MIN_REQUESTS_FOR_105_RATE}, 100 * FILL(e105, 0) / ${TOTAL_REQUESTS}, 0)`,
      usingMetrics: outcomeMetrics(),
      label: '105 rate (%)',
      period: PERIOD,
    });

    const alarmAction = new SnsAction(this.topic);
    const alarms = [
      new Alarm(this, 'UnexpectedFailureRate', {
        alarmDescription: `More than ${ALARM_105_RATE_PERCENT}% of SSO requests end in 105 (${CATALOG['105'].title}). Find the refs: dashboard, "Recent 105".`,
        metric: rate105,
        threshold: ALARM_105_RATE_PERCENT,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      new Alarm(this, 'FunctionErrors', {
        alarmDescription: 'The SSO function failed (crash or timeout): browsers may have seen a 5xx instead of a 302.',
        metric: fn.metricErrors({ period: PERIOD, statistic: 'Sum' }),
        threshold: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      new Alarm(this, 'FunctionThrottles', {
        alarmDescription: 'The SSO function was throttled (account concurrency): sign-ins were refused by Lambda.',
        metric: fn.metricThrottles({ period: PERIOD, statistic: 'Sum' }),
        threshold: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    ];
    for (const alarm of alarms) alarm.addAlarmAction(alarmAction);
    this.alarms = alarms;

    this.dashboard = new Dashboard(this, 'Dashboard', { defaultInterval: Duration.hours(3) });
    this.dashboard.addWidgets(
      new TextWidget({
        width: 24,
        height: 2,
        markdown: `# Infoauth SSO\nEvery SSO request ends in a sign-in or one error code: ${ERROR_CODES.map((code) => `**${code}** ${CATALOG[code].title}`).join(' · ')}. \`npm run --silent admin -- explain <code>\` says more; \`admin find <ref>\` finds one request.`,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Sign-ins and errors per code',
        width: 12,
        left: [signInMetric(), ...ERROR_CODES.map(errorCodeMetric)],
      }),
      new GraphWidget({
        title: 'Success rate and 105 rate (%)',
        width: 12,
        left: [successRate, rate105],
        leftYAxis: { min: 0, max: 100 },
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Latency (ms): API p50/p99, function p50/p99',
        width: 12,
        left: [
          props.api.stage.metricLatency({ statistic: 'p50', period: PERIOD, label: 'API p50' }),
          props.api.stage.metricLatency({ statistic: 'p99', period: PERIOD, label: 'API p99' }),
          fn.metricDuration({ statistic: 'p50', period: PERIOD, label: 'Function p50' }),
          fn.metricDuration({ statistic: 'p99', period: PERIOD, label: 'Function p99' }),
        ],
      }),
      new GraphWidget({
        title: 'SSO function: errors, throttles, concurrency',
        width: 12,
        left: [
          fn.metricErrors({ statistic: 'Sum', period: PERIOD, label: 'Errors' }),
          fn.metricThrottles({ statistic: 'Sum', period: PERIOD, label: 'Throttles' }),
        ],
        right: [fn.metric('ConcurrentExecutions', { statistic: 'Maximum', period: PERIOD, label: 'Concurrency' })],
      }),
    );
    const tables = [
      ['configurations', props.tables.configs],
      ['feature settings', props.tables.features],
      ['used tokens', props.tables.usedTokens],
    ] as const;
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'DynamoDB throttled events',
        width: 12,
        left: tables.flatMap(([name, table]) => [
          table.metric('ReadThrottleEvents', { statistic: 'Sum', period: PERIOD, label: `${name}: reads` }),
          table.metric('WriteThrottleEvents', { statistic: 'Sum', period: PERIOD, label: `${name}: writes` }),
        ]),
      }),
      new AlarmStatusWidget({ title: 'Alarms', width: 12, alarms }),
    );
    this.dashboard.addWidgets(
      new LogQueryWidget({
        title: 'Recent 105 (find a ref: replace the filter with ref = "<ref>")',
        width: 24,
        logGroupNames: [props.sso.logGroup.logGroupName],
        queryLines: [
          'fields @timestamp, ref, code, reason, clientId, cid, error.message',
          'filter code = "105"',
          'sort @timestamp desc',
          'limit 50',
        ],
      }),
    );
  }
}
