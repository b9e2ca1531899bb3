/**
 * Property tests of the strict JSON parser (lambdas/core/strict-json.ts) against the reference, JSON.parse:
 * it must read every valid document exactly as JSON.parse does (objects aside from their prototype), refuse
 * everything JSON.parse refuses, and refuse duplicate member names however they are spelled, which
 * JSON.parse accepts (keeping the last). Deterministic seeds, so a failure is reproducible.
 */
import fc from 'fast-check';
import { parseStrictJson, StrictJsonError } from '../../lambdas/core/strict-json';

const RUNS = { numRuns: 400, seed: 20261130 } as const;
/** Nesting the parser accepts (it refuses deeper than 32). */
const jsonValue = fc.jsonValue({ maxDepth: 8 });

/** The same value, compared by what it serialises to (parseStrictJson builds null-prototype objects). */
const sameAsJsonParse = (text: string) =>
  JSON.stringify(parseStrictJson(text)) === JSON.stringify(JSON.parse(text) as unknown);

/** A string spelled entirely with \u escapes, as a hostile encoder may. */
const escaped = (value: string) =>
  `"${Array.from({ length: value.length }, (_, i) => `\\u${value.charCodeAt(i).toString(16).padStart(4, '0')}`).join('')}"`;

/** The parser's refusal of `text` (a StrictJsonError, never another exception), or undefined when it accepts. */
function refusal(text: string): string | undefined {
  try {
    parseStrictJson(text);
    return undefined;
  } catch (error) {
    if (!(error instanceof StrictJsonError)) throw error;
    return error.message;
  }
}

function jsonParseRefuses(text: string): boolean {
  try {
    JSON.parse(text);
    return false;
  } catch {
    return true;
  }
}

describe('parseStrictJson against JSON.parse', () => {
  it('reads every valid document as JSON.parse does, compact or indented', () => {
    fc.assert(
      fc.property(jsonValue, fc.constantFrom(undefined, 2, '\t'), (value, indent) =>
        sameAsJsonParse(JSON.stringify(value, null, indent)),
      ),
      RUNS,
    );
  });

  it('reads any string, whatever its code units, as JSON.parse does, also when every unit is a \\u escape', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (value) => {
        const plain = JSON.stringify(value);
        return sameAsJsonParse(plain) && sameAsJsonParse(escaped(value));
      }),
      { ...RUNS, numRuns: 200 },
    );
  });

  it('refuses every text JSON.parse refuses (one character of a valid document removed, replaced or added)', () => {
    const mutated = fc
      .tuple(
        jsonValue,
        fc.nat(),
        fc.constantFrom('drop', 'replace', 'insert'),
        fc.string({ minLength: 1, maxLength: 1 }),
      )
      .map(([value, at, edit, ch]) => {
        const text = JSON.stringify(value);
        const i = at % (text.length + 1);
        if (edit === 'drop') return text.slice(0, i) + text.slice(i + 1);
        if (edit === 'replace') return text.slice(0, i) + ch + text.slice(i + 1);
        return text.slice(0, i) + ch + text.slice(i);
      });
    fc.assert(
      fc.property(mutated, (text) => {
        const refused = refusal(text);
        if (jsonParseRefuses(text)) return refused !== undefined;
        // Still valid JSON: the same value, unless the edit made a duplicate member (refused on purpose).
        return refused === undefined ? sameAsJsonParse(text) : refused === 'duplicate member name';
      }),
      RUNS,
    );
  });

  it('refuses any object with a duplicate member name, plainly or \\u-escaped, at any depth, which JSON.parse accepts', () => {
    const duplicated = fc
      .tuple(
        fc.uniqueArray(fc.string({ maxLength: 8 }), { minLength: 1, maxLength: 6 }),
        fc.nat(),
        fc.boolean(),
        fc.integer({ min: 0, max: 5 }),
        jsonValue,
      )
      .map(([keys, pick, escape, depth, value]) => {
        const name = keys[pick % keys.length] ?? '';
        const members = keys.map((key) => `${JSON.stringify(key)}:${JSON.stringify(value)}`);
        members.push(`${escape ? escaped(name) : JSON.stringify(name)}:0`);
        let text = `{${members.join(',')}}`;
        for (let level = 0; level < depth; level++) text = level % 2 ? `[${text}]` : `{"a":${text}}`;
        return text;
      });
    fc.assert(
      fc.property(duplicated, (text) => !jsonParseRefuses(text) && refusal(text) === 'duplicate member name'),
      RUNS,
    );
  });
});
