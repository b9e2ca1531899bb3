/**
 * KMS returns ECDSA signatures DER-encoded (`SEQUENCE { INTEGER r, INTEGER s }`, RFC 3279); a JWS
 * carries them as the raw concatenation r ‖ s, each left-padded to the curve's size (RFC 7518 §3.4).
 */

/** Bytes of r and of s in an ES256 (P-256) JWS signature. */
export const ES256_PART_LENGTH = 32;

const SEQUENCE = 0x30;
const INTEGER = 0x02;

class DerReader {
  private offset = 0;
  constructor(private readonly bytes: Uint8Array) {}

  get done(): boolean {
    return this.offset === this.bytes.length;
  }

  private byte(): number {
    const value = this.bytes[this.offset++];
    if (value === undefined) throw new Error('the DER signature is truncated');
    return value;
  }

  /** Definite lengths only; ECDSA signatures up to P-521 need at most one length byte after 0x81. */
  private length(): number {
    const first = this.byte();
    if (first < 0x80) return first;
    if (first !== 0x81) throw new Error('the DER signature has an unsupported length form');
    const length = this.byte();
    if (length < 0x80) throw new Error('the DER signature has a non-minimal length');
    return length;
  }

  /** The content of the next element, which must have the given tag. */
  element(tag: number): Uint8Array {
    if (this.byte() !== tag) throw new Error(`the DER signature does not have the expected tag 0x${tag.toString(16)}`);
    const length = this.length();
    if (this.offset + length > this.bytes.length) throw new Error('the DER signature is truncated');
    const content = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return content;
  }
}

/** A DER INTEGER that must be positive and minimally encoded, as its unsigned big-endian bytes. */
function unsignedInteger(content: Uint8Array, partLength: number): Uint8Array {
  if (content.length === 0) throw new Error('the DER signature has an empty integer');
  const [first = 0, second = 0] = content;
  if (first & 0x80) throw new Error('the DER signature has a negative integer');
  if (first === 0 && content.length > 1 && !(second & 0x80)) {
    throw new Error('the DER signature has a non-minimal integer');
  }
  const magnitude = first === 0 ? content.subarray(1) : content;
  if (magnitude.length > partLength) throw new Error('the DER signature has an integer larger than the curve');
  const padded = new Uint8Array(partLength);
  padded.set(magnitude, partLength - magnitude.length);
  return padded;
}

/**
 * Converts a DER ECDSA signature to the JOSE form r ‖ s. Throws on anything that is not a strict,
 * minimal DER signature for the curve (so a garbled KMS answer never becomes a bad assertion).
 *
 * @example
 * const { Signature } = await kms.send(new SignCommand({ ... }));
 * const joseSignature = derToJoseEcdsaSignature(Signature!); // 64 bytes for ES256
 */
export function derToJoseEcdsaSignature(der: Uint8Array, partLength: number = ES256_PART_LENGTH): Uint8Array {
  const outer = new DerReader(der);
  const sequence = new DerReader(outer.element(SEQUENCE));
  if (!outer.done) throw new Error('the DER signature has trailing bytes');
  const r = unsignedInteger(sequence.element(INTEGER), partLength);
  const s = unsignedInteger(sequence.element(INTEGER), partLength);
  if (!sequence.done) throw new Error('the DER signature has extra elements');
  const jose = new Uint8Array(partLength * 2);
  jose.set(r, 0);
  jose.set(s, partLength);
  return jose;
}
