/**
 * Assertion signing (contract §5) in one of two modes:
 * - `wrapped` (default): a symmetric KMS key (rotation on) wraps P-256 key pairs that KMS generates;
 *   the SSO function may only Decrypt with it, with the encryption context, once per cold start, and
 *   signs in memory.
 * - `kms`: an ECC_NIST_P256 SIGN_VERIFY key signs every assertion; the function may only Sign with it
 *   and read its public key.
 * The key policy comes from the one builder (lambdas/adapters/kms/key-policy.ts): the account
 * administers the key only; the roles it names use it. A custom resource (lambdas/key-setup) puts the
 * first key into the key ring at deploy time; operators rotate through the `keys rotate` role.
 */
import { CustomResource, Duration, RemovalPolicy, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import { PolicyDocument, PolicyStatement, type IRole } from 'aws-cdk-lib/aws-iam';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Provider } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import {
  administrationStatement,
  ENCRYPTION_CONTEXT_CONDITION,
  keyMakerStatements,
  SIGNING_KEY_USAGE_ACTIONS,
  ssoFunctionStatements,
  type KeyPolicyStatement,
} from '../lambdas/adapters/kms/key-policy';
import { WRAPPED_KEY_CONTEXT } from '../lambdas/core/signing-keys';
import type { SigningMode } from '../lambdas/core/deployment';
import { BundledFunction } from './bundled-function';
import { KeysRotateRole } from './keys-rotate-role';
import { KEY_SETUP_ENTRY } from './sso-bundling';
import { keyRingWritersOnly, type InfoauthTables } from './tables';

export const SIGNING_MODES: readonly SigningMode[] = ['wrapped', 'kms'];

/** The mode from a context value or stack property; `wrapped` when none is given. */
export function parseSigningMode(value: unknown): SigningMode {
  if (value === undefined || value === null || value === '') return 'wrapped';
  if (SIGNING_MODES.includes(value as SigningMode)) return value as SigningMode;
  throw new Error(`infoauth:signingMode must be one of ${SIGNING_MODES.join(', ')}, not ${JSON.stringify(value)}`);
}

/** `arn:<partition>:iam::<account>:root` of the stack's account. */
export const accountRootArn = (scope: Construct): string =>
  Stack.of(scope).formatArn({ service: 'iam', region: '', resource: 'root' });

/** Adds statements of the one key-policy builder to a CDK key's policy. */
export function addKeyPolicyStatements(key: Key, statements: readonly KeyPolicyStatement[]): void {
  for (const statement of statements) key.addToResourcePolicy(PolicyStatement.fromJson(statement));
}

/**
 * What the key-setup custom resource is given besides the key: in `wrapped` mode, the encryption
 * context. Its first appearance (an upgrade from keys wrapped without it) makes CloudFormation run the
 * key setup again, which replaces a key that no longer decrypts.
 */
export function keySetupProperties(mode: SigningMode, keyArn: string, configTableName: string): Record<string, string> {
  return {
    SigningMode: mode,
    KeyId: keyArn,
    ConfigTableName: configTableName,
    ...(mode === 'wrapped' ? { WrappedKeyContext: JSON.stringify(WRAPPED_KEY_CONTEXT) } : {}),
  };
}

/** The key setup's own IAM statement: generate under the context (`wrapped`), or read the public key (`kms`). */
export function keySetupStatement(mode: SigningMode, keyArn: string): PolicyStatement {
  return mode === 'wrapped'
    ? new PolicyStatement({
        sid: 'GenerateWrappedKeyPair',
        actions: ['kms:GenerateDataKeyPairWithoutPlaintext'],
        resources: [keyArn],
        conditions: ENCRYPTION_CONTEXT_CONDITION,
      })
    : new PolicyStatement({ sid: 'ReadSigningPublicKey', actions: ['kms:GetPublicKey'], resources: [keyArn] });
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
  /** The role operators assume for `admin keys rotate`. */
  readonly keysRotate: KeysRotateRole;
  readonly firstKey: CustomResource;

  constructor(scope: Construct, id: string, props: AssertionSigningProps) {
    super(scope, id);
    this.mode = props.mode;
    const policy = PolicyDocument.fromJson({ Statement: [administrationStatement(accountRootArn(this))] });
    // Retained: the key ring in the retained configurations table refers to this key.
    this.key =
      props.mode === 'wrapped'
        ? new Key(this, 'KeyEncryptionKey', {
            description: 'Infoauth: wraps the private halves of the assertion signing keys',
            keySpec: KeySpec.SYMMETRIC_DEFAULT,
            keyUsage: KeyUsage.ENCRYPT_DECRYPT,
            enableKeyRotation: true,
            policy,
            removalPolicy: RemovalPolicy.RETAIN,
          })
        : new Key(this, 'SigningKey', {
            description: 'Infoauth: signs the assertions (ES256)',
            keySpec: KeySpec.ECC_NIST_P256,
            keyUsage: KeyUsage.SIGN_VERIFY,
            policy,
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
    this.keySetup.role.addToPrincipalPolicy(keySetupStatement(props.mode, this.key.keyArn));
    this.keysRotate = new KeysRotateRole(this, 'KeysRotate', {
      mode: props.mode,
      keyArn: this.key.keyArn,
      configs: props.tables.configs,
      audit: props.tables.audit,
    });
    addKeyPolicyStatements(
      this.key,
      keyMakerStatements(props.mode, [{ arn: this.keySetup.role.roleArn }, { arn: this.keysRotate.role.roleArn }]),
    );
    // The key ring item says which public keys the JWKS publishes: only the two key makers may write it.
    for (const statement of keyRingWritersOnly([this.keySetup.role.roleArn, this.keysRotate.role.roleArn])) {
      props.tables.configs.addToResourcePolicy(statement);
    }
    this.firstKey = new CustomResource(this, 'FirstSigningKey', {
      serviceToken: keySetupServiceToken(this, this.keySetup.function),
      resourceType: 'Custom::InfoauthSigningKeyRing',
      properties: keySetupProperties(props.mode, this.key.keyArn, props.tables.configs.tableName),
    });
    // The function's policy, and the key policy naming its role, must exist before CloudFormation calls it.
    this.firstKey.node.addDependency(this.keySetup.role, this.key);
  }

  /** What the SSO function's composition root reads to pick its signer. */
  get functionEnvironment(): Record<string, string> {
    return {
      INFOAUTH_SIGNING_MODE: this.mode,
      ...(this.mode === 'wrapped' ? { INFOAUTH_KEK_KEY_ID: this.key.keyArn } : {}),
    };
  }

  /**
   * On its one key, only what the mode needs: Decrypt with the encryption context, or Sign and
   * GetPublicKey. The key policy names the role; the role's own policy allows the same.
   */
  grantSigning(role: IRole): void {
    addKeyPolicyStatements(this.key, ssoFunctionStatements(this.mode, [{ arn: role.roleArn }]));
    role.addToPrincipalPolicy(
      this.mode === 'wrapped'
        ? new PolicyStatement({
            sid: 'UnwrapSigningKey',
            actions: ['kms:Decrypt'],
            resources: [this.key.keyArn],
            conditions: ENCRYPTION_CONTEXT_CONDITION,
          })
        : new PolicyStatement({
            sid: 'SignAssertions',
            actions: [...SIGNING_KEY_USAGE_ACTIONS],
            resources: [this.key.keyArn],
          }),
    );
  }
}

/**
 * The service token of the key setup custom resource: CDK's provider framework in front of the key setup
 * function. The framework answers CloudFormation (a success, or a failure with the function's error),
 * retries and times out, so a lost answer never leaves the stack waiting for an hour.
 */
export function keySetupServiceToken(scope: Construct, onEvent: IFunction): string {
  const provider = new Provider(scope, 'KeySetupProvider', {
    onEventHandler: onEvent,
    logGroup: new LogGroup(scope, 'KeySetupProviderLogs', {
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.DESTROY,
    }),
  });
  const onEventId = Stack.of(scope).getLogicalId(onEvent.node.defaultChild as CfnElement);
  Validations.of(provider).acknowledge(
    {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason:
        'The provider framework’s own function (aws-cdk-lib) writes its logs with the basic execution role; it touches no data or key.',
    },
    {
      id: `AwsSolutions-IAM5[Resource::<${onEventId}.Arn>:*]`,
      reason:
        'The framework invokes the key setup function, any of its versions: it is the only function it may invoke.',
    },
  );
  return provider.serviceToken;
}
