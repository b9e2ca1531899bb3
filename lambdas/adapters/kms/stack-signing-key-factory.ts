/** The signing key factory for a deployed stack's mode: what `admin keys rotate` adds to the key ring. */
import type { KMSClient } from '@aws-sdk/client-kms';
import type { SigningKeyFactory } from '../../core/ports';
import type { StackTarget } from '../../core/deployment';
import { NewKmsSigningKeyFactory } from './kms-signing-key-factory';
import { KmsWrappedSigningKeyFactory } from './wrapped-signing-key-factory';

/**
 * `wrapped`: a new KMS-generated key pair wrapped under the stack's key-encryption key.
 * `kms`: a new KMS signing key that only the stack's SSO function may sign with.
 * Throws when the stack outputs lack what the mode needs.
 *
 * @example
 * const target = await resolveStackTarget('Infoauth');
 * const ring = rotateKeyRing(await store.load(), await createStackSigningKeyFactory(target, kms).create(now), now, 600);
 */
export function createStackSigningKeyFactory(target: StackTarget, kms: KMSClient): SigningKeyFactory {
  if (!target.keysRotateRoleArn)
    throw new Error(`stack ${target.stackName} has no KeysRotateRoleArn output: redeploy it with this version`);
  if (target.signingMode === 'wrapped') {
    if (!target.keyEncryptionKeyId) throw new Error(`stack ${target.stackName} has no key-encryption key output`);
    return new KmsWrappedSigningKeyFactory(kms, target.keyEncryptionKeyId);
  }
  if (!target.ssoFunctionRoleArn) throw new Error(`stack ${target.stackName} has no SSO function role output`);
  return new NewKmsSigningKeyFactory(kms, {
    stackName: target.stackName,
    ssoFunctionRoleArn: target.ssoFunctionRoleArn,
    keysRotateRoleArn: target.keysRotateRoleArn,
  });
}
