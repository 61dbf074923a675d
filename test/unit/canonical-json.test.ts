// Canonical JSON: the form the ledger hashes.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson } from '../../src/kernel/canonical-json.ts';

describe('canonicalJson', () => {
  it('sorts keys, so key order does not matter', () => {
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
    expect(canonicalJson({ a: 2, b: 1 })).toBe(canonicalJson({ b: 1, a: 2 }));
  });

  it('sorts nested objects, including objects inside arrays', () => {
    const a = { z: { y: 1, x: [{ d: 4, c: 3 }] }, a: null };
    const b = { a: null, z: { x: [{ c: 3, d: 4 }], y: 1 } };
    expect(canonicalJson(a)).toBe('{"a":null,"z":{"x":[{"c":3,"d":4}],"y":1}}');
    expect(canonicalJson(b)).toBe(canonicalJson(a));
  });

  it('sorts keys by UTF-16 code unit, numeric-looking keys as strings', () => {
    expect(canonicalJson({ b: 1, B: 2, a: 3, '10': 4, '9': 5, é: 6 })).toBe('{"10":4,"9":5,"B":2,"a":3,"b":1,"é":6}');
  });

  it('keeps array order and writes no white space', () => {
    expect(canonicalJson([3, 1, 2])).toBe('[3,1,2]');
    expect(canonicalJson({ list: [1, 'two', true, null, [], {}] })).toBe('{"list":[1,"two",true,null,[],{}]}');
    expect(canonicalJson([])).toBe('[]');
    expect(canonicalJson({})).toBe('{}');
  });

  it('writes -0 as 0 and numbers as JavaScript prints them', () => {
    expect(canonicalJson(-0)).toBe('0');
    expect(canonicalJson({ n: -0 })).toBe('{"n":0}');
    expect(canonicalJson([-0])).toBe('[0]');
    expect(canonicalJson(1e21)).toBe('1e+21');
    expect(canonicalJson(0.1)).toBe('0.1');
    expect(canonicalJson(-5)).toBe('-5');
  });

  it('escapes strings as JSON does', () => {
    expect(canonicalJson('a"b\\c\n')).toBe('"a\\"b\\\\c\\n"');
    expect(canonicalJson('信用')).toBe('"信用"');
    expect(canonicalJson({ 'k"': 1 })).toBe('{"k\\"":1}');
  });

  it('writes dates as ISO strings', () => {
    expect(canonicalJson({ at: new Date('2026-06-01T00:00:00Z') })).toBe('{"at":"2026-06-01T00:00:00.000Z"}');
  });

  it('leaves out undefined members and writes undefined array entries as null', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(canonicalJson({ a: undefined })).toBe('{}');
    expect(canonicalJson([1, undefined, 2])).toBe('[1,null,2]');
  });

  it('rejects NaN and infinities anywhere', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(TypeError);
    expect(() => canonicalJson(Number.POSITIVE_INFINITY)).toThrow(TypeError);
    expect(() => canonicalJson({ a: { b: Number.NEGATIVE_INFINITY } })).toThrow(TypeError);
    expect(() => canonicalJson([Number.NaN])).toThrow(TypeError);
  });

  it('rejects undefined at top level and values JSON cannot represent', () => {
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
    expect(() => canonicalJson(() => 1)).toThrow(TypeError);
    expect(() => canonicalJson(Symbol('s'))).toThrow(TypeError);
    expect(() => canonicalJson(10n)).toThrow(TypeError);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(TypeError);
  });

  it('property: equals JSON.stringify of the parsed form, and is independent of key order', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = canonicalJson(v);
        // Valid JSON that round-trips to the same canonical text.
        expect(canonicalJson(JSON.parse(text))).toBe(text);
        // The same data with every object's keys reversed gives the same text.
        const reorder = (x: unknown): unknown =>
          Array.isArray(x)
            ? x.map(reorder)
            : x !== null && typeof x === 'object'
              ? Object.fromEntries(
                  Object.entries(x)
                    .reverse()
                    .map(([k, y]) => [k, reorder(y)]),
                )
              : x;
        expect(canonicalJson(reorder(v))).toBe(text);
        // Semantically equal to the input (modulo -0).
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(v)));
      }),
      { numRuns: 500 },
    );
  });
});
