// Furnishing: a licensed lender's batch of accounts, monthly statements, notices and consents,
// validated whole against the pack's data standard and accepted all or nothing as ONE ledger
// event that commits to its lines (the Merkle root over their canonical bytes, the count, the
// furnisher, the month). The lines go to the furnishing tables, a restatement as a new version.
// The audit recomputes each batch's root from its stored rows.
import { createHash } from 'node:crypto';
import { isUniqueViolation, type Database, type Queryable } from '../../store/database.ts';
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
import { isMonth, LineStandard, type LineContext } from '../../domain/credit-reporting/lines.ts';
import type { FurnishedBefore as Before, LineError } from '../../domain/credit-reporting/batch.ts';
import { canonicalOfRow } from './furnishing-rows.ts';
import { BatchTree } from './batch-tree.ts';
import { BatchIntake, borrowerChange } from './furnishing-intake.ts';
import type { FurnishedAccounts } from './furnishing-accounts.ts';
import {
  accountVersions,
  batchById,
  borrowersOf,
  batchEvent,
  batchesOf,
  batchRows,
  ensureStatementPartition,
  furnishedAccounts,
  furnishedBefore,
  insertBatch,
  lockFurnisher,
  nextSeq,
  statementOutsideMonth,
  statementVersions,
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
/** Bytes of a short NDJSON line (a statement's is longer): a text of more than a chunk of them is read as a long batch. */
const NDJSON_LINE = 100;
/** Accounts asked about at once. */
const ASK_CHUNK = 20_000;
/**
 * The most accounts (and accounts with notices) of a furnisher read into this process for a batch
 * longer than a chunk (about 30 bytes each); a furnisher with more is asked about its accounts.
 */
const ACCOUNTS_HELD = 4_000_000;

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
      throw new AppError(
        'not-a-furnisher',
        `agency ${agency.code} is of kind ${agency.kind}, which files public-credit records and does not furnish credit accounts`,
      );
  }

  /**
   * Validates a batch whole and stores it all or nothing; a batch furnished before is answered as
   * it was. See accept.
   */
  async furnish(agency: AgencyPrincipal, month: string, input: readonly FurnishingLineInput[]): Promise<FurnishResult> {
    if (input.length === 0) this.requireLines(agency, month);
    return this.accept(agency, month, input.length, input.length > COPY_CHUNK, () => (intake, from, to) => {
      for (let i = from; i < to; i++) {
        const l = input[i]!;
        if ('errors' in l) intake.lineErrors(l.line, l.errors);
        else intake.value(l.line, l.value);
      }
    });
  }

  /**
   * A batch as NDJSON text, one line per line (numbered as the text's lines; blank lines are
   * skipped, a line that is not JSON is an error of that line): as furnish, reading each line
   * of a plain kind in place (LineParser) and streaming the rows while the text is read.
   */
  async furnishNdjson(agency: AgencyPrincipal, month: string, text: string): Promise<FurnishResult> {
    // Every line blank (trim takes line ends as white space).
    if (text.trim() === '') this.requireLines(agency, month);
    const total = text.length;
    return this.accept(agency, month, Number.POSITIVE_INFINITY, total > COPY_CHUNK * NDJSON_LINE, () => {
      // Where the next line starts, and its number.
      let at = 0;
      let line = 0;
      return (intake, from, to) => {
        for (let n = from; n < to && at <= total; n++) {
          let nl = text.indexOf('\n', at);
          if (nl < 0) nl = total;
          line++;
          if (nl > at) intake.text(line, text, at, nl);
          at = nl + 1;
        }
        return at > total;
      };
    });
  }

  /** The refusals of a batch that holds no line, in the order furnish gives them. */
  private requireLines(agency: AgencyPrincipal, month: string): never {
    this.checkMonth(agency, month);
    throw new AppError('validation-failed', 'the batch holds no lines');
  }

  private checkMonth(agency: AgencyPrincipal, month: string): void {
    this.requireFurnisher(agency);
    if (!isMonth(month))
      throw new AppError('validation-failed', 'month is the reporting month, YYYY-MM', { errors: [{ line: 0, field: 'month', message: 'must be YYYY-MM' }] });
    const today = this.policy.localDate(this.clock.now());
    if (month > today.slice(0, 7))
      throw new AppError('validation-failed', `the reporting month ${month} has not begun`, {
        errors: [{ line: 0, field: 'month', message: 'must not be after the current month' }],
      });
  }

  /**
   * Takes a batch in and stores it all or nothing, in one transaction under the furnisher's lock:
   * the lines are fed chunk by chunk (`feed` gives lines [from, to) of the batch, or answers true
   * when there are no more); while every line so far is valid, each chunk's rows are copied in
   * while the next chunk is read, and the accounts its statements and notices name are asked
   * about. At the end, the rules across lines are checked against what was furnished before;
   * any error rolls everything back and is refused with every bad line. Otherwise the one ledger
   * event is appended with the root. A batch whose root shows it was furnished before is rolled
   * back and answered as that batch.
   *
   * Statements are not looked up among each other as they are read: the statements' primary key
   * refuses a batch that repeats one as its rows are copied, and such a batch is read again (from
   * a new `feed`), this time looking every statement up, to be refused with its repeated lines.
   */
  private async accept(
    agency: AgencyPrincipal,
    month: string,
    lineCount: number,
    /** The batch is likely longer than a chunk: the furnisher's accounts are read from the start. */
    large: boolean,
    feeds: () => (intake: BatchIntake, from: number, to: number) => boolean | void,
    lookUpStatements = false,
  ): Promise<FurnishResult> {
    const feed = feeds();
    this.checkMonth(agency, month);
    const now = this.clock.now();
    const today = this.policy.localDate(now);
    const ctx: LineContext = { today, idHashSecret: this.idHashSecret, month };
    try {
      return await this.db.transaction(async (tx) => {
        await lockFurnisher(tx, agency.code);
        const seq = await nextSeq(tx, agency.code);
        const intake = new BatchIntake(this.standard, ctx, agency.code, seq, !lookUpStatements);
        // The transaction's connection runs one statement at a time: what is sent while the
        // lines are read (the partition, each chunk's COPY) is queued here, each after the last;
        // after a failure the rest fail with it unrun. The failure is the batch's, when awaited:
        // never a rejection left unhandled meanwhile.
        let queue: Promise<unknown> = Promise.resolve();
        const inTurn = <T>(fn: () => Promise<T>): Promise<T> => {
          const p = queue.then(fn);
          p.catch(() => undefined);
          queue = p;
          return p;
        };
        let partition = false;
        let copying: Promise<void> = Promise.resolve();
        // A batch longer than a chunk reads the furnisher's accounts once, while it is read, and
        // looks up its statements' and notices' accounts there once they are read (their strings
        // still in the processor's cache): a line read in place as its row is written, the others
        // chunk by chunk, the rest at the end. Those never furnished; of adverse statements'
        // accounts, those with a notice before, and the kind of those of a person never told
        // (art. 15): the only kind the rule refuses.
        let held: Promise<FurnishedAccounts | undefined> | undefined;
        let heldRead = false;
        // The accounts as read, taken into use between chunks: the rows read meanwhile get their
        // keys first, walking the accounts in step from the first (FurnishedAccounts), never mid-chunk.
        let arrived: FurnishedAccounts | undefined;
        let accounts: FurnishedAccounts | undefined;
        const unknown = new Set<string>();
        const borrowerKinds = new Map<string, 'person' | 'organisation'>();
        const noticed = new Set<string>();
        let looked = 0;
        const lookUp = (account: string, adverse: boolean) => {
          const a = accounts!.indexOf(account);
          if (a < 0) unknown.add(account);
          else if (!adverse) return;
          else if (accounts!.noticedAt(a)) noticed.add(account);
          else if (accounts!.kindAt(a) === 'person') borrowerKinds.set(account, 'person');
        };
        /** Statements and notices looked up as their rows were written, since lookUpNamed last ran. */
        let lookedAsWritten = 0;
        const lookUpNamed = () => {
          if (!accounts) return;
          const named = intake.check.namedCount;
          // Unless every one since the last time was looked up as its row was written. The first
          // pass walks the accounts from the first again (the rows' keys were looked up before it).
          if (lookedAsWritten !== named - looked) {
            if (looked === 0) accounts.rewind();
            intake.check.forEachNamed(lookUp, looked);
          }
          looked = named;
          lookedAsWritten = 0;
        };
        // A statement's or notice's row holds its account's borrower key: the batch's own account
        // line's, else the current version's furnished before (held, or asked of the store).
        const asked = new Map<string, string>();
        const own = intake.ownBorrowers;
        const keyOf = (account: string): string | undefined => {
          const key = own.size > 0 ? own.get(account) : undefined;
          if (key !== undefined) return key;
          if (accounts) {
            const a = accounts.indexOf(account);
            return a < 0 ? undefined : accounts.keyAt(a);
          }
          return asked.get(account);
        };
        // A line read in place: its account's key, and lookUp's facts, from one lookup. An account
        // never furnished gets no key (its row waits; the batch is refused) and is left to lookUpNamed.
        intake.rows.keyOf = (account, adverseStatement) => {
          if (!accounts || own.size > 0) return keyOf(account);
          const a = accounts.indexOf(account);
          if (a < 0) return undefined;
          lookedAsWritten++;
          if (adverseStatement) {
            if (accounts.noticedAt(a)) noticed.add(account);
            else if (accounts.kindAt(a) === 'person') borrowerKinds.set(account, 'person');
          }
          return accounts.keyAt(a);
        };
        const ask = async (ids: readonly string[]) => {
          for (let i = 0; i < ids.length; i += ASK_CHUNK)
            for (const [id, key] of await borrowersOf(tx, agency.code, ids.slice(i, i + ASK_CHUNK), seq)) asked.set(id, key);
        };
        // Queues the rows read so far to be copied in, once each has its borrower key.
        const copyRows = () => {
          // While the furnisher's accounts are being read, the rows wait for them.
          if (held && !heldRead) return;
          if (!intake.rows.resolve(keyOf)) return;
          if (!partition && intake.rows.holds('statement')) {
            void inTurn(() => ensureStatementPartition(tx, month));
            partition = true;
          }
          copying = inTurn(intake.rows.take().bind(null, tx));
        };
        const readHeld = () => {
          // Sent now, ahead of the queued chunk's statements (inTurn starts them a microtask later),
          // so that the database reads the accounts while the next chunks are parsed.
          held = furnishedAccounts(tx, agency.code, ACCOUNTS_HELD);
          held.then(
            (read) => {
              arrived = read;
              heldRead = true;
            },
            () => undefined,
          );
        };
        if (large) readHeld();
        for (let from = 0; from < lineCount; from += COPY_CHUNK) {
          let done = false;
          for (let f = from; f < from + COPY_CHUNK && f < lineCount && !done; f += YIELD_EVERY) {
            done = feed(intake, f, Math.min(f + YIELD_EVERY, from + COPY_CHUNK, lineCount)) === true;
            // Lets the socket drain the chunk being copied while this one is read.
            await yieldToIo();
          }
          if (intake.sound) {
            // At most one chunk waits to be copied while the next is read; the rows after the first
            // chunk are written with their borrowers' keys once the furnisher's accounts are read.
            await copying;
            if (held && !heldRead) await held.catch(() => undefined);
            if (heldRead) accounts = arrived;
            // A furnisher with more accounts than are held: the chunk's accounts asked of the store.
            if (heldRead && !accounts) await inTurn(() => ask(intake.rows.unresolved()));
            copyRows();
          }
          lookUpNamed();
          if (done) break;
          if (!held) readHeld();
        }
        await queue;
        if (!intake.sound) intake.check.findRepeatedStatements();
        // Which accounts named by statements and notices were never furnished (an account once
        // furnished stays so, and no other batch of the furnisher commits while its lock is held):
        // looked up among the furnisher's accounts when read, else asked of the store with their
        // borrowers' keys. The rows still waiting for their keys are copied in then; a row whose
        // account was never furnished is not, as the batch is refused.
        accounts = held && (await held);
        let facts: Pick<Before, 'borrowerKinds' | 'noticed'> | undefined;
        if (accounts) {
          lookUpNamed();
          facts = { borrowerKinds, noticed };
        } else {
          const named = intake.check.references().accounts.filter((a) => !asked.has(a));
          await ask(named);
          for (const a of named) if (!asked.has(a)) unknown.add(a);
        }
        // An account's borrower never changes: each account line names its account's borrower as
        // furnished before, when it was (held, or asked of the store of the earlier batches,
        // whose rows may be copied in already).
        const changes = [...intake.borrowerChanges];
        if (accounts) {
          for (const [account, key] of own) {
            const a = accounts.indexOf(account);
            if (a >= 0 && accounts.keyAt(a) !== key) changes.push(borrowerChange(intake.ownLines.get(account)!, account));
          }
        } else {
          const ids = [...own.keys()];
          for (let i = 0; i < ids.length; i += ASK_CHUNK)
            for (const [id, key] of await borrowersOf(tx, agency.code, ids.slice(i, i + ASK_CHUNK), seq))
              if (key !== own.get(id)) changes.push(borrowerChange(intake.ownLines.get(id)!, id));
        }
        if (intake.sound && changes.length === 0) {
          copyRows();
          await queue;
        }
        const before = await furnishedBefore(tx, agency.code, intake.check.references(false), unknown, facts);
        const errors = [...intake.errors, ...intake.check.errors(this.standard, before, today)];
        if (changes.length > 0) refuse([...errors, ...changes], changes);
        if (errors.length > 0) refuse(errors);
        const lines = intake.lines;
        const counts = intake.counts;
        const root = intake.tree.root().toString('base64');
        const batchId = `fb-${createHash('sha256').update(`${agency.code}\n${month}\n${root}`).digest('hex').slice(0, 40)}`;
        const existing = await batchById(tx, batchId);
        if (existing) throw new FurnishedBefore(resultOf(existing, counts, true));
        const data: FurnishingBatchData = { batchId, counts, furnisher: agency.code, lines, month, policyVersion: this.policy.version, root, seq };
        const [event] = await appendAndProject(tx, [{ type: 'furnishing.batch', subject: null, data }], currentActor(), now);
        const batch: BatchRow = {
          batchId,
          furnisher: agency.code,
          month,
          seq,
          root: Buffer.from(root, 'base64'),
          lineCount: lines,
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
      if (!lookUpStatements && repeatsAKey(err)) return this.accept(agency, month, lineCount, large, feeds, true);
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
  async statementHistory(
    agency: AgencyPrincipal,
    account: string,
    month: string,
  ): Promise<Array<{ seq: number; batchId: string; leaf: number; line: Record<string, unknown> }>> {
    this.requireFurnisher(agency);
    return (await statementVersions(this.db, agency.code, account, month)).map((r) => ({
      seq: Number(r.seq),
      batchId: r.batch_id as string,
      leaf: Number(r.leaf),
      line: canonicalOfRow('statement', r),
    }));
  }

  /** Every version of an account, oldest first, each as its canonical line and the borrower as shown (masked). */
  async accountHistory(
    agency: AgencyPrincipal,
    account: string,
  ): Promise<Array<{ seq: number; batchId: string; leaf: number; borrower: string; line: Record<string, unknown> }>> {
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

/**
 * A row refused by a unique key. Citus answers a COPY that repeats a key in a distributed table
 * with the worker's message under SQLSTATE XX000, not 23505.
 */
function repeatsAKey(err: unknown): boolean {
  return (
    isUniqueViolation(err) ||
    (err instanceof Error && (err as { code?: unknown }).code === 'XX000' && err.message.startsWith('duplicate key value violates unique constraint'))
  );
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

/**
 * Refuses a batch, listing every bad line and field. With `borrowerChanges` (among `errors`), the
 * batch furnishes an account for another borrower than the account's: a problem of its own kind,
 * which tells the furnisher that a change of borrower is a new account.
 */
function refuse(errors: LineError[], borrowerChanges: readonly LineError[] = []): never {
  errors.sort((a, b) => a.line - b.line);
  const lines = new Set(errors.map((e) => e.line)).size;
  const listed = { errorCount: errors.length, errors: errors.slice(0, MAX_LISTED_ERRORS) };
  if (borrowerChanges.length > 0) {
    const changed = [...borrowerChanges].sort((a, b) => a.line - b.line);
    const n = new Set(changed.map((e) => e.line)).size;
    throw new AppError(
      'account-borrower-changed',
      `${n === 1 ? '1 line of the batch furnishes' : `${n} lines of the batch furnish`} an account for another borrower than the account's; ${n === 1 ? 'it is' : 'the first is'} line ${changed[0]!.line}: ${changed[0]!.message}. ${lines === 1 ? 'No other line is bad' : `${lines} lines are bad in all (errors lists them)`}. Nothing was stored.`,
      listed,
    );
  }
  const first = errors[0]!;
  throw new AppError(
    'validation-failed',
    `${lines === 1 ? '1 line' : `${lines} lines`} of the batch failed validation; ${lines === 1 ? 'it is' : 'the first is'} line ${first.line}${first.field ? `, ${first.field}` : ''}: ${first.message}. Nothing was stored.`,
    listed,
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
  if (tree.root().toString('base64') !== data.root)
    return { ...base, intact: false, problem: 'the root over the stored lines differs from the root in the ledger' };
  return { ...base, intact: true };
}
