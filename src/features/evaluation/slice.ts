// One slice of an evaluation run, as pure code: the facts of some subjects, read from the store
// as COPY text (see bulk-read.ts), parsed into what scorecards read, evaluated, and encoded as the
// COPY text of their evaluation rows. The same functions run in the service (a refresh, a small
// run) and in the evaluation worker (a large run), so both give the same rows.
import { splitCopy } from '../../store/bulk-read.ts';
import { copyRows } from '../../store/copy.ts';
import {
  compileScorecard,
  fieldsRead,
  scorecardsFor,
  type CompiledScorecard,
  type EvalSubject,
  type EvaluationResult,
  type FactorResult,
} from '../../domain/evaluation.ts';
import { REGISTRATION_ITEM } from '../../ledger/projection/reducer.ts';
import { isRecordPublic } from '../subjects/subject.service.ts';
import { listedOn } from '../../domain/lists.ts';
import type { IsoDate } from '../../domain/dates.ts';
import type { ScorecardDef } from '../../domain/policy/schema.ts';

export const SUBJECT_COLUMNS = ['subject_key', 'kind'];
export const RECORD_COLUMNS = [
  'subject_key',
  'record_id',
  'item',
  'agency_code',
  'decision_date',
  'status',
  'published',
  'publicity_start',
  'publicity_end',
  'publicity_ended_on',
  'publicity_end_reason',
  'attrs',
  'filed_index',
];
export const ENTRY_COLUMNS = ['subject_key', 'entry_id', 'list', 'listed_on', 'until', 'removed_on'];
export const EVALUATION_COLUMNS = ['subject_key', 'scorecard', 'version', 'evaluated_on', 'eligible', 'score', 'tier', 'tier_reason', 'factors'];

/** A slice's facts as read: each table's rows as COPY text, in subject order. */
export interface SliceText {
  subjects: string;
  records: string;
  entries: string;
}

/** What parsing needs besides the text: the day, the agencies' kinds, the items scorecards read. */
export interface SliceContext {
  date: IsoDate;
  agencyKinds: Readonly<Record<string, string>>;
  items: readonly string[];
  /** The items whose fields a condition or a sum reads; other records' fields are not parsed. */
  fieldItems: readonly string[];
}

const NO_FIELDS: Record<string, unknown> = Object.freeze({});

/** The items whose fields some scorecard reads (a condition, a sum, a mirrored grade and its period). */
export function fieldItems(scorecards: readonly ScorecardDef[]): string[] {
  return [...new Set(scorecards.flatMap((c) => fieldsRead(c).map((r) => r.item)))];
}

export type Evaluated = EvaluationResult & { subjectKey: string };

export function parseSlice(text: SliceText, ctx: SliceContext): EvalSubject[] {
  const out = new Map<string, EvalSubject>();
  for (const [key, kind] of splitCopy(text.subjects, SUBJECT_COLUMNS.length)) {
    out.set(key!, { subjectKey: key!, kind: kind!, registeredOn: null, records: [], entries: [] });
  }
  if (out.size === 0) return [];
  const items = new Set(ctx.items);
  const fieldItems = new Set(ctx.fieldItems);
  const date = ctx.date;
  for (const r of splitCopy(text.records, RECORD_COLUMNS.length)) {
    const s = out.get(r[0]!);
    if (!s) continue;
    const [, recordId, item, agencyCode, decisionDate, status, published, publicityStart, publicityEnd, endedOn, endReason, attrs, filedIndex] = r;
    if (item === REGISTRATION_ITEM) {
      if (status === 'active' && (s.registeredOn === null || decisionDate! < s.registeredOn)) s.registeredOn = decisionDate!;
      if (!items.has(item)) continue;
    }
    const repaired = endReason === 'repair' && endedOn != null && endedOn <= date;
    s.records.push({
      recordId: recordId!,
      item: item!,
      agencyKind: ctx.agencyKinds[agencyCode!] ?? 'unknown',
      decisionDate: decisionDate!,
      inEffect: isRecordPublic(
        {
          status: status as 'active',
          published: published === 't',
          publicityStart: publicityStart ?? null,
          publicityEnd: publicityEnd ?? null,
          publicityEndedOn: endedOn ?? null,
        },
        date,
      ),
      standing: status === 'active' && !repaired,
      attrs: fieldItems.has(item!) ? (JSON.parse(attrs!) as Record<string, unknown>) : NO_FIELDS,
      filedIndex: Number(filedIndex),
    });
  }
  for (const [key, entryId, list, listed, until, removedOn] of splitCopy(text.entries, ENTRY_COLUMNS.length)) {
    const s = out.get(key!);
    if (!s) continue;
    s.entries.push({
      entryId: entryId!,
      list: list!,
      listedOn: listed!,
      inEffect: listedOn({ listedOn: listed!, until: until ?? null, removedOn: removedOn ?? null }, date),
    });
  }
  return [...out.values()];
}

/** Every scorecard in force on a day, compiled once for a run. */
export class SliceEvaluator {
  /** The scorecards in force for each kind of subject, compiled on first need. */
  private readonly byKind = new Map<string, CompiledScorecard[]>();

  constructor(
    private readonly scorecards: readonly ScorecardDef[],
    readonly date: IsoDate,
  ) {}

  evaluate(subjects: readonly EvalSubject[]): Evaluated[] {
    const out: Evaluated[] = [];
    for (const s of subjects) {
      let cards = this.byKind.get(s.kind);
      if (!cards) this.byKind.set(s.kind, (cards = scorecardsFor(this.scorecards, s.kind, this.date).map((c) => compileScorecard(c, this.date))));
      for (const run of cards) {
        // No result: a mirrored grade the authority has not filed, which the platform never supplies.
        const r = run(s) as Evaluated | null;
        if (r === null) continue;
        r.subjectKey = s.subjectKey;
        out.push(r);
      }
    }
    return out;
  }
}

/**
 * Only factors that count are stored (most subjects have a value in few of them); the others
 * are restored from the scorecard on reading, so an explanation still lists every factor.
 */
const counts = (f: FactorResult): boolean => f.value !== 0 || f.contribution !== 0 || f.capped || f.records.length > 0 || f.entries.length > 0;

/**
 * The explanation kept in the `factors` column: a computed result's factors that count (a JSON
 * array), or a mirrored result's filed record (a JSON object, { filed }).
 */
export function explanationText(r: EvaluationResult): string {
  return r.filed ? JSON.stringify({ filed: r.filed }) : JSON.stringify(r.factors.filter(counts));
}

/** The explanation column read back (see explanationText). */
export function parseExplanation(text: string): { factors: FactorResult[]; filed: EvaluationResult['filed'] } {
  const v = JSON.parse(text) as FactorResult[] | { filed: NonNullable<EvaluationResult['filed']> };
  return Array.isArray(v) ? { factors: v, filed: null } : { factors: [], filed: v.filed };
}

/**
 * Whether a scorecard's stored results are shown only where they name the record an authority
 * filed. A mirrored grade is the authority's decision: a result the platform computed under the
 * same code before it mirrored (kept in the history, and in the table until the next run) is the
 * platform's own figure, never the authority's grade, so for that day there is none.
 */
export function showsOnlyFiled(card: ScorecardDef | undefined): boolean {
  return card?.kind === 'mirrors';
}

/** The COPY text of evaluation rows (EVALUATION_COLUMNS). */
export function evaluationRows(results: readonly Evaluated[]): string {
  return copyRows(results.map((r) => [r.subjectKey, r.scorecard, r.version, r.date, r.eligible, r.score, r.tier, r.tierReason, explanationText(r)]));
}

/** What a slice is sent to the evaluation worker as, and what comes back. */
export interface SliceTask {
  text: SliceText;
  ctx: SliceContext;
}
export interface SliceDone {
  rows: string;
  subjects: number;
  evaluations: number;
}

/** A slice from text to rows: what the evaluation worker does for each message. */
export function computeSlice(evaluator: SliceEvaluator, text: SliceText, ctx: SliceContext): SliceDone {
  const subjects = parseSlice(text, ctx);
  const results = evaluator.evaluate(subjects);
  return { rows: evaluationRows(results), subjects: subjects.length, evaluations: results.length };
}
