/**
 * Synthesizes the CDK app exactly as bin/infoauth.ts does (real esbuild bundling, cdk-nag plugin) into a
 * temporary cloud assembly, once per test file, and offers what the tests look at.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import type { EdgeWafStack } from '../../lib/edge-waf';
import type { EdgeSettings } from '../../lib/edge-settings';
import { createInfoauthApp } from '../../lib/infoauth-app';
import type { InfoauthStack } from '../../lib/infoauth-stack';
import type { SigningMode } from '../../lambdas/core/deployment';

export interface SynthesizedStack {
  readonly stack: InfoauthStack;
  /** The edge's web ACL stack (us-east-1), when the edge is on. */
  readonly wafStack?: EdgeWafStack;
  readonly wafJson?: TemplateJson;
  /** The edge's alarms stack (us-east-1), when the edge is on. */
  readonly edgeAlarmsJson?: TemplateJson;
  readonly template: Template;
  readonly json: TemplateJson;
  readonly assembly: CloudAssembly;
  readonly outdir: string;
  /** The logical id CloudFormation gives a construct's default resource. */
  logicalId(construct: Construct): string;
  /** The template's reference to a construct's ARN: `{ 'Fn::GetAtt': [logicalId, 'Arn'] }`. */
  arn(construct: Construct): { 'Fn::GetAtt': [string, 'Arn'] };
}

/** A CDK construct as far as the tests need it: one whose default child is a CloudFormation resource. */
type Construct = { node: { defaultChild?: unknown } };

export interface TemplateJson {
  readonly Resources: Record<string, { Type: string; Properties?: Record<string, unknown>; [key: string]: unknown }>;
  readonly Outputs: Record<string, { Value: unknown }>;
}

/** The region the tests deploy the main stack to: not us-east-1, so the web ACL's ARN crosses regions. */
export const TEST_REGION = 'eu-west-1';

export interface SynthesisOptions {
  /** Overrides the `infoauth:edge…` context (default: the edge on, no domain, the default rate limit). */
  readonly edge?: EdgeSettings;
  /** CDK context, as `-c key=value` gives it. */
  readonly context?: Record<string, string>;
}

export async function synthesizeStack(
  signingMode: SigningMode,
  options: SynthesisOptions = {},
): Promise<SynthesizedStack> {
  const outdir = mkdtempSync(join(tmpdir(), `infoauth-cdk-${signingMode}-`));
  const { app, stack, wafStack, edgeAlarmsStack } = await createInfoauthApp({
    signingMode,
    appProps: { outdir, ...(options.context ? { context: options.context } : {}) },
    env: { region: TEST_REGION },
    ...(options.edge ? { edge: options.edge } : {}),
  });
  const assembly = app.synth();
  const readTemplate = (name: string) =>
    JSON.parse(readFileSync(join(outdir, assembly.getStackByName(name).templateFile), 'utf8')) as TemplateJson;
  const json = readTemplate(stack.stackName);
  const logicalId = (construct: Construct): string =>
    stack.resolve((construct.node.defaultChild as { logicalId: string }).logicalId);
  return {
    stack,
    ...(wafStack ? { wafStack, wafJson: readTemplate(wafStack.stackName) } : {}),
    ...(edgeAlarmsStack ? { edgeAlarmsJson: readTemplate(edgeAlarmsStack.stackName) } : {}),
    template: Template.fromJSON(json),
    json,
    assembly,
    outdir,
    logicalId,
    arn: (construct) => ({ 'Fn::GetAtt': [logicalId(construct), 'Arn'] }),
  };
}

/** Every IAM-style statement in the template: role policies, key policies, bucket and topic policies. */
export function allPolicyStatements(json: TemplateJson): { resource: string; statement: PolicyStatementJson }[] {
  const found: { resource: string; statement: PolicyStatementJson }[] = [];
  for (const [resource, { Properties }] of Object.entries(json.Resources)) {
    for (const field of ['PolicyDocument', 'KeyPolicy', 'AssumeRolePolicyDocument']) {
      const document = Properties?.[field] as { Statement?: PolicyStatementJson[] } | undefined;
      for (const statement of document?.Statement ?? []) found.push({ resource, statement });
    }
    const inline = (Properties?.Policies ?? []) as { PolicyDocument: { Statement: PolicyStatementJson[] } }[];
    for (const policy of inline)
      for (const statement of policy.PolicyDocument.Statement) found.push({ resource, statement });
  }
  return found;
}

export interface PolicyStatementJson {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | string[];
  readonly Resource?: unknown;
  readonly Principal?: unknown;
  readonly Condition?: unknown;
}

export const actionsOf = (statement: PolicyStatementJson): string[] =>
  Array.isArray(statement.Action) ? statement.Action : [statement.Action];

/** The statements of the policies attached to one role (by the role's logical id). */
export function roleStatements(json: TemplateJson, roleLogicalId: string): PolicyStatementJson[] {
  return Object.values(json.Resources)
    .filter((resource) => resource.Type === 'AWS::IAM::Policy')
    .filter((resource) =>
      ((resource.Properties?.Roles ?? []) as unknown[]).some(
        (role) => JSON.stringify(role) === JSON.stringify({ Ref: roleLogicalId }),
      ),
    )
    .flatMap((resource) => (resource.Properties?.PolicyDocument as { Statement: PolicyStatementJson[] }).Statement);
}

/**
 * The SSO function role's statements that both signing modes share, in the order CDK writes them: its
 * log stream, X-Ray, its three DynamoDB calls and, behind the edge, reading the origin secret. Each mode
 * adds one KMS statement after these.
 */
export function ssoRoleSharedStatements(synth: SynthesizedStack): PolicyStatementJson[] {
  const { sso, tables } = synth.stack;
  return [
    { Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: synth.arn(sso.logGroup) },
    { Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Effect: 'Allow', Resource: '*' },
    {
      Sid: 'ReadSsoSettings',
      Action: 'dynamodb:BatchGetItem',
      Effect: 'Allow',
      Resource: [synth.arn(tables.configs), synth.arn(tables.features)],
    },
    {
      Sid: 'ReadSigningKeyRing',
      Action: 'dynamodb:GetItem',
      Effect: 'Allow',
      Resource: synth.arn(tables.configs),
      Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['#signing-keys'] } },
    },
    {
      Sid: 'RecordUsedTokens',
      Action: ['dynamodb:PutItem', 'dynamodb:DeleteItem'],
      Effect: 'Allow',
      Resource: synth.arn(tables.usedTokens),
    },
    ...(synth.stack.edge
      ? [
          {
            Sid: 'ReadEdgeOriginSecret',
            Action: 'secretsmanager:GetSecretValue',
            Effect: 'Allow' as const,
            Resource: { Ref: synth.logicalId(synth.stack.edge.originSecret) },
          },
        ]
      : []),
  ];
}

/** The account root as the key policies name it (partition and account of the deployment). */
export const ACCOUNT_ROOT = {
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root']],
};

/** The condition on every use of a wrapping key: the encryption context that the KMS calls pass. */
export const ENCRYPTION_CONTEXT = {
  StringEquals: { 'kms:EncryptionContext:purpose': 'infoauth-assertion-signing-key' },
};

/** The statements of a KMS key's (or replica key's) KeyPolicy, by the key's logical id. */
export function keyPolicyStatements(json: TemplateJson, keyLogicalId: string): PolicyStatementJson[] {
  const policy = json.Resources[keyLogicalId]?.Properties?.KeyPolicy as
    { Statement: PolicyStatementJson[] } | undefined;
  if (!policy) throw new Error(`${keyLogicalId} has no key policy`);
  return policy.Statement;
}

/**
 * What the account root may do with a key, from every statement naming it: administration only, never
 * a cryptographic action (so no IAM policy, e.g. PowerUserAccess's kms:* on *, reaches the key).
 */
export function rootKeyActions(statements: readonly PolicyStatementJson[]): string[] {
  return statements
    .filter((statement) => JSON.stringify(statement.Principal).includes(':root'))
    .flatMap((statement) => actionsOf(statement));
}

export const CRYPTOGRAPHIC_KMS_ACTION = /^kms:(Decrypt|Encrypt|Sign|Verify|Generate|ReEncrypt|\*)/;
