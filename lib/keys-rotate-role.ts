/**
 * The role an operator assumes for `admin keys rotate` (and `keys list`): trusted by the account, so
 * any principal the account lets call sts:AssumeRole on it can take it, and with exactly what a
 * rotation does: read the stack's outputs, read and write the key ring item with its audit record, and
 * make the new key: generate a wrapped key pair under the encryption context (`wrapped`), or create a
 * KMS signing key tagged with the stack (`kms`). The key policies name this role; nothing else the
 * account has may generate key pairs with the key.
 */
import { Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { AccountRootPrincipal, PolicyStatement, Role } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ENCRYPTION_CONTEXT_CONDITION, STACK_TAG } from '../lambdas/adapters/kms/key-policy';
import type { SigningMode } from '../lambdas/core/deployment';
import { KEY_RING_ITEM_ONLY } from './tables';

export interface KeysRotateRoleProps {
  readonly mode: SigningMode;
  /** The key-encryption key (`wrapped`); unused in `kms` mode, where each rotation creates a key. */
  readonly keyArn: string;
  readonly configs: Pick<ITableV2, 'tableArn'>;
  readonly audit: Pick<ITableV2, 'tableArn'>;
}

export class KeysRotateRole extends Construct {
  readonly role: Role;

  constructor(scope: Construct, id: string, props: KeysRotateRoleProps) {
    super(scope, id);
    const stack = Stack.of(this);
    // The stack whose outputs the CLI reads (the shared stack, in a multi-region deployment).
    const stackName = stack.stackName;
    this.role = new Role(this, 'Role', {
      assumedBy: new AccountRootPrincipal(),
      description: 'Infoauth: assume it to run admin keys rotate (the key policy names this role)',
      maxSessionDuration: Duration.hours(1),
    });
    const allow = (statement: PolicyStatement) => this.role.addToPrincipalPolicy(statement);
    allow(
      new PolicyStatement({
        sid: 'ReadStackOutputs',
        actions: ['cloudformation:DescribeStacks'],
        resources: [stack.stackId],
      }),
    );
    allow(
      new PolicyStatement({
        sid: 'ReadWriteSigningKeyRing',
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem'],
        resources: [props.configs.tableArn],
        conditions: KEY_RING_ITEM_ONLY,
      }),
    );
    allow(
      new PolicyStatement({
        sid: 'WriteAuditRecord',
        actions: ['dynamodb:PutItem'],
        resources: [props.audit.tableArn],
      }),
    );
    if (props.mode === 'wrapped') {
      allow(
        new PolicyStatement({
          sid: 'GenerateWrappedKeyPair',
          actions: ['kms:GenerateDataKeyPairWithoutPlaintext'],
          resources: [props.keyArn],
          conditions: ENCRYPTION_CONTEXT_CONDITION,
        }),
      );
      return;
    }
    const newKeyTag = {
      StringEquals: { [`aws:RequestTag/${STACK_TAG}`]: stackName },
      'ForAllValues:StringEquals': { 'aws:TagKeys': [STACK_TAG] },
    };
    allow(
      new PolicyStatement({
        sid: 'CreateSigningKey',
        actions: ['kms:CreateKey'],
        resources: ['*'],
        conditions: {
          ...newKeyTag,
          StringEquals: { ...newKeyTag.StringEquals, 'kms:KeySpec': 'ECC_NIST_P256', 'kms:KeyUsage': 'SIGN_VERIFY' },
        },
      }),
    );
    allow(
      new PolicyStatement({
        sid: 'TagNewSigningKey',
        actions: ['kms:TagResource'],
        resources: ['*'],
        conditions: newKeyTag,
      }),
    );
    // KMS creates a key only if its policy lets the caller put a policy later (the lockout safety check):
    // the account statement delegates that to IAM, and here it is, for this stack's signing keys only.
    allow(
      new PolicyStatement({
        sid: 'KeepNewSigningKeyManageable',
        actions: ['kms:PutKeyPolicy'],
        resources: [stack.formatArn({ service: 'kms', resource: 'key', resourceName: '*' })],
        conditions: { StringEquals: { [`aws:ResourceTag/${STACK_TAG}`]: stackName } },
      }),
    );
    // cdk-nag names the key ARN pattern as the template has it: literal region and account, or their pseudo parameters.
    const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
    const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
    Validations.of(this.role).acknowledge(
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'kms:CreateKey and the kms:TagResource of the key being created have no resource yet; both are conditioned on the key spec and usage and on the stack tag.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:kms:${region}:${account}:key/*]`,
        reason:
          'kms:PutKeyPolicy only on keys tagged with this stack (the signing keys keys rotate created), for the KMS lockout safety check of CreateKey.',
      },
    );
  }
}
