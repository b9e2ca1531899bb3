/**
 * A regional stack's view of the global tables: their fixed names, their ARNs in this region (each
 * region's function uses its own replica), the SSO function's grants on them, and metric sources
 * for the region's dashboard and alarms.
 */
import { Stack } from 'aws-cdk-lib';
import { TableV2, type ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ssoFunctionTableStatements, type SsoFunctionTables, type SsoTableNames, type TableArns } from '../tables';

export class ReplicaTables extends Construct implements SsoFunctionTables {
  readonly names: SsoTableNames;
  readonly arns: TableArns;
  readonly configs: ITableV2;
  readonly features: ITableV2;
  readonly usedTokens: ITableV2;

  constructor(scope: Construct, id: string, names: SsoTableNames) {
    super(scope, id);
    this.names = { configs: names.configs, features: names.features, usedTokens: names.usedTokens };
    const arnOf = (tableName: string) =>
      Stack.of(this).formatArn({ service: 'dynamodb', resource: 'table', resourceName: tableName });
    this.arns = { configs: arnOf(names.configs), features: arnOf(names.features), usedTokens: arnOf(names.usedTokens) };
    this.configs = TableV2.fromTableName(this, 'SsoConfigs', names.configs);
    this.features = TableV2.fromTableName(this, 'FeatureSettings', names.features);
    this.usedTokens = TableV2.fromTableName(this, 'UsedTokens', names.usedTokens);
  }

  /**
   * The single-region statements, plus GetItem on the used-token table: `/health`'s strongly consistent
   * read and, after a replicated write conflict, the read that tells our own committed write from another.
   */
  grantToSsoFunction(grantee: IGrantable): void {
    const principal = grantee.grantPrincipal;
    for (const statement of ssoFunctionTableStatements(this.arns)) principal.addToPrincipalPolicy(statement);
    principal.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'ReadUsedTokensConsistently',
        actions: ['dynamodb:GetItem'],
        resources: [this.arns.usedTokens],
      }),
    );
  }
}
