/**
 * Synthesizes the CDK app exactly as bin/infoauth.ts does (real esbuild bundling, cdk-nag plugin) into a
 * temporary cloud assembly, once per test file, and offers what the tests look at.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { createInfoauthApp } from '../../lib/infoauth-app';
import type { InfoauthStack } from '../../lib/infoauth-stack';
import type { SigningMode } from '../../tools/admin/stack-target';

export interface SynthesizedStack {
  readonly stack: InfoauthStack;
  readonly template: Template;
  readonly json: TemplateJson;
  readonly assembly: CloudAssembly;
  readonly outdir: string;
  /** The logical id CloudFormation gives a construct's default resource. */
  logicalId(construct: { node: { defaultChild?: unknown } }): string;
}

export interface TemplateJson {
  readonly Resources: Record<string, { Type: string; Properties?: Record<string, unknown>; [key: string]: unknown }>;
  readonly Outputs: Record<string, { Value: unknown }>;
}

export async function synthesizeStack(signingMode: SigningMode): Promise<SynthesizedStack> {
  const outdir = mkdtempSync(join(tmpdir(), `infoauth-cdk-${signingMode}-`));
  const { app, stack } = await createInfoauthApp({ signingMode, appProps: { outdir } });
  const assembly = app.synth();
  const artifact = assembly.getStackByName(stack.stackName);
  const json = JSON.parse(readFileSync(join(outdir, artifact.templateFile), 'utf8')) as TemplateJson;
  return {
    stack,
    template: Template.fromJSON(json),
    json,
    assembly,
    outdir,
    logicalId: (construct) => stack.resolve((construct.node.defaultChild as { logicalId: string }).logicalId),
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
    const inline = (Properties?.Policies as { PolicyDocument: { Statement: PolicyStatementJson[] } }[]) ?? [];
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
      ((resource.Properties?.Roles as unknown[]) ?? []).some(
        (role) => JSON.stringify(role) === JSON.stringify({ Ref: roleLogicalId }),
      ),
    )
    .flatMap((resource) => (resource.Properties?.PolicyDocument as { Statement: PolicyStatementJson[] }).Statement);
}
