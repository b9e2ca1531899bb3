/**
 * What a deployed Infoauth stack is, for every side that needs it: its default name, the signing modes,
 * the names of its CloudFormation outputs (the stack in lib/ writes them, the admin CLI in tools/ reads
 * them) and what the CLI makes of them. Pure data, no CDK or SDK import, so that lambdas/ and lib/ never
 * import from tools/ and the CLI does not load aws-cdk-lib.
 */
import type { TableNames } from '../adapters/dynamodb/tables';

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

export const STACK_OUTPUTS = {
  ssoUrl: 'SsoUrl',
  errorPageUrl: 'ErrorPageUrl',
  jwksUrl: 'JwksUrl',
  /** The assertions' issuer: the edge's origin (or the API's URL without the edge). */
  issuer: 'Issuer',
  /** Behind the edge only: the distribution's *.cloudfront.net name and id. */
  edgeDomainName: 'EdgeDomainName',
  edgeDistributionId: 'EdgeDistributionId',
  configTable: 'ConfigTableName',
  featureTable: 'FeatureTableName',
  usedTokenTable: 'UsedTokenTableName',
  auditTable: 'AuditTableName',
  ssoLogGroup: 'SsoLogGroupName',
  signingMode: 'SigningMode',
  /** `wrapped` mode only. */
  keyEncryptionKeyId: 'KeyEncryptionKeyId',
  /** `kms` mode only. */
  signingKeyId: 'SigningKeyId',
  ssoFunctionRoleArn: 'SsoFunctionRoleArn',
  /** The role to assume for `admin keys rotate`. */
  keysRotateRoleArn: 'KeysRotateRoleArn',
  dashboardName: 'DashboardName',
  alarmTopicArn: 'AlarmTopicArn',
  /** Multi-region deployments only: where the admin CLI writes (the global tables' home region). */
  homeRegion: 'HomeRegion',
} as const;

/** The CDK context key that chooses the signing mode (`cdk deploy -c infoauth:signingMode=kms`). */
export const SIGNING_MODE_CONTEXT = 'infoauth:signingMode';
