/**
 * The admin CLI without --local: the stack's outputs (CloudFormation, faked: no AWS account here) name the
 * tables it works on; DynamoDB is the real DynamoDB Local standing in for the stack's. STS (faked) names
 * the caller, whom the audit trail records.
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import type { TableNames } from '../../lambdas/adapters/dynamodb/tables';
import { DEFAULT_STACK_NAME, STACK_OUTPUTS } from '../../lambdas/core/deployment';
import { listAudit } from '../../tools/admin/audit-commands';
import { createConfig } from '../../tools/admin/config-commands';
import { setSso } from '../../tools/admin/sso-commands';
import { stackAdminDeps } from '../../tools/admin/stack-admin-deps';
import { createSsoWorld, type SsoWorld } from '../support/sso-fixture';

const cfnMock = mockClient(CloudFormationClient);
const stsMock = mockClient(STSClient);
const CALLER = 'arn:aws:sts::123456789012:assumed-role/InfoauthOperator/jane';
let world: SsoWorld;
const saved = { endpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB, region: process.env.AWS_REGION };

function stackOutputs(tables: TableNames) {
  const values: Record<string, string> = {
    [STACK_OUTPUTS.ssoUrl]: 'https://abc.execute-api.eu-west-1.amazonaws.com/sso',
    [STACK_OUTPUTS.jwksUrl]: 'https://abc.execute-api.eu-west-1.amazonaws.com/.well-known/jwks.json',
    [STACK_OUTPUTS.errorPageUrl]: 'https://d111.cloudfront.net/',
    [STACK_OUTPUTS.configTable]: tables.configs,
    [STACK_OUTPUTS.featureTable]: tables.features,
    [STACK_OUTPUTS.usedTokenTable]: tables.usedTokens,
    [STACK_OUTPUTS.auditTable]: tables.audit,
    [STACK_OUTPUTS.ssoLogGroup]: 'Infoauth-SsoLogs',
    [STACK_OUTPUTS.signingMode]: 'wrapped',
    [STACK_OUTPUTS.keyEncryptionKeyId]: 'arn:aws:kms:eu-west-1:123456789012:key/kek',
  };
  return Object.entries(values).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue }));
}

beforeAll(async () => {
  world = await createSsoWorld();
  process.env.AWS_ENDPOINT_URL_DYNAMODB = process.env.INFOAUTH_TEST_DYNAMO_ENDPOINT;
  process.env.AWS_REGION = 'eu-west-1';
  stsMock.on(GetCallerIdentityCommand).resolves({ Arn: CALLER });
  cfnMock.on(DescribeStacksCommand, { StackName: DEFAULT_STACK_NAME }).resolves({
    Stacks: [
      {
        StackName: DEFAULT_STACK_NAME,
        StackStatus: 'UPDATE_COMPLETE',
        CreationTime: new Date(),
        Outputs: stackOutputs(world.tables),
      },
    ],
  });
});

afterAll(() => {
  world.destroy();
  cfnMock.restore();
  stsMock.restore();
  process.env.AWS_ENDPOINT_URL_DYNAMODB = saved.endpoint;
  process.env.AWS_REGION = saved.region;
});

describe('admin commands against a deployed stack', () => {
  it('work on the tables that the stack outputs name', async () => {
    // Prepare
    const deps = await stackAdminDeps(DEFAULT_STACK_NAME);
    // Act
    const created = await createConfig(deps, { cid: 'stack-cid', targetUrl: 'https://app.example.com/' });
    deps.close();
    // Assess
    const stored = await world.admin.get(created.clientId);
    expect(stored).toMatchObject({ cid: 'stack-cid', targetUrl: 'https://app.example.com/' });
    expect(deps.description).toContain(DEFAULT_STACK_NAME);
  });
});

describe('the audit trail of a deployed stack', () => {
  beforeEach(() => stsMock.reset());

  it("records the caller's identity ARN from STS, asked once for all the changes of one run", async () => {
    // Prepare
    stsMock.on(GetCallerIdentityCommand).resolves({ Arn: CALLER, Account: '123456789012', UserId: 'AROA:jane' });
    const deps = await stackAdminDeps(DEFAULT_STACK_NAME);
    // Act
    const created = await createConfig(deps, { cid: 'audited-cid', targetUrl: 'https://app.example.com/' });
    await setSso(deps, 'audited-cid', true);
    const { records } = await listAudit(deps, { clientId: created.clientId });
    deps.close();
    // Assess
    expect(records.map((record) => [record.action, record.actor])).toEqual([
      ['sso enable', CALLER],
      ['config create', CALLER],
    ]);
    expect(stsMock.commandCalls(GetCallerIdentityCommand)).toHaveLength(1);
  });

  it('makes no change when STS cannot say who the caller is', async () => {
    // Prepare
    stsMock.on(GetCallerIdentityCommand).rejects(Object.assign(new Error('expired token'), { name: 'ExpiredToken' }));
    const deps = await stackAdminDeps(DEFAULT_STACK_NAME);
    // Act
    const enabling = setSso(deps, 'unaudited-cid', true);
    // Assess
    await expect(enabling).rejects.toMatchObject({
      code: 'dependency-failed',
      message: expect.stringMatching(/STS GetCallerIdentity: expired token.*nothing was changed/),
    });
    expect((await world.admin.ssoStatus('unaudited-cid')).state).toBe('missing');
    deps.close();
  });
});
