// The furnishing tables' SQL: batches, accounts, monthly statements (a partition per month, made
// on demand in the batch's transaction), notices and consents; what a furnisher furnished before
// (for the rules across batches); a batch's rows in leaf order (for its proof). The COPY text its
// lines are stored by is furnishing-copy.store.ts's.
import type { Queryable } from '../../store/database.ts';
import { literal } from '../../store/bulk-read.ts';
import { eventAt } from '../../ledger/blocks.ts';
import { parseEvent } from '../../ledger/ledger.ts';
import type { LedgerEvent } from '../../ledger/events.ts';
import type { BatchReferences, FurnishedBefore, RecordedConsent } from '../../domain/credit-reporting/batch.ts';
import { LINE_KINDS, type LineKind } from '../../domain/credit-reporting/standard.ts';
import { ROW_COLUMNS, TABLE_OF } from './furnishing-rows.ts';
import { FurnishedAccounts } from './furnishing-accounts.ts';

/** Advisory lock (first key) under which one furnisher's batches are accepted one at a time. */
const FURNISHER_LOCK = 7262020;
const CHUNK = 50_000;

export interface BatchRow {
  batchId: string;
  furnisher: string;
  month: string;
  seq: number;
  root: Buffer;
  lineCount: number;
  log: number;
  eventIndex: number;
  policyVersion: string;
  receivedAt: string;
}

/** Holds the furnisher's lock until the transaction ends: its batches get sequence numbers in order. */
export async function lockFurnisher(tx: Queryable, furnisher: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [FURNISHER_LOCK, furnisher]);
}

function batchOf(r: Record<string, unknown>): BatchRow {
  return {
    batchId: r.batch_id as string,
    furnisher: r.furnisher as string,
    month: String(r.month).slice(0, 7),
    seq: Number(r.seq),
    root: Buffer.from(r.root as Uint8Array),
    lineCount: Number(r.line_count),
    log: Number(r.log),
    eventIndex: Number(r.event_index),
    policyVersion: r.policy_version as string,
    receivedAt: new Date(r.received_at as string | Date).toISOString(),
  };
}

export async function batchById(q: Queryable, batchId: string): Promise<BatchRow | undefined> {
  const rows = await q.query('SELECT * FROM furnishing_batch WHERE batch_id = $1', [batchId]);
  return rows[0] ? batchOf(rows[0]) : undefined;
}

export async function batchesOf(q: Queryable, furnisher?: string): Promise<BatchRow[]> {
  const rows = furnisher
    ? await q.query('SELECT * FROM furnishing_batch WHERE furnisher = $1 ORDER BY seq', [furnisher])
    : await q.query('SELECT * FROM furnishing_batch ORDER BY furnisher, seq');
  return rows.map(batchOf);
}

export async function nextSeq(tx: Queryable, furnisher: string): Promise<number> {
  const [r] = await tx.query<{ n: number }>('SELECT coalesce(max(seq), 0) + 1 AS n FROM furnishing_batch WHERE furnisher = $1', [furnisher]);
  return Number(r!.n);
}

/**
 * Makes the statements' partition of a month if there is none. Two batches of a new month may
 * race to make it: a transaction-scoped lock on the month lets one make it and the other find it.
 * The partition is made as a table of its own and attached, which locks the statements table
 * against other attachments only (CREATE TABLE ... PARTITION OF would lock out every reader and
 * writer of the statements until the batch commits); row triggers come with the attachment, the
 * TRUNCATE trigger does not, so the partition gets its own.
 */
export async function ensureStatementPartition(tx: Queryable, month: string): Promise<void> {
  if (!/^\d{4}-\d{2}$/.test(month)) throw new Error(`not a month: ${month}`);
  const [y, m] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  const name = `credit_statement_y${month.slice(0, 4)}m${month.slice(5, 7)}`;
  await tx.query('SELECT pg_advisory_xact_lock($1, $2)', [FURNISHER_LOCK + 1, y * 100 + m]);
  const [exists] = await tx.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [name]);
  if (exists?.t) return;
  await tx.query(`CREATE TABLE ${name} (LIKE credit_statement INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
  await tx.query(`CREATE TRIGGER ${name}_no_truncate BEFORE TRUNCATE ON ${name} FOR EACH STATEMENT EXECUTE FUNCTION furnishing_refuse_change()`);
  await tx.query(`ALTER TABLE credit_statement ATTACH PARTITION ${name} FOR VALUES FROM ('${month}-01') TO ('${next}-01')`);
}

/**
 * What the furnisher furnished before, for what a batch refers to: which of its accounts were
 * never furnished, the borrower's kind of the accounts of its adverse statements (current
 * version), whether those borrowers were told before adverse information, the consents its
 * account lines cite, and every consent of the persons it names as guarantors.
 */
export async function furnishedBefore(
  q: Queryable,
  furnisher: string,
  refs: Readonly<BatchReferences>,
  /** The accounts among refs.accounts never furnished, when already known (unknownAccounts). */
  unknown?: ReadonlySet<string>,
  /** The borrower's kinds and the notices of refs.notices, when already known (FurnishedAccounts). */
  facts?: Pick<FurnishedBefore, 'borrowerKinds' | 'noticed'>,
): Promise<FurnishedBefore> {
  const unknownAccounts = new Set<string>(unknown ?? []);
  const borrowerKinds = new Map<string, 'person' | 'organisation'>(facts?.borrowerKinds);
  const noticed = new Set<string>(facts?.noticed);
  const consents = new Map<string, RecordedConsent>();
  if (!unknown)
    for (let i = 0; i < refs.accounts.length; i += CHUNK)
      for (const id of await unknownAccounts_(q, furnisher, refs.accounts.slice(i, i + CHUNK))) unknownAccounts.add(id);
  if (!facts)
    for (let i = 0; i < refs.notices.length; i += CHUNK) {
      const facts = await adverseFacts(q, furnisher, refs.notices.slice(i, i + CHUNK));
      for (const [id, kind] of facts.borrowerKinds) borrowerKinds.set(id, kind);
      for (const id of facts.noticed) noticed.add(id);
    }
  type ConsentRow = { reference: string; borrower_key: string; scope: string[]; signed_on: string; expires_on: string | null };
  // Each query in version order, so the current version of a reference is the one left in the map.
  const consentRows: ConsentRow[][] = [];
  if (refs.consents.length > 0) {
    consentRows.push(
      await q.query<ConsentRow>(
        'SELECT reference, borrower_key, scope, signed_on, expires_on FROM credit_furnishing_consent WHERE furnisher = $1 AND reference = ANY($2::text[]) ORDER BY seq',
        [furnisher, refs.consents],
      ),
    );
  }
  // Every consent a guarantor gave, in all its versions: which of them is current and covers furnishing is checkBatch's.
  for (let i = 0; i < refs.guarantors.length; i += CHUNK) {
    consentRows.push(
      await q.query<ConsentRow>(
        `SELECT reference, borrower_key, scope, signed_on, expires_on FROM credit_furnishing_consent
          WHERE furnisher = $1 AND reference IN (SELECT reference FROM credit_furnishing_consent WHERE furnisher = $1 AND borrower_key = ANY($2::text[]))
          ORDER BY seq`,
        [furnisher, refs.guarantors.slice(i, i + CHUNK)],
      ),
    );
  }
  for (const rows of consentRows)
    for (const r of rows) consents.set(r.reference, { borrowerKey: r.borrower_key, scope: r.scope, signedOn: r.signed_on, expiresOn: r.expires_on });
  return { unknownAccounts, borrowerKinds, noticed, consents };
}

/** Of accounts with adverse statements: their borrower's kind (current version), and which had a notice furnished. */
async function adverseFacts(
  q: Queryable,
  furnisher: string,
  ids: readonly string[],
): Promise<{ borrowerKinds: Map<string, 'person' | 'organisation'>; noticed: Set<string> }> {
  const out = { borrowerKinds: new Map<string, 'person' | 'organisation'>(), noticed: new Set<string>() };
  // In version order, so the current version is the one left in the map.
  const kinds = await q.query<{ account_id: string; borrower_kind: 'person' | 'organisation' }>(
    'SELECT account_id, borrower_kind FROM credit_account WHERE furnisher = $1 AND account_id = ANY($2::text[]) ORDER BY seq',
    [furnisher, ids],
  );
  const notices = await q.query<{ account_id: string }>(
    'SELECT DISTINCT account_id FROM credit_adverse_notice WHERE furnisher = $1 AND account_id = ANY($2::text[])',
    [furnisher, ids],
  );
  for (const r of kinds) out.borrowerKinds.set(r.account_id, r.borrower_kind);
  for (const r of notices) out.noticed.add(r.account_id);
  return out;
}

/**
 * Every account the furnisher furnished, each once with its borrower's key (current version; a
 * person's key tells the borrower's kind), and every account it furnished a notice for, read into this process
 * (FurnishedAccounts) as COPY text; undefined when it furnished more than `cap` accounts or
 * notices, which are then asked about as a batch names them (borrowersOf). The accounts are read
 * down the accounts' primary key backwards (each id's latest version first: no sort), the notices
 * in ascending order of ids (the database's collation); neither is aggregated into one value.
 */
export async function furnishedAccounts(tx: Queryable, furnisher: string, cap: number): Promise<FurnishedAccounts | undefined> {
  const accounts = await tx.copyOut(
    `SELECT DISTINCT ON (account_id) account_id, borrower_key FROM credit_account
      WHERE furnisher = ${literal(furnisher)} ORDER BY account_id DESC, seq DESC LIMIT ${cap + 1}`,
  );
  const count = linesIn(accounts);
  if (count > cap) return undefined;
  const notices = await tx.copyOut(`SELECT DISTINCT account_id FROM credit_adverse_notice WHERE furnisher = ${literal(furnisher)} ORDER BY 1 LIMIT ${cap + 1}`);
  if (linesIn(notices) > cap) return undefined;
  return new FurnishedAccounts(accounts, count, notices, 'descending');
}

/** The rows of COPY text (each ends with a line feed). */
function linesIn(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * The borrower's key of each of these accounts the furnisher furnished (current version; with
 * `beforeSeq`, of the versions of the furnisher's batches before that one); an account missing
 * from the answer was never furnished. An account, once furnished, stays so (no row is ever
 * deleted), so the answer holds for the rest of any transaction that asks later.
 */
export async function borrowersOf(q: Queryable, furnisher: string, ids: readonly string[], beforeSeq?: number): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await q.query<{ id: string; key: string }>(
    `SELECT DISTINCT ON (account_id) account_id AS id, borrower_key AS key FROM credit_account
      WHERE furnisher = $1 AND account_id = ANY($2::text[])${beforeSeq === undefined ? '' : ' AND seq < $3'} ORDER BY account_id, seq DESC`,
    beforeSeq === undefined ? [furnisher, ids] : [furnisher, ids, beforeSeq],
  );
  return new Map(rows.map((r) => [r.id, r.key]));
}

async function unknownAccounts_(q: Queryable, furnisher: string, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await q.query<{ id: string }>(
    `SELECT x.id FROM unnest($2::text[]) AS x(id)
      WHERE NOT EXISTS (SELECT 1 FROM credit_account a WHERE a.furnisher = $1 AND a.account_id = x.id)`,
    [furnisher, ids],
  );
  return rows.map((r) => r.id);
}

export async function insertBatch(tx: Queryable, b: BatchRow): Promise<void> {
  await tx.query(
    `INSERT INTO furnishing_batch (batch_id, furnisher, month, seq, root, line_count, log, event_index, policy_version, received_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [b.batchId, b.furnisher, `${b.month}-01`, b.seq, b.root, b.lineCount, b.log, b.eventIndex, b.policyVersion, b.receivedAt],
  );
}

/**
 * A batch's rows whose leaves lie in [from, to), of every kind, in leaf order. The statements
 * are read from the batch month's partition alone.
 */
export async function batchRows(
  q: Queryable,
  batch: BatchRow,
  from: number,
  to: number,
): Promise<Array<{ kind: LineKind; leaf: number; row: Record<string, unknown> }>> {
  const out: Array<{ kind: LineKind; leaf: number; row: Record<string, unknown> }> = [];
  for (const kind of LINE_KINDS) {
    const monthFilter = kind === 'statement' ? ' AND month = $5' : '';
    const params: unknown[] = [batch.furnisher, batch.seq, from, to];
    if (kind === 'statement') params.push(`${batch.month}-01`);
    const rows = await q.query(
      `SELECT leaf, ${ROW_COLUMNS[kind].join(', ')} FROM ${TABLE_OF[kind]} WHERE furnisher = $1 AND seq = $2 AND leaf >= $3 AND leaf < $4${monthFilter}`,
      params,
    );
    for (const row of rows) out.push({ kind, leaf: Number(row.leaf), row });
  }
  return out.sort((a, b) => a.leaf - b.leaf);
}

/**
 * The first statement that names the batch by (furnisher, seq) but lies outside its month, if
 * any: batchRows reads the batch month's partition alone, and a batch's statements are all of it.
 */
export async function statementOutsideMonth(q: Queryable, batch: BatchRow): Promise<{ leaf: number; month: string } | undefined> {
  const [r] = await q.query<{ leaf: number; month: string }>(
    "SELECT leaf, to_char(month, 'YYYY-MM') AS month FROM credit_statement WHERE furnisher = $1 AND seq = $2 AND month <> $3 LIMIT 1",
    [batch.furnisher, batch.seq, `${batch.month}-01`],
  );
  return r ? { leaf: Number(r.leaf), month: r.month } : undefined;
}

/** The ledger event a batch row points at. */
export async function batchEvent(q: Queryable, batch: BatchRow): Promise<LedgerEvent | undefined> {
  const e = await eventAt(q, batch.log, batch.eventIndex);
  return e ? parseEvent(e.payload, e.log, e.index) : undefined;
}

/** Every version of an account-month's statement, oldest first (corrections never replace), with its batch. */
export async function statementVersions(q: Queryable, furnisher: string, account: string, month: string): Promise<Array<Record<string, unknown>>> {
  return q.query(
    `SELECT s.seq, b.batch_id, s.leaf, ${ROW_COLUMNS.statement.map((c) => `s.${c}`).join(', ')}
       FROM credit_statement s JOIN furnishing_batch b ON b.furnisher = s.furnisher AND b.seq = s.seq
      WHERE s.furnisher = $1 AND s.account_id = $2 AND s.month = $3 ORDER BY s.seq`,
    [furnisher, account, `${month}-01`],
  );
}

/** Every version of an account, oldest first, with its batch. */
export async function accountVersions(q: Queryable, furnisher: string, account: string): Promise<Array<Record<string, unknown>>> {
  return q.query(
    `SELECT a.seq, b.batch_id, a.leaf, ${ROW_COLUMNS.account.map((c) => `a.${c}`).join(', ')}
       FROM credit_account a JOIN furnishing_batch b ON b.furnisher = a.furnisher AND b.seq = a.seq
      WHERE a.furnisher = $1 AND a.account_id = $2 ORDER BY a.seq`,
    [furnisher, account],
  );
}
