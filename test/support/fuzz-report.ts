// What the fuzz test saw: the statuses per operation and credential (to show that the hostile
// requests reach the code behind authorisation, not only 401 and 404), and the failures grouped
// by class (check, status, what was mutated, the error) with the routes each class was met on and
// the shortest request that shows it.
import type { CredKind } from './fuzz-requests.ts';
import type { Target } from './fuzz-targets.ts';

export type Check = 'server-error' | 'no-response' | 'not-a-problem' | 'ledger-changed';

export interface Failure {
  check: Check;
  target: Target;
  mutation: string;
  status: number;
  /** The error (message and the first frame in src/), the problem's type and detail, or what changed. */
  signature: string;
  curl: string;
}

interface Group {
  check: Check;
  status: number;
  areas: string;
  signature: string;
  count: number;
  routes: Set<string>;
  mutations: Map<string, number>;
  curl: string;
}

/**
 * The parts of a request a mutation label names, coarsely ("query.after:int-2^63(raw)" is
 * "query(raw)"): with the error, they make the class of a failure.
 */
export function areasOf(mutation: string): string {
  const areas = mutation
    .replace(/ \(as \w+\)$/, '')
    .split(' + ')
    .map((m) => m.split(/[.:]/)[0]! + (m.endsWith('(raw)') ? '(raw)' : ''));
  return [...new Set(areas)].sort().join('+');
}

/** Digits, hex and ids vary from one request to the next; a class does not. */
function normalise(s: string): string {
  return s
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>')
    .replace(/\d+/g, '#')
    .slice(0, 300);
}

export class FuzzReport {
  private readonly statuses = new Map<string, Map<number, number>>();
  private readonly creds = new Map<string, Map<CredKind, { sent: number; through: number; ok: number }>>();
  private readonly failures: Failure[] = [];
  private readonly ms = new Map<string, number>();
  sent = 0;

  /** A response: its status counts for its operation, and for its credential whether it got past authentication. */
  saw(target: Target, cred: CredKind, status: number, location: string | undefined): void {
    this.sent += 1;
    const byStatus = this.statuses.get(target.key) ?? new Map<number, number>();
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
    this.statuses.set(target.key, byStatus);
    const byCred = this.creds.get(target.key) ?? new Map();
    const c = byCred.get(cred) ?? { sent: 0, through: 0, ok: 0 };
    c.sent += 1;
    const turnedAway = status === 401 || status === 403 || (status === 303 && location === '/login');
    if (!turnedAway && status > 0) c.through += 1;
    if ((status >= 200 && status < 300) || (status === 303 && location !== '/login' && !/error=/.test(location ?? ''))) c.ok += 1;
    byCred.set(cred, c);
    this.creds.set(target.key, byCred);
  }

  /** Time spent on an operation's requests (printed, never asserted). */
  took(target: Target, ms: number): void {
    this.ms.set(target.key, (this.ms.get(target.key) ?? 0) + ms);
  }

  fail(f: Failure): void {
    this.failures.push(f);
  }

  get failed(): number {
    return this.failures.length;
  }

  /** Requests per operation. */
  count(key: string): number {
    let n = 0;
    for (const v of this.statuses.get(key)?.values() ?? []) n += v;
    return n;
  }

  /** Requests of an operation that got past authentication / were accepted. */
  through(key: string): { through: number; ok: number } {
    let through = 0;
    let ok = 0;
    for (const c of this.creds.get(key)?.values() ?? []) {
      through += c.through;
      ok += c.ok;
    }
    return { through, ok };
  }

  groups(): Group[] {
    const groups = new Map<string, Group>();
    for (const f of this.failures) {
      const signature = normalise(f.signature);
      const areas = areasOf(f.mutation);
      const key = [f.check, f.status, areas, signature].join('\u0000');
      const g = groups.get(key) ?? { check: f.check, status: f.status, areas, signature, count: 0, routes: new Set(), mutations: new Map(), curl: f.curl };
      g.count += 1;
      g.routes.add(f.target.key);
      g.mutations.set(f.mutation, (g.mutations.get(f.mutation) ?? 0) + 1);
      if (f.curl.length < g.curl.length) g.curl = f.curl;
      groups.set(key, g);
    }
    return [...groups.values()].sort((a, b) => a.check.localeCompare(b.check) || b.count - a.count);
  }

  /** The failures, one paragraph per class. */
  failureText(): string {
    return this.groups()
      .map((g, i) => {
        const mutations = [...g.mutations.entries()].sort((a, b) => b[1] - a[1]);
        const shown = mutations.slice(0, 6).map(([m, n]) => (n > 1 ? `${m} ×${n}` : m));
        return (
          `${i + 1}. [${g.check}] ${g.status} ×${g.count} — ${g.areas} — ${g.signature}\n` +
          `   mutations: ${shown.join('; ')}${mutations.length > shown.length ? `; and ${mutations.length - shown.length} more` : ''}\n` +
          `   routes: ${[...g.routes].sort().join(', ')}\n` +
          `   e.g.: ${g.curl}`
        );
      })
      .join('\n');
  }

  /** Statuses per operation, and per credential how many got past authentication (through) and were accepted (ok). */
  statusTable(): string {
    const rows: string[] = [];
    for (const key of [...this.statuses.keys()].sort()) {
      const statuses = [...this.statuses.get(key)!.entries()].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}:${n}`);
      const creds = [...(this.creds.get(key)?.entries() ?? [])].map(([c, v]) => `${c} ${v.through}/${v.sent}${v.ok ? ` ok ${v.ok}` : ''}`);
      const ms = Math.round(this.ms.get(key) ?? 0);
      rows.push(
        `${key.padEnd(44)} n=${String(this.count(key)).padStart(4)} ${String(ms).padStart(6)} ms  ${statuses.join(' ')}  | through: ${creds.join(', ')}`,
      );
    }
    return rows.join('\n');
  }
}
