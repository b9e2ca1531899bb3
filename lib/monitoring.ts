/**
 * The dashboard and alarms, built from the error catalog (lambdas/core/catalog.ts): one line per error
 * code and one for sign-ins, the success rate, latency, the function's health and DynamoDB throttling,
 * who is failing (Contributor Insights: top clients per code, top source IPs of 101/102) and the API's
 * 4xx/5xx; alarms on the rate of 105 (our own failures), a surge of 102 or 103, API 4xx/5xx, function
 * errors and throttles, to one SNS topic. Each alarm's description says where to look first.
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
import {
  clientsWidgetTitle,
  FailingContributors,
  SOURCE_IP_CODES,
  SOURCE_IPS_WIDGET_TITLE,
} from './contributor-insights';
import type { SsoFunction } from './sso-function';
import { POWERTOOLS_SERVICE_NAME } from './sso-function';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';

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
/** Refusals of one code in five minutes that make a surge: a client's integration broke, or someone guesses. */
export const SURGE_THRESHOLDS: Readonly<Partial<Record<ErrorCode, number>>> = { '102': 50, '103': 50 };
/** API answers with a 4xx in five minutes (every SSO answer is a 302: 4xx are throttling, scanners, limits). */
export const API_4XX_THRESHOLD = 100;

export const ADMIN = 'npm run --silent admin --';
const RECENT_REFUSALS_WIDGET = 'Recent refusals by code (ref, reason, client)';
export const API_ERRORS_WIDGET = 'API 4xx/5xx (access log: status, route, source IP)';

/** Where to look first, as one sentence for an alarm's description. */
export function lookFirst(widgets: readonly string[], commands: readonly string[]): string {
  return ` Look first at the dashboard widgets ${widgets.map((title) => `"${title}"`).join(', ')}; then ${commands.map((command) => `\`${command}\``).join(', ')}.`;
}

export interface MonitoringProps {
  readonly sso: SsoFunction;
  readonly api: SsoApi;
  readonly tables: { readonly configs: ITable; readonly features: ITable; readonly usedTokens: ITable };
}

export class InfoauthMonitoring extends Construct {
  readonly topic: Topic;
  readonly dashboard: Dashboard;
  readonly alarms: readonly Alarm[];
  readonly contributors: FailingContributors;

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

    this.contributors = new FailingContributors(this, 'WhoIsFailing', { logGroup: props.sso.logGroup });
    const stage = props.api.stage;

    const alarmAction = new SnsAction(this.topic);
    const surges = Object.entries(SURGE_THRESHOLDS).map(
      ([code, threshold]) =>
        new Alarm(this, `Surge${code}`, {
          alarmDescription:
            `At least ${threshold} SSO requests ended in ${code} (${CATALOG[code as ErrorCode].title}) in 5 minutes: ` +
            `${code === '102' ? 'someone guessing secrets, or a client using an old or rotated secret' : "a client's integration broke (keys, claims, clock)"}.` +
            lookFirst(
              [
                clientsWidgetTitle(code as ErrorCode),
                ...(code === '102' ? [SOURCE_IPS_WIDGET_TITLE] : []),
                RECENT_REFUSALS_WIDGET,
              ],
              [`${ADMIN} explain ${code}`, `${ADMIN} find <ref>`, `${ADMIN} audit --client-id <id> --since 24h`],
            ),
          metric: errorCodeMetric(code as ErrorCode),
          threshold,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
    );
    const alarms = [
      new Alarm(this, 'UnexpectedFailureRate', {
        alarmDescription:
          `More than ${ALARM_105_RATE_PERCENT}% of SSO requests end in 105 (${CATALOG['105'].title}).` +
          lookFirst(
            [RECENT_REFUSALS_WIDGET, 'DynamoDB throttled events', clientsWidgetTitle('105')],
            [`${ADMIN} find <ref>`, `${ADMIN} explain 105`],
          ),
        metric: rate105,
        threshold: ALARM_105_RATE_PERCENT,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      new Alarm(this, 'FunctionErrors', {
        alarmDescription:
          'The SSO function failed (crash or timeout): browsers may have seen a 5xx instead of a 302.' +
          lookFirst(
            ['SSO function: errors, throttles, concurrency', API_ERRORS_WIDGET],
            [`${ADMIN} find <ref>`, `${ADMIN} explain 105`],
          ),
        metric: fn.metricErrors({ period: PERIOD, statistic: 'Sum' }),
        threshold: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      new Alarm(this, 'FunctionThrottles', {
        alarmDescription:
          'The SSO function was throttled (account concurrency): sign-ins were refused by Lambda.' +
          lookFirst(['SSO function: errors, throttles, concurrency', API_ERRORS_WIDGET], [`${ADMIN} explain 105`]),
        metric: fn.metricThrottles({ period: PERIOD, statistic: 'Sum' }),
        threshold: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      ...surges,
      new Alarm(this, 'ApiClientErrors', {
        alarmDescription:
          `The API answered with at least ${API_4XX_THRESHOLD} 4xx in 5 minutes in 2 of 3 periods: 429 is the stage's throttling ` +
          '(rate limit reached), 404 paths that do not exist (scanners), 413 bodies too large.' +
          lookFirst([API_ERRORS_WIDGET, 'Latency (ms): API p50/p99, function p50/p99'], [`${ADMIN} explain 105`]),
        metric: stage.metricClientError({ period: PERIOD, statistic: 'Sum' }),
        threshold: API_4XX_THRESHOLD,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
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
      new TextWidget({
        width: 24,
        height: 2,
        markdown: `## Who is failing\nContributor Insights over the SSO log: the clients (client id, CID) with the most refusals of each code, and the source IPs of ${SOURCE_IP_CODES.join(' and ')}. \`${ADMIN} audit --client-id <id>\` shows what changed for a client; \`${ADMIN} find <ref>\` shows one request and the changes of the hour before it.`,
      }),
    );
    this.dashboard.addWidgets(...this.contributors.widgets);
    this.dashboard.addWidgets(
      new LogQueryWidget({
        title: RECENT_REFUSALS_WIDGET,
        width: 12,
        logGroupNames: [props.sso.logGroup.logGroupName],
        queryLines: [
          'fields @timestamp, code, ref, reason, clientId, cid, sourceIp',
          'filter outcome = "refused"',
          'sort @timestamp desc',
          'limit 50',
        ],
      }),
      new LogQueryWidget({
        title: API_ERRORS_WIDGET,
        width: 12,
        logGroupNames: [props.api.accessLogs.logGroupName],
        queryLines: [
          'fields @timestamp, status, routeKey, path, sourceIp, integrationError',
          'filter status >= 400',
          'sort @timestamp desc',
          'limit 50',
        ],
      }),
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
