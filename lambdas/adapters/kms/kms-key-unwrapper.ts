/**
 * `wrapped` mode in AWS: one KMS Decrypt of the stored private key, when a cold start first signs, with
 * the encryption context the key was generated under (the key policy allows Decrypt only with it).
 */
import { DecryptCommand, type KMSClient } from '@aws-sdk/client-kms';
import { DependencyFailure } from '../../core/errors';
import type { KeyUnwrapper } from '../../core/ports';
import { WRAPPED_KEY_CONTEXT } from '../../core/signing-keys';

export class KmsKeyUnwrapper implements KeyUnwrapper {
  constructor(
    private readonly kms: KMSClient,
    private readonly keyId: string,
  ) {}

  async unwrap(wrapped: Uint8Array): Promise<Uint8Array> {
    try {
      const { Plaintext } = await this.kms.send(
        new DecryptCommand({
          CiphertextBlob: wrapped,
          KeyId: this.keyId,
          EncryptionContext: { ...WRAPPED_KEY_CONTEXT },
        }),
      );
      if (!Plaintext) throw new Error('KMS returned no plaintext');
      return Plaintext;
    } catch (cause) {
      throw new DependencyFailure('signing-unavailable', 'KMS could not decrypt the signing key', { cause });
    }
  }
}
