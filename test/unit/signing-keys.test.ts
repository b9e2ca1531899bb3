import { activeSigningKey, publishedKeys, rotateKeyRing, type SigningKey } from '../../lambdas/core/signing-keys';

const T = 1_800_000_000;
const newKey = (kid: string): Omit<SigningKey, 'activeFrom' | 'retireAt'> => ({
  kid,
  publicJwk: { kty: 'EC', crv: 'P-256', x: kid, y: kid, kid },
  wrappedPrivateKey: 'w',
  createdAt: T,
});

describe('the signing key ring', () => {
  it('publishes the next key before it signs, and the old key until its assertions expired', () => {
    // Prepare
    const first = rotateKeyRing(undefined, newKey('k1'), T, 0);
    // Act
    const rotated = rotateKeyRing(first, newKey('k2'), T + 100, 600);
    // Assess
    expect(activeSigningKey(rotated, T + 100)?.kid).toBe('k1');
    expect(publishedKeys(rotated, T + 100).map((key) => key.kid)).toEqual(['k1', 'k2']);
    expect(activeSigningKey(rotated, T + 700)?.kid).toBe('k2');
    expect(publishedKeys(rotated, T + 700 + 60).map((key) => key.kid)).toEqual(['k1', 'k2']);
    expect(publishedKeys(rotated, T + 700 + 120).map((key) => key.kid)).toEqual(['k2']);
    expect(rotated.version).toBe(2);
  });

  it('drops retired keys at the next rotation', () => {
    const ring = rotateKeyRing(rotateKeyRing(undefined, newKey('k1'), T, 0), newKey('k2'), T, 0);
    const later = rotateKeyRing(ring, newKey('k3'), T + 10_000, 0);
    expect(later.keys.map((key) => key.kid)).toEqual(['k2', 'k3']);
  });
});

describe('activeSigningKey', () => {
  it('lets the later-added key win when two became active in the same second', () => {
    const ring = rotateKeyRing(rotateKeyRing(undefined, newKey('k1'), T, 0), newKey('k2'), T, 0);
    expect(activeSigningKey(ring, T)?.kid).toBe('k2');
  });
});
