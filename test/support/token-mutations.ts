/**
 * Ways to damage a valid compact JWS, as fast-check arbitraries: flipped bits in any decoded segment,
 * replaced characters, swapped or borrowed segments, re-encoded headers, changed algorithms, truncation.
 * Each mutation is applied to a token given at run time, so the same plan works on fresh tokens.
 */
import fc from 'fast-check';

export type Mutation = (token: string, other: string) => string;

const BASE64URL_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The header as an object, or undefined when an earlier mutation already broke it. */
function headerOf(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function segments(token: string): [string, string, string] {
  const [header = '', payload = '', signature = ''] = token.split('.');
  return [header, payload, signature];
}

const flipBit =
  (segment: number, byteSeed: number, bit: number): Mutation =>
  (token) => {
    const parts = segments(token);
    const bytes = Buffer.from(parts[segment]!, 'base64url');
    if (bytes.length === 0) return token;
    bytes[byteSeed % bytes.length]! ^= 1 << bit;
    parts[segment] = bytes.toString('base64url');
    return parts.join('.');
  };

const replaceChar =
  (positionSeed: number, charSeed: number): Mutation =>
  (token) => {
    const position = positionSeed % token.length;
    const char = BASE64URL_CHARS[charSeed % BASE64URL_CHARS.length]!;
    return `${token.slice(0, position)}${char}${token.slice(position + 1)}`;
  };

const swapSegments =
  (a: number, b: number): Mutation =>
  (token) => {
    const parts = segments(token);
    [parts[a], parts[b]] = [parts[b]!, parts[a]!];
    return parts.join('.');
  };

/** Takes one segment from another valid token of the same client. */
const borrowSegment =
  (segment: number): Mutation =>
  (token, other) => {
    const parts = segments(token);
    parts[segment] = segments(other)[segment]!;
    return parts.join('.');
  };

/** Re-encodes the header with a change that keeps its meaning for a lax parser. */
const reencodeHeader =
  (variant: number): Mutation =>
  (token) => {
    const parts = segments(token);
    const header = headerOf(parts[0]);
    if (!header) return token;
    const texts = [
      JSON.stringify(header, null, 1),
      JSON.stringify(Object.fromEntries(Object.entries(header).reverse())),
      JSON.stringify({ ...header, typ: 'JWT' }),
      ` ${JSON.stringify(header)}`,
      JSON.stringify({ ...header, alg: 'ES256K' }),
      JSON.stringify({ ...header, kid: undefined }),
    ];
    parts[0] = Buffer.from(texts[variant % texts.length]!).toString('base64url');
    return parts.join('.');
  };

const changeAlg =
  (alg: string): Mutation =>
  (token) => {
    const parts = segments(token);
    const header = headerOf(parts[0]);
    if (!header) return token;
    parts[0] = Buffer.from(JSON.stringify({ ...header, alg })).toString('base64url');
    return parts.join('.');
  };

const truncate =
  (lengthSeed: number): Mutation =>
  (token) =>
    token.slice(0, lengthSeed % token.length);
const append =
  (suffix: string): Mutation =>
  (token) =>
    `${token}${suffix}`;

/** One mutation, or several applied in turn. */
export const mutationArbitrary: fc.Arbitrary<Mutation> = fc
  .array(
    fc.oneof(
      fc
        .tuple(fc.integer({ min: 0, max: 2 }), fc.nat(), fc.integer({ min: 0, max: 7 }))
        .map(([s, b, bit]) => flipBit(s, b, bit)),
      fc.tuple(fc.nat(), fc.nat()).map(([p, c]) => replaceChar(p, c)),
      fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })).map(([a, b]) => swapSegments(a, b)),
      fc.integer({ min: 0, max: 2 }).map(borrowSegment),
      fc.nat().map(reencodeHeader),
      fc.constantFrom('none', 'HS256', 'RS256', 'ES384', 'PS256', 'EdDSA').map(changeAlg),
      fc.nat().map(truncate),
      fc.constantFrom('A', 'AA', '.', '..', '.e30', '=').map(append),
    ),
    { minLength: 1, maxLength: 3 },
  )
  .map(
    (mutations) => (token: string, other: string) =>
      mutations.reduce((current, mutate) => mutate(current, other), token),
  );
