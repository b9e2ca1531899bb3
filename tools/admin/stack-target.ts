/**
 * What the admin CLI needs to know about a deployed stack, read from its CloudFormation outputs.
 * `resolveStackTarget` is implemented with the deploy work (CloudFormation DescribeStacks).
 */
import type { TableNames } from '../../lambdas/adapters/dynamodb/tables';

export type SigningMode = 'wrapped' | 'kms';

export interface StackTarget {
  readonly stackName: string;
  readonly tables: TableNames;
  readonly signingMode: SigningMode;
  /** `wrapped` mode: the symmetric KMS key that wraps the private signing keys. */
  readonly keyEncryptionKeyId?: string;
  /** `kms` mode: the stack's KMS signing key (the key ring's first key). */
  readonly signingKeyId?: string;
  /** `kms` mode: the SSO function's role; `keys rotate` lets only it sign with each new KMS key. */
  readonly ssoFunctionRoleArn?: string;
  /**
   * The role an operator assumes for `keys rotate`: the only one, with the key setup, that the key
   * policy lets generate key pairs (`wrapped`) or read a new key's public key (`kms`).
   */
  readonly keysRotateRoleArn?: string;
  /** The SSO function's log group, for `admin find`. */
  readonly logGroupName: string;
  readonly ssoUrl: string;
  readonly errorPageUrl: string;
  readonly jwksUrl: string;
  /**
   * Multi-region deployments: the home region of the global tables and the wrapping key's primary.
   * The CLI writes there whatever region its credentials default to.
   */
  readonly homeRegion?: string;
}

export const DEFAULT_STACK_NAME = 'Infoauth';
