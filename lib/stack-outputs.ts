/**
 * The names of the stack's CloudFormation outputs: the stack writes them, the admin CLI reads them
 * (tools/admin/stack.ts). No CDK import here, so the CLI does not load aws-cdk-lib.
 */
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
