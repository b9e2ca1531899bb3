/**
 * The key-encryption key of a multi-region deployment: one KMS multi-Region key, its primary in the
 * home region and a replica in each other region. Replicas share the key material, so the one
 * wrapped private key in the (global) key ring decrypts in every region, and `keys rotate` in the home
 * region serves all three. The policies come from the single-region stack's builder: the account
 * administers only; each key's Decrypt (with the encryption context) goes to its own region's SSO role;
 * key-pair generation, on the primary only, to the key setup and the `keys rotate` role.
 */
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyDocument, type IRole } from 'aws-cdk-lib/aws-iam';
import { CfnReplicaKey, Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import {
  administrationStatement,
  assertionKeyPolicy,
  keyMakerStatements,
  ssoFunctionStatements,
} from '../../lambdas/adapters/kms/key-policy';
import { accountRootArn, addKeyPolicyStatements } from '../signing';

export interface PrimaryWrappingKeyProps {
  /**
   * The home region's SSO role, by ARN: it is created later, in the home region's stack, and KMS refuses
   * a policy whose principal does not exist yet, so the statement names it in an `aws:PrincipalArn`
   * condition (that role only; no IAM policy can extend it).
   */
  readonly homeSsoRoleArn: string;
}

/** The primary key, in the home region's shared stack. */
export class PrimaryWrappingKey extends Construct {
  readonly key: Key;

  constructor(scope: Construct, id: string, props: PrimaryWrappingKeyProps) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      description: 'Infoauth: wraps the private halves of the assertion signing keys (multi-Region primary)',
      keySpec: KeySpec.SYMMETRIC_DEFAULT,
      keyUsage: KeyUsage.ENCRYPT_DECRYPT,
      multiRegion: true,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
      policy: PolicyDocument.fromJson({
        Statement: [
          administrationStatement(accountRootArn(this), true),
          ...ssoFunctionStatements('wrapped', [{ arn: props.homeSsoRoleArn, createdLater: true }]),
        ],
      }),
    });
  }

  /** The key setup and the `keys rotate` role generate wrapped key pairs (with the encryption context). */
  allowKeyMakers(roles: readonly IRole[]): void {
    addKeyPolicyStatements(
      this.key,
      keyMakerStatements(
        'wrapped',
        roles.map((role) => ({ arn: role.roleArn })),
      ),
    );
  }
}

export interface ReplicaWrappingKeyProps {
  readonly primaryKeyArn: string;
  /** This region's SSO role: the only principal that may decrypt with the replica. */
  readonly ssoRole: IRole;
}

/** A replica of the primary key in another region, in that region's stack. Nothing generates with it. */
export class ReplicaWrappingKey extends Construct {
  readonly keyArn: string;

  constructor(scope: Construct, id: string, props: ReplicaWrappingKeyProps) {
    super(scope, id);
    const policy = assertionKeyPolicy({
      mode: 'wrapped',
      accountRootArn: accountRootArn(this),
      multiRegion: true,
      ssoRoles: [{ arn: props.ssoRole.roleArn }],
      keyMakers: [],
    });
    const replica = new CfnReplicaKey(this, 'Key', {
      primaryKeyArn: props.primaryKeyArn,
      description: `Infoauth: replica of the signing-key wrapping key in ${Stack.of(this).region}`,
      keyPolicy: policy,
    });
    replica.applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.keyArn = replica.attrArn;
  }
}
