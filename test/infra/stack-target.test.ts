/** resolveStackTarget against a faked CloudFormation (aws-sdk-client-mock). */
import { CloudFormationClient, DescribeStacksCommand, type Output } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { STACK_OUTPUTS } from '../../lambdas/core/deployment';
import { resolveStackTarget, StackTargetError } from '../../tools/admin/stack';

const cfnMock = mockClient(CloudFormationClient);
const cfn = new CloudFormationClient({ region: 'eu-west-1' });
afterEach(() => cfnMock.reset());

const KEK = 'arn:aws:kms:eu-west-1:123456789012:key/kek';
const ROLE = 'arn:aws:iam::123456789012:role/Infoauth-SsoRole';

function outputs(overrides: Record<string, string | undefined> = {}): Output[] {
  const values: Record<string, string | undefined> = {
    [STACK_OUTPUTS.ssoUrl]: 'https://abc.execute-api.eu-west-1.amazonaws.com/sso',
    [STACK_OUTPUTS.jwksUrl]: 'https://abc.execute-api.eu-west-1.amazonaws.com/.well-known/jwks.json',
    [STACK_OUTPUTS.errorPageUrl]: 'https://d111.cloudfront.net/',
    [STACK_OUTPUTS.configTable]: 'Infoauth-TablesSsoConfigs-1',
    [STACK_OUTPUTS.featureTable]: 'Infoauth-TablesFeatureSettings-2',
    [STACK_OUTPUTS.usedTokenTable]: 'Infoauth-TablesUsedTokens-3',
    [STACK_OUTPUTS.auditTable]: 'Infoauth-TablesAuditTrail-5',
    [STACK_OUTPUTS.ssoLogGroup]: 'Infoauth-SsoLogs-4',
    [STACK_OUTPUTS.signingMode]: 'wrapped',
    [STACK_OUTPUTS.keyEncryptionKeyId]: KEK,
    [STACK_OUTPUTS.ssoFunctionRoleArn]: ROLE,
    ...overrides,
  };
  return Object.entries(values)
    .filter(([, value]) => value !== undefined)
    .map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue }));
}

function stackWith(list: Output[]) {
  cfnMock.on(DescribeStacksCommand, { StackName: 'Infoauth' }).resolves({
    Stacks: [{ StackName: 'Infoauth', StackStatus: 'CREATE_COMPLETE', CreationTime: new Date(), Outputs: list }],
  });
}

describe('resolveStackTarget', () => {
  it('reads the tables, URLs, log group and key-encryption key of a wrapped-mode stack', async () => {
    // Prepare
    stackWith(outputs());
    // Act
    const target = await resolveStackTarget('Infoauth', cfn);
    // Assess
    expect(target).toEqual({
      stackName: 'Infoauth',
      tables: {
        configs: 'Infoauth-TablesSsoConfigs-1',
        features: 'Infoauth-TablesFeatureSettings-2',
        usedTokens: 'Infoauth-TablesUsedTokens-3',
        audit: 'Infoauth-TablesAuditTrail-5',
      },
      signingMode: 'wrapped',
      keyEncryptionKeyId: KEK,
      ssoFunctionRoleArn: ROLE,
      logGroupName: 'Infoauth-SsoLogs-4',
      ssoUrl: 'https://abc.execute-api.eu-west-1.amazonaws.com/sso',
      errorPageUrl: 'https://d111.cloudfront.net/',
      jwksUrl: 'https://abc.execute-api.eu-west-1.amazonaws.com/.well-known/jwks.json',
    });
  });

  it('reads the keys rotate role, which operators assume for keys rotate', async () => {
    // Prepare
    const rotateRole = 'arn:aws:iam::123456789012:role/Infoauth-SigningKeysRotateRole-1';
    stackWith(outputs({ [STACK_OUTPUTS.keysRotateRoleArn]: rotateRole }));
    // Act
    const target = await resolveStackTarget('Infoauth', cfn);
    // Assess
    expect(target.keysRotateRoleArn).toBe(rotateRole);
  });

  it('reads the home region of a multi-region deployment, where the CLI writes', async () => {
    // Prepare
    stackWith(outputs({ [STACK_OUTPUTS.homeRegion]: 'us-east-2' }));
    // Act
    const target = await resolveStackTarget('Infoauth', cfn);
    // Assess
    expect(target.homeRegion).toBe('us-east-2');
  });

  it('reads the signing key and the function role of a kms-mode stack', async () => {
    // Prepare
    stackWith(
      outputs({
        [STACK_OUTPUTS.signingMode]: 'kms',
        [STACK_OUTPUTS.keyEncryptionKeyId]: undefined,
        [STACK_OUTPUTS.signingKeyId]: 'arn:aws:kms:eu-west-1:123456789012:key/sign',
      }),
    );
    // Act
    const target = await resolveStackTarget('Infoauth', cfn);
    // Assess
    expect(target).toMatchObject({
      signingMode: 'kms',
      signingKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/sign',
      ssoFunctionRoleArn: ROLE,
    });
    expect(target).not.toHaveProperty('keyEncryptionKeyId');
  });

  it('says how to fix it when the stack does not exist', async () => {
    // Prepare
    cfnMock
      .on(DescribeStacksCommand)
      .rejects(Object.assign(new Error('Stack with id Other does not exist'), { name: 'ValidationError' }));
    // Act
    const resolving = resolveStackTarget('Other', cfn);
    // Assess
    await expect(resolving).rejects.toBeInstanceOf(StackTargetError);
    await expect(resolving).rejects.toThrow(/Stack Other does not exist.*cdk deploy.*--stack/);
  });

  it.each([
    [STACK_OUTPUTS.configTable, {}],
    [STACK_OUTPUTS.auditTable, {}],
    [STACK_OUTPUTS.ssoLogGroup, {}],
    [STACK_OUTPUTS.keyEncryptionKeyId, {}],
    [STACK_OUTPUTS.signingKeyId, { [STACK_OUTPUTS.signingMode]: 'kms' }],
    [STACK_OUTPUTS.ssoFunctionRoleArn, { [STACK_OUTPUTS.signingMode]: 'kms', [STACK_OUTPUTS.signingKeyId]: 'k' }],
  ])('names the missing output %s', async (missing, overrides) => {
    // Prepare
    stackWith(outputs({ ...overrides, [missing]: undefined }));
    // Act
    const resolving = resolveStackTarget('Infoauth', cfn);
    // Assess
    await expect(resolving).rejects.toThrow(new RegExp(`no output ${missing}\\b`));
  });

  it('refuses an unknown signing mode', async () => {
    // Prepare
    stackWith(outputs({ [STACK_OUTPUTS.signingMode]: 'hsm' }));
    // Act
    const resolving = resolveStackTarget('Infoauth', cfn);
    // Assess
    await expect(resolving).rejects.toThrow(/unknown signing mode hsm/);
  });

  it('passes on other CloudFormation errors with the stack name', async () => {
    // Prepare
    cfnMock
      .on(DescribeStacksCommand)
      .rejects(Object.assign(new Error('The security token is invalid'), { name: 'ExpiredToken' }));
    // Act
    const resolving = resolveStackTarget('Infoauth', cfn);
    // Assess
    await expect(resolving).rejects.toThrow(/Could not read stack Infoauth: The security token is invalid/);
  });
});
