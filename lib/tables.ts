/**
 * The four DynamoDB tables (keys from lambdas/adapters/dynamodb/tables.ts): on-demand, encrypted with
 * the AWS managed key. Configurations, feature settings and the audit trail are the operator's data:
 * point-in-time recovery, deletion protection, and kept when the stack is deleted; audit records have
 * no TTL (kept until an operator deletes them). Used token ids expire by TTL. The SSO function's role
 * gets nothing on the audit table.
 */
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { AnyPrincipal, Effect, PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import {
  AUDIT_SORT_KEY,
  PARTITION_KEY,
  SIGNING_KEY_RING_PK,
  TTL_ATTRIBUTE,
  type TableNames,
} from '../lambdas/adapters/dynamodb/tables';

/** Restricts item actions to the signing key ring's item. */
export const KEY_RING_ITEM_ONLY = { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [SIGNING_KEY_RING_PK] } };

/** The DynamoDB actions that write items by key (TransactWriteItems is authorised as these). */
export const ITEM_WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
] as const;

/** PartiQL's writes: their requests carry no `dynamodb:LeadingKeys`, so a key condition cannot limit them. */
export const PARTIQL_WRITE_ACTIONS = [
  'dynamodb:PartiQLInsert',
  'dynamodb:PartiQLUpdate',
  'dynamodb:PartiQLDelete',
] as const;

/**
 * The configurations table's resource policy that keeps the key ring item to its writers: whoever else
 * may write items of the table (an operator with `dynamodb:PutItem` on `*`, such as PowerUserAccess) is
 * denied writing `#signing-keys`, so cannot publish a signing key of their own in the JWKS; and nobody but
 * them writes through PartiQL, whose requests name no key the condition could check (nothing of Infoauth
 * uses PartiQL). An explicit deny in a resource policy wins over any identity policy of the account.
 * `Resource: *` is the table itself (a resource policy cannot name its own table without a cycle).
 */
export function keyRingWritersOnly(writerRoleArns: readonly string[]): PolicyStatement[] {
  const others = { ArnNotEquals: { 'aws:PrincipalArn': [...writerRoleArns] } };
  return [
    new PolicyStatement({
      sid: 'OnlyKeyMakersWriteTheKeyRing',
      effect: Effect.DENY,
      principals: [new AnyPrincipal()],
      actions: [...ITEM_WRITE_ACTIONS],
      resources: ['*'],
      conditions: { 'ForAnyValue:StringEquals': { 'dynamodb:LeadingKeys': [SIGNING_KEY_RING_PK] }, ...others },
    }),
    new PolicyStatement({
      sid: 'NoPartiQLWrites',
      effect: Effect.DENY,
      principals: [new AnyPrincipal()],
      actions: [...PARTIQL_WRITE_ACTIONS],
      resources: ['*'],
      conditions: others,
    }),
  ];
}

export type SsoTableNames = Pick<TableNames, 'configs' | 'features' | 'usedTokens'>;

/** What the SSO function needs of its tables: their names for its environment, and its grants. */
export interface SsoFunctionTables {
  /** The audit table is not among them: the SSO function never reaches it. */
  readonly names: SsoTableNames;
  grantToSsoFunction(grantee: IGrantable): void;
}

/** The ARNs of the three tables, as the SSO function's statements name them. */
export interface TableArns {
  readonly configs: string;
  readonly features: string;
  readonly usedTokens: string;
}

/**
 * Exactly what the SSO function does: one BatchGetItem over a configuration and feature settings,
 * GetItem of the signing key ring item only, one conditional PutItem per used token, and a DeleteItem
 * (conditioned on this attempt's id) that releases the record when signing the assertion then fails.
 */
export function ssoFunctionTableStatements(arns: TableArns): PolicyStatement[] {
  return [
    new PolicyStatement({
      sid: 'ReadSsoSettings',
      actions: ['dynamodb:BatchGetItem'],
      resources: [arns.configs, arns.features],
    }),
    new PolicyStatement({
      sid: 'ReadSigningKeyRing',
      actions: ['dynamodb:GetItem'],
      resources: [arns.configs],
      conditions: KEY_RING_ITEM_ONLY,
    }),
    new PolicyStatement({
      sid: 'RecordUsedTokens',
      actions: ['dynamodb:PutItem', 'dynamodb:DeleteItem'],
      resources: [arns.usedTokens],
    }),
  ];
}

export class InfoauthTables extends Construct implements SsoFunctionTables {
  readonly configs: Table;
  readonly features: Table;
  readonly usedTokens: Table;
  readonly audit: Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const common = {
      partitionKey: { name: PARTITION_KEY, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.AWS_MANAGED,
    };
    const operatorData = {
      ...common,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    };
    this.configs = new Table(this, 'SsoConfigs', operatorData);
    this.features = new Table(this, 'FeatureSettings', operatorData);
    this.audit = new Table(this, 'AuditTrail', {
      ...operatorData,
      sortKey: { name: AUDIT_SORT_KEY, type: AttributeType.STRING },
    });
    this.usedTokens = new Table(this, 'UsedTokens', {
      ...common,
      timeToLiveAttribute: TTL_ATTRIBUTE,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.usedTokens).acknowledge({
      id: 'AwsSolutions-DDB3',
      reason:
        'Used token ids live for minutes (TTL) and protect only tokens that expire as fast; a restore would have nothing worth restoring.',
    });
  }

  get names(): SsoTableNames {
    return {
      configs: this.configs.tableName,
      features: this.features.tableName,
      usedTokens: this.usedTokens.tableName,
    };
  }

  /** {@link ssoFunctionTableStatements} on these tables. */
  grantToSsoFunction(grantee: IGrantable): void {
    const arns = {
      configs: this.configs.tableArn,
      features: this.features.tableArn,
      usedTokens: this.usedTokens.tableArn,
    };
    for (const statement of ssoFunctionTableStatements(arns)) grantee.grantPrincipal.addToPrincipalPolicy(statement);
  }

  /** The key setup reads and writes the key ring item, and no other item (LeadingKeys condition). */
  grantKeyRingReadWrite(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'ReadWriteSigningKeyRing',
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem'],
        resources: [this.configs.tableArn],
        conditions: KEY_RING_ITEM_ONLY,
      }),
    );
  }
}
