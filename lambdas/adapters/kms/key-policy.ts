/**
 * Key policies without wildcard actions, shared by the stack's keys and the keys `keys rotate` creates in
 * `kms` mode. The account statement lists the administration actions CloudFormation and operators need
 * (so the key can never be locked out) and delegates the key's cryptographic actions to IAM, where the
 * stack grants them to one role each.
 */

/** What administering a key takes: describe, policy, rotation, tags, enable/disable, deletion, aliases. */
export const KEY_ADMINISTRATION_ACTIONS = [
  'kms:DescribeKey',
  'kms:GetKeyPolicy',
  'kms:PutKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:EnableKeyRotation',
  'kms:DisableKeyRotation',
  'kms:ListResourceTags',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:UpdateKeyDescription',
  'kms:EnableKey',
  'kms:DisableKey',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
  'kms:CreateAlias',
  'kms:UpdateAlias',
  'kms:DeleteAlias',
  'kms:ListGrants',
  'kms:RevokeGrant',
] as const;

/** `wrapped` mode: the key-setup and `keys rotate` generate key pairs, the SSO function decrypts. */
export const WRAPPING_KEY_USAGE_ACTIONS = ['kms:GenerateDataKeyPairWithoutPlaintext', 'kms:Decrypt'] as const;

/** `kms` mode: the SSO function signs; the key-setup, `keys list` and the function read the public key. */
export const SIGNING_KEY_USAGE_ACTIONS = ['kms:Sign', 'kms:GetPublicKey'] as const;

interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Principal: { readonly AWS: string };
  readonly Action: readonly string[];
  readonly Resource: '*';
}

/**
 * The key policy of a `kms`-mode signing key created by `keys rotate`: the account administers it and
 * may read its public key; only the SSO function's role may sign with it.
 */
export function rotatedSigningKeyPolicy(accountId: string, partition: string, ssoFunctionRoleArn: string): string {
  const statements: PolicyStatement[] = [
    {
      Sid: 'AccountAdministersKey',
      Effect: 'Allow',
      Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
      Action: [...KEY_ADMINISTRATION_ACTIONS, 'kms:GetPublicKey'],
      Resource: '*',
    },
    {
      Sid: 'SsoFunctionSignsAssertions',
      Effect: 'Allow',
      Principal: { AWS: ssoFunctionRoleArn },
      Action: [...SIGNING_KEY_USAGE_ACTIONS],
      Resource: '*',
    },
  ];
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}
