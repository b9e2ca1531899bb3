/**
 * The key policy of every assertion signing key, built in one place for the single-region stack (both
 * modes), the three-region primary and replica keys, and the KMS keys that `keys rotate` creates in
 * `kms` mode. The account administers the key and nothing more: no statement lets the account root
 * (and so any IAM policy, such as PowerUserAccess's `kms:*` on `*`) decrypt, sign or generate. Each
 * use goes to roles named in the policy: the SSO function's role decrypts the wrapped key (only with
 * the encryption context) or signs; the key-setup and `keys rotate` roles generate key pairs (with the
 * context) or read the public key. No wildcard action. No CDK import: the admin CLI uses it too.
 */
import { WRAPPED_KEY_CONTEXT } from '../../core/signing-keys';

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

/** Administration of a multi-Region key also creates and manages its replicas. */
export const MULTI_REGION_KEY_ADMINISTRATION_ACTIONS = [
  ...KEY_ADMINISTRATION_ACTIONS,
  'kms:ReplicateKey',
  'kms:UpdatePrimaryRegion',
] as const;

/** `kms` mode: what the SSO function does with the signing key (GetPublicKey checks the published key). */
export const SIGNING_KEY_USAGE_ACTIONS = ['kms:Sign', 'kms:GetPublicKey'] as const;

/** The tag `keys rotate` puts on each KMS signing key it creates (`kms` mode); its value is the stack name. */
export const STACK_TAG = 'infoauth:stack';

/** The condition every use of a wrapping key carries: the encryption context the calls pass. */
export const ENCRYPTION_CONTEXT_CONDITION = {
  StringEquals: Object.fromEntries(
    Object.entries(WRAPPED_KEY_CONTEXT).map(([name, value]) => [`kms:EncryptionContext:${name}`, value]),
  ),
};

/** `kms` mode: KMS signs only what the entry signer sends, an ES256 digest. */
const SIGNING_CONDITION = { StringEquals: { 'kms:SigningAlgorithm': 'ECDSA_SHA_256', 'kms:MessageType': 'DIGEST' } };

/**
 * A role the policy names. `createdLater`: the role is created after the key (in another stack); KMS
 * refuses a policy naming a principal that does not exist, so the statement names it in an
 * `aws:PrincipalArn` condition instead (still that one role, never delegated to IAM policies).
 */
export interface KeyUser {
  readonly arn: string;
  readonly createdLater?: boolean;
}

export interface KeyPolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Principal: { readonly AWS: string | readonly string[] } | '*';
  readonly Action: string | readonly string[];
  readonly Resource: '*';
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

export interface KeyPolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly KeyPolicyStatement[];
}

export interface AssertionKeyPolicyInput {
  readonly mode: 'wrapped' | 'kms';
  /** `arn:<partition>:iam::<account>:root`. */
  readonly accountRootArn: string;
  readonly multiRegion?: boolean;
  /** The SSO function's role(s): Decrypt with the context (`wrapped`), Sign and GetPublicKey (`kms`). */
  readonly ssoRoles: readonly KeyUser[];
  /** The key-setup and `keys rotate` roles: GenerateDataKeyPairWithoutPlaintext (`wrapped`), GetPublicKey (`kms`). */
  readonly keyMakers: readonly KeyUser[];
}

const one = <T>(values: readonly T[]): T | readonly T[] => (values.length === 1 ? (values[0] as T) : values);

/** The account administers the key: nothing else. */
export function administrationStatement(accountRootArn: string, multiRegion = false): KeyPolicyStatement {
  return {
    Sid: 'AccountAdministersKeyOnly',
    Effect: 'Allow',
    Principal: { AWS: accountRootArn },
    Action: [...(multiRegion ? MULTI_REGION_KEY_ADMINISTRATION_ACTIONS : KEY_ADMINISTRATION_ACTIONS)],
    Resource: '*',
  };
}

/** One statement for the roles that exist, one for those created later; none for an empty list. */
function statementsFor(
  sid: string,
  users: readonly KeyUser[],
  actions: readonly string[],
  condition: Record<string, Record<string, string>> | undefined,
): KeyPolicyStatement[] {
  const existing = users.filter((user) => !user.createdLater).map((user) => user.arn);
  const later = users.filter((user) => user.createdLater).map((user) => user.arn);
  const base = { Effect: 'Allow', Action: one(actions), Resource: '*' } as const;
  const statements: KeyPolicyStatement[] = [];
  if (existing.length > 0) {
    statements.push({
      Sid: sid,
      ...base,
      Principal: { AWS: one(existing) },
      ...(condition ? { Condition: condition } : {}),
    });
  }
  if (later.length > 0) {
    statements.push({
      Sid: `${sid}ByArn`,
      ...base,
      Principal: '*',
      Condition: { ...condition, ArnEquals: { 'aws:PrincipalArn': one(later) } },
    });
  }
  return statements;
}

/** What the SSO function's role may do with the key in `mode`. */
export function ssoFunctionStatements(mode: 'wrapped' | 'kms', ssoRoles: readonly KeyUser[]): KeyPolicyStatement[] {
  return mode === 'wrapped'
    ? statementsFor('SsoFunctionUnwrapsSigningKey', ssoRoles, ['kms:Decrypt'], ENCRYPTION_CONTEXT_CONDITION)
    : [
        ...statementsFor('SsoFunctionSignsAssertions', ssoRoles, ['kms:Sign'], SIGNING_CONDITION),
        ...statementsFor('SsoFunctionReadsPublicKey', ssoRoles, ['kms:GetPublicKey'], undefined),
      ];
}

/** What the key-setup and `keys rotate` roles may do with the key in `mode`. */
export function keyMakerStatements(mode: 'wrapped' | 'kms', keyMakers: readonly KeyUser[]): KeyPolicyStatement[] {
  return mode === 'wrapped'
    ? statementsFor(
        'KeySetupAndRotationGenerateKeyPairs',
        keyMakers,
        ['kms:GenerateDataKeyPairWithoutPlaintext'],
        ENCRYPTION_CONTEXT_CONDITION,
      )
    : statementsFor('KeySetupAndRotationReadPublicKey', keyMakers, ['kms:GetPublicKey'], undefined);
}

/**
 * The whole policy of one assertion signing key.
 *
 * @example
 * // the policy of a KMS signing key created by `keys rotate`
 * JSON.stringify(assertionKeyPolicy({ mode: 'kms', accountRootArn, ssoRoles: [{ arn: ssoRoleArn }], keyMakers: [{ arn: rotateRoleArn }] }))
 */
export function assertionKeyPolicy(input: AssertionKeyPolicyInput): KeyPolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      administrationStatement(input.accountRootArn, input.multiRegion),
      ...ssoFunctionStatements(input.mode, input.ssoRoles),
      ...keyMakerStatements(input.mode, input.keyMakers),
    ],
  };
}

/** `arn:<partition>:iam::<account>:root` of the account a role ARN belongs to. */
export function accountRootOf(roleArn: string): string {
  const [prefix, partition, service, , accountId] = roleArn.split(':');
  if (prefix !== 'arn' || !partition || service !== 'iam' || !accountId) throw new Error(`not a role ARN: ${roleArn}`);
  return `arn:${partition}:iam::${accountId}:root`;
}
