import { generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { compactVerify, importJWK } from 'jose';
import { derToJoseEcdsaSignature } from '../../../lambdas/adapters/kms/der-ecdsa-signature';

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const b64url = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64url');

/** The DER INTEGER contents of r and s in a DER ECDSA signature (short lengths: P-256). */
function derParts(der: Uint8Array): { r: Uint8Array; s: Uint8Array } {
  const rLength = der[3] ?? 0;
  const r = der.subarray(4, 4 + rLength);
  const s = der.subarray(4 + rLength + 2);
  return { r, s };
}

/** Real signatures from node until one has the wanted shape (bounded: the odds are 1/2 and about 1/256). */
function realSignature(input: Uint8Array, wanted: (parts: { r: Uint8Array; s: Uint8Array }) => boolean): Buffer {
  for (let attempt = 0; attempt < 20_000; attempt++) {
    const der = sign('sha256', input, { key: privateKey, dsaEncoding: 'der' });
    if (wanted(derParts(der))) return der;
  }
  throw new Error('no signature of the wanted shape in 20000 attempts');
}

const verifiesRaw = (input: Uint8Array, raw: Uint8Array, key: KeyObject = publicKey) =>
  verify('sha256', input, { key, dsaEncoding: 'ieee-p1363' }, raw);

describe('derToJoseEcdsaSignature', () => {
  it('turns a DER signature from a real P-256 key into a JWS signature that jose verifies', async () => {
    // Prepare
    const signingInput = `${b64url(JSON.stringify({ alg: 'ES256', typ: 'JWT' }))}.${b64url('{"sub":"jane"}')}`;
    const der = sign('sha256', Buffer.from(signingInput), { key: privateKey, dsaEncoding: 'der' });
    // Act
    const jose = derToJoseEcdsaSignature(der);
    // Assess
    expect(jose).toHaveLength(64);
    const key = await importJWK(publicKey.export({ format: 'jwk' }), 'ES256');
    const { payload } = await compactVerify(`${signingInput}.${b64url(jose)}`, key);
    expect(new TextDecoder().decode(payload)).toBe('{"sub":"jane"}');
  });

  it.each([
    ['r with its high bit set (a leading 0x00 in DER, 33 bytes)', (p: { r: Uint8Array }) => p.r.length === 33],
    ['s with its high bit set (a leading 0x00 in DER, 33 bytes)', (p: { s: Uint8Array }) => p.s.length === 33],
    ['r shorter than 32 bytes (leading zero bytes dropped in DER)', (p: { r: Uint8Array }) => p.r.length < 32],
    ['s shorter than 32 bytes (leading zero bytes dropped in DER)', (p: { s: Uint8Array }) => p.s.length < 32],
  ])('keeps a real signature valid when it has %s', (_shape, wanted) => {
    // Prepare
    const input = Buffer.from('assertion signing input');
    const der = realSignature(input, wanted);
    // Act
    const raw = derToJoseEcdsaSignature(der);
    // Assess
    expect(raw).toHaveLength(64);
    expect(verifiesRaw(input, raw)).toBe(true);
  });

  it('left-pads r and s to 32 bytes each', () => {
    // Prepare: r = 1, s = 0x80 (needs a leading zero in DER)
    const der = Uint8Array.from([0x30, 0x07, 0x02, 0x01, 0x01, 0x02, 0x02, 0x00, 0x80]);
    // Act
    const raw = derToJoseEcdsaSignature(der);
    // Assess
    expect(raw[31]).toBe(1);
    expect(raw[63]).toBe(0x80);
    expect(raw.subarray(0, 31).every((byte) => byte === 0)).toBe(true);
    expect(raw.subarray(32, 63).every((byte) => byte === 0)).toBe(true);
  });

  it.each([
    ['an empty input', []],
    ['not a SEQUENCE', [0x31, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01]],
    ['a truncated SEQUENCE', [0x30, 0x08, 0x02, 0x01, 0x01, 0x02, 0x01]],
    ['trailing bytes', [0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01, 0x00]],
    ['a third element', [0x30, 0x09, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01]],
    ['a negative r', [0x30, 0x06, 0x02, 0x01, 0x81, 0x02, 0x01, 0x01]],
    ['a non-minimal r', [0x30, 0x07, 0x02, 0x02, 0x00, 0x01, 0x02, 0x01, 0x01]],
    ['an empty r', [0x30, 0x05, 0x02, 0x00, 0x02, 0x01, 0x01]],
    ['an r of 33 significant bytes', [0x30, 0x26, 0x02, 0x21, ...Array(33).fill(0x01), 0x02, 0x01, 0x01]],
    ['a long-form length', [0x30, 0x82, 0x00, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01]],
  ])('rejects %s', (_case, bytes) => {
    // Prepare
    const der = Uint8Array.from(bytes as number[]);
    // Act
    const convert = () => derToJoseEcdsaSignature(der);
    // Assess
    expect(convert).toThrow(/DER signature/);
  });
});
