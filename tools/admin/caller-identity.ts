/**
 * Who makes a change, for the audit trail: against a stack, the caller's AWS identity ARN (STS
 * GetCallerIdentity, which needs no permission); under `--local`, the OS user.
 */
import { userInfo } from 'node:os';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { InfoauthError } from '../../lambdas/core/errors';

/** An STS call is bounded like the admin's DynamoDB calls: a few seconds, then the change is not made. */
const STS_TIMEOUTS = { connectionTimeout: 2000, requestTimeout: 5000, throwOnRequestTimeout: true } as const;

export function createStsClient(): STSClient {
  return new STSClient({ maxAttempts: 2, requestHandler: STS_TIMEOUTS });
}

/**
 * The caller's identity ARN, e.g. `arn:aws:sts::123456789012:assumed-role/Admin/jane`. Throws
 * InfoauthError('dependency-failed') when STS does not say: a change must not be made by no one.
 */
export async function callerArn(sts: STSClient): Promise<string> {
  try {
    const { Arn } = await sts.send(new GetCallerIdentityCommand({}));
    if (!Arn) throw new Error('STS returned no ARN');
    return Arn;
  } catch (error) {
    throw new InfoauthError(
      'dependency-failed',
      `could not tell who is making this change (STS GetCallerIdentity: ${(error as Error).message}); nothing was changed`,
      { cause: error },
    );
  }
}

/** The OS user running the CLI (`--local`), e.g. `jane`. */
export function localActor(): string {
  try {
    return userInfo().username;
  } catch {
    // No passwd entry (some containers): the environment's word is the best there is.
    return process.env.USER ?? process.env.LOGNAME ?? `uid ${process.getuid?.() ?? 'unknown'}`;
  }
}
