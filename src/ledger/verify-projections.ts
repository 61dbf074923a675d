// Verifying the projections against the ledger: each subject's events are replayed through the
// pure reducer, as an as-of read replays them, and the rows this gives are compared column by
// column with the rows the projection tables hold. The tables are plain tables (only the ledger
// refuses UPDATE and DELETE), so this is what catches a row changed, deleted or added behind the
// ledger's back. Every subject is checked, or a sample drawn by a seed that is reported, so that
// a check of a large store can be repeated exactly.
import { createHash, randomInt } from 'node:crypto';
import type { Queryable } from '../store/database.ts';
import { logSizes, subjectsEvents } from './ledger.ts';
import { eventsInRange, subjectOfPayload } from './blocks.ts';
import type { LedgerEvent } from './events.ts';
import { applyEvents, emptyState, type ProjectionState } from './projection/reducer.ts';
import {
  fromDb,
  LIST_ENTRY_TABLE,
  OBJECTION_TABLE,
  PERSON_ROLE_TABLE,
  RECORD_TABLE,
  REPAIR_TABLE,
  type OverrideRow,
  type SubjectRow,
  type TableSpec,
} from './projection/rows.ts';

/** A store with at most this many subjects is checked whole unless a sample is asked for. */
export const FULL_CHECK_MAX_SUBJECTS = 20_000;
/** The sample checked by default on a larger store. */
export const DEFAULT_SAMPLE = 5_000;
/** Subjects replayed and compared per round trip. */
const BATCH = 500;

export interface ProjectionDifference {
  table: string;
  /** The row's key in its table (record id, entry id, `record id|role`, `subject|scorecard`, subject key). */
  key: string;
  subject: string;
  /** The differing column, or null when the whole row is missing or extra. */
  column: string | null;
  /** What the replay of the ledger gives ("absent" for a row the ledger never made). */
  expected: unknown;
  /** What the table holds ("absent" for a row missing from it). */
  found: unknown;
}

export interface ProjectionCheck {
  /** True when every checked subject's rows equal the replay of its events. */
  equal: boolean;
  /** Every subject, or a seeded sample of them. */
  mode: 'all' | 'sample';
  /** Subjects named by the ledger or by any projection row. */
  subjects: number;
  /** Subjects checked. */
  checked: number;
  /** The seed that drew the sample (null when every subject is checked). */
  seed: number | null;
  /** Differing cells and missing or extra rows among the checked subjects. */
  differences: number;
  firstDifference: ProjectionDifference | null;
}

export interface ProjectionCheckOptions {
  /** Check every subject, whatever the store's size. */
  all?: boolean;
  /** Check this many subjects drawn by the seed (all of them when there are no more). */
  sample?: number;
  /** The seed that draws the sample; a random one (reported) by default. */
  seed?: number;
  /** Without `all` or `sample`: every subject up to this many, else a sample of `defaultSample`. */
  fullUpTo?: number;
  defaultSample?: number;
  onProgress?: (checked: number, total: number) => void;
}

type Rows = Record<string, unknown>;

/** How a table's rows are keyed and read, column by column, from a replayed row and from a stored one. */
interface Comparison<R> {
  table: string;
  /** Where its rows are read: the table, or the view that joins a table's shared columns back. */
  readFrom: string;
  key: (r: Rows) => string;
  columns: ReadonlyArray<readonly [name: string, sqlType: string]>;
  /** A replayed row as column values. */
  expected: (r: R) => Rows;
  /** A stored row as column values, read the way the platform reads it. */
  found: (r: Rows) => Rows;
}

function fromSpec<R>(spec: TableSpec<R>, key: (r: Rows) => string = (r) => String(r[spec.idColumn])): Comparison<R> {
  const byColumn = (r: R): Rows => Object.fromEntries(spec.columns.map(([name, , get]) => [name, get(r)]));
  return {
    table: spec.table,
    readFrom: spec.readFrom,
    key,
    columns: spec.columns.map(([name, t]) => [name, t] as const),
    expected: byColumn,
    found: (row) => byColumn(fromDb(spec, row)),
  };
}

const SUBJECT: Comparison<SubjectRow> = {
  table: 'subject',
  readFrom: 'subject',
  key: (r) => String(r.subject_key),
  columns: [
    ['subject_key', 'text'],
    ['kind', 'text'],
    ['code', 'text'],
    ['name', 'text'],
    ['division_code', 'text'],
    ['code_flags', 'text[]'],
    ['first_index', 'bigint'],
  ],
  expected: (s) => ({
    subject_key: s.subjectKey,
    kind: s.kind,
    code: s.code,
    name: s.name,
    division_code: s.divisionCode,
    code_flags: s.codeFlags,
    first_index: s.firstIndex,
  }),
  found: (r) => r,
};

const OVERRIDE: Comparison<OverrideRow> = {
  table: 'evaluation_override',
  readFrom: 'evaluation_override',
  key: (r) => `${String(r.subject_key)}|${String(r.scorecard)}`,
  columns: [
    ['subject_key', 'text'],
    ['scorecard', 'text'],
    ['tier', 'text'],
    ['reason', 'text'],
    ['actor', 'text'],
    ['at', 'timestamptz'],
    ['active', 'boolean'],
    ['last_index', 'bigint'],
  ],
  expected: (o) => ({
    subject_key: o.subjectKey,
    scorecard: o.scorecard,
    tier: o.tier,
    reason: o.reason,
    actor: o.actor,
    at: o.at,
    active: o.active,
    last_index: o.lastIndex,
  }),
  found: (r) => r,
};

const RECORDS = fromSpec(RECORD_TABLE);
const ROLES = fromSpec(PERSON_ROLE_TABLE, (r) => `${String(r.record_id)}|${String(r.role)}`);
const ENTRIES = fromSpec(LIST_ENTRY_TABLE);
const OBJECTIONS = fromSpec(OBJECTION_TABLE);
const REPAIRS = fromSpec(REPAIR_TABLE);

/** The tables in the order they are compared: the first difference is the first in this order. */
const TABLES = [SUBJECT, RECORDS, ROLES, ENTRIES, OBJECTIONS, REPAIRS, OVERRIDE] as const;

/** One value as compared and reported: instants as ISO strings, arrays as their literal, nothing as null. */
function normalise(v: unknown, sqlType: string): unknown {
  if (v === undefined || v === null) return null;
  switch (sqlType) {
    case 'timestamptz':
      return new Date(v as string | Date).toISOString();
    case 'int':
    case 'bigint':
      return Number(v);
    case 'text[]':
      return Array.isArray(v) ? `{${v.join(',')}}` : v;
    default:
      return v instanceof Date ? v.toISOString().slice(0, 10) : v;
  }
}

/** A subject's rows as the ledger says they are: its events replayed, as an as-of read does. */
function replay(events: readonly LedgerEvent[]): ProjectionState {
  const state = applyEvents(emptyState(), events);
  // The incremental projection also marks a rename as the last change of the subject's entries
  // in force (projection/store.ts, touchRenamedEntries); the replay does the same.
  for (const { renamedAt } of state.subjects.values()) {
    if (renamedAt === undefined) continue;
    for (const e of state.entries.values()) {
      if (e.state === 'in-force' && e.removedOn === null && e.lastIndex < renamedAt) e.lastIndex = renamedAt;
    }
  }
  return state;
}

function expectedRows(state: ProjectionState, subjectKey: string): Map<Comparison<never>, Rows[]> {
  const mine = <R extends { subjectKey: string }>(rows: Iterable<R>) => [...rows].filter((r) => r.subjectKey === subjectKey);
  const out = new Map<Comparison<never>, Rows[]>();
  const put = <R>(c: Comparison<R>, rows: R[]) => out.set(c as Comparison<never>, rows.map(c.expected));
  put(
    SUBJECT,
    [...state.subjects.values()].map((s) => s.row).filter((s) => s.subjectKey === subjectKey),
  );
  put(RECORDS, mine(state.records.values()));
  put(ROLES, mine(state.roles.values()));
  put(ENTRIES, mine(state.entries.values()));
  put(OBJECTIONS, mine(state.objections.values()));
  put(REPAIRS, mine(state.repairs.values()));
  put(OVERRIDE, mine(state.overrides.values()));
  return out;
}

/** Every subject key the ledger or any projection names, in code-unit order. */
async function subjectKeys(q: Queryable): Promise<string[]> {
  const keys = await ledgerSubjects(q);
  const rows = await q.query<{ k: string }>(
    `SELECT subject_key AS k FROM subject UNION SELECT subject_key FROM credit_record
     UNION SELECT subject_key FROM person_role UNION SELECT subject_key FROM list_entry
     UNION SELECT subject_key FROM objection UNION SELECT subject_key FROM repair_application
     UNION SELECT subject_key FROM evaluation_override`,
  );
  for (const r of rows) keys.add(r.k);
  return [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The subjects of the ledger's events, read from the events themselves (the blocks list only their tags). */
async function ledgerSubjects(q: Queryable): Promise<Set<string>> {
  const keys = new Set<string>();
  const sizes = await logSizes(q);
  for (let log = 0; log < sizes.length; log++) {
    for (let from = 0; from < sizes[log]!; from += 50_000) {
      for (const e of await eventsInRange(q, log, from, Math.min(from + 50_000, sizes[log]!))) {
        const subject = subjectOfPayload(e.payload);
        if (subject !== null) keys.add(subject);
      }
    }
  }
  return keys;
}

/** The n subjects whose keys hash lowest under the seed: the same seed draws the same sample from the same store. */
function draw(keys: readonly string[], n: number, seed: number): string[] {
  const rank = (k: string) => createHash('sha256').update(`${seed}\u0000${k}`).digest('hex');
  return keys
    .map((k) => ({ k, h: rank(k) }))
    .sort((a, b) => (a.h < b.h ? -1 : a.h > b.h ? 1 : 0))
    .slice(0, n)
    .map((x) => x.k)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Compares one subject's replayed rows with its stored rows; calls differ() for each difference in table, key and column order. */
function compare(
  subjectKey: string,
  expected: Map<Comparison<never>, Rows[]>,
  stored: Map<Comparison<never>, Rows[]>,
  differ: (d: ProjectionDifference) => void,
): void {
  for (const c of TABLES as readonly Comparison<never>[]) {
    const want = new Map<string, Rows>();
    for (const r of expected.get(c) ?? []) want.set(c.key(r), r);
    const have = new Map<string, Rows>();
    for (const r of stored.get(c) ?? []) have.set(c.key(r), c.found(r));
    const keys = [...new Set([...want.keys(), ...have.keys()])].sort();
    for (const key of keys) {
      const w = want.get(key);
      const h = have.get(key);
      if (!w || !h) {
        differ({ table: c.table, key, subject: subjectKey, column: null, expected: w ? 'present' : 'absent', found: h ? 'present' : 'absent' });
        continue;
      }
      for (const [name, t] of c.columns) {
        const ev = normalise(w[name], t);
        const fv = normalise(h[name], t);
        if (ev !== fv) differ({ table: c.table, key, subject: subjectKey, column: name, expected: ev, found: fv });
      }
    }
  }
}

async function storedRows(q: Queryable, keys: readonly string[]): Promise<Map<string, Map<Comparison<never>, Rows[]>>> {
  const out = new Map<string, Map<Comparison<never>, Rows[]>>();
  for (const k of keys) out.set(k, new Map());
  for (const c of TABLES as readonly Comparison<never>[]) {
    // Table names come from the fixed list above, never from input.
    for (const row of await q.query(`SELECT * FROM ${c.readFrom} WHERE subject_key = ANY($1::text[])`, [keys])) {
      const bySubject = out.get(row.subject_key as string)!;
      const list = bySubject.get(c) ?? [];
      list.push(row);
      bySubject.set(c, list);
    }
  }
  return out;
}

async function eventsOf(q: Queryable, keys: readonly string[]): Promise<Map<string, LedgerEvent[]>> {
  const out = new Map<string, LedgerEvent[]>();
  for (const k of keys) out.set(k, []);
  for (const [k, events] of await subjectsEvents(q, keys)) out.set(k, events);
  return out;
}

/**
 * Checks that the projections equal a replay of the ledger, for every subject or a seeded
 * sample, and names the first difference. Reads only; run it on a store whose chain verifies
 * (a replay of altered events proves nothing).
 */
export async function verifyProjections(q: Queryable, options: ProjectionCheckOptions = {}): Promise<ProjectionCheck> {
  const keys = await subjectKeys(q);
  const byDefault = keys.length <= (options.fullUpTo ?? FULL_CHECK_MAX_SUBJECTS) ? keys.length : (options.defaultSample ?? DEFAULT_SAMPLE);
  const wanted = options.all ? keys.length : (options.sample ?? byDefault);
  const sampled = wanted < keys.length;
  const seed = sampled ? (options.seed ?? randomInt(0, 2 ** 31)) : null;
  const chosen = seed === null ? keys : draw(keys, wanted, seed);
  let differences = 0;
  let firstDifference: ProjectionDifference | null = null;
  const differ = (d: ProjectionDifference) => {
    differences++;
    firstDifference ??= d;
  };
  let checked = 0;
  for (let i = 0; i < chosen.length; i += BATCH) {
    const batch = chosen.slice(i, i + BATCH);
    const events = await eventsOf(q, batch);
    const stored = await storedRows(q, batch);
    for (const k of batch) {
      let state: ProjectionState;
      try {
        state = replay(events.get(k)!);
      } catch (err) {
        throw new Error(`the events of subject ${k} do not replay: ${(err as Error).message}`);
      }
      compare(k, expectedRows(state, k), stored.get(k)!, differ);
      checked++;
    }
    options.onProgress?.(checked, chosen.length);
  }
  return { equal: differences === 0, mode: sampled ? 'sample' : 'all', subjects: keys.length, checked, seed, differences, firstDifference };
}

/** One sentence naming a difference, for an operator. */
export function describeDifference(d: ProjectionDifference): string {
  const where = `${d.table} row ${d.key} (subject ${d.subject})`;
  if (d.column === null) return d.found === 'absent' ? `${where} is missing: the ledger makes it` : `${where} is there, but the ledger makes no such row`;
  return `${where}: ${d.column} is ${JSON.stringify(d.found)}, the ledger gives ${JSON.stringify(d.expected)}`;
}
