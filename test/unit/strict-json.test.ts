import { parseJsonObject, parseStrictJson, StrictJsonError } from '../../lambdas/core/strict-json';

describe('parseStrictJson', () => {
  it('parses what JSON.parse parses', () => {
    const text = '{"a":[1,2.5,-3e2,true,false,null],"b":{"c":"\\u00e9\\n"},"d":""}';
    expect(parseStrictJson(text)).toEqual(JSON.parse(text));
  });

  it.each([
    ['a duplicate member', '{"a":1,"a":2}'],
    ['a duplicate nested member', '{"x":{"a":1,"a":1}}'],
    ['trailing characters', '{"a":1}x'],
    ['a trailing comma', '{"a":1,}'],
    ['an unterminated string', '{"a":"b}'],
    ['a bad literal', '{"a":tru}'],
    ['a leading zero', '{"a":01}'],
    ['deep nesting', '['.repeat(100) + ']'.repeat(100)],
    ['an empty text', ''],
  ])('refuses %s', (_name, text) => {
    expect(() => parseStrictJson(text)).toThrow(StrictJsonError);
  });

  it('builds objects without a prototype, so __proto__ cannot pollute', () => {
    // Act
    const value = parseStrictJson('{"__proto__":{"polluted":true}}') as Record<string, unknown>;
    // Assess
    expect(Object.getPrototypeOf(value)).toBeNull();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(value.__proto__).toEqual({ polluted: true });
  });

  it('parseJsonObject gives undefined for non-objects and invalid text', () => {
    expect(parseJsonObject('[1]')).toBeUndefined();
    expect(parseJsonObject('"s"')).toBeUndefined();
    expect(parseJsonObject('{')).toBeUndefined();
    expect(parseJsonObject('{"a":1}')).toEqual({ a: 1 });
  });
});
