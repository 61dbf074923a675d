// The architecture as a test over the import graph of src/: each layer imports only the layers
// below it, the domain does no I/O, routes and pages reach the data only through their
// feature's service, one feature never reaches into another's store, nothing but seeding
// imports the synthetic generator, and no module takes part in an import cycle.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const SRC = join(ROOT, 'src');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : /\.(ts|mjs)$/.test(f) ? [p] : [];
  });
}

/** Every module of src/ (path relative to src/) with what it imports: local modules and packages. */
interface Module {
  path: string;
  source: string;
  local: string[];
  packages: string[];
}

const IMPORT = /(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+|new URL\(\s*)'([^']+)'/g;

function readModules(): Module[] {
  return walk(SRC).map((file) => {
    const source = readFileSync(file, 'utf8');
    const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    const local: string[] = [];
    const packages: string[] = [];
    for (const m of code.matchAll(IMPORT)) {
      const spec = m[1]!;
      if (spec.startsWith('.')) local.push(relative(SRC, resolve(dirname(file), spec)));
      else if (!m[0].startsWith('new URL')) packages.push(spec);
    }
    return { path: relative(SRC, file), source, local, packages };
  });
}

/** The layer a module belongs to: its first folder under src/ (a feature is `features/<name>`). */
function layerOf(path: string): string {
  const [top, second] = path.split('/');
  return top === 'features' ? `features/${second}` : top!;
}

/** The layers each layer may import, besides itself. */
const MAY_IMPORT: Record<string, (target: string) => boolean> = {
  domain: () => false,
  kernel: (t) => t === 'domain',
  store: (t) => t === 'kernel',
  ledger: (t) => ['store', 'kernel', 'domain'].includes(t),
  http: (t) => ['kernel', 'domain'].includes(t),
  features: (t) => t.startsWith('features/') || ['ledger', 'store', 'kernel', 'domain', 'http'].includes(t),
  app: () => true,
  synthetic: (t) => ['domain', 'kernel'].includes(t),
};

/** The only packages the domain may import: keyed hashing and the schema builder; anything else is I/O or the edge. */
const DOMAIN_PACKAGES = new Set(['node:crypto', '@sinclair/typebox']);

const isRouteOrPage = (p: string) => /\.(routes|pages)\.ts$/.test(p);
const SQL = /\b(SELECT\s[\s\S]{0,200}?\bFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|pg_advisory)\b/i;

const modules = readModules();
const paths = new Set(modules.map((m) => m.path));

describe('the import graph of src/', () => {
  it('resolves every local import to a module of src/', () => {
    // Data files (JSON, the ledger's compression dictionary) are read, not imported: they must exist.
    const isData = (t: string) => /\.(json|txt)$/.test(t) && existsSync(join(SRC, t));
    const dangling = modules.flatMap((m) => m.local.filter((t) => !paths.has(t) && !isData(t)).map((t) => `${m.path} -> ${t}`));
    expect(dangling).toEqual([]);
  });

  it('imports only downwards: domain, kernel, store, ledger, http, features, app', () => {
    const upward: string[] = [];
    for (const m of modules) {
      const from = layerOf(m.path);
      const rule = MAY_IMPORT[from.startsWith('features/') ? 'features' : from];
      expect(rule, `${m.path} is in no known layer`).toBeDefined();
      for (const t of m.local) {
        const to = layerOf(t);
        if (to !== from && !rule!(to)) upward.push(`${m.path} -> ${t}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('keeps the domain pure: no I/O packages, no clock', () => {
    const impure = modules
      .filter((m) => m.path.startsWith('domain/'))
      .flatMap((m) => [
        ...m.packages.filter((p) => !DOMAIN_PACKAGES.has(p)).map((p) => `${m.path} imports ${p}`),
        ...(/\bnew Date\(\)|Date\.now\(\)|process\.env/.test(m.source) ? [`${m.path} reads the clock or the environment`] : []),
      ]);
    expect(impure).toEqual([]);
  });

  it('gives routes and pages their feature service, never the database: no SQL, no store, no ledger', () => {
    const reaching = modules
      .filter((m) => isRouteOrPage(m.path))
      .flatMap((m) => [
        ...m.local.filter((t) => t.startsWith('store/') || t.startsWith('ledger/') || t.endsWith('.store.ts')).map((t) => `${m.path} -> ${t}`),
        ...(SQL.test(m.source) ? [`${m.path} holds SQL`] : []),
        ...(/\.db\b/.test(m.source) ? [`${m.path} reaches for a database handle (.db)`] : []),
      ]);
    expect(reaching).toEqual([]);
  });

  it('keeps SQL in stores: in a feature only its *.store.ts holds SQL, and the app holds none', () => {
    const holding = modules
      .filter((m) => (m.path.startsWith('features/') && !m.path.endsWith('.store.ts')) || m.path.startsWith('app/'))
      .filter((m) => SQL.test(m.source) || /\.query(<[^>]*>)?\(|\bcopy(In|Out|Text)\w*\(/.test(m.source))
      .map((m) => m.path);
    expect(holding).toEqual([]);
  });

  it("never reaches into another feature's store", () => {
    const crossing = modules.flatMap((m) =>
      m.local.filter((t) => t.endsWith('.store.ts') && t.startsWith('features/') && layerOf(t) !== layerOf(m.path)).map((t) => `${m.path} -> ${t}`),
    );
    expect(crossing).toEqual([]);
  });

  it('keeps the synthetic generator a tool: only seeding imports it', () => {
    const users = modules.flatMap((m) =>
      m.local.filter((t) => t.startsWith('synthetic/') && !m.path.startsWith('synthetic/') && !m.path.startsWith('app/seed/')).map((t) => `${m.path} -> ${t}`),
    );
    expect(users).toEqual([]);
  });

  it('has no import cycles', () => {
    // Tarjan's strongly connected components over the module graph; a component of more than one
    // module (or a module importing itself) is a cycle.
    const graph = new Map(modules.map((m) => [m.path, m.local.filter((t) => paths.has(t))]));
    let index = 0;
    const order = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const cycles: string[][] = [];
    const visit = (v: string): void => {
      order.set(v, index);
      low.set(v, index++);
      stack.push(v);
      onStack.add(v);
      for (const w of graph.get(v) ?? []) {
        if (!order.has(w)) {
          visit(w);
          low.set(v, Math.min(low.get(v)!, low.get(w)!));
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, order.get(w)!));
      }
      if (low.get(v) === order.get(v)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== v);
        if (component.length > 1 || graph.get(v)!.includes(v)) cycles.push(component.sort());
      }
    };
    for (const v of graph.keys()) if (!order.has(v)) visit(v);
    expect(cycles).toEqual([]);
  });

  it('has no layer cycles either: the folders form the same order as the modules', () => {
    const folders = new Map<string, Set<string>>();
    for (const m of modules) {
      const from = layerOf(m.path);
      for (const t of m.local) {
        const to = layerOf(t);
        if (to !== from && !from.startsWith('features/')) (folders.get(from) ?? folders.set(from, new Set()).get(from)!).add(to);
      }
    }
    const reaches = (a: string, b: string, seen = new Set<string>()): boolean =>
      [...(folders.get(a) ?? [])].some((n) => n === b || (!seen.has(n) && (seen.add(n), reaches(n, b, seen))));
    const mutual = [...folders.keys()].filter((a) => reaches(a, a)).sort();
    expect(mutual).toEqual([]);
  });
});
