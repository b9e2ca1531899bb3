/**
 * `wrapped` mode in AWS: KMS generates the P-256 key pair (GenerateDataKeyPairWithoutPlaintext) and
 * returns the private key only encrypted under the stack's symmetric key; the plaintext private key
 * never exists outside KMS until the SSO function decrypts it into memory. The key pair is generated
 * under the encryption context that the key policy requires and that the SSO function's Decrypt passes.
 */
import { GenerateDataKeyPairWithoutPlaintextCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { SigningKeyFactory } from '../../core/ports';
import { WRAPPED_KEY_CONTEXT, type SigningKey } from '../../core/signing-keys';
import { es256PublicJwkFromSpki } from './public-key-jwk';

export class KmsWrappedSigningKeyFactory implements SigningKeyFactory {
  constructor(
    private readonly kms: KMSClient,
    /** The symmetric key that wraps the private key; the SSO function may only Decrypt with it. */
    private readonly keyEncryptionKeyId: string,
  ) {}

  async create(nowSeconds: number): Promise<Omit<SigningKey, 'activeFrom' | 'retireAt'>> {
    const { PrivateKeyCiphertextBlob, PublicKey } = await this.kms.send(
      new GenerateDataKeyPairWithoutPlaintextCommand({
        KeyId: this.keyEncryptionKeyId,
        KeyPairSpec: 'ECC_NIST_P256',
        EncryptionContext: { ...WRAPPED_KEY_CONTEXT },
      }),
    );
    if (!PrivateKeyCiphertextBlob || !PublicKey) throw new Error('KMS returned an incomplete key pair');
    const publicJwk = await es256PublicJwkFromSpki(PublicKey);
    return {
      kid: publicJwk.kid,
      publicJwk,
      wrappedPrivateKey: Buffer.from(PrivateKeyCiphertextBlob).toString('base64'),
      wrappedInContext: true,
      createdAt: nowSeconds,
    };
  }
}
