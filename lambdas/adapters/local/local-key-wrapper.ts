/**
 * The local stand-in for KMS in `wrapped` mode: AES-256-GCM under a key-encryption key held in a file
 * outside the database, so the same wrapped-key code runs on a laptop as in AWS.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DependencyFailure } from '../../core/errors';
import type { KeyUnwrapper } from '../../core/ports';

const IV_LENGTH = 12;
const TAG_LENGTH = 16;

export class LocalKeyWrapper implements KeyUnwrapper {
  constructor(private readonly kek: Uint8Array) {
    if (kek.length !== 32) throw new Error('the local key-encryption key must be 32 bytes');
  }

  /** iv (12) ‖ ciphertext ‖ tag (16). */
  wrap(plaintext: Uint8Array): Uint8Array {
    const iv = randomBytes(IV_LENGTH);
    const cipher = createCipheriv('aes-256-gcm', this.kek, iv);
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([iv, body, cipher.getAuthTag()]);
  }

  async unwrap(wrapped: Uint8Array): Promise<Uint8Array> {
    try {
      const data = Buffer.from(wrapped);
      const decipher = createDecipheriv('aes-256-gcm', this.kek, data.subarray(0, IV_LENGTH));
      decipher.setAuthTag(data.subarray(data.length - TAG_LENGTH));
      return Buffer.concat([decipher.update(data.subarray(IV_LENGTH, data.length - TAG_LENGTH)), decipher.final()]);
    } catch (cause) {
      throw new DependencyFailure('signing-unavailable', 'the wrapped signing key could not be unwrapped', { cause });
    }
  }
}
