/**
 * Finds a deployed Infoauth stack's tables, URLs, log group and signing keys from its CloudFormation
 * outputs (written by lib/infoauth-stack.ts under the names in lambdas/core/deployment.ts).
 */
import { CloudFormationClient, DescribeStacksCommand, type Output } from '@aws-sdk/client-cloudformation';
import { STACK_OUTPUTS, type SigningMode, type StackTarget } from '../../lambdas/core/deployment';

export class StackTargetError extends Error {
  override readonly name = 'StackTargetError';
}

function isStackMissing(error: unknown): boolean {
  return error instanceof Error && error.name === 'ValidationError' && /does not exist/i.test(error.message);
}

/**
 * Reads the stack's outputs with DescribeStacks. Throws {@link StackTargetError} when the stack does not
 * exist (with a hint to deploy or pass `--stack`) or lacks an output the admin CLI needs (deployed by an
 * older version: redeploy).
 *
 * @example
 * const target = await resolveStackTarget(DEFAULT_STACK_NAME);
 * const admin = new DynamoSsoAdminStore(createDocumentClient(), target.tables);
 */
export async function resolveStackTarget(
  stackName: string,
  cfn: CloudFormationClient = new CloudFormationClient({}),
): Promise<StackTarget> {
  let outputs: Output[];
  try {
    const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: stackName }));
    const stack = Stacks?.[0];
    if (!stack) throw new StackTargetError(`Stack ${stackName} was not found.`);
    outputs = stack.Outputs ?? [];
  } catch (error) {
    if (error instanceof StackTargetError) throw error;
    if (isStackMissing(error)) {
      throw new StackTargetError(
        `Stack ${stackName} does not exist in this account and region. Deploy it with \`npx cdk deploy\`, or pass --stack <name> (and check AWS_REGION / AWS_PROFILE).`,
        { cause: error },
      );
    }
    throw new StackTargetError(`Could not read stack ${stackName}: ${(error as Error).message}`, { cause: error });
  }

  const values = new Map(outputs.map((output) => [output.OutputKey, output.OutputValue]));
  const optional = (key: string): string | undefined => values.get(key) || undefined;
  const required = (key: string): string => {
    const value = optional(key);
    if (!value) {
      throw new StackTargetError(
        `Stack ${stackName} has no output ${key}. Is it an Infoauth stack deployed by this version? Redeploy with \`npx cdk deploy\`.`,
      );
    }
    return value;
  };

  const signingMode = required(STACK_OUTPUTS.signingMode);
  if (signingMode !== 'wrapped' && signingMode !== 'kms') {
    throw new StackTargetError(`Stack ${stackName} has an unknown signing mode ${signingMode}.`);
  }
  const mode: SigningMode = signingMode;
  // `keys rotate` needs the role in `kms` mode only (each new KMS key's policy names it).
  const homeRegion = optional(STACK_OUTPUTS.homeRegion);
  const keysRotateRoleArn = optional(STACK_OUTPUTS.keysRotateRoleArn);
  const roleArn =
    mode === 'kms' ? required(STACK_OUTPUTS.ssoFunctionRoleArn) : optional(STACK_OUTPUTS.ssoFunctionRoleArn);
  return {
    stackName,
    tables: {
      configs: required(STACK_OUTPUTS.configTable),
      features: required(STACK_OUTPUTS.featureTable),
      usedTokens: required(STACK_OUTPUTS.usedTokenTable),
      audit: required(STACK_OUTPUTS.auditTable),
    },
    signingMode: mode,
    ...(mode === 'wrapped'
      ? { keyEncryptionKeyId: required(STACK_OUTPUTS.keyEncryptionKeyId) }
      : { signingKeyId: required(STACK_OUTPUTS.signingKeyId) }),
    ...(roleArn ? { ssoFunctionRoleArn: roleArn } : {}),
    ...(keysRotateRoleArn ? { keysRotateRoleArn } : {}),
    logGroupName: required(STACK_OUTPUTS.ssoLogGroup),
    ssoUrl: required(STACK_OUTPUTS.ssoUrl),
    errorPageUrl: required(STACK_OUTPUTS.errorPageUrl),
    jwksUrl: required(STACK_OUTPUTS.jwksUrl),
    ...(homeRegion ? { homeRegion } : {}),
  };
}
