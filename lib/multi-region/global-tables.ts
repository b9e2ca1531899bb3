/**
 * The three tables as DynamoDB global tables over the three regions, created once in the home region:
 * - configurations, feature settings and the audit trail: multi-Region eventual consistency (the
 *   default), written by the admin CLI in the home region (a change and its audit record in one
 *   transaction there), read in every region; the operator's data, so point-in-time recovery,
 *   deletion protection, retained;
 * - used tokens: multi-Region strong consistency (MRSC) with three replicas, so the conditional write
 *   of a jti sees every region's writes. MRSC tables have no TTL: the cleanup job removes expired records.
 */
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AttributeType, Billing, MultiRegionConsistency, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { AUDIT_SORT_KEY, PARTITION_KEY, type TableNames } from '../../lambdas/adapters/dynamodb/tables';

export interface GlobalTablesProps {
  readonly names: TableNames;
  /** The two regions besides the stack's own. */
  readonly replicaRegions: readonly string[];
}

export class GlobalTables extends Construct {
  readonly configs: TableV2;
  readonly features: TableV2;
  readonly usedTokens: TableV2;
  readonly audit: TableV2;

  constructor(scope: Construct, id: string, props: GlobalTablesProps) {
    super(scope, id);
    const replicas = props.replicaRegions.map((region) => ({ region }));
    const common = {
      partitionKey: { name: PARTITION_KEY, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      encryption: TableEncryptionV2.awsManagedKey(),
      replicas,
    };
    const operatorData = {
      ...common,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    };
    this.configs = new TableV2(this, 'SsoConfigs', { ...operatorData, tableName: props.names.configs });
    this.features = new TableV2(this, 'FeatureSettings', { ...operatorData, tableName: props.names.features });
    this.audit = new TableV2(this, 'AuditTrail', {
      ...operatorData,
      tableName: props.names.audit,
      sortKey: { name: AUDIT_SORT_KEY, type: AttributeType.STRING },
    });
    this.usedTokens = new TableV2(this, 'UsedTokens', {
      ...common,
      tableName: props.names.usedTokens,
      multiRegionConsistency: MultiRegionConsistency.STRONG,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.usedTokens).acknowledge({
      id: 'AwsSolutions-DDB3',
      reason:
        'Used token ids live for minutes and protect only tokens that expire as fast; a restore would have nothing worth restoring.',
    });
  }
}
