// The objections' and personal statements' SQL (migration 0024), and what an objection needs to
// know of the furnished data: whether an account (or a month of it) is about the subject, and
// whether a batch cited by an answer is the furnisher's.
import type { Queryable } from '../../store/database.ts';
import type { CreditObjectionOutcome, CreditObjectionState } from '../../domain/credit-reporting/disputes.ts';
import type { IsoDate } from '../../domain/dates.ts';

export interface CreditObjectionRow {
  objectionId: string;
  subjectKey: string;
  furnisher: string;
  account: string;
  /** YYYY-MM, or null for the account as a whole. */
  month: string | null;
  reason: string;
  filedOn: IsoDate;
  dueOn: IsoDate;
  state: CreditObjectionState;
  escalatedOn: IsoDate | null;
  answeredOn: IsoDate | null;
  outcome: CreditObjectionOutcome | null;
  explanation: string | null;
  correctionBatch: string | null;
  log: number;
  firstIndex: number;
  lastIndex: number;
}

const COLUMNS = `objection_id, subject_key, furnisher, account_id, to_char(month, 'YYYY-MM') AS month, reason, filed_on::text AS filed_on,
  due_on::text AS due_on, state, escalated_on::text AS escalated_on, answered_on::text AS answered_on, outcome, explanation, correction_batch,
  log, first_index, last_index`;

type Db = Record<string, unknown>;

function rowOf(r: Db): CreditObjectionRow {
  return {
    objectionId: r.objection_id as string,
    subjectKey: r.subject_key as string,
    furnisher: r.furnisher as string,
    account: r.account_id as string,
    month: (r.month as string | null) ?? null,
    reason: r.reason as string,
    filedOn: r.filed_on as string,
    dueOn: r.due_on as string,
    state: r.state as CreditObjectionState,
    escalatedOn: (r.escalated_on as string | null) ?? null,
    answeredOn: (r.answered_on as string | null) ?? null,
    outcome: (r.outcome as CreditObjectionOutcome | null) ?? null,
    explanation: (r.explanation as string | null) ?? null,
    correctionBatch: (r.correction_batch as string | null) ?? null,
    log: Number(r.log),
    firstIndex: Number(r.first_index),
    lastIndex: Number(r.last_index),
  };
}

const monthDate = (month: string | null) => (month === null ? null : `${month}-01`);

/**
 * The masked borrower and the borrower's key of a furnisher's account about the subject (as
 * borrower or guarantor), of the latest version that names the subject, if there is one: the
 * subject's own accounts by its key, those it guarantees through credit_guarantee, each read
 * naming its borrower's key (one shard each on a cluster).
 */
export async function accountAbout(
  q: Queryable,
  furnisher: string,
  account: string,
  subjectKey: string,
): Promise<{ borrowerMasked: string; borrowerKey: string } | undefined> {
  type Version = { seq: string | number; borrower_masked: string; borrower_key: string };
  const versions: Version[] = await q.query<Version>(
    'SELECT seq, borrower_masked, borrower_key FROM credit_account WHERE borrower_key = $3 AND furnisher = $1 AND account_id = $2 ORDER BY seq DESC LIMIT 1',
    [furnisher, account, subjectKey],
  );
  const guaranteed = await q.query<{ borrower_key: string; seq: string | number }>(
    'SELECT borrower_key, max(seq) AS seq FROM credit_guarantee WHERE guarantor_key = $3 AND furnisher = $1 AND account_id = $2 GROUP BY borrower_key',
    [furnisher, account, subjectKey],
  );
  for (const g of guaranteed)
    versions.push(
      ...(await q.query<Version>(
        'SELECT seq, borrower_masked, borrower_key FROM credit_account WHERE borrower_key = $3 AND furnisher = $1 AND account_id = $2 AND seq = $4',
        [furnisher, account, g.borrower_key, g.seq],
      )),
    );
  const latest = versions.sort((a, b) => Number(b.seq) - Number(a.seq))[0];
  return latest ? { borrowerMasked: latest.borrower_masked, borrowerKey: latest.borrower_key } : undefined;
}

/** Whether the furnisher furnished a statement of the account of this borrower for the month (YYYY-MM). */
export async function monthFurnished(q: Queryable, borrowerKey: string, furnisher: string, account: string, month: string): Promise<boolean> {
  const rows = await q.query('SELECT 1 FROM credit_statement WHERE borrower_key = $1 AND furnisher = $2 AND account_id = $3 AND month = $4::date LIMIT 1', [
    borrowerKey,
    furnisher,
    account,
    monthDate(month),
  ]);
  return rows.length > 0;
}

/** Whether a batch is one the furnisher furnished. */
export async function batchOf(q: Queryable, furnisher: string, batchId: string): Promise<boolean> {
  return (await q.query('SELECT 1 FROM furnishing_batch WHERE batch_id = $1 AND furnisher = $2', [batchId, furnisher])).length > 0;
}

/** The subject's objection to the item still waiting for an answer (open or escalated), if there is one. */
export async function unansweredObjectionTo(
  q: Queryable,
  item: { subjectKey: string; furnisher: string; account: string; month: string | null },
): Promise<CreditObjectionRow | undefined> {
  const [r] = await q.query<Db>(
    `SELECT ${COLUMNS} FROM credit_objection
     WHERE subject_key = $1 AND furnisher = $2 AND account_id = $3 AND month IS NOT DISTINCT FROM $4::date AND state <> 'answered' LIMIT 1`,
    [item.subjectKey, item.furnisher, item.account, monthDate(item.month)],
  );
  return r ? rowOf(r) : undefined;
}

export async function insertObjection(q: Queryable, o: CreditObjectionRow): Promise<void> {
  await q.query(
    `INSERT INTO credit_objection (objection_id, subject_key, furnisher, account_id, month, reason, filed_on, due_on, state, log, first_index, last_index)
     VALUES ($1, $2, $3, $4, $5::date, $6, $7, $8, $9, $10, $11, $12)`,
    [o.objectionId, o.subjectKey, o.furnisher, o.account, monthDate(o.month), o.reason, o.filedOn, o.dueOn, o.state, o.log, o.firstIndex, o.lastIndex],
  );
}

/**
 * One objection; `lock` holds its row for the rest of the transaction (an answer racing the
 * scheduler): found by its id, then locked by its subject's key and id (a cluster locks rows by a
 * query on one shard only) and read again as locked.
 */
export async function objectionById(q: Queryable, objectionId: string, lock = false): Promise<CreditObjectionRow | undefined> {
  const [r] = await q.query<Db>(`SELECT ${COLUMNS} FROM credit_objection WHERE objection_id = $1`, [objectionId]);
  if (!r || !lock) return r ? rowOf(r) : undefined;
  const [locked] = await q.query<Db>(`SELECT ${COLUMNS} FROM credit_objection WHERE subject_key = $1 AND objection_id = $2 FOR UPDATE`, [
    r.subject_key,
    objectionId,
  ]);
  return locked ? rowOf(locked) : undefined;
}

export async function recordAnswer(
  q: Queryable,
  a: {
    subjectKey: string;
    objectionId: string;
    answeredOn: IsoDate;
    outcome: CreditObjectionOutcome;
    explanation: string;
    correctionBatch: string | null;
    lastIndex: number;
  },
): Promise<void> {
  await q.query(
    `UPDATE credit_objection SET state = 'answered', answered_on = $2, outcome = $3, explanation = $4, correction_batch = $5, last_index = $6
      WHERE subject_key = $7 AND objection_id = $1`,
    [a.objectionId, a.answeredOn, a.outcome, a.explanation, a.correctionBatch, a.lastIndex, a.subjectKey],
  );
}

/** Where a sweep of past-due objections goes on from: the last candidate read, in (due day, id) order. */
export interface PastDueCursor {
  dueOn: IsoDate;
  objectionId: string;
}

/**
 * A page of the open objections whose due day is before `today`, after `after` in (due day, id)
 * order: up to `limit` candidates read unlocked, then each locked by its subject's key and id,
 * skipping those another transaction holds and those no longer open once locked (a cluster locks
 * rows by a query on one shard only). `rows` are held for the rest of the transaction; `next` is
 * where the following page starts, undefined when fewer than `limit` candidates were left (a
 * skipped row is not read again by the same sweep, so locked rows never end it early nor hold it).
 */
export async function openPastDue(
  q: Queryable,
  today: IsoDate,
  limit: number,
  after?: PastDueCursor,
): Promise<{ rows: CreditObjectionRow[]; next: PastDueCursor | undefined }> {
  const candidates = await q.query<Db>(
    after
      ? `SELECT subject_key, objection_id, due_on::text AS due_on FROM credit_objection
          WHERE state = 'open' AND due_on < $1 AND (due_on, objection_id) > ($3::date, $4::text) ORDER BY due_on, objection_id LIMIT $2`
      : `SELECT subject_key, objection_id, due_on::text AS due_on FROM credit_objection WHERE state = 'open' AND due_on < $1 ORDER BY due_on, objection_id LIMIT $2`,
    after ? [today, limit, after.dueOn, after.objectionId] : [today, limit],
  );
  const rows: CreditObjectionRow[] = [];
  for (const c of candidates) {
    const [r] = await q.query<Db>(
      `SELECT ${COLUMNS} FROM credit_objection WHERE subject_key = $1 AND objection_id = $2 AND state = 'open' FOR UPDATE SKIP LOCKED`,
      [c.subject_key, c.objection_id],
    );
    if (r) rows.push(rowOf(r));
  }
  const last = candidates.at(-1);
  const next = candidates.length < limit || !last ? undefined : { dueOn: last.due_on as IsoDate, objectionId: last.objection_id as string };
  return { rows, next };
}

export async function recordEscalation(q: Queryable, e: { subjectKey: string; objectionId: string; escalatedOn: IsoDate; lastIndex: number }): Promise<void> {
  await q.query(`UPDATE credit_objection SET state = 'escalated', escalated_on = $2, last_index = $3 WHERE subject_key = $4 AND objection_id = $1`, [
    e.objectionId,
    e.escalatedOn,
    e.lastIndex,
    e.subjectKey,
  ]);
}

/** A subject's objections, newest first. */
export async function objectionsOf(q: Queryable, subjectKey: string): Promise<CreditObjectionRow[]> {
  const rows = await q.query<Db>(`SELECT ${COLUMNS} FROM credit_objection WHERE subject_key = $1 ORDER BY filed_on DESC, first_index DESC`, [subjectKey]);
  return rows.map(rowOf);
}

/**
 * A furnisher's objections waiting for its answer (open or escalated), soonest due first, with the
 * borrower masked (of each account's latest version, read in a second query: the objection's
 * subject may be a guarantor, whose accounts lie with their borrowers on a cluster).
 */
export async function queueOf(q: Queryable, furnisher: string): Promise<Array<CreditObjectionRow & { borrowerMasked: string }>> {
  const rows = await q.query<Db>(`SELECT ${COLUMNS} FROM credit_objection o WHERE furnisher = $1 AND state <> 'answered' ORDER BY due_on, objection_id`, [
    furnisher,
  ]);
  if (rows.length === 0) return [];
  const masked = new Map(
    (
      await q.query<{ account_id: string; borrower_masked: string }>(
        `SELECT DISTINCT ON (account_id) account_id, borrower_masked FROM credit_account
          WHERE furnisher = $1 AND account_id = ANY($2::text[]) ORDER BY account_id, seq DESC`,
        [furnisher, [...new Set(rows.map((r) => r.account_id as string))]],
      )
    ).map((r) => [r.account_id, r.borrower_masked]),
  );
  return rows.map((r) => ({ ...rowOf(r), borrowerMasked: masked.get(r.account_id as string) ?? '' }));
}

/** Objections in a state, every furnisher's, soonest due first (oversight: the escalated ones). */
export async function objectionsIn(q: Queryable, state: CreditObjectionState, limit: number): Promise<CreditObjectionRow[]> {
  const rows = await q.query<Db>(`SELECT ${COLUMNS} FROM credit_objection WHERE state = $1 ORDER BY due_on, objection_id LIMIT $2`, [state, limit]);
  return rows.map(rowOf);
}

/** The subject's objections still disputed on a day: filed by then and not answered by then. */
export async function disputedOn(q: Queryable, subjectKey: string, day: IsoDate): Promise<CreditObjectionRow[]> {
  const rows = await q.query<Db>(
    `SELECT ${COLUMNS} FROM credit_objection
     WHERE subject_key = $1 AND filed_on <= $2 AND (answered_on IS NULL OR answered_on > $2) ORDER BY filed_on, first_index`,
    [subjectKey, day],
  );
  return rows.map(rowOf);
}

/** The subject's personal statement in force on a day (the latest made by then), if any. */
export async function statementOn(q: Queryable, subjectKey: string, day: IsoDate): Promise<{ version: number; text: string; madeOn: IsoDate } | undefined> {
  const [r] = await q.query<{ version: number; text: string; made_on: string }>(
    'SELECT version, text, made_on::text AS made_on FROM credit_personal_statement WHERE subject_key = $1 AND made_on <= $2 ORDER BY version DESC LIMIT 1',
    [subjectKey, day],
  );
  return r ? { version: Number(r.version), text: r.text, madeOn: r.made_on } : undefined;
}

/** The number of the subject's latest statement version (0 for none). */
export async function latestStatementVersion(q: Queryable, subjectKey: string): Promise<number> {
  const [r] = await q.query<{ v: number | null }>('SELECT max(version) AS v FROM credit_personal_statement WHERE subject_key = $1', [subjectKey]);
  return Number(r?.v ?? 0);
}

export async function insertStatement(
  q: Queryable,
  s: { subjectKey: string; version: number; text: string; madeOn: IsoDate; log: number; index: number },
): Promise<void> {
  await q.query('INSERT INTO credit_personal_statement (subject_key, version, text, made_on, log, event_index) VALUES ($1, $2, $3, $4, $5, $6)', [
    s.subjectKey,
    s.version,
    s.text,
    s.madeOn,
    s.log,
    s.index,
  ]);
}
