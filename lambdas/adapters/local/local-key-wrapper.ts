/**
 * The local stand-in for KMS in `wrapped` mode: AES-256-GCM under a key-encryption key held in a file
 * outside the database, so the same wrapped-key code runs on a laptop as in AWS. The encryption context
 * of KMS is the additional authenticated data here: a blob wrapped under another context does not open.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DependencyFailure } from '../../core/errors';
import type { KeyUnwrapper } from '../../core/ports';
import { WRAPPED_KEY_CONTEXT } from '../../core/signing-keys';

const IV_LENGTH = 12;
const TAG_LENGTH = 16;

/** The context as AES-GCM additional data: its entries sorted by name, as JSON. */
export function contextAad(context: Readonly<Record<string, string>>): Buffer {
  return Buffer.from(JSON.stringify(Object.entries(context).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}

export class LocalKeyWrapper implements KeyUnwrapper {
  constructor(
    private readonly kek: Uint8Array,
    private readonly context: Readonly<Record<string, string>> = WRAPPED_KEY_CONTEXT,
  ) {
    if (kek.length !== 32) throw new Error('the local key-encryption key must be 32 bytes');
  }

  /** iv (12) ‖ ciphertext ‖ tag (16). */
  wrap(plaintext: Uint8Array): Uint8Array {
    const iv = randomBytes(IV_LENGTH);
    const cipher = createCipheriv('aes-256-gcm', this.kek, iv);
    cipher.setAAD(contextAad(this.context));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([iv, body, cipher.getAuthTag()]);
  }

  async unwrap(wrapped: Uint8Array): Promise<Uint8Array> {
    try {
      const data = Buffer.from(wrapped);
      const decipher = createDecipheriv('aes-256-gcm', this.kek, data.subarray(0, IV_LENGTH));
      decipher.setAuthTag(data.subarray(data.length - TAG_LENGTH));
      decipher.setAAD(contextAad(this.context));
      return Buffer.concat([decipher.update(data.subarray(IV_LENGTH, data.length - TAG_LENGTH)), decipher.final()]);
    } catch (cause) {
      throw new DependencyFailure('signing-unavailable', 'the wrapped signing key could not be unwrapped', { cause });
    }
  }
}
