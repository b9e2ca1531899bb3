/**
 * The three-region app (`-c infoauth:regions=us-east-1,us-east-2,us-west-2` with its names): the shared
 * stack in the home region and one stack per region, synthesized through createMultiRegionApp as
 * bin/infoauth.ts does, with cdk-nag. Lambda bundling is skipped here (`aws:cdk:bundling-stacks`): the
 * code is the single-region artifact, which test/infra/sso-artifact.test.ts runs; these tests are about
 * the templates. What AWS would do with them (MRSC quorum, replica keys, health checks, latency routing)
 * is proven only on paper.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ORIGIN_VERIFY_HEADER } from '../../lambdas/core/edge-origin';
import { PROFILE_PATH_PREFIX } from '../../lambdas/core/public-profile';
import { PROFILE_ROUTE_PATH, SSO_ROUTE_PATH } from '../../lib/api';
import { ORIGIN_SECRET_ENV } from '../../lib/edge';
import { createMultiRegionApp, type InfoauthMultiRegionApp } from '../../lib/infoauth-app';
import { MULTI_REGION_CONTEXT } from '../../lib/regions';
import { STACK_OUTPUTS } from '../../lambdas/core/deployment';
import { REPO_ROOT } from '../cli/run-cli';
import { MULTI_REGION_KEY_ADMINISTRATION_ACTIONS } from '../../lambdas/adapters/kms/key-policy';
import {
  ACCOUNT_ROOT,
  actionsOf,
  allPolicyStatements,
  CRYPTOGRAPHIC_KMS_ACTION,
  ENCRYPTION_CONTEXT,
  keyPolicyStatements,
  rootKeyActions,
  roleStatements,
  type TemplateJson,
} from './synthesized-stack';

const REGIONS = ['us-east-1', 'us-east-2', 'us-west-2'] as const;
const CONTEXT = {
  [MULTI_REGION_CONTEXT.regions]: REGIONS.join(','),
  [MULTI_REGION_CONTEXT.domainName]: 'sso.example.com',
  [MULTI_REGION_CONTEXT.hostedZoneId]: 'Z0123456789ABCDEFGHIJ',
  [MULTI_REGION_CONTEXT.hostedZoneName]: 'example.com',
  [MULTI_REGION_CONTEXT.certificateArn]:
    'arn:aws:acm:us-east-1:123456789012:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0',
  'aws:cdk:bundling-stacks': [],
};

interface Synthesized {
  readonly built: InfoauthMultiRegionApp;
  readonly json: (stack: Stack) => TemplateJson;
  readonly template: (stack: Stack) => Template;
}

async function synthesize(extraContext: Record<string, unknown> = {}): Promise<Synthesized> {
  const outdir = mkdtempSync(join(tmpdir(), 'infoauth-cdk-regions-'));
  const built = await createMultiRegionApp({ appProps: { outdir, context: { ...CONTEXT, ...extraContext } } });
  const assembly = built.app.synth();
  const json = (stack: Stack) =>
    JSON.parse(
      readFileSync(join(outdir, assembly.getStackByName(stack.stackName).templateFile), 'utf8'),
    ) as TemplateJson;
  return { built, json, template: (stack) => Template.fromJSON(json(stack)) };
}

let synth: Synthesized;
beforeAll(async () => {
  synth = await synthesize();
}, 300_000);

const globalStack = () => synth.built.stacks.global;
const regional = () => synth.built.stacks.regional;
/** Every stack of the app: the edge's two in us-east-1, the shared one, the three regions. */
const everyStack = (): Stack[] => [
  synth.built.stacks.edgeWaf,
  globalStack(),
  ...regional(),
  synth.built.stacks.edgeAlarms,
];
const logicalIdOf = (stack: Stack, construct: { node: { defaultChild?: unknown } }) =>
  stack.resolve((construct.node.defaultChild as { logicalId: string }).logicalId) as string;

describe('the stacks', () => {
  it('are the shared stack in the home region and one stack per region, each after the shared one', () => {
    expect(globalStack().stackName).toBe('Infoauth');
    expect(globalStack().region).toBe('us-east-1');
    expect(regional().map((stack) => [stack.stackName, stack.region])).toEqual(
      REGIONS.map((region) => [`Infoauth-${region}`, region]),
    );
    for (const stack of regional()) expect(stack.dependencies).toContain(globalStack());
  });
});

describe('global tables', () => {
  it('records used tokens in a table of multi-Region strong consistency with three replicas and no TTL', () => {
    // Prepare
    const template = synth.template(globalStack());
    // Assess
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TableName: 'Infoauth-used-tokens',
      MultiRegionConsistency: 'STRONG',
    });
    const usedTokens = Object.values(synth.json(globalStack()).Resources).find(
      (resource) => resource.Properties?.TableName === 'Infoauth-used-tokens',
    );
    const replicas = usedTokens?.Properties?.Replicas as { Region: string }[];
    expect(replicas.map((replica) => replica.Region).sort()).toEqual([...REGIONS]);
    expect(usedTokens?.Properties?.TimeToLiveSpecification).toBeUndefined();
    expect(usedTokens?.Properties?.GlobalTableWitnesses).toBeUndefined();
  });

  it('keeps configurations, feature settings and the audit trail eventually consistent in three regions, protected and retained', () => {
    // Prepare
    const resources = Object.values(synth.json(globalStack()).Resources).filter((resource) =>
      ['Infoauth-sso-configs', 'Infoauth-feature-settings', 'Infoauth-audit'].includes(
        resource.Properties?.TableName as string,
      ),
    );
    // Assess
    expect(resources).toHaveLength(3);
    for (const table of resources) {
      expect(table.Properties?.MultiRegionConsistency ?? 'EVENTUAL').toBe('EVENTUAL');
      expect(table.DeletionPolicy).toBe('Retain');
      const replicas = table.Properties?.Replicas as Record<string, unknown>[];
      expect(replicas.map((replica) => replica.Region).sort()).toEqual([...REGIONS]);
      for (const replica of replicas) {
        expect(replica.DeletionProtectionEnabled).toBe(true);
        expect(replica.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
      }
    }
  });

  it('gives each region the same table names, and the CLI the home region', () => {
    // Assess
    for (const stack of regional()) {
      synth.template(stack).hasResourceProperties('AWS::Lambda::Function', {
        Environment: {
          Variables: Match.objectLike({
            INFOAUTH_CONFIG_TABLE: 'Infoauth-sso-configs',
            INFOAUTH_FEATURE_TABLE: 'Infoauth-feature-settings',
            INFOAUTH_USED_TOKEN_TABLE: 'Infoauth-used-tokens',
            INFOAUTH_ISSUER: 'https://sso.example.com',
            INFOAUTH_SIGNING_MODE: 'wrapped',
          }),
        },
      });
    }
    const outputs = synth.json(globalStack()).Outputs;
    expect(outputs[STACK_OUTPUTS.homeRegion]?.Value).toBe('us-east-1');
    expect(outputs[STACK_OUTPUTS.configTable]?.Value).toBe('Infoauth-sso-configs');
    expect(outputs[STACK_OUTPUTS.auditTable]?.Value).toBe('Infoauth-audit');
    expect(outputs[STACK_OUTPUTS.ssoUrl]?.Value).toBe('https://sso.example.com/sso');
    expect(outputs[STACK_OUTPUTS.ssoLogGroup]?.Value).toBe('/infoauth/Infoauth/sso');
  });
});

describe('the signing key ring (one multi-Region key)', () => {
  const administration = {
    Sid: 'AccountAdministersKeyOnly',
    Effect: 'Allow',
    Principal: { AWS: ACCOUNT_ROOT },
    Action: [...MULTI_REGION_KEY_ADMINISTRATION_ACTIONS],
    Resource: '*',
  };

  it('has a multi-Region primary with rotation, kept, whose policy is the single-region one: the home SSO role decrypts, the key setup and keys rotate roles generate, with the context', () => {
    // Prepare
    const stack = globalStack();
    const template = synth.template(stack);
    const arnOf = (construct: { node: { defaultChild?: unknown } }) => ({
      'Fn::GetAtt': [logicalIdOf(stack, construct), 'Arn'],
    });
    // Act
    const statements = keyPolicyStatements(synth.json(stack), logicalIdOf(stack, stack.wrappingKey.key));
    // Assess
    template.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ MultiRegion: true, EnableKeyRotation: true }),
    });
    expect(statements).toEqual([
      administration,
      {
        Sid: 'SsoFunctionUnwrapsSigningKeyByArn',
        Effect: 'Allow',
        Principal: '*',
        Action: 'kms:Decrypt',
        Resource: '*',
        Condition: {
          ...ENCRYPTION_CONTEXT,
          ArnEquals: {
            'aws:PrincipalArn': {
              'Fn::Join': [
                '',
                [
                  'arn:',
                  { Ref: 'AWS::Partition' },
                  ':iam::',
                  { Ref: 'AWS::AccountId' },
                  ':role/Infoauth-sso-us-east-1',
                ],
              ],
            },
          },
        },
      },
      {
        Sid: 'KeySetupAndRotationGenerateKeyPairs',
        Effect: 'Allow',
        Principal: { AWS: [arnOf(stack.keyRing.keySetup.role), arnOf(stack.keyRing.keysRotate.role)] },
        Action: 'kms:GenerateDataKeyPairWithoutPlaintext',
        Resource: '*',
        Condition: ENCRYPTION_CONTEXT,
      },
    ]);
    expect(rootKeyActions(statements).filter((action) => CRYPTOGRAPHIC_KMS_ACTION.test(action))).toEqual([]);
  });

  it('outputs the keys rotate role, trusted by the account, that generates under the primary key with the context', () => {
    // Prepare
    const stack = globalStack();
    const json = synth.json(stack);
    const roleId = logicalIdOf(stack, stack.keyRing.keysRotate.role);
    // Act
    const statements = roleStatements(json, roleId);
    // Assess
    expect(json.Outputs[STACK_OUTPUTS.keysRotateRoleArn]?.Value).toEqual({ 'Fn::GetAtt': [roleId, 'Arn'] });
    expect(json.Resources[roleId]?.Properties?.AssumeRolePolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { AWS: ACCOUNT_ROOT } }],
    });
    expect(statements.filter((s) => actionsOf(s).some((action) => action.startsWith('kms:')))).toEqual([
      {
        Sid: 'GenerateWrappedKeyPair',
        Action: 'kms:GenerateDataKeyPairWithoutPlaintext',
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [logicalIdOf(stack, stack.wrappingKey.key), 'Arn'] },
        Condition: ENCRYPTION_CONTEXT,
      },
    ]);
  });

  it('has a replica in each other region whose policy lets only that region’s SSO role decrypt', () => {
    for (const stack of regional()) {
      // Prepare
      const resources = synth.json(stack).Resources;
      const replicas = Object.values(resources).filter((r) => r.Type === 'AWS::KMS::ReplicaKey');
      const ssoRole = logicalIdOf(stack, stack.sso.role);
      // Assess
      if (stack.region === 'us-east-1') {
        expect(replicas).toHaveLength(0);
        continue;
      }
      expect(replicas).toHaveLength(1);
      const statements = (replicas[0]?.Properties?.KeyPolicy as { Statement: Record<string, unknown>[] }).Statement;
      expect(statements).toEqual([
        administration,
        {
          Sid: 'SsoFunctionUnwrapsSigningKey',
          Effect: 'Allow',
          Principal: { AWS: { 'Fn::GetAtt': [ssoRole, 'Arn'] } },
          Action: 'kms:Decrypt',
          Resource: '*',
          Condition: ENCRYPTION_CONTEXT,
        },
      ]);
      expect(rootKeyActions(statements as never).filter((action) => CRYPTOGRAPHIC_KMS_ACTION.test(action))).toEqual([]);
      expect(replicas[0]?.DeletionPolicy).toBe('Retain');
    }
  });

  it('lets each region’s SSO function decrypt with its own region’s key and nothing else of KMS', () => {
    for (const stack of regional()) {
      const statements = roleStatements(synth.json(stack), logicalIdOf(stack, stack.sso.role));
      const kms = statements.filter((statement) => actionsOf(statement).some((action) => action.startsWith('kms:')));
      expect(kms).toHaveLength(1);
      expect(kms[0]?.Action).toBe('kms:Decrypt');
      expect(kms[0]?.Condition).toEqual(ENCRYPTION_CONTEXT);
      expect(JSON.stringify(kms[0]?.Resource)).toMatch(stack.region === 'us-east-1' ? /ImportValue/ : /WrappingKey/);
    }
  });

  it('denies writing the key ring item to all but the key setup and keys rotate roles, in every replica of the configurations', () => {
    // Prepare
    const stack = globalStack();
    const { keySetup, keysRotate } = stack.keyRing;
    const table = synth.json(stack).Resources[logicalIdOf(stack, stack.tables.configs)]?.Properties as {
      Replicas: { Region: string; ResourcePolicy?: { PolicyDocument: { Statement: Record<string, unknown>[] } } }[];
    };
    const writers = [keySetup.role, keysRotate.role].map((role) => ({
      'Fn::GetAtt': [logicalIdOf(stack, role), 'Arn'],
    }));
    // Assess
    expect(table.Replicas.map((replica) => replica.Region).sort()).toEqual([...REGIONS].sort());
    for (const replica of table.Replicas) {
      expect(replica.ResourcePolicy?.PolicyDocument.Statement).toEqual([
        expect.objectContaining({
          Sid: 'OnlyKeyMakersWriteTheKeyRing',
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Condition: {
            'ForAnyValue:StringEquals': { 'dynamodb:LeadingKeys': ['#signing-keys'] },
            ArnNotEquals: { 'aws:PrincipalArn': writers },
          },
        }),
        expect.objectContaining({ Sid: 'NoPartiQLWrites', Effect: 'Deny' }),
      ]);
    }
  });

  it('creates the first key pair at deploy under the primary key', () => {
    synth.template(globalStack()).hasResourceProperties('Custom::InfoauthSigningKeyRing', {
      SigningMode: 'wrapped',
      KeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^WrappingKey'), 'Arn'] },
      ConfigTableName: Match.anyValue(),
    });
  });
});

describe('routing', () => {
  it('serves /health besides the SSO, JWKS and profile routes in every region', () => {
    for (const stack of regional()) {
      const routes = Object.values(synth.json(stack).Resources)
        .filter((r) => r.Type === 'AWS::ApiGatewayV2::Route')
        .map((r) => r.Properties?.RouteKey)
        .sort();
      expect(routes).toEqual([
        'GET /.well-known/jwks.json',
        'GET /health',
        `GET ${PROFILE_ROUTE_PATH}`,
        'GET /sso',
        'POST /sso',
      ]);
    }
  });

  it('gives every region the origin name with a regional certificate validated by DNS in the zone', () => {
    for (const stack of regional()) {
      const template = synth.template(stack);
      template.hasResourceProperties('AWS::CertificateManager::Certificate', {
        DomainName: 'origin.sso.example.com',
        ValidationMethod: 'DNS',
        DomainValidationOptions: [{ DomainName: 'origin.sso.example.com', HostedZoneId: 'Z0123456789ABCDEFGHIJ' }],
      });
      template.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
        DomainName: 'origin.sso.example.com',
        DomainNameConfigurations: [Match.objectLike({ EndpointType: 'REGIONAL' })],
      });
      template.resourceCountIs('AWS::ApiGatewayV2::ApiMapping', 1);
    }
  });

  it('checks each region’s own /health over HTTPS every 10 s, out after 3 failures, none inverted', () => {
    for (const stack of regional()) {
      synth.template(stack).hasResourceProperties('AWS::Route53::HealthCheck', {
        HealthCheckConfig: Match.objectLike({
          Type: 'HTTPS',
          Port: 443,
          ResourcePath: '/health',
          RequestInterval: 10,
          FailureThreshold: 3,
          Inverted: false,
          FullyQualifiedDomainName: {
            'Fn::Join': [
              '',
              [{ Ref: Match.stringLikeRegexp('^ApiHttpApi') }, `.execute-api.${stack.region}.`, Match.anyValue()],
            ],
          },
        }),
      });
    }
  });

  it('puts each region in one latency record of the origin name, with its health check', () => {
    for (const stack of regional()) {
      synth.template(stack).hasResourceProperties('AWS::Route53::RecordSet', {
        Name: 'origin.sso.example.com.',
        Type: 'A',
        HostedZoneId: 'Z0123456789ABCDEFGHIJ',
        Region: stack.region,
        SetIdentifier: `Infoauth-${stack.region}`,
        HealthCheckId: { Ref: logicalIdOf(stack, stack.healthCheck) },
        AliasTarget: Match.objectLike({
          DNSName: { 'Fn::GetAtt': [logicalIdOf(stack, stack.originDomain), 'RegionalDomainName'] },
        }),
      });
    }
  });

  it('serves the error page’s profiles from the origin name (the nearest healthy region), through the edge', () => {
    // Prepare
    const edge = globalStack().edge;
    // Act
    const config = distributionConfig();
    const profiles = config.CacheBehaviors.find((entry) => entry.PathPattern === `${PROFILE_PATH_PREFIX}*`);
    // Assess
    expect(originOf(config, profiles!.TargetOriginId)).toMatchObject({ DomainName: 'origin.sso.example.com' });
    expect(edge.originSecret).toBeDefined();
  });
});

interface EdgeBehavior {
  PathPattern: string;
  TargetOriginId: string;
  LambdaFunctionAssociations?: { EventType: string; LambdaFunctionARN: unknown }[];
}
interface EdgeDistributionConfig {
  Aliases: string[];
  CacheBehaviors: EdgeBehavior[];
  Origins: { Id: string; DomainName: unknown; OriginCustomHeaders?: { HeaderName: string }[] }[];
  WebACLId: unknown;
}
function distributionConfig(): EdgeDistributionConfig {
  const stack = globalStack();
  return synth.json(stack).Resources[logicalIdOf(stack, stack.edge.distribution)]?.Properties
    ?.DistributionConfig as EdgeDistributionConfig;
}
const originOf = (config: EdgeDistributionConfig, id: string) => config.Origins.find((origin) => origin.Id === id);

describe('the edge in front of the three regions', () => {
  it('serves the SSO URL, the JWKS and the error page on infoauth:domainName from one distribution in the shared stack', () => {
    // Prepare
    const outputs = synth.json(globalStack()).Outputs;
    // Act
    const config = distributionConfig();
    // Assess
    expect(config.Aliases).toEqual(['sso.example.com']);
    expect(outputs[STACK_OUTPUTS.ssoUrl]?.Value).toBe('https://sso.example.com/sso');
    expect(outputs[STACK_OUTPUTS.jwksUrl]?.Value).toBe('https://sso.example.com/.well-known/jwks.json');
    expect(outputs[STACK_OUTPUTS.errorPageUrl]?.Value).toBe('https://sso.example.com/error/');
    synth.template(globalStack()).resourceCountIs('AWS::CloudFront::Distribution', 1);
    synth.template(globalStack()).hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'sso.example.com.',
      Type: 'A',
      HostedZoneId: 'Z0123456789ABCDEFGHIJ',
    });
  });

  it('sends /sso to the latency record of the regions with the origin secret, turns API Gateway answers into the page, under the us-east-1 web ACL', () => {
    // Prepare
    const edgeWaf = synth.built.stacks.edgeWaf;
    // Act
    const config = distributionConfig();
    const sso = config.CacheBehaviors.find((entry) => entry.PathPattern === SSO_ROUTE_PATH)!;
    // Assess
    expect(edgeWaf.region).toBe('us-east-1');
    expect(originOf(config, sso.TargetOriginId)).toMatchObject({
      DomainName: 'origin.sso.example.com',
      OriginCustomHeaders: [expect.objectContaining({ HeaderName: ORIGIN_VERIFY_HEADER })],
    });
    expect(sso.LambdaFunctionAssociations).toEqual([
      {
        EventType: 'origin-response',
        LambdaFunctionARN: {
          'Fn::GetStackOutput': expect.objectContaining({ StackName: edgeWaf.stackName, Region: 'us-east-1' }),
        },
      },
    ]);
    expect(config.WebACLId).toEqual({
      'Fn::GetStackOutput': expect.objectContaining({ StackName: edgeWaf.stackName, Region: 'us-east-1' }),
    });
  });

  it('replicates the origin secret to the other regions, and each region’s function reads and may read only its own copy', () => {
    // Prepare
    const stack = globalStack();
    const secret = synth.json(stack).Resources[logicalIdOf(stack, stack.edge.originSecret)]?.Properties;
    // Assess
    expect(secret?.ReplicaRegions).toEqual([{ Region: 'us-east-2' }, { Region: 'us-west-2' }]);
    for (const region of regional()) {
      const json = synth.json(region);
      const variables = (
        json.Resources[logicalIdOf(region, region.sso.function)]?.Properties as {
          Environment: { Variables: Record<string, unknown> };
        }
      ).Environment.Variables;
      const arn = variables[ORIGIN_SECRET_ENV] as { 'Fn::Join': [string, unknown[]] };
      const reads = roleStatements(json, logicalIdOf(region, region.sso.role)).filter((statement) =>
        actionsOf(statement).includes('secretsmanager:GetSecretValue'),
      );
      // arn:<partition>:secretsmanager:<this region>:<account>:secret:<name>-<suffix>
      expect(arn['Fn::Join'][0]).toBe(':');
      expect(arn['Fn::Join'][1][3]).toBe(region.region);
      expect(region.resolve(region.originSecretArn)).toEqual(arn);
      expect(reads).toEqual([expect.objectContaining({ Effect: 'Allow', Resource: arn })]);
    }
  });
});

describe('cleanup of expired used tokens', () => {
  it('runs every 15 minutes through EventBridge Scheduler, whose role may only invoke the sweeper', () => {
    // Prepare
    const stack = globalStack();
    const json = synth.json(stack);
    const sweeper = logicalIdOf(stack, stack.cleanup.sweeper.function);
    const schedulerRole = Object.entries(json.Resources).find(
      ([, r]) => r.Type === 'AWS::IAM::Role' && JSON.stringify(r.Properties).includes('scheduler.amazonaws.com'),
    );
    // Assess
    synth.template(stack).hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(15 minutes)',
      Target: Match.objectLike({ Arn: { 'Fn::GetAtt': [sweeper, 'Arn'] } }),
    });
    expect(roleStatements(json, schedulerRole![0])).toEqual([
      {
        Sid: 'InvokeCleanup',
        Action: 'lambda:InvokeFunction',
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [sweeper, 'Arn'] },
      },
    ]);
  });

  it('lets the sweeper only scan and delete in the used-token table', () => {
    const stack = globalStack();
    const statements = roleStatements(synth.json(stack), logicalIdOf(stack, stack.cleanup.sweeper.role));
    expect(statements.filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')))).toEqual([
      {
        Sid: 'SweepExpiredUsedTokens',
        Action: ['dynamodb:Scan', 'dynamodb:DeleteItem'],
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [logicalIdOf(stack, stack.tables.usedTokens), 'Arn'] },
      },
    ]);
  });
});

describe('least privilege', () => {
  it('lets each SSO function read settings, the key ring item, and write and read used tokens, nothing more', () => {
    for (const stack of regional()) {
      const dynamo = roleStatements(synth.json(stack), logicalIdOf(stack, stack.sso.role)).filter((s) =>
        actionsOf(s).some((a) => a.startsWith('dynamodb:')),
      );
      expect(dynamo.map((s) => [s.Sid, s.Action])).toEqual([
        ['ReadSsoSettings', 'dynamodb:BatchGetItem'],
        ['ReadSigningKeyRing', 'dynamodb:GetItem'],
        ['RecordUsedTokens', ['dynamodb:PutItem', 'dynamodb:DeleteItem']],
        ['ReadUsedTokensConsistently', 'dynamodb:GetItem'],
      ]);
      expect(JSON.stringify(dynamo)).toContain(`:dynamodb:${stack.region}:`);
    }
  });

  it('allows no wildcard action in any stack', () => {
    for (const stack of everyStack()) {
      const wildcards = allPolicyStatements(synth.json(stack))
        .filter(({ statement }) => statement.Effect === 'Allow')
        .flatMap(({ resource, statement }) =>
          actionsOf(statement)
            .filter((action) => action.includes('*'))
            .map((action) => `${stack.stackName} ${resource}: ${action}`),
        );
      expect(wildcards).toEqual([]);
    }
  });

  it('has no unacknowledged cdk-nag AwsSolutions finding in any stack', () => {
    for (const stack of everyStack()) {
      const report = new AwsSolutionsChecks().validateScope(stack);
      expect(report.violations.map((v) => `${stack.stackName} ${v.ruleName}`)).toEqual([]);
    }
  });
});

describe('observability', () => {
  it('alarms per region on the 105 rate, function errors and throttles, to that region’s topic', () => {
    for (const stack of regional()) {
      const template = synth.template(stack);
      const alarms = Object.keys(synth.json(stack).Resources).filter((id) =>
        /^Monitoring(UnexpectedFailureRate|FunctionErrors|FunctionThrottles)/.test(id),
      );
      expect(alarms).toHaveLength(3);
      template.resourceCountIs('AWS::SNS::Topic', 1);
    }
  });

  it('shows every region’s sign-ins and codes, the replication latency and the health checks on one dashboard', () => {
    // Prepare
    const dashboard = Object.values(synth.json(globalStack()).Resources).find(
      (r) => r.Type === 'AWS::CloudWatch::Dashboard',
    );
    const body = JSON.stringify(dashboard?.Properties?.DashboardBody);
    // Assess
    for (const region of REGIONS) expect(body).toContain(`${region}: sign-ins and errors per code`);
    expect(body).toContain('ReplicationLatency');
    expect(body).toContain('ReceivingRegion');
    expect(body).toContain('HealthCheckStatus');
    expect(body).toContain('ConditionalCheckFailedRequests');
  });
});

describe('evacuating a region on purpose', () => {
  it('inverts that region’s health check only', async () => {
    // Prepare
    const evacuated = await synthesize({ [MULTI_REGION_CONTEXT.evacuate]: 'us-east-2' });
    // Act
    const inverted = evacuated.built.stacks.regional.map((stack) => {
      const check = Object.values(evacuated.json(stack).Resources).find((r) => r.Type === 'AWS::Route53::HealthCheck');
      return [stack.region, (check?.Properties?.HealthCheckConfig as { Inverted: boolean }).Inverted];
    });
    // Assess
    expect(inverted).toEqual([
      ['us-east-1', false],
      ['us-east-2', true],
      ['us-west-2', false],
    ]);
  }, 300_000);
});

describe('refusals', () => {
  it('refuses kms signing with regions, in one line', async () => {
    await expect(
      createMultiRegionApp({
        appProps: {
          outdir: mkdtempSync(join(tmpdir(), 'infoauth-cdk-')),
          context: { ...CONTEXT, 'infoauth:signingMode': 'kms' },
        },
      }),
    ).rejects.toThrow(/^infoauth:regions works with infoauth:signingMode=wrapped only/);
  });

  it('refuses infoauth:edge=false with regions, in one line: the edge is their one entry point', async () => {
    await expect(
      createMultiRegionApp({
        appProps: {
          outdir: mkdtempSync(join(tmpdir(), 'infoauth-cdk-')),
          context: { ...CONTEXT, 'infoauth:edge': 'false' },
        },
      }),
    ).rejects.toThrow(/^infoauth:regions puts the regions behind the edge/);
  });

  it.each([
    ['regions outside one MRSC set', { [MULTI_REGION_CONTEXT.regions]: 'us-east-1,us-east-2,eu-west-1' }],
    ['regions without their names', { [MULTI_REGION_CONTEXT.regions]: REGIONS.join(',') }],
  ])(
    'stops `cdk synth` with one line on stderr for %s',
    (_name, context) => {
      // Act: the app as the CDK CLI runs it (context in CDK_CONTEXT_JSON)
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'bin/infoauth.ts'], {
        cwd: REPO_ROOT,
        env: {
          ...process.env,
          CDK_CONTEXT_JSON: JSON.stringify(context),
          CDK_OUTDIR: mkdtempSync(join(tmpdir(), 'cdk-')),
        },
        encoding: 'utf8',
        timeout: 60_000,
      });
      // Assess
      expect(run.status).toBe(1);
      expect(run.stderr.trim().split('\n')).toEqual([
        expect.stringMatching(/^infoauth:regions (must be|needs a name)/),
      ]);
    },
    90_000,
  );
});
