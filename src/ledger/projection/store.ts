// Reading and writing the projection tables: rows a run of events needs are loaded, the reducer
// applies the events, new rows are copied in and changed rows updated, all inside the caller's
// transaction (the one that appended the events).
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Queryable } from '../../store/database.ts';
import { copyRows, copyValue } from '../../store/copy.ts';
import { logOf, parseEvent, placementOf } from '../ledger.ts';
import { eventsAt } from '../blocks.ts';
import type { LedgerEvent } from '../events.ts';
import { applyEvents, emptyState, rowsNeeded, type ProjectionState } from './reducer.ts';
import { projectionListeners, type SubjectName } from '../listeners.ts';
import {
  fromDb,
  LIST_ENTRY_TABLE,
  OBJECTION_TABLE,
  PERSON_ROLE_TABLE,
  RECORD_TABLE,
  REPAIR_TABLE,
  type ListEntryRow,
  type ObjectionRow,
  type PersonRoleRow,
  type RecordRow,
  type RepairRow,
  classIdOf,
  type SharedColumns,
  type TableSpec,
} from './rows.ts';

/** Record rows with their bodies (decision and fields), read from the event that set them. */
async function withBodies(q: Queryable, rows: readonly Record<string, unknown>[]): Promise<RecordRow[]> {
  if (rows.length === 0) return [];
  const placement = await placementOf(q);
  const records = rows.map((row) => fromDb(RECORD_TABLE, row));
  const bodies = await eventsAt(
    q,
    records.map((r) => ({ log: logOf(r.subjectKey, placement), index: r.bodyIndex })),
  );
  return records.map((r, i) => {
    const stored = bodies[i];
    if (!stored) throw new Error(`record ${r.recordId}: its body event ${r.bodyIndex} is not in the ledger`);
    const body = parseEvent(stored.payload, stored.log, stored.index);
    if (body.type !== 'record.filed' && body.type !== 'record.corrected') throw new Error(`record ${r.recordId}: body event ${r.bodyIndex} is a ${body.type}`);
    r.decision = body.data.decision;
    r.fields = body.data.fields;
    return r;
  });
}

/**
 * Records by id. With their subject's key (a record's id is derived from it, and the caller that
 * has the record's event or its objection has the key) the read reaches the subject's shard alone
 * on Citus; without it (a lookup by id alone) it asks every shard.
 */
export async function loadRecords(q: Queryable, recordIds: readonly string[], subjectKey?: string): Promise<RecordRow[]> {
  if (recordIds.length === 0) return [];
  return withBodies(q, await selectRecords(q, new Map(recordIds.map((id) => [id, subjectKey ?? null]))));
}

/**
 * credit_record rows by id, each with its subject's key where known. Every key known: the read
 * names them (one subject: `subject_key = $2`, a single shard on Citus); any unknown: by id alone.
 * A record's id belongs to one subject, so the keys only narrow where the rows are looked for.
 */
function selectRecords(q: Queryable, records: ReadonlyMap<string, string | null>): Promise<Record<string, unknown>[]> {
  const ids = [...records.keys()];
  const keys = new Set(records.values());
  if (keys.has(null)) return q.query(`SELECT * FROM ${RECORD_TABLE.readFrom} WHERE record_id = ANY($1::text[])`, [ids]);
  if (keys.size === 1) return q.query(`SELECT * FROM ${RECORD_TABLE.readFrom} WHERE subject_key = $2 AND record_id = ANY($1::text[])`, [ids, [...keys][0]]);
  return q.query(`SELECT * FROM ${RECORD_TABLE.readFrom} WHERE subject_key = ANY($2::text[]) AND record_id = ANY($1::text[])`, [ids, [...keys]]);
}

export async function loadSubjectRecords(q: Queryable, subjectKey: string): Promise<RecordRow[]> {
  return withBodies(q, await q.query(`SELECT * FROM ${RECORD_TABLE.readFrom} WHERE subject_key = $1 ORDER BY decision_date DESC, record_id`, [subjectKey]));
}

/**
 * Pages of the records public on a day as known now (active, published, inside their window,
 * their publicity not ended early: as SubjectService's isRecordPublic), in subject order after a
 * cursor (a subject's key and a record id), up to `pages` pages of `limit` rows, each read by a
 * statement of its own; then their bodies, all together (eventsAt reads a block once for all the
 * bodies it holds). Read over the subjects' index, which every store has, rather than an index of
 * record ids that every filing would pay for.
 */
export async function loadRecordsPublicOn(
  q: Queryable,
  day: string,
  after: { subjectKey: string; recordId: string },
  limit: number,
  pages = 1,
): Promise<RecordRow[]> {
  const rows: Record<string, unknown>[] = [];
  for (let page = 0, cursor = after; page < pages; page++) {
    const read = await q.query(
      `SELECT * FROM ${RECORD_TABLE.readFrom}
       WHERE subject_key >= $2 AND (subject_key > $2 OR record_id > $3)
         AND published AND status = 'active' AND publicity_start <= $1::date
         AND (publicity_end IS NULL OR publicity_end > $1::date) AND (publicity_ended_on IS NULL OR publicity_ended_on > $1::date)
       ORDER BY subject_key, record_id LIMIT $4`,
      [day, cursor.subjectKey, cursor.recordId, limit],
    );
    rows.push(...read);
    if (read.length < limit) break;
    // PGlite answers on this thread through promises already settled: without a turn of the
    // event loop between pages, no request would be served until the last page was read.
    await yieldToEventLoop();
    const last = read[read.length - 1]!;
    cursor = { subjectKey: String(last.subject_key), recordId: String(last.record_id) };
  }
  return withBodies(q, rows);
}

/**
 * Record rows without their bodies: what the reducer needs to apply events to records filed
 * earlier (it never reads an old body; a correction brings its own).
 */
async function loadRecordRows(q: Queryable, records: ReadonlyMap<string, string | null>): Promise<RecordRow[]> {
  if (records.size === 0) return [];
  return (await selectRecords(q, records)).map((row) => {
    const r = fromDb(RECORD_TABLE, row);
    r.decision = { authority: '', basis: '', date: r.decisionDate, number: r.decisionNumber };
    r.fields = {};
    return r;
  });
}

async function loadBy<R>(q: Queryable, spec: TableSpec<R>, ids: readonly string[]): Promise<R[]> {
  if (ids.length === 0) return [];
  return (await q.query(`SELECT * FROM ${spec.readFrom} WHERE ${spec.idColumn} = ANY($1::text[])`, [ids])).map((r) => fromDb(spec, r));
}

export const loadEntries = (q: Queryable, ids: readonly string[]): Promise<ListEntryRow[]> => loadBy(q, LIST_ENTRY_TABLE, ids);

/** Every list entry in one of these states, oldest first (e.g. the entries still in their procedure). */
export async function loadEntriesInStates(q: Queryable, states: readonly ListEntryRow['state'][]): Promise<ListEntryRow[]> {
  const rows = await q.query('SELECT * FROM list_entry WHERE state = ANY($1::text[]) ORDER BY entry_id', [states]);
  return rows.map((r) => fromDb(LIST_ENTRY_TABLE, r));
}

/** How many subjects and records the projections hold, and how many list entries are in force. */
export async function countProjections(q: Queryable): Promise<{ subjects: number; records: number; entries: number }> {
  const [row] = await q.query<{ subjects: number; records: number; entries: number }>(
    `SELECT (SELECT count(*)::int FROM subject) AS subjects, (SELECT count(*)::int FROM credit_record) AS records,
            (SELECT count(*)::int FROM list_entry WHERE state = 'in-force') AS entries`,
  );
  return row!;
}
export const loadObjections = (q: Queryable, ids: readonly string[]): Promise<ObjectionRow[]> => loadBy(q, OBJECTION_TABLE, ids);
export const loadRepairs = (q: Queryable, ids: readonly string[]): Promise<RepairRow[]> => loadBy(q, REPAIR_TABLE, ids);

export async function loadSubjectRows<R>(q: Queryable, spec: TableSpec<R>, subjectKey: string): Promise<R[]> {
  return (await q.query(`SELECT * FROM ${spec.readFrom} WHERE subject_key = $1 ORDER BY first_index`, [subjectKey])).map((r) => fromDb(spec, r));
}

/** Loads into the state every existing row the events will change, including targets of decisions. */
async function preload(tx: Queryable, events: readonly LedgerEvent[], state: ProjectionState): Promise<void> {
  const need = rowsNeeded(events, state);
  const mark = <R>(map: Map<string, R>, spec: TableSpec<R>, rows: R[]) => {
    for (const row of rows) {
      map.set(spec.id(row), row);
      state.preexisting.add(spec.id(row));
    }
  };
  mark(state.objections, OBJECTION_TABLE, await loadObjections(tx, need.objections));
  mark(state.repairs, REPAIR_TABLE, await loadRepairs(tx, need.repairs));
  // Deciding an objection or a repair changes its target too.
  for (const o of [...state.objections.values(), ...state.repairs.values()]) {
    if (!state.preexisting.has('objectionId' in o ? o.objectionId : o.repairId)) continue;
    if (o.targetType === 'record' && !state.records.has(o.targetId)) need.records.set(o.targetId, o.subjectKey);
    if (o.targetType === 'list-entry' && !state.entries.has(o.targetId)) need.entries.push(o.targetId);
  }
  mark(state.records, RECORD_TABLE, await loadRecordRows(tx, need.records));
  mark(state.entries, LIST_ENTRY_TABLE, await loadEntries(tx, [...new Set(need.entries)]));
  await loadSubjects(tx, events, state);
}

/**
 * The stored subjects the run files records about: whether each is new, and the name a
 * registration filing is compared with (a rename is a different name, not any filing).
 */
async function loadSubjects(tx: Queryable, events: readonly LedgerEvent[], state: ProjectionState): Promise<void> {
  const keys = new Set<string>();
  for (const e of events) if (e.type === 'record.filed' && !state.subjects.has(e.data.subject.key)) keys.add(e.data.subject.key);
  if (keys.size === 0) return;
  const rows = await tx.query<{
    subject_key: string;
    kind: string;
    code: string;
    name: string;
    division_code: string | null;
    code_flags: string[];
    first_index: number;
  }>('SELECT * FROM subject WHERE subject_key = ANY($1::text[])', [[...keys]]);
  for (const r of rows) {
    state.subjects.set(r.subject_key, {
      row: {
        subjectKey: r.subject_key,
        kind: r.kind,
        code: r.code,
        name: r.name,
        divisionCode: r.division_code,
        codeFlags: r.code_flags,
        firstIndex: r.first_index,
      },
    });
    state.storedSubjects.add(r.subject_key);
  }
}

/** Projects a run of events into the tables, inside the caller's transaction. */
export async function projectEvents(tx: Queryable, events: readonly LedgerEvent[]): Promise<void> {
  const state = emptyState();
  await preload(tx, events, state);
  applyEvents(state, events);
  await writeSubjects(tx, state);
  await writeTable(tx, RECORD_TABLE, state.records, state);
  await writeTable(tx, LIST_ENTRY_TABLE, state.entries, state);
  await writeTable(tx, OBJECTION_TABLE, state.objections, state);
  await writeTable(tx, REPAIR_TABLE, state.repairs, state);
  await writeRoles(tx, state);
  await writeOverrides(tx, state);
  await touchRenamedEntries(tx, state);
}

/**
 * A list entry in force shows its subject's current name, so a rename changes it: its last
 * change becomes the rename (the list's change feed sends it again, with the new name). Run after
 * the entries are written and never lowering last_index, so that the result does not depend on
 * how events were grouped into runs (a rebuild equals the incremental projection).
 */
async function touchRenamedEntries(tx: Queryable, state: ProjectionState): Promise<void> {
  const keys: string[] = [];
  const indexes: number[] = [];
  for (const [key, s] of state.subjects) {
    if (s.renamedAt === undefined) continue;
    keys.push(key);
    indexes.push(s.renamedAt);
  }
  if (keys.length === 0) return;
  // On Citus a statement a subject, each on its shard (see updateStoredRows).
  if (await isCitus(tx)) {
    for (const [i, key] of keys.entries())
      await tx.query(`UPDATE list_entry SET last_index = $2 WHERE subject_key = $1 AND state = 'in-force' AND removed_on IS NULL AND last_index < $2`, [
        key,
        indexes[i],
      ]);
    return;
  }
  await tx.query(
    `UPDATE list_entry AS e SET last_index = u.idx FROM unnest($1::text[], $2::bigint[]) AS u(k, idx)
     WHERE e.subject_key = u.k AND e.state = 'in-force' AND e.removed_on IS NULL AND e.last_index < u.idx`,
    [keys, indexes],
  );
}

async function writeOverrides(tx: Queryable, state: ProjectionState): Promise<void> {
  const rows = [...state.overrides.values()];
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO evaluation_override (subject_key, scorecard, tier, reason, actor, at, active, last_index)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::boolean[], $8::bigint[])
     ON CONFLICT (subject_key, scorecard) DO UPDATE SET tier = CASE WHEN EXCLUDED.active THEN EXCLUDED.tier ELSE evaluation_override.tier END, reason = EXCLUDED.reason, actor = EXCLUDED.actor, at = EXCLUDED.at,
       active = EXCLUDED.active, last_index = EXCLUDED.last_index`,
    [
      rows.map((r) => r.subjectKey),
      rows.map((r) => r.scorecard),
      rows.map((r) => r.tier),
      rows.map((r) => r.reason),
      rows.map((r) => r.actor),
      rows.map((r) => r.at),
      rows.map((r) => r.active),
      rows.map((r) => r.lastIndex),
    ],
  );
}

/**
 * Roles from filings are copied in; those from corrections replace what a record said before. On
 * Citus the table's key starts with the subject's (citus.ts, CITUS_KEYS), and the upsert names it.
 */
async function writeRoles(tx: Queryable, state: ProjectionState): Promise<void> {
  const fresh: PersonRoleRow[] = [];
  const upserts: PersonRoleRow[] = [];
  for (const [id, row] of state.roles) {
    if (!state.touched.has(id)) continue;
    (state.roleUpserts.has(id) ? upserts : fresh).push(row);
  }
  const names = PERSON_ROLE_TABLE.columns.map(([n]) => n);
  if (fresh.length > 0) await tx.copyIn('person_role', names, rowsText(fresh, PERSON_ROLE_TABLE.columns));
  if (upserts.length > 0) {
    await tx.query(
      `INSERT INTO person_role (subject_key, record_id, role, person_hash, first_index, last_index)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[])
       ON CONFLICT (${(await isCitus(tx)) ? 'subject_key, record_id, role' : 'record_id, role'}) DO UPDATE SET person_hash = EXCLUDED.person_hash, last_index = EXCLUDED.last_index`,
      PERSON_ROLE_TABLE.columns.map(([, , get]) => upserts.map((r) => get(r))),
    );
  }
}

async function writeSubjects(tx: Queryable, state: ProjectionState): Promise<void> {
  if (state.subjects.size === 0) return;
  // New subjects are copied in; a subject already stored changes only when its registration
  // authority files a new name (the name other agencies use is not authoritative).
  const fresh: unknown[][] = [];
  const freshNames: SubjectName[] = [];
  const renamed: Array<{ subjectKey: string; name: string }> = [];
  for (const { row, renamedAt } of state.subjects.values()) {
    if (!state.storedSubjects.has(row.subjectKey)) {
      fresh.push([row.subjectKey, row.kind, row.code, row.name, row.divisionCode, `{${row.codeFlags.join(',')}}`, row.firstIndex]);
      freshNames.push({ subjectKey: row.subjectKey, name: row.name });
    } else if (renamedAt !== undefined) renamed.push(row);
  }
  await tx.copyIn('subject', ['subject_key', 'kind', 'code', 'name', 'division_code', 'code_flags', 'first_index'], copyRows(fresh));
  // Derived indexes (search) hear of the names in the same transaction.
  for (const l of projectionListeners()) await l.subjectsNamed(tx, freshNames, true);
  if (renamed.length > 0) {
    await renameSubjects(tx, renamed);
    for (const l of projectionListeners()) await l.subjectsNamed(tx, renamed, false);
  }
}

/** New rows are copied in; rows that existed are updated from parameter arrays (they are few). */
async function writeTable<R>(tx: Queryable, spec: TableSpec<R>, rows: Map<string, R>, state: ProjectionState): Promise<void> {
  const inserts: R[] = [];
  const updates: R[] = [];
  for (const [id, row] of rows) {
    if (!state.touched.has(id)) continue;
    (state.preexisting.has(id) ? updates : inserts).push(row);
  }
  if (inserts.length === 0 && updates.length === 0) return;
  const columns = await storedColumns(tx, spec, [...inserts, ...updates]);
  if (inserts.length > 0)
    await tx.copyIn(
      spec.table,
      columns.map(([name]) => name),
      rowsText(inserts, columns),
    );
  if (updates.length > 0) await updateStoredRows(tx, spec, columns, updates);
}

/**
 * Updates rows already stored, in one statement on PGlite and PostgreSQL. On Citus a statement
 * per subject, naming the subject as a plain parameter: Citus routes an update to one shard only
 * when its distribution column equals one value, never by a join on arrays, and a multi-shard
 * update commits in two phases and, with citus.enable_deadlock_prevention, holds back every other
 * subject's update until it commits. Throws unless every row given was updated.
 */
async function updateStoredRows<R>(tx: Queryable, spec: TableSpec<R>, columns: ReadonlyArray<StoredColumn<R>>, updates: readonly R[]): Promise<void> {
  const bySubject = columns.some(([name]) => name === 'subject_key');
  const set = columns.filter(([name]) => name !== spec.idColumn && name !== 'subject_key');
  const keyed = columns.filter(([name]) => name !== 'subject_key');
  // Arrays travel as their literal text (a text[] parameter cannot carry an array of arrays).
  const paramType = (t: string) => (t.endsWith('[]') ? 'text' : t);
  const cast = (name: string, t: string) => (t.endsWith('[]') ? `u.${name}::${t}` : `u.${name}`);
  const setSql = set.map(([name, t]) => `${name} = ${cast(name, t)}`).join(', ');
  const arrays = (of: ReadonlyArray<StoredColumn<R>>, first: number) =>
    `unnest(${of.map(([, t], i) => `$${i + first}::${paramType(t)}[]`).join(', ')}) AS u(${of.map(([name]) => name).join(', ')})`;
  const check = async (sql: string, params: unknown[], expected: number) => {
    const updated = (await tx.query(sql, params)).length;
    if (updated !== expected) throw new Error(`${spec.table}: ${updated} of ${expected} stored rows updated`);
  };
  if (bySubject && (await isCitus(tx))) {
    const subjectOf = columns.find(([name]) => name === 'subject_key')![2];
    const groups = new Map<unknown, R[]>();
    for (const r of updates) {
      const key = subjectOf(r);
      const group = groups.get(key);
      if (group) group.push(r);
      else groups.set(key, [r]);
    }
    if (set.some(([, t]) => t.endsWith('[]'))) {
      // An array column's literal cast to its type (array_in, a stable function) from the joined
      // arrays' column is refused by Citus in an UPDATE: a statement a row, the values as parameters.
      const rowSql = `UPDATE ${spec.table} SET ${set.map(([name, t], i) => `${name} = $${i + 3}::${t}`).join(', ')}
         WHERE subject_key = $1 AND ${spec.idColumn} = $2 RETURNING 1`;
      const idOf = keyed.find(([name]) => name === spec.idColumn)![2];
      for (const [key, group] of groups) for (const r of group) await check(rowSql, [key, idOf(r), ...set.map(([, , get]) => get(r))], 1);
      return;
    }
    const sql = `UPDATE ${spec.table} AS t SET ${setSql} FROM ${arrays(keyed, 2)}
       WHERE t.subject_key = $1 AND t.${spec.idColumn} = u.${spec.idColumn} RETURNING 1`;
    for (const [key, group] of groups) await check(sql, [key, ...keyed.map(([, , get]) => group.map((r) => get(r)))], group.length);
    return;
  }
  await check(
    `UPDATE ${spec.table} AS t SET ${setSql} FROM ${arrays(columns, 1)}
     WHERE t.${spec.idColumn} = u.${spec.idColumn}${bySubject ? ' AND t.subject_key = u.subject_key' : ''} RETURNING 1`,
    columns.map(([, , get]) => updates.map((r) => get(r))),
    updates.length,
  );
}

const citusByQueryable = new WeakMap<Queryable, Promise<boolean>>();

/** Whether the store is a Citus coordinator, asked once for each Queryable (a transaction's writes share it). */
export function isCitus(q: Queryable): Promise<boolean> {
  let citus = citusByQueryable.get(q);
  if (!citus) {
    citus = q.query<{ citus: boolean }>("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') AS citus").then((rows) => rows[0]!.citus);
    citusByQueryable.set(q, citus);
    citus.catch(() => citusByQueryable.delete(q));
  }
  return citus;
}

/** Updates stored rows of a projection table as the projection writer does (see updateStoredRows). */
export async function updateRows<R>(tx: Queryable, spec: TableSpec<R>, rows: readonly R[]): Promise<void> {
  if (rows.length > 0) await updateStoredRows(tx, spec, await storedColumns(tx, spec, rows), rows);
}

/** Rows as COPY text, each column's value read by its getter and encoded as copyRows does, with no array per row. */
export function rowsText<R>(rows: readonly R[], columns: ReadonlyArray<StoredColumn<R>>): string {
  let out = '';
  const n = columns.length;
  for (const r of rows) {
    out += copyValue(columns[0]![2](r));
    for (let i = 1; i < n; i++) out += `\t${copyValue(columns[i]![2](r))}`;
    out += '\n';
  }
  return out;
}

type StoredColumn<R> = readonly [name: string, sqlType: string, get: (r: R) => unknown, ...unknown[]];

/**
 * The columns a table stores for these rows. A table with shared columns stores, instead of
 * them, the id of their combination; the combinations the rows use are added to the shared
 * table first, in the same transaction (one that is already there is left as it is: its id
 * is a function of its values).
 */
async function storedColumns<R>(tx: Queryable, spec: TableSpec<R>, rows: readonly R[]): Promise<ReadonlyArray<StoredColumn<R>>> {
  const shared = spec.shared;
  if (!shared) return spec.columns;
  const getters = shared.columns.map((name) => {
    const column = spec.columns.find(([n]) => n === name);
    if (!column) throw new Error(`${spec.table}: shared column ${name} is not among its columns`);
    return column[2];
  });
  const valuesOf = (r: R) => getters.map((get) => String(get(r)));
  const ids = new Map<R, string>();
  const combinations = new Map<string, string[]>();
  for (const r of rows) {
    const values = valuesOf(r);
    const id = classIdOf(values);
    ids.set(r, id);
    combinations.set(id, values);
  }
  await insertCombinations(tx, shared, combinations);
  return [[shared.idColumn, 'bigint', (r: R) => ids.get(r)], ...spec.columns.filter(([name]) => !shared.columns.includes(name))];
}

/**
 * Adds combinations of shared values (by id) to their table; one already there is left as it is.
 * They are inserted in the order of their ids, so that two transactions adding some of the same
 * new combinations wait for each other at the first they share rather than each holding one the
 * other waits for (a deadlock). On Citus the table is a reference table, and any insert into it,
 * even one that adds nothing, writes every node (in two phases) under a lock of its whole shard:
 * the combinations already there are read first, and only new ones are inserted.
 */
export async function insertCombinations(tx: Queryable, shared: SharedColumns, combinations: ReadonlyMap<string, readonly string[]>): Promise<void> {
  let all = [...combinations].sort(([a], [b]) => byId(a, b));
  if (await isCitus(tx)) {
    const stored = new Set(
      (
        await tx.query<{ id: string }>(`SELECT ${shared.idColumn}::text AS id FROM ${shared.table} WHERE ${shared.idColumn} = ANY($1::bigint[])`, [
          all.map(([id]) => id),
        ])
      ).map((r) => r.id),
    );
    all = all.filter(([id]) => !stored.has(id));
    if (all.length === 0) return;
  }
  await tx.query(
    `INSERT INTO ${shared.table} (${shared.idColumn}, ${shared.columns.join(', ')})
     SELECT * FROM unnest($1::bigint[], ${shared.columns.map((_, i) => `$${i + 2}::text[]`).join(', ')})
     ON CONFLICT (${shared.idColumn}) DO NOTHING`,
    [all.map(([id]) => id), ...shared.columns.map((_, i) => all.map(([, values]) => values[i]))],
  );
}

/**
 * Gives stored subjects their new names. Their rows are locked first in key order, as every writer
 * that holds several subjects' rows takes them (evaluation's withSubjectsLocked: one statement a
 * subject on a Citus cluster), so that a filing that renames two subjects and a refresh of both
 * never wait for each other in a cycle; an UPDATE alone would lock them in its join's order.
 */
async function renameSubjects(tx: Queryable, renamed: ReadonlyArray<{ subjectKey: string; name: string }>): Promise<void> {
  const keys = [...new Set(renamed.map((r) => r.subjectKey))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (await isCitus(tx)) {
    // A statement a subject, each on its shard, in key order: each update takes its row's lock.
    const names = new Map(renamed.map((r) => [r.subjectKey, r.name]));
    for (const key of keys) await tx.query('UPDATE subject SET name = $2 WHERE subject_key = $1', [key, names.get(key)]);
    return;
  }
  await tx.query('SELECT 1 FROM subject WHERE subject_key = ANY($1::text[]) ORDER BY subject_key FOR NO KEY UPDATE', [keys]);
  await tx.query('UPDATE subject AS s SET name = u.name FROM unnest($1::text[], $2::text[]) AS u(k, name) WHERE s.subject_key = u.k', [
    renamed.map((r) => r.subjectKey),
    renamed.map((r) => r.name),
  ]);
}

/** Two combination ids (bigint, as decimal text) in numeric order. */
function byId(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Empties the projections (the ledger is untouched) before a rebuild. */
export async function clearProjections(tx: Queryable): Promise<void> {
  await tx.query('TRUNCATE subject, credit_record, record_class, list_entry, objection, repair_application, person_role, evaluation_override');
  for (const l of projectionListeners()) await l.cleared(tx);
}
