/**
 * One dashboard over the three regions: each region's sign-ins and codes, the global tables'
 * replication latency (what DynamoDB publishes for the eventually consistent tables), each region's
 * used-token writes (replays refused by the condition, write latency) and the Route 53 health checks.
 * Each region's own dashboard and alarms live in its stack (lib/monitoring.ts).
 */
import { Duration } from 'aws-cdk-lib';
import { Dashboard, GraphWidget, MathExpression, Metric, TextWidget } from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { CATALOG, ERROR_CODES } from '../../lambdas/core/catalog';
import type { TableNames } from '../../lambdas/adapters/dynamodb/tables';
import { errorCodeMetric, signInMetric } from '../monitoring';

const PERIOD = Duration.minutes(5);

export interface OverviewDashboardProps {
  /** The home region first. */
  readonly regions: readonly string[];
  readonly tables: TableNames;
}

function dynamoMetric(metricName: string, region: string, dimensions: Record<string, string>, label: string) {
  return new Metric({
    namespace: 'AWS/DynamoDB',
    metricName,
    dimensionsMap: dimensions,
    region,
    period: PERIOD,
    statistic: metricName === 'ReplicationLatency' || metricName.endsWith('Latency') ? 'Average' : 'Sum',
    label,
  });
}

export class OverviewDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: OverviewDashboardProps) {
    super(scope, id);
    const [home, ...others] = props.regions;
    this.dashboard = new Dashboard(this, 'Dashboard', { defaultInterval: Duration.hours(3) });
    this.dashboard.addWidgets(
      new TextWidget({
        width: 24,
        height: 2,
        markdown: `# Infoauth in ${props.regions.join(', ')}\nHome region (configuration changes, cleanup): **${home}**. Codes: ${ERROR_CODES.map((code) => `**${code}** ${CATALOG[code].title}`).join(' · ')}. Each region's stack has its own dashboard and alarms.`,
      }),
    );
    this.dashboard.addWidgets(
      ...props.regions.map(
        (region) =>
          new GraphWidget({
            title: `${region}: sign-ins and errors per code`,
            width: 8,
            left: [signInMetric(), ...ERROR_CODES.map(errorCodeMetric)].map((metric) => metric.with({ region })),
          }),
      ),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: `Replication latency from ${home} (ms): configurations and feature settings`,
        width: 12,
        left: [props.tables.configs, props.tables.features].flatMap((tableName) =>
          others.map((receiving) =>
            dynamoMetric(
              'ReplicationLatency',
              home ?? '',
              { TableName: tableName, ReceivingRegion: receiving },
              `${tableName} → ${receiving}`,
            ),
          ),
        ),
      }),
      new GraphWidget({
        title: 'Route 53 health checks (1 healthy, 0 unhealthy)',
        width: 12,
        left: [
          new MathExpression({
            expression: `SEARCH('{AWS/Route53,HealthCheckId} MetricName="HealthCheckStatus"', 'Minimum', 60)`,
            searchRegion: 'us-east-1',
            label: '',
            period: Duration.minutes(1),
          }),
        ],
        leftYAxis: { min: 0, max: 1 },
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Used-token writes: replays refused by the condition, per region',
        width: 12,
        left: props.regions.map((region) =>
          dynamoMetric('ConditionalCheckFailedRequests', region, { TableName: props.tables.usedTokens }, region),
        ),
      }),
      new GraphWidget({
        title: 'Used-token PutItem latency (ms, MRSC: includes the quorum), per region',
        width: 12,
        left: props.regions.map((region) =>
          dynamoMetric(
            'SuccessfulRequestLatency',
            region,
            { TableName: props.tables.usedTokens, Operation: 'PutItem' },
            region,
          ),
        ),
      }),
    );
  }
}
