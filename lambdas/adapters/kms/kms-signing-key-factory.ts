/**
 * `kms` mode: key ring entries for KMS signing keys (ECC_NIST_P256, SIGN_VERIFY). The stack's own key
 * becomes the first entry at deploy; `keys rotate` creates a new KMS key with the stack key's policy:
 * only the SSO function's role signs, only it and the `keys rotate` role read the public key, the
 * account administers (asymmetric KMS keys cannot rotate their key material).
 */
import { CreateKeyCommand, GetPublicKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { SigningKeyFactory } from '../../core/ports';
import type { SigningKey } from '../../core/signing-keys';
import { accountRootOf, assertionKeyPolicy, STACK_TAG } from './key-policy';
import { es256PublicJwkFromSpki } from './public-key-jwk';

/** The key ring entry of an existing KMS signing key: its public key from GetPublicKey. */
export async function kmsSigningKeyEntry(
  kms: KMSClient,
  keyId: string,
  nowSeconds: number,
): Promise<Omit<SigningKey, 'activeFrom' | 'retireAt'>> {
  const { PublicKey, KeyId, KeySpec, KeyUsage } = await kms.send(new GetPublicKeyCommand({ KeyId: keyId }));
  if (!PublicKey || !KeyId) throw new Error(`KMS returned no public key for ${keyId}`);
  if (KeySpec !== 'ECC_NIST_P256' || KeyUsage !== 'SIGN_VERIFY') {
    throw new Error(`KMS key ${keyId} is ${KeySpec}/${KeyUsage}, not an ECC_NIST_P256 signing key`);
  }
  const publicJwk = await es256PublicJwkFromSpki(PublicKey);
  return { kid: publicJwk.kid, publicJwk, kmsKeyId: KeyId, createdAt: nowSeconds };
}

/** Always the same existing key: what the deploy-time key setup adds to an empty key ring. */
export class ExistingKmsSigningKeyFactory implements SigningKeyFactory {
  constructor(
    private readonly kms: KMSClient,
    private readonly keyId: string,
  ) {}

  create(nowSeconds: number): Promise<Omit<SigningKey, 'activeFrom' | 'retireAt'>> {
    return kmsSigningKeyEntry(this.kms, this.keyId, nowSeconds);
  }
}

export interface NewKmsSigningKeyOptions {
  readonly stackName: string;
  /** The SSO function's role: the only principal the new key's policy lets sign. */
  readonly ssoFunctionRoleArn: string;
  /** The stack's `keys rotate` role (the caller): it reads the new key's public key. */
  readonly keysRotateRoleArn: string;
}

/** Creates a new KMS signing key per rotation (for `keys rotate` in `kms` mode). */
export class NewKmsSigningKeyFactory implements SigningKeyFactory {
  constructor(
    private readonly kms: KMSClient,
    private readonly options: NewKmsSigningKeyOptions,
  ) {}

  async create(nowSeconds: number): Promise<Omit<SigningKey, 'activeFrom' | 'retireAt'>> {
    const policy = assertionKeyPolicy({
      mode: 'kms',
      accountRootArn: accountRootOf(this.options.ssoFunctionRoleArn),
      ssoRoles: [{ arn: this.options.ssoFunctionRoleArn }],
      keyMakers: [{ arn: this.options.keysRotateRoleArn }],
    });
    const { KeyMetadata } = await this.kms.send(
      new CreateKeyCommand({
        KeySpec: 'ECC_NIST_P256',
        KeyUsage: 'SIGN_VERIFY',
        Description: `Infoauth assertion signing key (stack ${this.options.stackName})`,
        Policy: JSON.stringify(policy),
        Tags: [{ TagKey: STACK_TAG, TagValue: this.options.stackName }],
      }),
    );
    if (!KeyMetadata?.Arn) throw new Error('KMS created no key');
    return kmsSigningKeyEntry(this.kms, KeyMetadata.Arn, nowSeconds);
  }
}
