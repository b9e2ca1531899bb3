/**
 * What the operator sees of the edge. CloudFront and CLOUDFRONT-scope AWS WAF publish their metrics in
 * us-east-1, and a CloudWatch alarm watches metrics of its own region only, so:
 * - the main dashboard gets widgets that read those metrics from us-east-1 ({@link addEdgeWidgets}), and
 *   the main stack an alarm on API Gateway 5xx (its own region);
 * - the alarms on a surge of WAF blocks and on the edge's 5xx rate live in a small us-east-1 stack
 *   ({@link EdgeAlarmsStack}) with a topic of their own (output `EdgeAlarmTopicArn`).
 */
import { CfnOutput, Duration, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import type { HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  GraphWidget,
  Metric,
  TreatMissingData,
  type Dashboard,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { WAF_REGION } from './edge-waf';
import { ADMIN, API_ERRORS_WIDGET, lookFirst } from './monitoring';

const PERIOD = Duration.minutes(5);

/** Blocked requests in 5 minutes, in 2 of 3 periods, at which the surge alarm fires. */
export const WAF_BLOCK_SURGE_PER_5_MINUTES = 500;
/** The edge's 5xx rate (%) over 5 minutes, in 2 of 3 periods, at which its alarm fires. */
export const EDGE_5XX_RATE_PERCENT = 1;
/** API Gateway 5xx answers in 5 minutes at which the main stack's alarm fires. */
export const API_5XX_PER_5_MINUTES = 5;

/** The rules whose blocks the dashboard shows one by one (lib/edge-waf.ts). */
export const WAF_BLOCKING_RULES = ['RateLimitPerIp', 'BlockManagedRuleMatches'] as const;

export interface EdgeMetricsSource {
  /** The distribution's id (a token in the main stack, a value read across regions elsewhere). */
  readonly distributionId: string;
  /** The web ACL's name: its metrics' `WebACL` dimension. */
  readonly webAclName: string;
}

/**
 * AWS WAF's blocked requests for the whole web ACL (`Rule: ALL`) or one rule. `region` for a dashboard
 * elsewhere; none for an alarm, which must be in the metric's own region (us-east-1).
 */
export function wafBlockedMetric(webAclName: string, rule = 'ALL', region?: string): Metric {
  return new Metric({
    namespace: 'AWS/WAFV2',
    metricName: 'BlockedRequests',
    dimensionsMap: { WebACL: webAclName, Rule: rule },
    ...(region ? { region } : {}),
    statistic: 'Sum',
    period: PERIOD,
    label: rule === 'ALL' ? 'Blocked (all rules)' : `Blocked: ${rule}`,
  });
}

/** CloudFront's metrics of one distribution (`Region: Global`, published in us-east-1). */
export function cloudFrontMetric(
  distributionId: string,
  metricName: string,
  statistic: string,
  label: string,
  region?: string,
): Metric {
  return new Metric({
    namespace: 'AWS/CloudFront',
    metricName,
    dimensionsMap: { DistributionId: distributionId, Region: 'Global' },
    ...(region ? { region } : {}),
    statistic,
    period: PERIOD,
    label,
  });
}

/** Adds the edge's row to the dashboard: CloudFront requests and error rates, WAF blocks per rule. */
export function addEdgeWidgets(dashboard: Dashboard, source: EdgeMetricsSource, stage: HttpStage): void {
  dashboard.addWidgets(
    new GraphWidget({
      title: 'Edge (CloudFront): requests, 4xx and 5xx rate (%)',
      width: 12,
      left: [cloudFrontMetric(source.distributionId, 'Requests', 'Sum', 'Requests', WAF_REGION)],
      right: [
        cloudFrontMetric(source.distributionId, '4xxErrorRate', 'Average', '4xx rate (%)', WAF_REGION),
        cloudFrontMetric(source.distributionId, '5xxErrorRate', 'Average', '5xx rate (%)', WAF_REGION),
      ],
      rightYAxis: { min: 0 },
    }),
    new GraphWidget({
      title: 'Edge (AWS WAF): blocked requests, each a 302 to the page with 105; API 4xx/5xx',
      width: 12,
      left: [
        wafBlockedMetric(source.webAclName, 'ALL', WAF_REGION),
        ...WAF_BLOCKING_RULES.map((rule) => wafBlockedMetric(source.webAclName, rule, WAF_REGION)),
      ],
      right: [
        stage.metricClientError({ statistic: 'Sum', period: PERIOD, label: 'API 4xx' }),
        stage.metricServerError({ statistic: 'Sum', period: PERIOD, label: 'API 5xx' }),
      ],
    }),
  );
}

/** The main stack's alarm on the API's 5xx (its region): the browser saw the origin failure page. */
export function apiServerErrorAlarm(scope: Construct, stage: HttpStage, topic: ITopic): Alarm {
  const alarm = new Alarm(scope, 'ApiServerErrors', {
    alarmDescription:
      `API Gateway answered ${API_5XX_PER_5_MINUTES} or more 5xx in 5 minutes: behind the edge, people saw the hosted page with 105 (origin failure); without it, a JSON error.` +
      lookFirst([API_ERRORS_WIDGET, 'SSO function: errors, throttles, concurrency'], [`${ADMIN} find <ref>`]),
    metric: stage.metricServerError({ statistic: 'Sum', period: PERIOD }),
    threshold: API_5XX_PER_5_MINUTES,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
  alarm.addAlarmAction(new SnsAction(topic));
  return alarm;
}

export interface EdgeAlarmsStackProps extends StackProps, EdgeMetricsSource {}

/** The edge's alarms, in us-east-1 where its metrics are, with their own SNS topic. */
export class EdgeAlarmsStack extends Stack {
  readonly topic: Topic;
  readonly alarms: readonly Alarm[];

  constructor(scope: Construct, id: string, props: EdgeAlarmsStackProps) {
    super(scope, id, props);
    this.topic = new Topic(this, 'EdgeAlarmTopic', { displayName: 'Infoauth edge alarms', enforceSSL: true });
    Validations.of(this.topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'Alarm notifications carry only alarm names and states. CloudWatch cannot publish to a topic under the AWS managed SNS key, and a customer managed key for this would cost more than it protects.',
    });
    const action = new SnsAction(this.topic);
    this.alarms = [
      new Alarm(this, 'WafBlockSurge', {
        alarmDescription: `AWS WAF blocked ${WAF_BLOCK_SURGE_PER_5_MINUTES} or more requests in 5 minutes, twice in 15: a flood, or a limit too low for real traffic (each block is the hosted page with 105). See the dashboard's WAF widget for the rule.`,
        // No label and no region: an alarm renders a plain metric (the form the console shows) only so.
        metric: new Metric({
          namespace: 'AWS/WAFV2',
          metricName: 'BlockedRequests',
          dimensionsMap: { WebACL: props.webAclName, Rule: 'ALL' },
          statistic: 'Sum',
          period: PERIOD,
        }),
        threshold: WAF_BLOCK_SURGE_PER_5_MINUTES,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      new Alarm(this, 'EdgeServerErrorRate', {
        alarmDescription: `More than ${EDGE_5XX_RATE_PERCENT}% of the edge's answers were 5xx, twice in 15 minutes: the API failed or did not answer in time (people saw the hosted page with 105).`,
        metric: new Metric({
          namespace: 'AWS/CloudFront',
          metricName: '5xxErrorRate',
          dimensionsMap: { DistributionId: props.distributionId, Region: 'Global' },
          statistic: 'Average',
          period: PERIOD,
        }),
        threshold: EDGE_5XX_RATE_PERCENT,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    ];
    for (const alarm of this.alarms) alarm.addAlarmAction(action);
    new CfnOutput(this, 'EdgeAlarmTopicArn', {
      value: this.topic.topicArn,
      description: 'Subscribe here for the edge alarms (WAF block surge, edge 5xx rate)',
    });
  }
}
