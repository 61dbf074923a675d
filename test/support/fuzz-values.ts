// The fuzz test's sources of hostility: a seeded generator (so a run is reproduced by its seed),
// and catalogues of hostile values, each with the name of its kind (the failure report groups by
// it). Strings are for paths, queries, headers, cookies and form fields; raw JSON texts are for a
// body, whole or in one field, and may be malformed on purpose.

/** A small seeded generator (mulberry32): the same seed gives the same run. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from nothing');
    return items[this.int(items.length)]!;
  }
}

/** The seed of a run: XINYONG_FUZZ_SEED when set, else a fresh one (printed, so a failure can be run again). */
export function fuzzSeed(env: NodeJS.ProcessEnv = process.env): number {
  const given = env.XINYONG_FUZZ_SEED;
  if (given !== undefined && given !== '') {
    const n = Number(given);
    if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new Error(`XINYONG_FUZZ_SEED must be a whole number from 0 to 4294967295, not '${given}'`);
    return n;
  }
  return Math.floor(Math.random() * 0x100000000) >>> 0;
}

/** Requests per store: XINYONG_FUZZ_COUNT when set, else the default. */
export function fuzzCount(fallback: number, env: NodeJS.ProcessEnv = process.env): number {
  const given = env.XINYONG_FUZZ_COUNT;
  if (given === undefined || given === '') return fallback;
  const n = Number(given);
  if (!Number.isInteger(n) || n < 1) throw new Error(`XINYONG_FUZZ_COUNT must be a whole number of at least 1, not '${given}'`);
  return n;
}

export interface Hostile<T> {
  kind: string;
  value: T;
}

/** What a value stands for, so that the hostile ones are near misses as well as wild ones. */
export type Hint = 'text' | 'int' | 'date' | 'instant' | 'cursor' | 'id' | 'code' | 'enum' | 'bool' | 'token';

const h = <T>(kind: string, value: T): Hostile<T> => ({ kind, value });

const POW53 = '9007199254740992';
const POW63 = '9223372036854775808';
const POW63_1 = '9223372036854775807';

/** Hostile strings anyone might send anywhere. */
const GENERAL: ReadonlyArray<(rng: Rng) => Hostile<string>> = [
  () => h('empty', ''),
  () => h('blank', '   '),
  () => h('tab-newline', '\t\r\n'),
  () => h('nul', '\u0000'),
  () => h('nul-inside', 'a\u0000b'),
  () => h('control-chars', '\u0001\u0002\u001b[31m\u007f\u0085'),
  () => h('lone-surrogate', '\ud800'),
  () => h('lone-surrogate-inside', 'a\udfffb'),
  () => h('bidi-override', '\u202e杭州\u202c'),
  () => h('bidi-isolate', '\u2066abc\u2069'),
  () => h('zero-width', 'a\u200b\u200d\u2060b'),
  () => h('bom', '\ufeff'),
  () => h('combining-flood', 'e' + '\u0301'.repeat(500)),
  () => h('astral', '𠀀😀\u{10ffff}'),
  () => h('fullwidth-digits', '２０２６'),
  () => h('arabic-digits', '١٢٣'),
  () => h('traversal', '../../../../etc/passwd'),
  () => h('traversal-encoded', '%2e%2e%2f%2e%2e%2fetc%2fpasswd'),
  () => h('traversal-backslash', '..\\..\\windows\\win.ini'),
  () => h('traversal-nul', '../etc/passwd%00.html'),
  () => h('sql-quote', "' OR '1'='1' --"),
  () => h('sql-drop', "'; DROP TABLE ledger_event; --"),
  () => h('sql-union', "' UNION SELECT NULL, NULL, version() --"),
  () => h('sql-wildcards', '%_%\\'),
  () => h('sql-placeholder', '$1 $2 ?'),
  () => h('html', '<script>alert(1)</script>"\'><img src=x onerror=alert(1)>'),
  () => h('template', '{{7*7}}${7*7}<%= 7*7 %>'),
  () => h('format-string', '%s%s%s%n%x'),
  () => h('proto-key', '__proto__'),
  () => h('constructor-key', 'constructor'),
  () => h('to-string', 'toString'),
  () => h('null-word', 'null'),
  () => h('undefined-word', 'undefined'),
  () => h('nan', 'NaN'),
  () => h('infinity', '-Infinity'),
  () => h('int-2^53', POW53),
  () => h('int-2^63', POW63),
  () => h('negative', '-1'),
  () => h('tiny-float', '1e-320'),
  () => h('json-text', '{"a":[1,2,{"__proto__":null}]}'),
  (rng) => h('long-ascii', 'a'.repeat(1000 + rng.int(4000))),
  (rng) => h('long-cjk', '杭'.repeat(500 + rng.int(1000))),
  (rng) => h('long-mixed', randomText(rng, 200 + rng.int(800))),
  (rng) => h('random-bytes', randomText(rng, 1 + rng.int(40))),
];

/** The general strings most likely to break a parameter of any kind. */
const GENERAL_SHORT: ReadonlyArray<(rng: Rng) => Hostile<string>> = [
  () => h('empty', ''),
  () => h('nul', '\u0000'),
  () => h('lone-surrogate', '\ud800'),
  () => h('bidi-override', '\u202e杭州\u202c'),
  () => h('traversal', '../../../../etc/passwd'),
  () => h('sql-quote', "' OR '1'='1' --"),
  () => h('proto-key', '__proto__'),
  () => h('constructor-key', 'constructor'),
  (rng) => h('long-ascii', 'a'.repeat(1000 + rng.int(4000))),
];

const BY_HINT: Record<Hint, ReadonlyArray<(rng: Rng) => Hostile<string>>> = {
  text: [() => h('newline-flood', '\n'.repeat(2000)), () => h('rtl-mix', 'abc\u202bאבג\u202cdef')],
  int: [
    () => h('int-2^53', POW53),
    () => h('int-2^53+1', '9007199254740993'),
    () => h('int-2^63-1', POW63_1),
    () => h('int-2^63', POW63),
    () => h('int-2^64', '18446744073709551616'),
    () => h('int-huge', '9'.repeat(400)),
    () => h('negative', '-1'),
    () => h('negative-2^63', '-9223372036854775809'),
    () => h('zero', '0'),
    () => h('minus-zero', '-0'),
    () => h('fraction', '1.5'),
    () => h('tiny-float', '1e-320'),
    () => h('exponent', '1e3'),
    () => h('big-float', '1e309'),
    () => h('hex', '0x10'),
    () => h('leading-plus', '+5'),
    () => h('leading-space', ' 5'),
    () => h('nan', 'NaN'),
    () => h('true-word', 'true'),
  ],
  date: [
    () => h('date-month-13', '2026-13-01'),
    () => h('date-feb-30', '2026-02-30'),
    () => h('date-zero', '0000-00-00'),
    () => h('date-month-00', '2026-00-10'),
    () => h('date-day-32', '2026-01-32'),
    () => h('date-feb-29-common', '2026-02-29'),
    () => h('date-feb-29-leap', '2024-02-29'),
    () => h('date-year-0001', '0001-01-01'),
    () => h('date-year-9999', '9999-12-31'),
    () => h('date-expanded-year', '+275760-09-13'),
    () => h('date-negative-year', '-000001-01-01'),
    () => h('date-short', '2026-1-1'),
    () => h('date-slashes', '2026/01/01'),
    () => h('date-with-time', '2026-01-01T25:61:61Z'),
    () => h('date-epoch-number', '1767225600'),
    () => h('date-words', 'yesterday'),
  ],
  instant: [
    // An instant may also be given as a date: every hostile date is a hostile instant.
    () => h('date-month-13', '2026-13-01'),
    () => h('date-feb-30', '2026-02-30'),
    () => h('date-zero', '0000-00-00'),
    () => h('date-month-00', '2026-00-10'),
    () => h('date-day-32', '2026-01-32'),
    () => h('date-feb-29-common', '2026-02-29'),
    () => h('date-expanded-year', '+275760-09-13'),
    () => h('date-year-0001', '0001-01-01'),
    () => h('instant-hour-25', '2026-01-01T25:00:00Z'),
    () => h('instant-no-zone', '2026-01-01T00:00:00'),
    () => h('instant-offset-99', '2026-01-01T00:00:00+99:00'),
    () => h('instant-max', '+275760-09-13T00:00:00.001Z'),
    () => h('instant-fraction-flood', '2026-01-01T00:00:00.' + '9'.repeat(300) + 'Z'),
  ],
  cursor: [
    () => h('int-2^63-1', POW63_1),
    () => h('int-2^63', POW63),
    () => h('nul', '\u0000'),
    () => h('nul-inside', '1\u00002'),
    () => h('negative', '-1'),
    (rng) => h('long-cursor', 'A'.repeat(2000 + rng.int(4000))),
    (rng) => h('long-digit-cursor', '9'.repeat(500 + rng.int(2000))),
    () => h('cursor-base64-json', Buffer.from('{"seq":-1,"id":"\' OR 1=1"}').toString('base64url')),
    () => h('cursor-uuid-shaped', '00000000-0000-0000-0000-000000000000'),
    () => h('cursor-high-sort', '\uffff\uffff'),
  ],
  id: [
    () => h('uuid-shaped', '00000000-0000-0000-0000-000000000000'),
    () => h('uuid-upper', 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF'),
    () => h('id-with-slash', 'a/b'),
    () => h('id-dot', '.'),
    () => h('id-dotdot', '..'),
  ],
  code: [
    () => h('uscc-bad-check', '91330100716105852A'),
    () => h('uscc-lowercase', '91330100716105852f'),
    () => h('uscc-spaced', ' 91330100716105852F '),
    () => h('uscc-fullwidth', '９１３３０１００７１６１０５８５２Ｆ'),
    () => h('uscc-short', '9133010071610585'),
    () => h('uscc-long', '91330100716105852F0'),
    () => h('resident-id-lower-x', '11010519491231002x'),
    () => h('resident-id-bad-date', '110105194913310021'),
    () => h('resident-id-15', '110105491231002'),
    () => h('zeros', '000000000000000000'),
  ],
  enum: [
    () => h('enum-upper', 'RECORD'),
    () => h('enum-padded', ' record '),
    () => h('enum-nul', 'record\u0000'),
    () => h('enum-proto', '__proto__'),
    () => h('enum-unknown', 'everything'),
  ],
  bool: [() => h('bool-word', 'yes'), () => h('bool-number', '2'), () => h('bool-upper', 'TRUE'), () => h('bool-empty', '')],
  token: [
    () => h('token-xyk-malformed', 'xyk.'),
    () => h('token-xyk-wrong', 'xyk.nobody.secret'),
    () => h('token-xys-wrong', 'xys.' + 'A'.repeat(43)),
    () => h('token-xys-empty', 'xys.'),
    () => h('token-dots', '...'),
  ],
};

/** A hostile string; near misses for the hint most of the time. */
export function hostileString(rng: Rng, hint: Hint = 'text'): Hostile<string> {
  const own = BY_HINT[hint];
  return (own.length > 0 && rng.chance(hint === 'text' ? 0.2 : 0.7) ? rng.pick(own) : rng.pick(GENERAL))(rng);
}

/** Every hostile string kept for a hint (the systematic pass tries each). */
export function hintStrings(rng: Rng, hint: Hint): Array<Hostile<string>> {
  return [...BY_HINT[hint], ...(hint === 'text' ? GENERAL : GENERAL_SHORT)].map((f) => f(rng));
}

/** The general strings most likely to break any field, each once. */
export function shortStrings(rng: Rng): Array<Hostile<string>> {
  return GENERAL_SHORT.map((f) => f(rng));
}

/** Raw JSON numbers at and beyond the limits (a JSON number field gets each). */
export const HOSTILE_NUMBERS: ReadonlyArray<Hostile<string>> = [
  h('num-negative', '-1'),
  h('num-minus-zero', '-0'),
  h('num-fraction', '1.5'),
  h('num-2^53+1', '9007199254740993'),
  h('num-2^63', POW63),
  h('num-tiny', '1e-320'),
  h('num-huge', '1e308'),
  h('num-overflow', '1e400'),
  h('num-long', '1' + '0'.repeat(400)),
  h('num-as-string', '"12"'),
];

/** Text from every corner of Unicode, lone surrogates and controls included. */
export function randomText(rng: Rng, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) {
    const r = rng.int(10);
    if (r < 3) s += String.fromCharCode(0x20 + rng.int(0x5f));
    else if (r < 4) s += String.fromCharCode(rng.int(0x20));
    else if (r < 6) s += String.fromCharCode(0x4e00 + rng.int(0x5000));
    else if (r < 7) s += String.fromCharCode(0xd800 + rng.int(0x800));
    else if (r < 8) s += rng.pick(['\u202e', '\u202d', '\u2066', '\u200b', '\ufeff', '\u00ad', '\u2028', '\u0000']);
    else s += String.fromCodePoint(rng.int(0x110000)); // a lone surrogate too, now and then: wanted
  }
  return s;
}

/**
 * Raw JSON texts for a value: other types, limits of numbers, deep nesting, pollution keys,
 * duplicate keys, and some that are not JSON at all.
 */
const JSON_VALUES: ReadonlyArray<(rng: Rng, hint: Hint) => Hostile<string>> = [
  () => h('null', 'null'),
  () => h('true', 'true'),
  () => h('zero', '0'),
  () => h('negative', '-1'),
  () => h('minus-zero', '-0'),
  () => h('fraction', '1.5'),
  () => h('num-2^53', POW53),
  () => h('num-2^53+1', '9007199254740993'),
  () => h('num-2^63', POW63),
  () => h('num-tiny', '1e-320'),
  () => h('num-huge', '1e308'),
  () => h('num-overflow', '1e400'),
  () => h('num-long', '1' + '0'.repeat(400)),
  () => h('empty-array', '[]'),
  () => h('empty-object', '{}'),
  () => h('array-of-null', '[null]'),
  () => h('empty-string', '""'),
  () => h('proto-object', '{"__proto__":{"polluted":true}}'),
  () => h('constructor-object', '{"constructor":{"prototype":{"polluted":true}}}'),
  () => h('duplicate-keys', '{"a":1,"a":{"b":2}}'),
  (rng) => h('deep-array', nest(rng.pick([100, 1000, 5000]), '[', ']', '0')),
  (rng) => h('deep-object', nest(rng.pick([100, 1000, 5000]), '{"a":', '}', '1')),
  (rng) => h('wide-array', '[' + Array.from({ length: 5000 + rng.int(5000) }, () => '0').join(',') + ']'),
  (rng) => h('huge-string', JSON.stringify('a'.repeat(rng.chance(0.2) ? 1 << 20 : 1 << 16))),
  () => h('not-json-nan', 'NaN'),
  () => h('not-json-undefined', 'undefined'),
  () => h('not-json-single-quotes', "'x'"),
  () => h('not-json-raw-nul', '"a\u0000b"'),
  () => h('not-json-raw-newline', '"a\nb"'),
  () => h('not-json-leading-zero', '01'),
  () => h('not-json-trailing-comma', '[1,]'),
  (rng, hint) => {
    const s = hostileString(rng, hint);
    return h(`string:${s.kind}`, JSON.stringify(s.value));
  },
  (rng, hint) => {
    const s = hostileString(rng, hint);
    return h(`string:${s.kind}`, JSON.stringify(s.value));
  },
  (rng, hint) => {
    const s = hostileString(rng, hint);
    return h(`string:${s.kind}`, JSON.stringify(s.value));
  },
];

export function hostileJson(rng: Rng, hint: Hint = 'text'): Hostile<string> {
  return rng.pick(JSON_VALUES)(rng, hint);
}

export function nest(depth: number, open: string, close: string, inner: string): string {
  return open.repeat(depth) + inner + close.repeat(depth);
}

/** Property names that have no business in a body. */
export const HOSTILE_KEYS: ReadonlyArray<Hostile<string>> = [
  h('key-proto', '__proto__'),
  h('key-constructor', 'constructor'),
  h('key-prototype', 'prototype'),
  h('key-empty', ''),
  h('key-nul', '\u0000'),
  h('key-lone-surrogate', '\ud800'),
  h('key-long', 'k'.repeat(10_000)),
  h('key-dollar', '$where'),
  h('key-dotted', 'a.b.c'),
];
