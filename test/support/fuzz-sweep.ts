// The fuzz test's systematic pass (every kept hostile value of every parameter of every route),
// and the broken NDJSON batches and traversal paths that the random pass draws from too.
import { baseline, pathsOf, withRawAt, type CredKind, type Draft, type JsonPath, type World } from './fuzz-requests.ts';
import { fieldsOf, hintOf, schemaAt, type Json, type Target } from './fuzz-targets.ts';
import { HOSTILE_NUMBERS, hintStrings, hostileString, nest, randomText, shortStrings, type Hostile, type Rng } from './fuzz-values.ts';

/** How many ways asNdjson has to break a batch. */
export const NDJSON_SHAPES = 14;

/** The draft's body as an NDJSON batch (one line per record of it), broken in the given way. */
export function asNdjson(d: Draft, rng: Rng, shapeIndex: number): string {
  const v = d.body.type === 'json' ? d.body.value : {};
  const items = (Array.isArray(v) ? v : [v]).map((x) => JSON.stringify(x));
  const lines = [...items];
  const at = () => rng.int(lines.length + 1);
  const shapes: Array<[string, () => void]> = [
    ['null-line', () => lines.splice(at(), 0, 'null')],
    ['only-null', () => lines.splice(0, lines.length, 'null')],
    ['true-line', () => lines.splice(at(), 0, 'true')],
    ['number-line', () => lines.splice(at(), 0, rng.pick(['0', '9223372036854775808', '1e-320', '-1']))],
    ['string-line', () => lines.splice(at(), 0, JSON.stringify(hostileString(rng).value))],
    ['array-line', () => lines.splice(at(), 0, rng.pick(['[]', '[null]', JSON.stringify(items.map((x) => JSON.parse(x) as Json))]))],
    ['truncated-line', () => lines.splice(at(), 0, items[0]!.slice(0, 1 + rng.int(items[0]!.length - 1)))],
    ['garbage-line', () => lines.splice(at(), 0, rng.pick(['{', '}', 'NaN', "{'a':1}", '\u0000', '\ufeff{}', '{"a":1}{"b":2}']))],
    ['proto-line', () => lines.splice(at(), 0, '{"__proto__":{"polluted":1}}')],
    ['deep-line', () => lines.splice(at(), 0, nest(rng.pick([1000, 20_000]), '[', ']', '1'))],
    ['blank-and-crlf', () => lines.splice(at(), 0, '', '\r', '   ')],
    ['many-lines', () => lines.push(...Array.from({ length: 500 + rng.int(1500) }, () => items[0]!))],
    ['separator-u2028', () => lines.splice(0, lines.length, items.join('\u2028'))],
    ['empty-body', () => lines.splice(0, lines.length)],
  ];
  const [shape, fn] = shapes[shapeIndex % shapes.length]!;
  fn();
  const sep = rng.chance(0.2) ? '\r\n' : '\n';
  const type = rng.pick(['application/x-ndjson', 'application/ndjson', 'application/jsonl']);
  d.body = { type: 'bytes', bytes: Buffer.from(lines.join(sep) + (rng.chance(0.5) ? sep : '')), contentType: type };
  return `ndjson:${shape}`;
}

/**
 * The systematic pass, before the random one: for every route, with the credential that reaches
 * its code, every hostile value kept for each of its path and query parameters (by what the
 * parameter stands for), for each field of its body whose parsing can fail (dates, instants,
 * identifiers, numbers) and for each field of its form, and every broken NDJSON batch where
 * batches are taken. Each plan makes
 * its request when it is sent; the plans come shuffled, so that a short run still spreads over
 * the routes.
 */
export function sweep(world: World, targets: readonly Target[], credFor: (t: Target) => CredKind, rng: Rng): Array<() => Draft> {
  const plans: Array<() => Draft> = [];
  for (const t of targets) {
    const cred = credFor(t);
    for (const p of t.pathParams) {
      const values = p.name === '*' ? TRAVERSALS.map((f) => f(rng)) : hintStrings(rng, p.hint);
      for (const v of values) {
        for (const mode of p.name === '*' ? (['encoded', 'raw'] as const) : (['encoded'] as const)) {
          plans.push(() => {
            const d = baseline(world, t, cred, rng);
            d.pathValues[p.name] = { value: v.value, mode };
            d.labels.push(`path.${p.name}:${v.kind}${mode === 'raw' ? '(raw)' : ''}`);
            return d;
          });
        }
      }
    }
    for (const q of t.query) {
      for (const v of hintStrings(rng, q.hint)) {
        plans.push(() => {
          const d = baseline(world, t, cred, rng);
          d.query = [...d.query.filter((x) => x.k !== q.name), { k: q.name, v: v.value, mode: 'encoded' }];
          d.labels.push(`query.${q.name}:${v.kind}`);
          return d;
        });
      }
    }
    if (t.ndjson) {
      for (let i = 0; i < NDJSON_SHAPES; i++) {
        plans.push(() => {
          const d = baseline(world, t, cred, rng);
          d.labels.push(asNdjson(d, rng, i));
          return d;
        });
      }
    }
  }
  for (const t of targets) {
    const cred = credFor(t);
    if (t.body === 'json') {
      for (const { path, values } of jsonFields(world, t, cred, rng)) {
        for (const v of values) {
          plans.push(() => {
            const d = baseline(world, t, cred, rng);
            if (d.body.type !== 'json') return d;
            const at = Array.isArray(d.body.value) && typeof path[0] !== 'number' ? [0, ...path] : path;
            d.body = { type: 'bytes', bytes: Buffer.from(withRawAt(d.body.value, at, v.value)), contentType: 'application/json' };
            d.labels.push(`body.${path.map((p) => (typeof p === 'number' ? '[]' : p)).join('.')}:${v.kind}`);
            return d;
          });
        }
      }
    }
    if (t.body === 'form') {
      const sample = baseline(world, t, cred, rng);
      const names = sample.body.type === 'form' ? sample.body.fields.map(([k]) => k).filter((k) => k !== '_csrf') : [];
      for (const name of names) {
        const hint = hintOf(name, undefined);
        for (const v of hint === 'text' ? shortStrings(rng) : hintStrings(rng, hint)) {
          plans.push(() => {
            const d = baseline(world, t, cred, rng);
            if (d.body.type === 'form') d.body.fields = d.body.fields.map(([k, x]): [string, string] => [k, k === name ? v.value : x]);
            d.labels.push(`form.${name}:${v.kind}`);
            return d;
          });
        }
      }
    }
  }
  for (let i = plans.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [plans[i], plans[j]] = [plans[j]!, plans[i]!];
  }
  return plans;
}

/**
 * The fields of a JSON body worth every kept value: those the schema or a valid body has whose
 * parsing can fail (dates, instants, identifiers, numbers), each with its hostile raw JSON texts.
 */
function jsonFields(world: World, t: Target, cred: CredKind, rng: Rng): Array<{ path: JsonPath; values: Array<Hostile<string>> }> {
  const sample = baseline(world, t, cred, rng);
  const value: Json = sample.body.type === 'json' ? sample.body.value : null;
  const one = Array.isArray(value) ? (value[0] ?? null) : value;
  const found = new Map<string, { path: JsonPath; numeric: boolean; hint: ReturnType<typeof hintOf> }>();
  const add = (path: JsonPath, numeric: boolean) => {
    const name = String([...path].reverse().find((p) => typeof p === 'string') ?? '');
    const key = path.join('.');
    if (!found.has(key)) found.set(key, { path, numeric, hint: hintOf(name, schemaAt(world.doc, t.bodySchema, path)) });
  };
  for (const f of fieldsOf(world.doc, t.bodySchema))
    if (f.schema.type !== 'object' && f.schema.type !== 'array') add(f.path, f.schema.type === 'integer' || f.schema.type === 'number');
  for (const path of pathsOf(one)) {
    let v: Json | undefined = one;
    for (const p of path) v = v === null || typeof v !== 'object' ? undefined : (v as Record<string | number, Json>)[p];
    if (v !== null && typeof v !== 'object') add(path, typeof v === 'number');
  }
  const out: Array<{ path: JsonPath; values: Array<Hostile<string>> }> = [];
  for (const { path, numeric, hint } of found.values()) {
    if (numeric || hint === 'int') out.push({ path, values: [...HOSTILE_NUMBERS] });
    else if (['date', 'instant', 'code', 'cursor'].includes(hint))
      out.push({ path, values: hintStrings(rng, hint).map((v) => ({ kind: v.kind, value: JSON.stringify(v.value) })) });
  }
  return out;
}

const TRAVERSALS: ReadonlyArray<(rng: Rng) => { kind: string; value: string }> = [
  () => ({ kind: 'traversal', value: '../../../../etc/passwd' }),
  () => ({ kind: 'traversal-static', value: 'static/../../package.json' }),
  () => ({ kind: 'traversal-encoded', value: '%2e%2e/%2e%2e/etc/passwd' }),
  () => ({ kind: 'traversal-double-encoded', value: '%252e%252e/etc/passwd' }),
  () => ({ kind: 'traversal-nul', value: 'static/../../package.json%00.css' }),
  () => ({ kind: 'traversal-backslash', value: '..\\..\\package.json' }),
  () => ({ kind: 'traversal-absolute', value: '/etc/passwd' }),
  () => ({ kind: 'dot-file', value: '.env' }),
  () => ({ kind: 'nul', value: '\u0000' }),
  (rng) => ({ kind: 'random', value: randomText(rng, 20) }),
];

export function traversal(rng: Rng): { kind: string; value: string } {
  return rng.pick(TRAVERSALS)(rng);
}
