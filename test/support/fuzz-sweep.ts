// The fuzz test's systematic pass (every kept hostile value of every parameter of every route),
// and the broken NDJSON batches and traversal paths that the random pass draws from too.
import { baseline, type CredKind, type Draft, type World } from './fuzz-requests.ts';
import type { Json, Target } from './fuzz-targets.ts';
import { hintStrings, hostileString, nest, randomText, type Rng } from './fuzz-values.ts';

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
 * parameter stands for), and every broken NDJSON batch where batches are taken. Each plan makes
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
  for (let i = plans.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [plans[i], plans[j]] = [plans[j]!, plans[i]!];
  }
  return plans;
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
