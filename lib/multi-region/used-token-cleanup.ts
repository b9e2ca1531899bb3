/**
 * The scheduled job that does for the MRSC used-token table what TTL does for the single-region one:
 * EventBridge Scheduler invokes a small function every 15 minutes, which scans for records whose
 * `expiresAt` has passed and deletes each with a condition (lambdas/cleanup). Its role may only Scan
 * and DeleteItem on that table; the scheduler's role may only invoke that function.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnSchedule } from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import { BundledFunction } from '../bundled-function';
import { CLEANUP_ENTRY } from '../sso-bundling';

/** How often expired records are removed; a record outlives its expiry by at most this plus one run. */
export const CLEANUP_INTERVAL_MINUTES = 15;

export class UsedTokenCleanup extends Construct {
  readonly sweeper: BundledFunction;
  readonly schedule: CfnSchedule;

  constructor(scope: Construct, id: string, props: { readonly usedTokens: ITableV2 }) {
    super(scope, id);
    this.sweeper = new BundledFunction(this, 'Sweeper', {
      entry: CLEANUP_ENTRY,
      description: 'Infoauth: removes expired used-token records (the MRSC table has no TTL)',
      timeout: Duration.minutes(5),
      memorySize: 256,
      logRetention: RetentionDays.ONE_MONTH,
      environment: { INFOAUTH_USED_TOKEN_TABLE: props.usedTokens.tableName },
    });
    this.sweeper.role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'SweepExpiredUsedTokens',
        actions: ['dynamodb:Scan', 'dynamodb:DeleteItem'],
        resources: [props.usedTokens.tableArn],
      }),
    );
    const invoker = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'Infoauth: lets EventBridge Scheduler start the used-token cleanup',
    });
    invoker.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'InvokeCleanup',
        actions: ['lambda:InvokeFunction'],
        resources: [this.sweeper.function.functionArn],
      }),
    );
    this.schedule = new CfnSchedule(this, 'Schedule', {
      description: 'Infoauth: remove expired used-token records',
      scheduleExpression: `rate(${CLEANUP_INTERVAL_MINUTES} minutes)`,
      flexibleTimeWindow: { mode: 'OFF' },
      target: {
        arn: this.sweeper.function.functionArn,
        roleArn: invoker.roleArn,
        // A missed run is caught by the next one.
        retryPolicy: { maximumRetryAttempts: 0 },
      },
    });
  }
}
