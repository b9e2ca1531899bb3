/**
 * Assertion signing (contract §5) in one of two modes:
 * - `wrapped` (default): a symmetric KMS key (rotation on) wraps P-256 key pairs that KMS generates;
 *   the SSO function may only Decrypt with it, once per cold start, and signs in memory.
 * - `kms`: an ECC_NIST_P256 SIGN_VERIFY key signs every assertion; the function may only Sign with it
 *   and read its public key.
 * A custom resource (lambdas/key-setup) puts the first key into the key ring at deploy time.
 */
import { CustomResource, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AccountRootPrincipal, PolicyDocument, PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  KEY_ADMINISTRATION_ACTIONS,
  SIGNING_KEY_USAGE_ACTIONS,
  WRAPPING_KEY_USAGE_ACTIONS,
} from '../lambdas/adapters/kms/key-policy';
import type { SigningMode } from '../tools/admin/stack-target';
import { BundledFunction } from './bundled-function';
import { KEY_SETUP_ENTRY } from './sso-bundling';
import type { InfoauthTables } from './tables';

export const SIGNING_MODES: readonly SigningMode[] = ['wrapped', 'kms'];

/** The mode from a context value or stack property; `wrapped` when none is given. */
export function parseSigningMode(value: unknown): SigningMode {
  if (value === undefined || value === null || value === '') return 'wrapped';
  if (SIGNING_MODES.includes(value as SigningMode)) return value as SigningMode;
  throw new Error(`infoauth:signingMode must be one of ${SIGNING_MODES.join(', ')}, not ${JSON.stringify(value)}`);
}

/**
 * The account administers the key and delegates the mode's cryptographic actions to IAM; the stack
 * grants those to exactly one role each. No wildcard action.
 */
function keyPolicy(usageActions: readonly string[]): PolicyDocument {
  return new PolicyDocument({
    statements: [
      new PolicyStatement({
        sid: 'AccountAdministersKeyAndDelegatesUseToIam',
        principals: [new AccountRootPrincipal()],
        actions: [...KEY_ADMINISTRATION_ACTIONS, ...usageActions],
        resources: ['*'],
      }),
    ],
  });
}

export interface AssertionSigningProps {
  readonly mode: SigningMode;
  readonly tables: InfoauthTables;
}

export class AssertionSigning extends Construct {
  readonly mode: SigningMode;
  /** The key-encryption key (`wrapped`) or the signing key (`kms`). */
  readonly key: Key;
  readonly keySetup: BundledFunction;
  readonly firstKey: CustomResource;

  constructor(scope: Construct, id: string, props: AssertionSigningProps) {
    super(scope, id);
    this.mode = props.mode;
    // Retained: the key ring in the retained configurations table refers to this key.
    this.key =
      props.mode === 'wrapped'
        ? new Key(this, 'KeyEncryptionKey', {
            description: 'Infoauth: wraps the private halves of the assertion signing keys',
            keySpec: KeySpec.SYMMETRIC_DEFAULT,
            keyUsage: KeyUsage.ENCRYPT_DECRYPT,
            enableKeyRotation: true,
            policy: keyPolicy(WRAPPING_KEY_USAGE_ACTIONS),
            removalPolicy: RemovalPolicy.RETAIN,
          })
        : new Key(this, 'SigningKey', {
            description: 'Infoauth: signs the assertions (ES256)',
            keySpec: KeySpec.ECC_NIST_P256,
            keyUsage: KeyUsage.SIGN_VERIFY,
            policy: keyPolicy(SIGNING_KEY_USAGE_ACTIONS),
            removalPolicy: RemovalPolicy.RETAIN,
          });

    this.keySetup = new BundledFunction(this, 'KeySetup', {
      entry: KEY_SETUP_ENTRY,
      description: 'Infoauth: creates the first assertion signing key at deploy',
      timeout: Duration.minutes(1),
      memorySize: 256,
      logRetention: RetentionDays.ONE_YEAR,
    });
    props.tables.grantKeyRingReadWrite(this.keySetup.role);
    this.keySetup.role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: props.mode === 'wrapped' ? 'GenerateWrappedKeyPair' : 'ReadSigningPublicKey',
        actions: [props.mode === 'wrapped' ? 'kms:GenerateDataKeyPairWithoutPlaintext' : 'kms:GetPublicKey'],
        resources: [this.key.keyArn],
      }),
    );
    this.firstKey = new CustomResource(this, 'FirstSigningKey', {
      serviceToken: this.keySetup.function.functionArn,
      resourceType: 'Custom::InfoauthSigningKeyRing',
      properties: { SigningMode: props.mode, KeyId: this.key.keyArn, ConfigTableName: props.tables.configs.tableName },
    });
    // The function's policy must exist before CloudFormation calls it.
    this.firstKey.node.addDependency(this.keySetup.role);
  }

  /** What the SSO function's composition root reads to pick its signer. */
  get functionEnvironment(): Record<string, string> {
    return {
      INFOAUTH_SIGNING_MODE: this.mode,
      ...(this.mode === 'wrapped' ? { INFOAUTH_KEK_KEY_ID: this.key.keyArn } : {}),
    };
  }

  /** On its one key, only what the mode needs: Decrypt, or Sign and GetPublicKey. */
  grantSigning(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        sid: this.mode === 'wrapped' ? 'UnwrapSigningKey' : 'SignAssertions',
        actions: this.mode === 'wrapped' ? ['kms:Decrypt'] : [...SIGNING_KEY_USAGE_ACTIONS],
        resources: [this.key.keyArn],
      }),
    );
  }
}
