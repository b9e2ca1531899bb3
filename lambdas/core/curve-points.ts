/**
 * Point checks for client public keys, in plain BigInt arithmetic: is an EC point on its NIST curve, and is
 * an Ed25519 public key of small order (a key for which a signature `R` = that point, `S` = 0 verifies any
 * message). Only public data goes through here, so constant time does not matter.
 */

/** x^e mod m for non-negative x. */
function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}

const mod = (value: bigint, modulus: bigint): bigint => ((value % modulus) + modulus) % modulus;

function bigEndian(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

/** Short Weierstrass curves y² = x³ − 3x + b over GF(p) (cofactor 1: on the curve means in the group). */
interface NistCurve {
  readonly p: bigint;
  readonly b: bigint;
  readonly bytes: number;
}

const NIST_CURVES: Readonly<Record<string, NistCurve>> = {
  'P-256': {
    p: 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn,
    b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
    bytes: 32,
  },
  'P-384': {
    p: 2n ** 384n - 2n ** 128n - 2n ** 96n + 2n ** 32n - 1n,
    b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
    bytes: 48,
  },
  'P-521': {
    p: 2n ** 521n - 1n,
    b: 0x0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00n,
    bytes: 66,
  },
};

/** The coordinate length in bytes of a supported NIST curve, or undefined for any other name. */
export function nistCoordinateBytes(crv: string): number | undefined {
  return NIST_CURVES[crv]?.bytes;
}

/** True when (x, y), big-endian coordinates of the curve's exact length, is a point on the named curve. */
export function isOnNistCurve(crv: string, x: Uint8Array, y: Uint8Array): boolean {
  const curve = NIST_CURVES[crv];
  if (!curve || x.length !== curve.bytes || y.length !== curve.bytes) return false;
  const { p, b } = curve;
  const X = bigEndian(x);
  const Y = bigEndian(y);
  if (X >= p || Y >= p) return false;
  return mod(Y * Y, p) === mod(X * X * X - 3n * X + b, p);
}

const ED_P = 2n ** 255n - 19n;
const ED_D = mod(-121665n * modPow(121666n, ED_P - 2n, ED_P), ED_P);
const SQRT_MINUS_ONE = modPow(2n, (ED_P - 1n) / 4n, ED_P);

type EdPoint = readonly [bigint, bigint];

/** Decodes an RFC 8032 point encoding, or undefined when it is not canonical or not on the curve. */
function decodeEd25519(encoded: Uint8Array): EdPoint | undefined {
  if (encoded.length !== 32) return undefined;
  const littleEndian = Uint8Array.from(encoded).reverse();
  const top = littleEndian[0] ?? 0;
  const sign = (top >> 7) & 1;
  littleEndian[0] = top & 0x7f;
  const y = bigEndian(littleEndian);
  if (y >= ED_P) return undefined;
  const x2 = mod((y * y - 1n) * modPow(ED_D * y * y + 1n, ED_P - 2n, ED_P), ED_P);
  let x = modPow(x2, (ED_P + 3n) / 8n, ED_P);
  if (mod(x * x - x2, ED_P) !== 0n) x = mod(x * SQRT_MINUS_ONE, ED_P);
  if (mod(x * x - x2, ED_P) !== 0n) return undefined;
  if (x === 0n && sign === 1) return undefined;
  if (Number(x & 1n) !== sign) x = ED_P - x;
  return [x, y];
}

/** Twisted Edwards addition (complete on edwards25519, so doubling is the same formula). */
function addEd(a: EdPoint, b: EdPoint): EdPoint {
  const [x1, y1] = a;
  const [x2, y2] = b;
  const t = mod(ED_D * x1 * x2 * y1 * y2, ED_P);
  const x3 = mod((x1 * y2 + y1 * x2) * modPow(1n + t, ED_P - 2n, ED_P), ED_P);
  const y3 = mod((y1 * y2 + x1 * x2) * modPow(mod(1n - t, ED_P), ED_P - 2n, ED_P), ED_P);
  return [x3, y3];
}

/**
 * Classifies an Ed25519 public key: 'invalid' (not a canonical point on the curve), 'small-order'
 * (eight times the point is the identity: one of the eight points with which anyone can forge), or 'ok'.
 */
export function ed25519PointKind(encoded: Uint8Array): 'invalid' | 'small-order' | 'ok' {
  const point = decodeEd25519(encoded);
  if (!point) return 'invalid';
  let multiple = point;
  for (let doubling = 0; doubling < 3; doubling++) multiple = addEd(multiple, multiple);
  return multiple[0] === 0n && multiple[1] === 1n ? 'small-order' : 'ok';
}
