/**
 * Puts the first assertion signing key into the key ring at deploy, as the single-region stack does
 * (lambdas/key-setup), here wrapped under the multi-Region primary key and written to the global
 * configurations table in the home region, from where it replicates.
 */
import { CustomResource, Duration } from 'aws-cdk-lib';
import type { ITableV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { BundledFunction } from '../bundled-function';
import { KeysRotateRole } from '../keys-rotate-role';
import { keySetupProperties, keySetupServiceToken, keySetupStatement } from '../signing';
import { KEY_SETUP_ENTRY } from '../sso-bundling';
import { KEY_RING_ITEM_ONLY, keyRingWritersOnly } from '../tables';

export interface KeyRingSetupProps {
  readonly key: IKey;
  readonly configs: TableV2;
  readonly audit: ITableV2;
}

/** The first key at deploy (the key-setup function) and the role operators assume for `keys rotate`. */
export class KeyRingSetup extends Construct {
  readonly keySetup: BundledFunction;
  readonly keysRotate: KeysRotateRole;
  readonly firstKey: CustomResource;

  constructor(scope: Construct, id: string, props: KeyRingSetupProps) {
    super(scope, id);
    this.keySetup = new BundledFunction(this, 'KeySetup', {
      entry: KEY_SETUP_ENTRY,
      description: 'Infoauth: creates the first assertion signing key at deploy',
      timeout: Duration.minutes(1),
      memorySize: 256,
      logRetention: RetentionDays.ONE_YEAR,
    });
    const role = this.keySetup.role;
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'ReadWriteSigningKeyRing',
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem'],
        resources: [props.configs.tableArn],
        conditions: KEY_RING_ITEM_ONLY,
      }),
    );
    role.addToPrincipalPolicy(keySetupStatement('wrapped', props.key.keyArn));
    this.keysRotate = new KeysRotateRole(this, 'KeysRotate', {
      mode: 'wrapped',
      keyArn: props.key.keyArn,
      configs: props.configs,
      audit: props.audit,
    });
    // As in one region: only these two roles may write the key ring item, in every replica.
    for (const statement of keyRingWritersOnly([role.roleArn, this.keysRotate.role.roleArn])) {
      props.configs.addToResourcePolicy(statement);
    }
    this.firstKey = new CustomResource(this, 'FirstSigningKey', {
      serviceToken: keySetupServiceToken(this, this.keySetup.function),
      resourceType: 'Custom::InfoauthSigningKeyRing',
      properties: keySetupProperties('wrapped', props.key.keyArn, props.configs.tableName),
    });
    this.firstKey.node.addDependency(role, props.key);
  }
}
