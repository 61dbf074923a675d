// The fuzz test's mutators: each changes one part of a valid request (path, query, body, content
// type, form, CSRF token, credentials, cookies, headers, method) in a hostile way and names what it
// did, "where:what", by which the report groups failures.
import { encodeText, headerText } from './fuzz-http.ts';
import { SLOT, SLOT_JSON, pathsOf, setAt, type Draft, type JsonPath, type World } from './fuzz-requests.ts';
import { WRITING, hintOf, schemaAt, type Json } from './fuzz-targets.ts';
import { asNdjson, NDJSON_SHAPES, traversal } from './fuzz-sweep.ts';
import { HOSTILE_KEYS, hostileJson, hostileString, nest, type Rng } from './fuzz-values.ts';

// Mutators: each applies to some drafts, changes one part and names what it did.

interface Mutator {
  name: string;
  applies(d: Draft): boolean;
  apply(d: Draft, rng: Rng, world: World): string;
}

const label = (path: JsonPath) => path.map((p) => (typeof p === 'number' ? '[]' : p)).join('.') || '(root)';

function jsonBytes(d: Draft, text: string): void {
  d.body = { type: 'bytes', bytes: Buffer.from(text), contentType: 'application/json' };
}

const jsonBody = (d: Draft) => d.body.type === 'json';

const MUTATORS: Mutator[] = [
  {
    name: 'path-param',
    applies: (d) => d.target.pathParams.length > 0,
    apply(d, rng) {
      const p = rng.pick(d.target.pathParams);
      const v = p.name === '*' ? traversal(rng) : hostileString(rng, p.hint);
      const mode = rng.chance(0.3) ? 'raw' : 'encoded';
      d.pathValues[p.name] = { value: v.value, mode };
      return `path.${p.name}:${v.kind}${mode === 'raw' ? '(raw)' : ''}`;
    },
  },
  {
    name: 'path-shape',
    applies: () => true,
    apply(d, rng) {
      const shapes: Array<[string, (p: string) => string]> = [
        ['trailing-slash', (p) => p + '/'],
        ['double-slash', (p) => p.replace(/\//g, '//')],
        ['dot-segment', (p) => p.replace(/\/([^/]*)$/, '/./$1')],
        ['dotdot-segment', (p) => p + '/../' + p.split('/').pop()],
        ['encoded-dotdot', (p) => p + '/%2e%2e/%2e%2e/etc/passwd'],
        ['encoded-slash', (p) => p.replace(/\/([^/]*)$/, '%2F$1')],
        ['uppercase', (p) => p.toUpperCase()],
        ['nul-suffix', (p) => p + '%00'],
        ['nul-raw-suffix', (p) => p + '%00.json'],
        ['matrix-param', (p) => p + ';jsessionid=1'],
        ['malformed-percent', (p) => p + '%'],
        ['malformed-percent-hex', (p) => p + '%zz'],
        ['truncated-utf8', (p) => p + '%E4%B8'],
        ['overlong-utf8-dot', (p) => p + '/%c0%ae%c0%ae/'],
        ['encoded-letter', (p) => p.replace(/[a-z]/, (c) => '%' + c.charCodeAt(0).toString(16))],
        ['extra-segment', (p) => p + '/extra'],
        ['backslash', (p) => p.replace(/\//g, '\\').replace(/^\\/, '/')],
        ['fragment', (p) => p + '#x'],
        ['long-path', (p) => p + '/' + 'a'.repeat(4000)],
      ];
      const [name, fn] = rng.pick(shapes);
      d.pathTransform = fn;
      return `path:${name}`;
    },
  },
  {
    name: 'query-value',
    applies: () => true,
    apply(d, rng) {
      const known = d.target.query.length > 0 ? d.target.query : PAGE_QUERY_GUESSES.map((name) => ({ name, hint: hintOf(name, undefined) }));
      const p = rng.pick(known);
      const v = hostileString(rng, p.hint);
      const mode = rng.chance(0.25) ? 'raw' : 'encoded';
      d.query = d.query.filter((q) => q.k !== p.name);
      d.query.push({ k: p.name, v: v.value, mode });
      return `query.${p.name}:${v.kind}${mode === 'raw' ? '(raw)' : ''}`;
    },
  },
  {
    name: 'query-shape',
    applies: () => true,
    apply(d, rng) {
      const names = [...d.target.query.map((q) => q.name), ...PAGE_QUERY_GUESSES];
      const name = rng.pick(names);
      const required = d.target.query.filter((q) => q.required);
      const shapes: Array<[string, () => void]> = [
        [
          'duplicate-key',
          () =>
            d.query.push(
              { k: name, v: rng.pick(['1', '0', '', '2026-01-01', 'x']), mode: 'encoded' },
              { k: name, v: rng.pick(['2', 'y', '9223372036854775808']), mode: 'encoded' },
            ),
        ],
        ['key-without-value', () => d.query.push({ k: name, v: null, mode: 'encoded' })],
        ['empty-value', () => d.query.push({ k: name, v: '', mode: 'encoded' })],
        ['bracket-key', () => (d.rawQuery = `${name}[]=1&${name}[a]=2`)],
        [
          'proto-key',
          () => (d.rawQuery = rng.pick(['__proto__=1', '__proto__[x]=1', 'constructor[prototype][x]=1', 'constructor=1', 'toString=1', 'hasOwnProperty=1'])),
        ],
        ['unknown-key', () => d.query.push({ k: hostileString(rng).value.slice(0, 200) || 'x', v: '1', mode: 'encoded' })],
        ['malformed-percent', () => (d.rawQuery = `${name}=${rng.pick(['%', '%z', '%zz', '%E4%B8', '%ED%A0%80', '%C0%AE', '%FF', '%%', '%00'])}`)],
        ['malformed-separators', () => (d.rawQuery = rng.pick(['&&&', '=&=', '==', '?a=1', ';a=1', '&=1', 'a=1=2']))],
        [
          'missing-required',
          () => {
            const r = required.length > 0 ? rng.pick(required).name : name;
            d.query = d.query.filter((q) => q.k !== r);
          },
        ],
        ['long-query', () => d.query.push({ k: name, v: 'q'.repeat(6000 + rng.int(1500)), mode: 'encoded' })],
        ['many-keys', () => (d.rawQuery = Array.from({ length: 500 + rng.int(500) }, (_, i) => `k${i}=${i}`).join('&'))],
        ['plus-and-space', () => d.query.push({ k: name, v: '+ +%20', mode: 'raw' })],
      ];
      const [shape, fn] = rng.pick(shapes);
      fn();
      return `query:${shape}`;
    },
  },
  {
    name: 'json-field',
    applies: (d) => jsonBody(d) && pathsOf((d.body as { value: Json }).value).length > 0,
    apply(d, rng, world) {
      const value = (d.body as { value: Json }).value;
      const path = rng.pick(pathsOf(value));
      const name = String([...path].reverse().find((p) => typeof p === 'string') ?? '');
      const hint = hintOf(name, schemaAt(world.doc, d.target.bodySchema, path));
      const what = rng.int(10);
      if (what < 2) {
        jsonBytes(d, JSON.stringify(setAt(value, path, undefined)));
        return `body.${label(path)}:deleted`;
      }
      if (what < 3) {
        // A key that has no business there, at the field's object.
        const parent = path.slice(0, -1);
        const key = rng.pick(HOSTILE_KEYS);
        const inner = hostileJson(rng, 'text');
        const text = JSON.stringify(setAt(value, [...parent, SLOT], SLOT)).replace(`${SLOT_JSON}:${SLOT_JSON}`, `${JSON.stringify(key.value)}:${inner.value}`);
        jsonBytes(d, text);
        return `body.${label(parent)}:extra-${key.kind}`;
      }
      const hostile = hostileJson(rng, hint);
      jsonBytes(d, JSON.stringify(setAt(value, path, SLOT)).replace(SLOT_JSON, hostile.value));
      return `body.${label(path)}:${hostile.kind}`;
    },
  },
  {
    name: 'json-whole',
    applies: (d) => d.body.type === 'json' || d.body.type === 'form',
    apply(d, rng) {
      const base = d.body.type === 'json' ? JSON.stringify(d.body.value) : '{}';
      const shapes: Array<[string, () => string | Buffer]> = [
        ['hostile-json', () => hostileJson(rng).value],
        ['empty', () => ''],
        ['whitespace', () => ' \n\t'],
        ['truncated', () => base.slice(0, Math.max(1, rng.int(base.length)))],
        ['bom-prefix', () => '\ufeff' + base],
        ['trailing-garbage', () => base + rng.pick(['x', '}', ',', '\u0000', ' {}'])],
        ['concatenated', () => base + base],
        ['array-of-it', () => `[${base},${base}]`],
        ['single-quotes', () => base.replace(/"/g, "'")],
        ['comments', () => `/* c */${base}// c`],
        ['utf16le', () => Buffer.from(base, 'utf16le')],
        ['latin1-bytes', () => Buffer.concat([Buffer.from(base.slice(0, -1)), Buffer.from([0xff, 0xfe, 0xc0, 0xae]), Buffer.from(base.slice(-1))])],
        ['invalid-utf8-in-string', () => Buffer.concat([Buffer.from('{"x":"'), Buffer.from([0xed, 0xa0, 0x80, 0xc3]), Buffer.from('"}')])],
        ['deep-nesting', () => nest(rng.pick([1000, 10_000, 50_000]), '[', ']', '1')],
        ['deep-objects', () => nest(rng.pick([1000, 10_000]), '{"a":', '}', '1')],
        ['proto-pollution', () => base.replace(/^\{/, '{"__proto__":{"polluted":1},')],
        ['constructor-pollution', () => base.replace(/^\{/, '{"constructor":{"prototype":{"polluted":1}},')],
        ['duplicate-keys', () => base.replace(/^\{("[^"]+"):/, '{$1:null,$1:')],
        ['big-array', () => `[${Array.from({ length: 2000 }, () => base).join(',')}]`],
        ['number-flood', () => '[' + '1e-320,'.repeat(20_000) + '9223372036854775808]'],
      ];
      const [shape, fn] = rng.pick(shapes);
      const out = fn();
      d.body = { type: 'bytes', bytes: Buffer.isBuffer(out) ? out : Buffer.from(out), contentType: 'application/json' };
      return `body:${shape}`;
    },
  },
  {
    name: 'ndjson',
    applies: (d) => d.method === 'POST' && (d.body.type === 'json' || (d.body.type === 'none' && d.target.kind === 'api')),
    apply: (d, rng) => asNdjson(d, rng, rng.int(NDJSON_SHAPES)),
  },
  {
    name: 'content-type',
    applies: (d) => d.body.type !== 'none' || WRITING.has(d.method),
    apply(d, rng) {
      const types: Array<string | null> = [
        null,
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/xml',
        'application/json; charset=utf-16',
        'application/json; charset=latin1',
        'application/json; charset="',
        'APPLICATION/JSON',
        'application/json;;;',
        'application/json, text/plain',
        'application/',
        '*/*',
        'application/problem+json',
        'application/vnd.api+json',
        'application/x-ndjson',
        'application/octet-stream',
        'text/html',
        ';',
        'a'.repeat(2000),
      ];
      const t = rng.pick(types);
      if (d.body.type === 'none') d.body = { type: 'bytes', bytes: Buffer.from(rng.pick(['{}', 'a=1', ''])), contentType: t };
      d.contentType = t;
      return `content-type:${t === null ? 'absent' : t.length > 60 ? 'long' : t}`;
    },
  },
  {
    name: 'form-field',
    applies: (d) => d.body.type === 'form',
    apply(d, rng) {
      const fields = (d.body as { fields: Array<[string, string]> }).fields;
      const names = [...new Set([...fields.map(([k]) => k), 'targetType', 'targetId', 'reasons', 'username', 'password', 'subject', 'scope'])];
      const name = rng.pick(names);
      const what = rng.int(10);
      if (what < 2) {
        (d.body as { fields: Array<[string, string]> }).fields = fields.filter(([k]) => k !== name);
        return `form.${name}:deleted`;
      }
      if (what < 3) {
        fields.push([name, hostileString(rng).value]);
        return `form.${name}:duplicated`;
      }
      if (what < 4) {
        const key = rng.pick(HOSTILE_KEYS);
        fields.push([key.value, 'x']);
        return `form:extra-${key.kind}`;
      }
      const v = hostileString(rng, hintOf(name, undefined));
      (d.body as { fields: Array<[string, string]> }).fields = [...fields.filter(([k]) => k !== name), [name, v.value]];
      return `form.${name}:${v.kind}`;
    },
  },
  {
    name: 'form-raw',
    applies: (d) => d.body.type === 'form',
    apply(d, rng) {
      const fields = (d.body as { fields: Array<[string, string]> }).fields;
      const good = new URLSearchParams(fields).toString();
      const shapes: Array<[string, () => string]> = [
        ['malformed-percent', () => good + rng.pick(['&reasons=%', '&a=%zz', '&%=1', '&x=%E4%B8', '&x=%ED%A0%80'])],
        ['no-equals', () => good + '&justakey'],
        ['separators-only', () => rng.pick(['&&&', '=', '==&==', ''])],
        ['many-fields', () => good + '&' + Array.from({ length: 3000 + rng.int(3000) }, (_, i) => `f${i}=${i}`).join('&')],
        ['array-syntax', () => good + '&targetId[]=1&targetId[]=2&commitment[text]=x'],
        ['proto-fields', () => good + '&__proto__[polluted]=1&constructor[prototype][polluted]=1&__proto__=x'],
        ['json-as-form', () => JSON.stringify(Object.fromEntries(fields))],
        ['raw-utf8', () => good + '&reasons=' + Buffer.from('异议\u202e', 'utf8').toString('latin1')],
        ['huge-value', () => good + '&reasons=' + 'r'.repeat(1 << 18)],
      ];
      const [shape, fn] = rng.pick(shapes);
      d.body = { type: 'bytes', bytes: Buffer.from(fn(), 'latin1'), contentType: 'application/x-www-form-urlencoded' };
      return `form:${shape}`;
    },
  },
  {
    name: 'form-as-json',
    applies: (d) => d.body.type === 'form',
    apply(d, rng) {
      const fields = Object.fromEntries((d.body as { fields: Array<[string, string]> }).fields) as Record<string, Json>;
      const key = rng.pick(Object.keys(fields).length > 0 ? Object.keys(fields) : ['x']);
      const hostile = hostileJson(rng);
      jsonBytes(d, JSON.stringify({ ...fields, [key]: SLOT }).replace(SLOT_JSON, hostile.value));
      return `form-json.${key}:${hostile.kind}`;
    },
  },
  {
    name: 'csrf',
    applies: (d) => d.body.type === 'form',
    apply(d, rng) {
      const fields = (d.body as { fields: Array<[string, string]> }).fields;
      const rest = fields.filter(([k]) => k !== '_csrf');
      const shapes: Array<[string, Array<[string, string]>]> = [
        ['missing', rest],
        ['empty', [['_csrf', ''], ...rest]],
        ['wrong', [['_csrf', 'A'.repeat(24)], ...rest]],
        ['hostile', [['_csrf', hostileString(rng, 'token').value], ...rest]],
        ['twice', [...fields, ['_csrf', 'other']]],
      ];
      const [shape, f] = rng.pick(shapes);
      (d.body as { fields: Array<[string, string]> }).fields = f;
      if (shape === 'missing') d.cookies = d.cookies.filter((c) => !c.startsWith('xy_csrf='));
      return `csrf:${shape}`;
    },
  },
  {
    name: 'authorization',
    applies: () => true,
    apply(d, rng) {
      const current = d.headers.find(([k]) => k === 'authorization')?.[1] ?? 'Bearer xyk.x.y';
      const token = current.replace(/^Bearer /, '');
      const shapes: Array<[string, string[]]> = [
        ['scheme-only', ['Bearer']],
        ['scheme-lowercase', [`bearer ${token}`]],
        ['basic', ['Basic ' + Buffer.from('admin:admin').toString('base64')]],
        ['two-tokens', [`Bearer ${token} ${token}`]],
        ['tab-separated', [`Bearer\t${token}`]],
        ['empty', ['']],
        ['hostile-token', [`Bearer ${headerText(hostileString(rng, 'token').value).replace(/\s/g, '') || 'x'}`]],
        ['long-token', [`Bearer xyk.${'a'.repeat(8000)}.b`]],
        ['truncated-token', [`Bearer ${token.slice(0, Math.max(1, token.length - 3))}`]],
        ['duplicate-header', [`Bearer ${token}`, 'Bearer xys.forged']],
        ['nul-token', ['Bearer xyk.%00.%00']],
        ['raw-utf8-token', [`Bearer ${Buffer.from('令牌\u202e', 'utf8').toString('latin1')}`]],
      ];
      const [shape, values] = rng.pick(shapes);
      d.headers = d.headers.filter(([k]) => k !== 'authorization');
      for (const v of values) d.headers.push(['authorization', v]);
      return `authorization:${shape}`;
    },
  },
  {
    name: 'cookie',
    applies: () => true,
    apply(d, rng) {
      const session = d.cookies.find((c) => c.startsWith('xy_session='));
      const shapes: Array<[string, () => void]> = [
        ['malformed-percent', () => d.cookies.push(rng.pick(['a=%', 'a=%zz', 'a=%E4%B8', 'x=%ED%A0%80']))],
        [
          'malformed-session',
          () => (d.cookies = [...d.cookies.filter((c) => !c.startsWith('xy_session=')), rng.pick(['xy_session=%', 'xy_session=%zz', 'xy_session=%00'])]),
        ],
        ['malformed-lang', () => d.cookies.push(rng.pick(['xy_lang=%', 'xy_lang=__proto__', 'xy_lang=en%00']))],
        ['malformed-csrf-cookie', () => d.cookies.push(rng.pick(['xy_csrf=%', 'xy_csrf=', 'xy_csrf=%E4']))],
        ['long-cookie', () => d.cookies.push('big=' + 'c'.repeat(6000 + rng.int(2000)))],
        ['many-cookies', () => d.cookies.push(...Array.from({ length: 200 }, (_, i) => `c${i}=${i}`))],
        ['duplicate-session', () => d.cookies.push('xy_session=xys.forged')],
        ['session-first-forged', () => d.cookies.unshift('xy_session=xys.forged')],
        ['no-equals', () => d.cookies.push('justaname')],
        ['empty-name', () => d.cookies.push('=value')],
        ['separators-only', () => d.cookies.push(';;; ;')],
        ['quoted', () => d.cookies.push(session ? session.replace('=', '="') + '"' : 'xy_session="x"')],
        ['proto-name', () => d.cookies.push(rng.pick(['__proto__=x', 'constructor=x', 'toString=x']))],
        ['raw-utf8', () => d.cookies.push('n=' + Buffer.from('杭州\u202e', 'utf8').toString('latin1'))],
        ['hostile-value', () => d.cookies.push('xy_session=' + encodeText(hostileString(rng, 'token').value, 'encoded').slice(0, 3000))],
      ];
      const [shape, fn] = rng.pick(shapes);
      fn();
      return `cookie:${shape}`;
    },
  },
  {
    name: 'header',
    applies: () => true,
    apply(d, rng) {
      const shapes: Array<[string, Array<[string, string]>]> = [
        ['accept-html', [['accept', 'text/html']]],
        ['accept-pdf', [['accept', 'application/pdf']]],
        ['accept-garbage', [['accept', ';;;,,,q=x']]],
        ['accept-language', [['accept-language', headerText(hostileString(rng).value).slice(0, 2000)]]],
        ['request-id', [['x-request-id', headerText(hostileString(rng).value).slice(0, 2000) || ' ']]],
        ['forwarded-for', [['x-forwarded-for', rng.pick(['1.1.1.1, 2.2.2.2', 'not an address', '::ffff:999.0.0.1', '%00', 'a'.repeat(3000)])]]],
        ['forwarded-proto', [['x-forwarded-proto', rng.pick(['https', 'gopher', ''])]]],
        ['host', [['host', rng.pick(['evil.example', '[::1', '127.0.0.1:99999', 'a'.repeat(1000), '..', ''])]]],
        ['range', [['range', rng.pick(['bytes=0-0', 'bytes=999999999-', 'bytes=-1', 'bytes=5-1', 'bytes=a-b', 'bytes=0-1,2-3,4-5'])]]],
        ['if-modified-since', [['if-modified-since', rng.pick(['yesterday', 'Thu, 01 Jan 1970 00:00:00 GMT', '2026-13-01'])]]],
        ['if-none-match', [['if-none-match', rng.pick(['*', '"x"', 'W/"', '"' + 'e'.repeat(2000) + '"'])]]],
        ['content-encoding', [['content-encoding', rng.pick(['gzip', 'br', 'identity, gzip', 'x'])]]],
        ['big-header', [['x-filler', 'f'.repeat(8000 + rng.int(3000))]]],
        ['many-headers', Array.from({ length: 60 }, (_, i): [string, string] => [`x-h${i}`, 'v'.repeat(50)])],
        ['origin', [['origin', rng.pick(['null', 'https://evil.example', '%'])]]],
      ];
      const [shape, add] = rng.pick(shapes);
      const names = new Set(add.map(([k]) => k));
      if (shape !== 'many-headers') d.headers = d.headers.filter(([k]) => !names.has(k));
      d.headers.push(...add);
      return `header:${shape}`;
    },
  },
  {
    name: 'method',
    applies: () => true,
    apply(d, rng) {
      d.method = rng.pick(['PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', d.method === 'GET' ? 'POST' : 'GET']);
      if ((d.method === 'GET' || d.method === 'HEAD') && d.body.type !== 'none' && rng.chance(0.5)) d.body = { type: 'none' };
      return `method:${d.method}`;
    },
  },
];

/** Query keys the pages read, for pages (whose queries no document declares). */
export const PAGE_QUERY_GUESSES = ['lang', 'q', 'asOf', 'date', 'after', 'limit', 'subject', 'scope', 'code', 'ok', 'error'];

/** Weights of the mutators: the parts most likely to hold a bug are tried most. */
function weightOf(m: Mutator, d: Draft): number {
  if (m.name === 'ndjson') return d.target.ndjson ? 10 : 0.3;
  if (m.name === 'query-value' && d.target.query.length > 0) return 8;
  return WEIGHTS[m.name] ?? 1;
}

const WEIGHTS: Record<string, number> = {
  'path-param': 4,
  'path-shape': 2,
  'query-value': 4,
  'query-shape': 2,
  'json-field': 6,
  'json-whole': 2,
  ndjson: 2,
  'content-type': 1,
  'form-field': 4,
  'form-raw': 2,
  'form-as-json': 1,
  csrf: 2,
  authorization: 1,
  cookie: 2,
  header: 1,
  method: 1,
};

/** Mutates a draft once, twice now and then; a few stay valid as controls. */
export function mutate(d: Draft, rng: Rng, world: World): Draft {
  if (rng.chance(0.04)) {
    d.labels.push('none');
    return d;
  }
  const n = rng.chance(0.15) ? 2 : 1;
  for (let i = 0; i < n; i++) {
    const ok = MUTATORS.filter((m) => m.applies(d));
    let total = 0;
    for (const m of ok) total += weightOf(m, d);
    let r = rng.next() * total;
    let chosen = ok[ok.length - 1]!;
    for (const m of ok) {
      r -= weightOf(m, d);
      if (r < 0) {
        chosen = m;
        break;
      }
    }
    d.labels.push(chosen.apply(d, rng, world));
  }
  return d;
}
