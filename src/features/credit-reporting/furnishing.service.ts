// Furnishing: a licensed lender's batch of accounts, monthly statements, notices and consents,
// validated whole against the pack's data standard and accepted all or nothing as ONE ledger
// event that commits to its lines (the Merkle root over their canonical bytes, the count, the
// furnisher, the month). The lines go to the furnishing tables, a restatement as a new version.
// The audit recomputes each batch's root from its stored rows.
import { createHash } from 'node:crypto';
import type { Database, Queryable } from '../../store/database.ts';
import type { Policy } from '../../domain/policy/policy.ts';
import type { Clock } from '../../kernel/clock.ts';
import type { AgencyPrincipal } from '../../kernel/principal.ts';
import { AppError } from '../../kernel/problems.ts';
import { canonicalJson } from '../../kernel/canonical-json.ts';
import { currentActor } from '../../kernel/request-context.ts';
import { appendAndProject } from '../../ledger/write.ts';
import { platformEvents } from '../../ledger/ledger.ts';
import type { FurnishingBatchData } from '../../ledger/events.ts';
import type { FieldError } from '../../domain/records.ts';
import { isMonth, LineStandard, validateLine, type LineContext } from '../../domain/credit-reporting/lines.ts';
import { checkBatch, referencesOf, type LineError, type NumberedLine } from '../../domain/credit-reporting/batch.ts';
import { rowOf, canonicalOfRow } from './furnishing-rows.ts';
import { BatchTree } from './batch-tree.ts';
import {
  accountVersions,
  batchById,
  batchEvent,
  batchesOf,
  batchRows,
  ensureStatementPartition,
  furnishedBefore,
  insertBatch,
  lockFurnisher,
  nextSeq,
  RowsText,
  statementOutsideMonth,
  statementVersions,
  unknownAccounts,
  type BatchRow,
} from './furnishing.store.ts';

/** A line of a submitted batch: its parsed value, or why it could not be parsed. */
export type FurnishingLineInput = { line: number; value: unknown } | { line: number; errors: FieldError[] };

export interface FurnishResult {
  batchId: string;
  furnisher: string;
  month: string;
  seq: number;
  lines: number;
  counts: FurnishingBatchData['counts'];
  /** The root of the batch's Merkle tree, base64. */
  root: string;
  /** The batch was furnished before, identically: nothing new was stored. */
  duplicate: boolean;
  event: { log: number; index: number };
}

export interface BatchVerification {
  batchId: string;
  furnisher: string;
  month: string;
  lines: number;
  intact: boolean;
  /** Why not, when not intact. */
  problem?: string;
}

/** Lines whose rows are copied in at once, while the next chunk's rows are built. */
const COPY_CHUNK = 10_000;
/** Accounts asked about at once while validating. */
const ASK_CHUNK = 20_000;

const YIELD_EVERY = 2_000;
const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Rolls back a batch whose root shows it was furnished before, carrying that batch's answer. */
class FurnishedBefore extends Error {
  constructor(readonly result: FurnishResult) {
    super('the batch was furnished before');
  }
}

/** At most this many bad lines and fields are listed in a refusal (with the total count). */
export const MAX_LISTED_ERRORS = 200;
const VERIFY_PAGE = 50_000;

export class FurnishingService {
  private readonly standard: LineStandard;

  constructor(
    private readonly db: Database,
    private readonly policy: Policy,
    private readonly clock: Clock,
    private readonly idHashSecret: string,
  ) {
    this.standard = new LineStandard(policy.furnishing);
  }

  /** Only an agency of a furnisher kind furnishes; every other agency is refused. */
  private requireFurnisher(agency: AgencyPrincipal): void {
    if (!this.policy.isFurnisherKind(agency.kind))
      throw new AppError('not-a-furnisher', `agency ${agency.code} is of kind ${agency.kind}, which files public-credit records and does not furnish credit accounts`);
  }

  /**
   * Validates a batch whole and stores it all or nothing; a batch furnished before is answered as
   * it was. The lines are validated first; then, in one transaction, their rows are built, hashed
   * into the batch's tree and copied in chunk by chunk (a chunk is copied while the next is built),
   * and the one ledger event is appended with the root. A batch whose root shows it was furnished
   * before is rolled back and answered as that batch.
   */
  async furnish(agency: AgencyPrincipal, month: string, input: readonly FurnishingLineInput[]): Promise<FurnishResult> {
    this.requireFurnisher(agency);
    if (!isMonth(month)) throw new AppError('validation-failed', 'month is the reporting month, YYYY-MM', { errors: [{ line: 0, field: 'month', message: 'must be YYYY-MM' }] });
    const now = this.clock.now();
    const today = this.policy.localDate(now);
    if (month > today.slice(0, 7))
      throw new AppError('validation-failed', `the reporting month ${month} has not begun`, { errors: [{ line: 0, field: 'month', message: 'must not be after the current month' }] });
    if (input.length === 0) throw new AppError('validation-failed', 'the batch holds no lines');
    const ctx: LineContext = { today, idHashSecret: this.idHashSecret, month };
    const errors: LineError[] = [];
    const lines: NumberedLine[] = [];
    const counts = { account: 0, consent: 0, notice: 0, statement: 0 };
    // Which accounts of statements and notices were never furnished is asked chunk by chunk while
    // the next chunk is validated (an account once furnished stays so).
    const asking: Array<Promise<string[]>> = [];
    let named: string[] = [];
    for (const l of input) {
      if ('errors' in l) {
        for (const e of l.errors) errors.push({ line: l.line, ...e });
        continue;
      }
      const r = validateLine(this.standard, l.value, ctx);
      if (r.line) {
        lines.push({ line: l.line, value: r.line });
        counts[r.line.kind]++;
        if (r.line.kind === 'statement' || r.line.kind === 'notice') named.push(r.line.values.account as string);
        if (named.length >= ASK_CHUNK) {
          const asked = unknownAccounts(this.db, agency.code, named);
          // Its failure is the batch's, at Promise.all below: never a rejection left unhandled meanwhile.
          asked.catch(() => undefined);
          asking.push(asked);
          named = [];
          await yieldToIo();
        }
      } else for (const e of r.errors) errors.push({ line: l.line, ...e });
    }
    asking.push(unknownAccounts(this.db, agency.code, named));
    const unknown = new Set((await Promise.all(asking)).flat());
    const refs = referencesOf(lines);
    if (errors.length > 0) {
      // The rules across lines are checked on the valid lines too, so one refusal lists everything.
      const before = await furnishedBefore(this.db, agency.code, refs, unknown);
      refuse([...errors, ...checkBatch(this.standard, lines, before, today)]);
    }
    const actor = currentActor();
    try {
      return await this.db.transaction(async (tx) => {
        await lockFurnisher(tx, agency.code);
        const stateErrors = checkBatch(this.standard, lines, await furnishedBefore(tx, agency.code, refs, unknown), today);
        if (stateErrors.length > 0) refuse(stateErrors);
        const seq = await nextSeq(tx, agency.code);
        if (counts.statement > 0) await ensureStatementPartition(tx, month);
        const tree = new BatchTree();
        const text = new RowsText(agency.code, seq);
        let copying: Promise<void> = Promise.resolve();
        for (let from = 0; from < lines.length; from += COPY_CHUNK) {
          const to = Math.min(from + COPY_CHUNK, lines.length);
          for (let leaf = from; leaf < to; leaf++) {
            const line = lines[leaf]!.value;
            const r = rowOf(this.standard, line);
            tree.add(r.canonical);
            text.add(line.kind, leaf, r.values);
            // Lets the socket drain the chunk being copied while this one is built.
            if (leaf % YIELD_EVERY === YIELD_EVERY - 1) await yieldToIo();
          }
          await copying;
          copying = text.writeTo(tx);
        }
        await copying;
        const root = tree.root().toString('base64');
        const batchId = `fb-${createHash('sha256').update(`${agency.code}\n${month}\n${root}`).digest('hex').slice(0, 40)}`;
        const existing = await batchById(tx, batchId);
        if (existing) throw new FurnishedBefore(resultOf(existing, counts, true));
        const data: FurnishingBatchData = { batchId, counts, furnisher: agency.code, lines: lines.length, month, policyVersion: this.policy.version, root, seq };
        const [event] = await appendAndProject(tx, [{ type: 'furnishing.batch', subject: null, data }], actor, now);
        const batch: BatchRow = {
          batchId,
          furnisher: agency.code,
          month,
          seq,
          root: Buffer.from(root, 'base64'),
          lineCount: lines.length,
          log: event!.log,
          eventIndex: event!.index,
          policyVersion: this.policy.version,
          receivedAt: event!.at,
        };
        await insertBatch(tx, batch);
        return resultOf(batch, counts, false);
      });
    } catch (err) {
      if (err instanceof FurnishedBefore) return err.result;
      throw err;
    }
  }

  /**
   * Recomputes a batch's root from its stored rows and compares it, and the line count, with the
   * batch's ledger event: rows altered, added or removed after the batch was accepted show here.
   */
  async verifyBatch(batchId: string, q: Queryable = this.db): Promise<BatchVerification> {
    const batch = await batchById(q, batchId);
    if (!batch) throw new AppError('not-found', `there is no furnishing batch ${batchId}`);
    return verify(q, batch);
  }

  /**
   * Every batch verified against its ledger event, in the ledger's order: each furnishing.batch
   * event of the platform log is paired with its batch's row (a row deleted, the furnisher's last
   * batch included, leaves its event without one), then any row no event names is verified,
   * which reports it.
   */
  async verifyAll(): Promise<BatchVerification[]> {
    const rows = new Map((await batchesOf(this.db)).map((b) => [b.batchId, b]));
    const out: BatchVerification[] = [];
    for (const e of await platformEvents(this.db, 'furnishing.batch')) {
      if (e.type !== 'furnishing.batch') continue;
      const b = rows.get(e.data.batchId);
      if (!b) {
        out.push({
          batchId: e.data.batchId,
          furnisher: e.data.furnisher,
          month: e.data.month,
          lines: e.data.lines,
          intact: false,
          problem: `batch ${e.data.seq} of ${e.data.furnisher} is missing: its ledger event at ${e.log}/${e.index} names a batch with no row`,
        });
        continue;
      }
      rows.delete(b.batchId);
      out.push(await verify(this.db, b));
    }
    for (const b of rows.values()) out.push(await verify(this.db, b));
    return out;
  }

  /** A furnisher's own batches. */
  async batches(agency: AgencyPrincipal): Promise<FurnishResult[]> {
    this.requireFurnisher(agency);
    const out: FurnishResult[] = [];
    for (const b of await batchesOf(this.db, agency.code)) {
      const e = await batchEvent(this.db, b);
      out.push(resultOf(b, (e?.data as FurnishingBatchData | undefined)?.counts ?? { account: 0, consent: 0, notice: 0, statement: 0 }, false));
    }
    return out;
  }

  /** Every version of an account-month's statement as its furnisher furnished it, oldest first, each as its canonical line. */
  async statementHistory(agency: AgencyPrincipal, account: string, month: string): Promise<Array<{ seq: number; batchId: string; leaf: number; line: Record<string, unknown> }>> {
    this.requireFurnisher(agency);
    return (await statementVersions(this.db, agency.code, account, month)).map((r) => ({
      seq: Number(r.seq),
      batchId: r.batch_id as string,
      leaf: Number(r.leaf),
      line: canonicalOfRow('statement', r),
    }));
  }

  /** Every version of an account, oldest first, each as its canonical line and the borrower as shown (masked). */
  async accountHistory(agency: AgencyPrincipal, account: string): Promise<Array<{ seq: number; batchId: string; leaf: number; borrower: string; line: Record<string, unknown> }>> {
    this.requireFurnisher(agency);
    return (await accountVersions(this.db, agency.code, account)).map((r) => ({
      seq: Number(r.seq),
      batchId: r.batch_id as string,
      leaf: Number(r.leaf),
      borrower: r.borrower_masked as string,
      line: canonicalOfRow('account', r),
    }));
  }
}

function resultOf(b: BatchRow, counts: FurnishingBatchData['counts'], duplicate: boolean): FurnishResult {
  return {
    batchId: b.batchId,
    furnisher: b.furnisher,
    month: b.month,
    seq: b.seq,
    lines: b.lineCount,
    counts,
    root: b.root.toString('base64'),
    duplicate,
    event: { log: b.log, index: b.eventIndex },
  };
}

function refuse(errors: LineError[]): never {
  errors.sort((a, b) => a.line - b.line);
  const lines = new Set(errors.map((e) => e.line)).size;
  const first = errors[0]!;
  throw new AppError(
    'validation-failed',
    `${lines === 1 ? '1 line' : `${lines} lines`} of the batch failed validation; ${lines === 1 ? 'it is' : 'the first is'} line ${first.line}${first.field ? `, ${first.field}` : ''}: ${first.message}. Nothing was stored.`,
    { errorCount: errors.length, errors: errors.slice(0, MAX_LISTED_ERRORS) },
  );
}

async function verify(q: Queryable, batch: BatchRow): Promise<BatchVerification> {
  const base = { batchId: batch.batchId, furnisher: batch.furnisher, month: batch.month, lines: batch.lineCount };
  const event = await batchEvent(q, batch);
  if (!event || event.type !== 'furnishing.batch' || event.data.batchId !== batch.batchId)
    return { ...base, intact: false, problem: `the ledger holds no furnishing.batch event for the batch at ${batch.log}/${batch.eventIndex}` };
  const data = event.data;
  if (
    data.root !== batch.root.toString('base64') ||
    data.lines !== batch.lineCount ||
    data.furnisher !== batch.furnisher ||
    data.month !== batch.month ||
    data.seq !== batch.seq
  )
    return { ...base, intact: false, problem: 'the batch row disagrees with its ledger event' };
  const tree = new BatchTree();
  let expected = 0;
  for (let from = 0; from <= data.lines; from += VERIFY_PAGE) {
    for (const r of await batchRows(q, batch, from, from + VERIFY_PAGE)) {
      if (r.leaf !== expected) return { ...base, intact: false, problem: r.leaf < expected ? `line ${r.leaf} is stored twice` : `line ${expected} is missing` };
      tree.add(canonicalJson(canonicalOfRow(r.kind, r.row)));
      expected++;
    }
  }
  // Rows past the committed count.
  const extra = await batchRows(q, batch, data.lines, 2 ** 31 - 1);
  if (extra.length > 0) return { ...base, intact: false, problem: `the batch holds a line ${extra[0]!.leaf} beyond its ${data.lines} lines` };
  const stray = await statementOutsideMonth(q, batch);
  if (stray) return { ...base, intact: false, problem: `the batch holds a statement of ${stray.month} (line ${stray.leaf}) outside its month ${batch.month}` };
  if (expected !== data.lines) return { ...base, intact: false, problem: `line ${expected} is missing` };
  if (tree.root().toString('base64') !== data.root) return { ...base, intact: false, problem: 'the root over the stored lines differs from the root in the ledger' };
  return { ...base, intact: true };
}


