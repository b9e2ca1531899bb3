/**
 * The key-encryption key of a multi-region deployment: one KMS multi-Region key, its primary in the
 * home region and a replica in each other region. Replicas share the key material, so the one
 * wrapped private key in the (global) key ring decrypts in every region, and `keys rotate` in the home
 * region serves all three. Each key's policy lets only its own region's SSO role decrypt.
 */
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AccountRootPrincipal, ArnPrincipal, PolicyDocument, PolicyStatement, type IRole } from 'aws-cdk-lib/aws-iam';
import { CfnReplicaKey, Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { KEY_ADMINISTRATION_ACTIONS } from '../../lambdas/adapters/kms/key-policy';

/** Administration plus what CloudFormation needs to create and manage the replicas. */
export const MULTI_REGION_KEY_ADMINISTRATION_ACTIONS = [
  ...KEY_ADMINISTRATION_ACTIONS,
  'kms:ReplicateKey',
  'kms:UpdatePrimaryRegion',
] as const;

function administration(): PolicyStatement {
  return new PolicyStatement({
    sid: 'AccountAdministersKey',
    principals: [new AccountRootPrincipal()],
    actions: [...MULTI_REGION_KEY_ADMINISTRATION_ACTIONS],
    resources: ['*'],
  });
}

export interface PrimaryWrappingKeyProps {
  /**
   * The home region's SSO role, by ARN: it is created later, in the home region's stack, and KMS refuses
   * a policy whose principal does not exist yet, so the statement names it in a condition.
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
      policy: new PolicyDocument({
        statements: [
          administration(),
          new PolicyStatement({
            sid: 'KeySetupAndOperatorsGenerateWrappedKeyPairs',
            principals: [new AccountRootPrincipal()],
            actions: ['kms:GenerateDataKeyPairWithoutPlaintext'],
            resources: ['*'],
          }),
          new PolicyStatement({
            sid: 'HomeSsoFunctionUnwrapsSigningKey',
            principals: [new AccountRootPrincipal()],
            actions: ['kms:Decrypt'],
            resources: ['*'],
            conditions: { ArnEquals: { 'aws:PrincipalArn': props.homeSsoRoleArn } },
          }),
        ],
      }),
    });
  }
}

export interface ReplicaWrappingKeyProps {
  readonly primaryKeyArn: string;
  /** This region's SSO role: the only principal that may decrypt with the replica. */
  readonly ssoRole: IRole;
}

/** A replica of the primary key in another region, in that region's stack. */
export class ReplicaWrappingKey extends Construct {
  readonly keyArn: string;

  constructor(scope: Construct, id: string, props: ReplicaWrappingKeyProps) {
    super(scope, id);
    const policy = new PolicyDocument({
      statements: [
        administration(),
        new PolicyStatement({
          sid: 'SsoFunctionUnwrapsSigningKey',
          principals: [new ArnPrincipal(props.ssoRole.roleArn)],
          actions: ['kms:Decrypt'],
          resources: ['*'],
        }),
      ],
    });
    const replica = new CfnReplicaKey(this, 'Key', {
      primaryKeyArn: props.primaryKeyArn,
      description: `Infoauth: replica of the signing-key wrapping key in ${Stack.of(this).region}`,
      keyPolicy: policy.toJSON() as unknown,
    });
    replica.applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.keyArn = replica.attrArn;
  }
}
