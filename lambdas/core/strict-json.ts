/**
 * A strict JSON parser for data from outside (JOSE headers, token payloads, stored JWKS files).
 * Unlike JSON.parse it refuses duplicate member names (RFC 7515 §4 / RFC 8725: a parser must not pick
 * one silently), builds objects without a prototype (no prototype pollution through `__proto__`), and
 * bounds nesting depth so a hostile input cannot exhaust the stack.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export class StrictJsonError extends Error {}

const MAX_DEPTH = 32;
const WS = new Set([' ', '\t', '\n', '\r']);

/** Parses `text` or throws {@link StrictJsonError}. Objects come back with a null prototype. */
export function parseStrictJson(text: string): JsonValue {
  const parser = new Parser(text);
  const value = parser.value(0);
  parser.skipWhitespace();
  if (parser.pos !== text.length) throw new StrictJsonError('trailing characters');
  return value;
}

/** Parses `text` and requires a JSON object; returns undefined for anything else, never throws. */
export function parseJsonObject(text: string): JsonObject | undefined {
  try {
    const value = parseStrictJson(text);
    return isJsonObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class Parser {
  pos = 0;
  constructor(private readonly text: string) {}

  skipWhitespace(): void {
    while (WS.has(this.text.charAt(this.pos))) this.pos++;
  }

  value(depth: number): JsonValue {
    if (depth > MAX_DEPTH) throw new StrictJsonError('nested too deeply');
    this.skipWhitespace();
    const ch = this.text[this.pos];
    if (ch === '{') return this.object(depth);
    if (ch === '[') return this.array(depth);
    if (ch === '"') return this.string();
    if (ch === 't') return this.literal('true', true);
    if (ch === 'f') return this.literal('false', false);
    if (ch === 'n') return this.literal('null', null);
    return this.number();
  }

  private object(depth: number): JsonObject {
    const result = Object.create(null) as JsonObject;
    this.pos++;
    this.skipWhitespace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return result;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.pos] !== '"') throw new StrictJsonError('expected a member name');
      const key = this.string();
      if (Object.prototype.hasOwnProperty.call(result, key)) throw new StrictJsonError('duplicate member name');
      this.skipWhitespace();
      this.expect(':');
      result[key] = this.value(depth + 1);
      this.skipWhitespace();
      if (this.text[this.pos] === ',') {
        this.pos++;
        continue;
      }
      this.expect('}');
      return result;
    }
  }

  private array(depth: number): JsonValue[] {
    const result: JsonValue[] = [];
    this.pos++;
    this.skipWhitespace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return result;
    }
    for (;;) {
      result.push(this.value(depth + 1));
      this.skipWhitespace();
      if (this.text[this.pos] === ',') {
        this.pos++;
        continue;
      }
      this.expect(']');
      return result;
    }
  }

  private string(): string {
    // Find the closing quote, then let JSON.parse handle escapes of this one string literal.
    const start = this.pos;
    this.pos++;
    while (this.pos < this.text.length) {
      const ch = this.text[this.pos];
      if (ch === '\\') this.pos += 2;
      else if (ch === '"') {
        this.pos++;
        return this.parseLeaf(this.text.slice(start, this.pos)) as string;
      } else this.pos++;
    }
    throw new StrictJsonError('unterminated string');
  }

  private number(): number {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.text.slice(this.pos, this.pos + 400));
    if (!match) throw new StrictJsonError('unexpected character');
    this.pos += match[0].length;
    return Number(match[0]);
  }

  private literal<T extends JsonValue>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.pos)) throw new StrictJsonError('unexpected character');
    this.pos += word.length;
    return value;
  }

  private expect(ch: string): void {
    if (this.text[this.pos] !== ch) throw new StrictJsonError(`expected ${ch}`);
    this.pos++;
  }

  private parseLeaf(literal: string): JsonValue {
    try {
      return JSON.parse(literal) as JsonValue;
    } catch {
      throw new StrictJsonError('invalid string');
    }
  }
}
