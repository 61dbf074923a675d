// Record intake: the one path by which records enter the platform, used by the API, the CLI
// import and the demo seeder alike. A batch is validated in full first; if any line is wrong,
// nothing is stored and the error names every bad line and field. A valid batch is appended to
// the ledger and projected in one transaction. Resubmitting a filing is idempotent.
//
// A record is validated here against its catalogue item (the pack's fields, the subject's code,
// the decision document), whoever sends it: the API validates the request's shape at the edge,
// but a file import and the seeder have no edge, so the parts of a record are checked here too.
import { hash } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Database, Queryable } from '../../store/database.ts';
import type { Policy } from '../../domain/policy/policy.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError } from '../../kernel/problems.ts';
import { canonicalJson } from '../../kernel/canonical-json.ts';
import { parseEvent, placementOf, prepareAppend, type LogPlacement, type PreparedAppend, type UnderLogs } from '../../ledger/ledger.ts';
import { isCitus } from '../../ledger/projection/store.ts';
import { appendAndProject } from '../../ledger/write.ts';
import { projectionListeners } from '../../ledger/listeners.ts';
import { filingPayloads } from './records.store.ts';
import { loadRecords, type RecordRow } from '../../ledger/projection.ts';
import type { LedgerEvent, NewEvent, PersonInRole, RecordFiledData, RecordWithdrawnData } from '../../ledger/events.ts';
import type { Actor } from '../../kernel/principal.ts';
import type { CatalogueItem } from '../../domain/policy/schema.ts';
import { currentActor } from '../../kernel/request-context.ts';
import { PublicityRuleError } from '../../domain/publicity.ts';
import { validateDecision, type FieldError, type FieldValue, type ValidationContext } from '../../domain/records.ts';
import { unsafeText } from '../../domain/safe-text.ts';
import type { UsccResult } from '../../domain/ids/uscc.ts';
import type { AgencyPrincipal } from '../../kernel/principal.ts';
import { SYSTEM_ACTOR } from '../../kernel/constants.ts';

/** One line of a submission: its parsed value, or why it was refused before it came here (not JSON, not of the schema). */
export type SubmissionLine = { line: number; value: unknown } | { line: number; errors: FieldError[] };

export interface LineError extends FieldError {
  line: number;
}

export interface SubmitOptions {
  /** Accept codes whose check character fails (flagged on the subject, never corrected). */
  lenientCodes?: boolean;
  /** Runs inside the transaction after the records are written (e.g. an import's progress). */
  inTransaction?: (tx: Queryable, result: SubmitResult) => Promise<void>;
}

export interface SubmitResult {
  created: number;
  duplicates: number;
  records: Array<{ line: number; recordId: string; status: 'created' | 'duplicate' }>;
}

interface Prepared {
  line: number;
  recordId: string;
  data: RecordFiledData;
  /** canonicalJson(data), computed before the ledger lock is taken. */
  dataJson: string;
}

/** The parts of a record as submitted. */
const RECORD_PARTS: ReadonlySet<string> = new Set(['item', 'subject', 'decision', 'fields']);

/** At most this many line errors are listed in a problem document; the count says how many in all. */
const MAX_LISTED_ERRORS = 200;

/** Lines validated between turns of the event loop (a few milliseconds' work). */
const PREPARE_SLICE = 250;

/** How many times a submission is filed when other submissions of its records commit in between (fileMany). */
const FILING_ATTEMPTS = 3;

export function recordIdFor(agency: string, item: string, decisionNumber: string, subjectKey: string): string {
  // One-shot hash: cheaper than a Hash object for a string this short, and there is one per record filed.
  const h = hash('sha256', `${agency}\u0000${item}\u0000${decisionNumber}\u0000${subjectKey}`, 'hex');
  return `rec_${h.slice(0, 24)}`;
}

/**
 * What makes two filings under one record id the same filing: the agency's content, not the
 * window or policy version the platform added. Compared only when an id repeats.
 */
/**
 * What makes two filings of one record the same, compared in Unicode's composed form (NFC) on
 * both sides: names are stored composed since intake normalises them, and a filing stored before
 * that, sent again unchanged, is the same filing, not a conflict.
 */
function filingContent(d: Pick<RecordFiledData, 'decision' | 'fields' | 'item' | 'subject'>): string {
  return canonicalJson({ decision: d.decision, fields: d.fields, item: d.item, subject: { key: d.subject.key, name: d.subject.name } }).normalize('NFC');
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Events the system appends after record events in the same transaction (list proposals on filings, list removals on withdrawals, listings decided again on corrections), read through that transaction. */
export type FollowUps = (tx: Queryable, appended: readonly LedgerEvent[], today: string) => Promise<NewEvent[]>;

export class IntakeService {
  constructor(
    private readonly db: Database,
    private readonly policy: Policy,
    private readonly clock: Clock,
    private readonly idHashSecret: string,
    private readonly followUps: FollowUps = async () => [],
  ) {}

  private readonly codeCache = new Map<string, UsccResult>();
  /** The store's placement of subjects in logs, read once (it never changes once the ledger holds events; appendEvents checks it). */
  private placement: Promise<LogPlacement> | null = null;

  private context(lenientCodes: boolean): ValidationContext {
    return { today: this.policy.localDate(this.clock.now()), idHashSecret: this.idHashSecret, lenientCodes, codeCache: this.codeCache };
  }

  /** Validates every line; throws one problem listing all errors, or returns the prepared filings. */
  prepare(agency: AgencyPrincipal, lines: readonly SubmissionLine[], options: SubmitOptions = {}): Prepared[] {
    const run = this.preparation(agency, options);
    for (const l of lines) run.line(l);
    return run.result();
  }

  /**
   * prepare, a slice of lines at a time, letting the event loop run between slices: a concurrent
   * submission that holds its logs gets on with its statements instead of waiting for a whole
   * batch to be validated.
   */
  private async prepareInSlices(agency: AgencyPrincipal, lines: readonly SubmissionLine[], options: SubmitOptions): Promise<Prepared[]> {
    const run = this.preparation(agency, options);
    for (let i = 0; i < lines.length; i++) {
      if (i > 0 && i % PREPARE_SLICE === 0) await yieldToEventLoop();
      run.line(lines[i]!);
    }
    return run.result();
  }

  /** The validation of one submission, line by line; result() throws one problem listing all errors, or returns the prepared filings. */
  private preparation(agency: AgencyPrincipal, options: SubmitOptions): { line(l: SubmissionLine): void; result(): Prepared[] } {
    const ctx = this.context(options.lenientCodes ?? false);
    const errors: LineError[] = [];
    const forbidden: LineError[] = [];
    const prepared: Prepared[] = [];
    const permitted = new Set(agency.items);
    const policyVersion = this.policy.version;
    const line = (l: SubmissionLine): void => {
      if ('errors' in l) {
        for (const e of l.errors) errors.push({ line: l.line, ...e });
        return;
      }
      const input = l.value;
      if (!isObject(input)) {
        errors.push({ line: l.line, field: '', message: 'must be a JSON object' });
        return;
      }
      for (const k of Object.keys(input)) {
        if (!RECORD_PARTS.has(k)) errors.push({ line: l.line, field: k, message: 'is not a part of a record (item, subject, decision, fields)' });
      }
      const itemCode = input.item;
      const validate = typeof itemCode === 'string' ? this.policy.validator(itemCode) : undefined;
      if (typeof itemCode !== 'string' || !validate) {
        errors.push({
          line: l.line,
          field: 'item',
          message: typeof itemCode === 'string' ? `'${itemCode}' is not in the catalogue` : 'the catalogue item is required',
        });
        return;
      }
      if (!permitted.has(itemCode)) {
        forbidden.push({ line: l.line, field: 'item', message: `agency ${agency.code} may not supply ${itemCode}` });
        return;
      }
      const { record, errors: fieldErrors } = validate(input, ctx);
      for (const e of fieldErrors) errors.push({ line: l.line, ...e });
      if (!record) return;
      const item = this.policy.item(itemCode)!;
      let window;
      try {
        window = this.policy.windowFor(itemCode, record.decision.date, record.fields);
      } catch (err) {
        if (!(err instanceof PublicityRuleError)) throw err;
        errors.push({ line: l.line, field: 'decision.date', message: err.message });
        return;
      }
      const recordId = recordIdFor(agency.code, itemCode, record.decision.number, record.subject.key);
      const persons = personsIn(item, record.fields);
      // Keys in canonical (sorted) order: see canonical-json.ts. Two literals rather than a
      // spread, so that every filing has one of two fixed shapes.
      const data: RecordFiledData =
        persons.length > 0
          ? {
              agency: agency.code,
              category: item.category,
              decision: record.decision,
              fields: record.fields,
              item: itemCode,
              persons,
              polarity: item.polarity,
              policyVersion,
              recordId,
              subject: record.subject,
              window,
            }
          : {
              agency: agency.code,
              category: item.category,
              decision: record.decision,
              fields: record.fields,
              item: itemCode,
              polarity: item.polarity,
              policyVersion,
              recordId,
              subject: record.subject,
              window,
            };
      prepared.push({ line: l.line, recordId, data, dataJson: canonicalJson(data) });
    };
    const result = (): Prepared[] => {
      if (forbidden.length > 0) {
        throw new AppError('item-not-permitted', describe(forbidden, 'names a catalogue item this agency may not supply'), listErrors(forbidden));
      }
      if (errors.length > 0) {
        throw new AppError('validation-failed', describe(errors, 'failed validation'), listErrors(errors));
      }
      return prepared;
    };
    return { line, result };
  }

  /** Validates and stores a batch atomically. */
  async submit(agency: AgencyPrincipal, lines: readonly SubmissionLine[], options: SubmitOptions = {}): Promise<SubmitResult> {
    const [result] = await this.submitMany([{ agency, lines }], options);
    return result!;
  }

  /**
   * Several agencies' batches in one transaction (the demo seeder, bulk loads): each batch is
   * validated with its agency's permissions and filed in that agency's name; all or nothing.
   */
  async submitMany(
    batches: ReadonlyArray<{ agency: AgencyPrincipal; lines: readonly SubmissionLine[] }>,
    options: SubmitOptions = {},
  ): Promise<SubmitResult[]> {
    return this.fileMany(await this.prepareMany(batches, options), options);
  }

  /**
   * submitMany's work before its transaction: validates every batch (throwing as submitMany
   * does), and encodes the filings' events as if none were stored yet, at the instant read now,
   * which is the instant they are recorded at. Nothing here reads or holds the store (once the
   * store's placement is known), so a caller can prepare one submission while another is filed.
   */
  async prepareMany(
    batches: ReadonlyArray<{ agency: AgencyPrincipal; lines: readonly SubmissionLine[] }>,
    options: SubmitOptions = {},
  ): Promise<PreparedSubmission> {
    const now = this.clock.now();
    const work: Array<{ agency: AgencyPrincipal; fresh: Prepared[]; results: SubmitResult['records'] }> = [];
    const firstById = new Map<string, { batch: number; filing: Prepared }>();
    for (const [batch, { agency, lines }] of batches.entries()) {
      if (lines.length === 0) throw new AppError('validation-failed', 'the submission holds no records');
      work.push({ agency, ...dedupe(await this.prepareInSlices(agency, lines, options), batch, firstById) });
    }
    await this.announceSubjects(work);
    const events = filingEvents(work.map((w) => ({ agency: w.agency, filings: w.fresh })));
    const actor = submissionActor(work);
    const placement = await (this.placement ??= placementOf(this.db).catch((err: unknown) => {
      this.placement = null;
      throw err;
    }));
    return { work, now, events, actor, append: await prepareAppend(events, actor, now, placement) };
  }

  /**
   * Files a prepared submission (prepareMany) in one transaction: all or nothing. The stored
   * filings are read before the logs are taken, so a concurrent submission of the same record
   * can commit it in between; this one's insert is then refused by the record's unique id, and
   * the transaction runs again, reading that filing, to answer duplicate or conflict (a few
   * times, should other submissions of the batch's records keep committing in between). On
   * Citus, where no constraint keeps a record id unique across shards, the filings about to be
   * made are read again once their subjects' logs are held (a record's id is derived from its
   * subject's key, so every filing of it takes the same log), and one found then sends the
   * transaction round again as the refused insert does.
   */
  async fileMany(prepared: PreparedSubmission, options: SubmitOptions = {}): Promise<SubmitResult[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.fileOnce(prepared, options);
      } catch (err) {
        if (!filedMeanwhile(err) || attempt === FILING_ATTEMPTS) throw err;
      }
    }
  }

  private fileOnce(prepared: PreparedSubmission, options: SubmitOptions): Promise<SubmitResult[]> {
    return this.db.transaction(async (tx) => {
      const out: SubmitResult[] = [];
      const fresh = prepared.work.flatMap((w) => w.fresh);
      const stored = await this.storedFilings(
        tx,
        fresh.map((p) => p.recordId),
        fresh.map((p) => p.data.subject.key),
      );
      const toFile: Array<{ agency: AgencyPrincipal; filings: Prepared[] }> = [];
      for (const w of prepared.work) {
        const results = [...w.results];
        const filings = this.newFilings(stored, w.fresh, results);
        toFile.push({ agency: w.agency, filings });
        for (const p of filings) results.push({ line: p.line, recordId: p.recordId, status: 'created' });
        results.sort((a, b) => a.line - b.line);
        out.push({ created: filings.length, duplicates: results.length - filings.length, records: results });
      }
      // None stored before: the events are those encoded before the transaction.
      const none = stored.size === 0;
      const events = none ? prepared.events : filingEvents(toFile);
      const filing = toFile.flatMap((b) => b.filings);
      const underLogs = (await isCitus(tx)) ? (q: Queryable) => this.assertNotFiledMeanwhile(q, filing) : undefined;
      await this.appendWithFollowUps(tx, events, prepared.actor, prepared.now, none ? prepared.append : undefined, underLogs);
      if (out.length === 1) await options.inTransaction?.(tx, out[0]!);
      return out;
    });
  }

  /**
   * Tells the projection's listeners which subjects the filings name, before the transaction, so
   * that what they derive from new subjects (the search forms of their names) is computed while
   * another submission holds the logs, not while this one does; a slice at a time, as prepare.
   */
  private async announceSubjects(work: ReadonlyArray<{ fresh: readonly Prepared[] }>): Promise<void> {
    const listeners = [...projectionListeners()].filter((l) => l.subjectsComing);
    if (listeners.length === 0) return;
    const names = new Map<string, string>();
    for (const w of work) for (const p of w.fresh) if (!names.has(p.data.subject.key)) names.set(p.data.subject.key, p.data.subject.name);
    const subjects = [...names].map(([subjectKey, name]) => ({ subjectKey, name }));
    for (let i = 0; i < subjects.length; i += PREPARE_SLICE) {
      if (i > 0) await yieldToEventLoop();
      for (const l of listeners) l.subjectsComing!(subjects.slice(i, i + PREPARE_SLICE));
    }
  }

  /** What makes each of these records' stored filing that filing (filingContent), by record id: stored ones only. */
  private async storedFilings(tx: Queryable, ids: readonly string[], subjectKeys: readonly string[]): Promise<Map<string, string>> {
    const existing = new Map<string, string>();
    for (const r of await filingPayloads(tx, ids, subjectKeys))
      existing.set(r.recordId, filingContent((parseEvent(r.payload, r.log, r.index) as { data: RecordFiledData }).data));
    return existing;
  }

  /** Throws FiledMeanwhile if another transaction has stored any of these filings' records since they were read. */
  private async assertNotFiledMeanwhile(tx: Queryable, filings: readonly Prepared[]): Promise<void> {
    if (filings.length === 0) return;
    const found = await filingPayloads(
      tx,
      filings.map((p) => p.recordId),
      filings.map((p) => p.data.subject.key),
    );
    if (found.length > 0) throw new FiledMeanwhile(found.map((f) => f.recordId));
  }

  /** The filings not stored yet; an id already stored is a duplicate if identical to the original filing. */
  private newFilings(existing: ReadonlyMap<string, string>, fresh: Prepared[], results: SubmitResult['records']): Prepared[] {
    const toFile: Prepared[] = [];
    const conflicts: LineError[] = [];
    for (const p of fresh) {
      const stored = existing.get(p.recordId);
      if (stored === undefined) toFile.push(p);
      else if (stored === filingContent(p.data)) results.push({ line: p.line, recordId: p.recordId, status: 'duplicate' });
      else {
        conflicts.push({
          line: p.line,
          field: 'decision.number',
          message: `record ${p.recordId} was already filed under decision document ${p.data.decision.number} with different content; file a correction instead`,
        });
      }
    }
    if (conflicts.length > 0) throw new AppError('record-conflict', describe(conflicts, 'conflicts with a stored record'), listErrors(conflicts));
    return toFile;
  }

  /**
   * Corrects a record: a new version with the given decision document and field changes
   * (a field set to null is removed). Only the filing agency may correct; the subject cannot
   * change (a record about the wrong subject is withdrawn, not corrected).
   */
  async correct(agency: AgencyPrincipal, recordId: string, body: unknown): Promise<RecordRow> {
    return this.db.transaction((tx) => this.correctIn(tx, agency, recordId, body));
  }

  /**
   * The correction inside a transaction the caller holds (an objection decided as corrected).
   * With the record's subject key, as a caller holding the objection has it, the record is read
   * on its subject's shard alone; the agency's correction over HTTP names the record by id alone,
   * so its first read asks every shard (Citus) and the later ones know the subject.
   */
  async correctIn(tx: Queryable, agency: AgencyPrincipal, recordId: string, body: unknown, subjectKey?: string): Promise<RecordRow> {
    if (!isObject(body)) throw new AppError('validation-failed', 'a correction is a JSON object with reason, and decision or fields');
    const errors: FieldError[] = [];
    for (const k of Object.keys(body))
      if (!['reason', 'decision', 'fields'].includes(k)) errors.push({ field: k, message: 'is not a part of a correction (reason, decision, fields)' });
    const reason = typeof body.reason === 'string' ? body.reason.trim() : '';
    const unsafe = typeof body.reason === 'string' ? unsafeText(body.reason) : undefined;
    if (unsafe) errors.push({ field: 'reason', message: unsafe });
    else if (!reason) errors.push({ field: 'reason', message: 'a correction must give its reason' });
    if (body.decision === undefined && body.fields === undefined)
      errors.push({ field: '', message: 'a correction changes the decision document, the fields, or both' });
    const actor = currentActor();
    {
      const [current] = await loadRecords(tx, [recordId], subjectKey);
      // Another agency's record is answered exactly as one that does not exist: which records
      // exist, and who filed them, is not for another agency to learn by trying.
      if (!current || current.agencyCode !== agency.code) throw new AppError('record-not-found', `there is no record ${recordId}`);
      const ctx = this.context(false);
      const decision = body.decision === undefined ? current.decision : validateDecision(body.decision, ctx, errors);
      const patch = body.fields === undefined ? { values: {}, removed: [] } : this.policy.fieldsValidator(current.item)!(body.fields, ctx, errors, true);
      if (errors.length > 0 || !decision || !patch) {
        const first = errors[0];
        throw new AppError('validation-failed', `the correction is not valid${first ? `: ${first.field}: ${first.message}` : ''}. Nothing was stored.`, {
          errors,
        });
      }
      const fields = { ...current.fields, ...patch.values };
      for (const name of patch.removed) delete fields[name];
      if (canonicalJson(fields) === canonicalJson(current.fields) && canonicalJson(decision) === canonicalJson(current.decision)) {
        throw new AppError('correction-without-change', `the correction leaves record ${recordId} as it is`);
      }
      if (decision.number !== current.decision.number) {
        throw new AppError('validation-failed', 'the decision number identifies the record and cannot be corrected; withdraw the record and file it again', {
          errors: [{ field: 'decision.number', message: 'cannot be changed by a correction' }],
        });
      }
      let window;
      try {
        window = this.policy.windowFor(current.item, decision.date, fields);
      } catch (err) {
        if (!(err instanceof PublicityRuleError)) throw err;
        throw new AppError('validation-failed', err.message, { errors: [{ field: 'decision.date', message: err.message }] });
      }
      await this.appendWithFollowUps(
        tx,
        [
          {
            type: 'record.corrected',
            subject: current.subjectKey,
            data: {
              decision,
              fields,
              ...(personsIn(this.policy.item(current.item)!, fields).length > 0 ? { persons: personsIn(this.policy.item(current.item)!, fields) } : {}),
              policyVersion: this.policy.version,
              reason,
              recordId,
              version: current.version + 1,
              window,
            },
          },
        ],
        actor,
        this.clock.now(),
      );
      const [updated] = await loadRecords(tx, [recordId], current.subjectKey);
      return updated!;
    }
  }

  /**
   * Withdraws a record inside a transaction the caller holds, with the follow-ups its withdrawal
   * makes (a listing that stands on the withdrawn decision goes with it). Every withdrawal is
   * appended here.
   */
  async withdrawIn(tx: Queryable, actor: Actor, subjectKey: string, data: RecordWithdrawnData): Promise<void> {
    await this.appendWithFollowUps(tx, [{ type: 'record.withdrawn', subject: subjectKey, data }], actor, this.clock.now());
  }

  /**
   * Appends record events and, after them, the list events they make (filings propose, a
   * withdrawal or a correction ends or moves the listings that stand on the record), all in the
   * caller's transaction.
   */
  private async appendWithFollowUps(
    tx: Queryable,
    events: readonly NewEvent[],
    actor: Actor,
    now: Date,
    prepared?: PreparedAppend,
    underLogs?: UnderLogs,
  ): Promise<void> {
    const appended = await appendAndProject(tx, events, actor, now, prepared, underLogs);
    const followUps = await this.followUps(tx, appended, this.policy.localDate(now));
    if (followUps.length > 0) await appendAndProject(tx, followUps, SYSTEM_ACTOR, now);
  }
}

/** A submission validated and its events encoded, to be filed (IntakeService.prepareMany, fileMany). */
export interface PreparedSubmission {
  readonly work: ReadonlyArray<{ agency: AgencyPrincipal; fresh: Prepared[]; results: SubmitResult['records'] }>;
  /** The instant the submission was received at, at which it is validated and recorded. */
  readonly now: Date;
  /** Every filing's event, each in its agency's name, as appended when none was stored before. */
  readonly events: readonly NewEvent[];
  readonly actor: Actor;
  readonly append: PreparedAppend;
}

/**
 * Within a submission, a filing repeated (in its own batch or an earlier one) is a duplicate if
 * identical and a conflict if not: one transaction files each record once, whichever batch
 * holds it. firstById carries the first filing of each id across the submission's batches.
 */
function dedupe(
  prepared: Prepared[],
  batch: number,
  firstById: Map<string, { batch: number; filing: Prepared }>,
): { fresh: Prepared[]; results: SubmitResult['records'] } {
  const results: SubmitResult['records'] = [];
  const fresh: Prepared[] = [];
  const conflicts: LineError[] = [];
  for (const p of prepared) {
    const first = firstById.get(p.recordId);
    if (!first) {
      firstById.set(p.recordId, { batch, filing: p });
      fresh.push(p);
    } else if (filingContent(first.filing.data) === filingContent(p.data)) {
      results.push({ line: p.line, recordId: p.recordId, status: 'duplicate' });
    } else {
      const where = first.batch === batch ? `line ${first.filing.line}` : `line ${first.filing.line} of batch ${first.batch + 1}`;
      conflicts.push({
        line: p.line,
        field: 'decision.number',
        message: `${where} files a different record under the same decision document ${p.data.decision.number}`,
      });
    }
  }
  if (conflicts.length > 0) throw new AppError('record-conflict', describe(conflicts, 'conflicts with another line'), listErrors(conflicts));
  return { fresh, results };
}

/** Records another transaction stored between this one's read of stored filings and its hold of their logs (Citus). */
class FiledMeanwhile extends Error {
  constructor(readonly recordIds: readonly string[]) {
    super(`records filed by another transaction meanwhile: ${recordIds.slice(0, 3).join(', ')}${recordIds.length > 3 ? ', …' : ''}`);
  }
}

/**
 * A record refused by credit_record's unique record id (credit_record_id_unique, 23P01, or a
 * unique index, 23505), or found stored under the logs (FiledMeanwhile): another transaction
 * filed it first.
 */
function filedMeanwhile(err: unknown): boolean {
  if (err instanceof FiledMeanwhile) return true;
  if (typeof err !== 'object' || err === null) return false;
  const { code, constraint, table } = err as { code?: unknown; constraint?: unknown; table?: unknown };
  if (code !== '23P01' && code !== '23505') return false;
  return table === 'credit_record' || (typeof constraint === 'string' && constraint.startsWith('credit_record'));
}

/** The filings' events, in order, each in its own agency's name. */
function filingEvents(batches: ReadonlyArray<{ agency: AgencyPrincipal; filings: readonly Prepared[] }>): NewEvent[] {
  const events: NewEvent[] = [];
  for (const { agency, filings } of batches) {
    const actor: Actor = { id: agency.code, type: 'agency' };
    for (const p of filings) events.push({ type: 'record.filed', subject: p.data.subject.key, data: p.data, dataJson: p.dataJson, actor });
  }
  return events;
}

/** The append's actor: the agency of a single batch, the system for several agencies' batches. */
function submissionActor(work: ReadonlyArray<{ agency: AgencyPrincipal }>): Actor {
  return work.length === 1 ? { id: work[0]!.agency.code, type: 'agency' } : SYSTEM_ACTOR;
}

/** The natural persons a record names in a role, from its resident-id fields that carry one. */
function personsIn(item: CatalogueItem, fields: Record<string, FieldValue>): PersonInRole[] {
  const out: PersonInRole[] = [];
  for (const f of item.fields) {
    const v = f.role ? fields[f.name] : undefined;
    if (f.role && v && typeof v === 'object' && 'hash' in v) out.push({ hash: v.hash, role: f.role });
  }
  return out;
}

/** One sentence for a problem's detail: how many lines failed and the first error. */
function describe(errors: readonly LineError[], what: string): string {
  const lines = new Set(errors.map((e) => e.line)).size;
  const first = errors[0]!;
  const where = `line ${first.line}${first.field ? `, ${first.field}` : ''}`;
  const count = lines === 1 ? '1 line' : `${lines} lines`;
  return `${count} of the submission ${what}; ${lines === 1 ? 'it is' : 'the first is'} ${where}: ${first.message}. Nothing was stored.`;
}

function listErrors(errors: readonly LineError[]): Record<string, unknown> {
  return { errorCount: errors.length, errors: errors.slice(0, MAX_LISTED_ERRORS) };
}
