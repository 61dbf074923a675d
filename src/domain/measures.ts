// Which measures apply to a subject in a scenario on a day, and why. Pure: the facts about the
// subject (its list entries and trigger records, with their dates) come in, the measures and
// the entries or records that triggered each go out. The same functions serve the in-memory
// check index and the check computed straight from the database, so the two cannot differ.
//
// Facts are compiled once per subject into candidates, each valid over a date interval, so a
// check is a scan of a few candidates with string comparisons of ISO dates.
import { addPeriod, type IsoDate } from './dates.ts';
import { MEASURE_EFFECTS, RESTRICTION_EFFECTS, type MeasureEffect } from './enumerations.ts';
import type { MeasureDef, RecordTrigger } from './policy/schema.ts';

/** A list entry as far as measures care: which list and when it was in force. */
export interface EntryFact {
  entryId: string;
  list: string;
  listedOn: IsoDate;
  /** First day no longer listed (end of the period), null if open-ended. */
  until: IsoDate | null;
  removedOn: IsoDate | null;
  disputed: boolean;
  underRepair: boolean;
}

/** A record as far as measures care. */
export interface RecordFact {
  recordId: string;
  item: string;
  decisionNumber: string;
  decisionDate: IsoDate;
  agency: string;
  /** The local day the platform learned of it: it cannot have triggered anything before. */
  recordedOn: IsoDate;
  published: boolean;
  publicityEnd: IsoDate | null;
  /** Publicity ended early (repair); measures are lifted from that day. */
  endedOn: IsoDate | null;
  withdrawnOn: IsoDate | null;
  /** Only the fields measure conditions look at. */
  fields: Record<string, unknown>;
  disputed: boolean;
  underRepair: boolean;
}

export interface SubjectFacts {
  subjectKey: string;
  kind: string;
  entries: EntryFact[];
  records: RecordFact[];
}

export type TriggerRef = { type: 'list-entry'; fact: EntryFact } | { type: 'record'; fact: RecordFact };

/** A measure that may apply, over [from, until) of dates, through one trigger. */
export interface Candidate {
  measure: number;
  from: IsoDate;
  until: IsoDate | null;
  trigger: TriggerRef;
}

export interface MeasureHit {
  measure: MeasureDef;
  triggers: TriggerRef[];
  /** A reward overridden because a restriction applies (per the pack's conflict resolution). */
  suppressed: boolean;
}

export interface Evaluation {
  outcome: MeasureEffect | 'none';
  hits: MeasureHit[];
}

const EFFECT_RANK = new Map<MeasureEffect, number>(MEASURE_EFFECTS.map((e, i) => [e, i]));
const NO_HITS: Evaluation = Object.freeze({ outcome: 'none', hits: Object.freeze([]) as unknown as MeasureHit[] }) as Evaluation;

function minDate(a: IsoDate | null, b: IsoDate | null): IsoDate | null {
  if (a === null) return b;
  if (b === null) return a;
  return a < b ? a : b;
}

function matchesWhere(t: RecordTrigger, r: RecordFact): boolean {
  if (!t.where) return true;
  const v = r.fields[t.where.field];
  const values = Array.isArray(v) ? v : [v];
  return t.where.includes.some((x) => values.includes(x));
}

/** The interval over which a record triggers: from when it was known and decided, until it ends. */
function recordInterval(t: RecordTrigger, r: RecordFact): { from: IsoDate; until: IsoDate | null } | null {
  const from = r.recordedOn > r.decisionDate ? r.recordedOn : r.decisionDate;
  let until: IsoDate | null = t.within ? addPeriod(r.decisionDate, t.within) : r.published ? r.publicityEnd : null;
  if (!t.within && !r.published) return null; // an unpublished record triggers only with an explicit period
  until = minDate(until, r.endedOn);
  until = minDate(until, r.withdrawnOn);
  if (until !== null && until <= from) return null;
  return { from, until };
}

function entryInterval(e: EntryFact): { from: IsoDate; until: IsoDate | null } | null {
  const until = minDate(e.until, e.removedOn);
  if (until !== null && until <= e.listedOn) return null;
  return { from: e.listedOn, until };
}

/** The measures of a pack, indexed for checks. */
export class MeasureBook {
  readonly byScenario = new Map<string, number[]>();
  /** Measures by the list or record item that triggers them. */
  private readonly byList = new Map<string, number[]>();
  private readonly byItem = new Map<string, number[]>();
  readonly rewardsWithRestrictions: 'suppressed' | 'shown';

  constructor(
    readonly measures: readonly MeasureDef[],
    conflict: { rewardsWithRestrictions: 'suppressed' | 'shown' },
  ) {
    this.rewardsWithRestrictions = conflict.rewardsWithRestrictions;
    measures.forEach((m, i) => {
      for (const s of m.scenarios) this.byScenario.set(s, [...(this.byScenario.get(s) ?? []), i]);
      for (const t of m.triggers) {
        const map = 'list' in t ? this.byList : this.byItem;
        const key = 'list' in t ? t.list : t.item;
        const list = map.get(key) ?? [];
        if (!list.includes(i)) list.push(i);
        map.set(key, list);
      }
    });
  }

  /** Lists and items that can trigger any measure: only subjects with these go in the index. */
  get triggerLists(): string[] {
    return [...this.byList.keys()];
  }
  get triggerItems(): string[] {
    return [...this.byItem.keys()];
  }
  /** Fields that conditions read, by item. */
  conditionFields(item: string): string[] {
    const out = new Set<string>();
    for (const i of this.byItem.get(item) ?? []) {
      for (const t of this.measures[i]!.triggers) if ('item' in t && t.item === item && t.where) out.add(t.where.field);
    }
    return [...out];
  }

  /** Everything that could ever apply to a subject, with the dates over which each would. */
  compile(facts: SubjectFacts): Candidate[] {
    const out: Candidate[] = [];
    for (const e of facts.entries) {
      const iv = entryInterval(e);
      if (!iv) continue;
      for (const i of this.byList.get(e.list) ?? []) {
        const m = this.measures[i]!;
        if (m.subjectKinds && !m.subjectKinds.includes(facts.kind as never)) continue;
        out.push({ measure: i, from: iv.from, until: iv.until, trigger: { type: 'list-entry', fact: e } });
      }
    }
    for (const r of facts.records) {
      for (const i of this.byItem.get(r.item) ?? []) {
        const m = this.measures[i]!;
        if (m.subjectKinds && !m.subjectKinds.includes(facts.kind as never)) continue;
        for (const t of m.triggers) {
          if (!('item' in t) || t.item !== r.item || !matchesWhere(t, r)) continue;
          const iv = recordInterval(t, r);
          if (iv) out.push({ measure: i, from: iv.from, until: iv.until, trigger: { type: 'record', fact: r } });
        }
      }
    }
    return out;
  }

  /**
   * The measures in force on a date in a scenario. `role` restricts to measures that extend to
   * persons in that role (checks of a natural person through an organisation).
   */
  evaluate(candidates: readonly Candidate[], scenario: string, date: IsoDate, role?: string): Evaluation {
    const inScenario = this.byScenario.get(scenario);
    if (!inScenario || candidates.length === 0) return NO_HITS;
    let hits: Map<number, MeasureHit> | null = null;
    for (const c of candidates) {
      if (date < c.from || (c.until !== null && date >= c.until)) continue;
      if (!inScenario.includes(c.measure)) continue;
      const m = this.measures[c.measure]!;
      if (role !== undefined && !m.extendsTo?.includes(role as never)) continue;
      hits ??= new Map();
      const hit = hits.get(c.measure);
      if (hit) {
        if (!hit.triggers.some((t) => t.fact === c.trigger.fact)) hit.triggers.push(c.trigger);
      } else hits.set(c.measure, { measure: m, triggers: [c.trigger], suppressed: false });
    }
    if (!hits) return NO_HITS;
    return this.resolve([...hits.values()]);
  }

  /** Orders hits by priority and applies the conflict rule; the strongest effect is the outcome. */
  resolve(hits: MeasureHit[]): Evaluation {
    if (hits.length === 0) return NO_HITS;
    hits.sort((a, b) => EFFECT_RANK.get(a.measure.effect)! - EFFECT_RANK.get(b.measure.effect)! || (a.measure.code < b.measure.code ? -1 : 1));
    const restricted = hits.some((h) => RESTRICTION_EFFECTS.includes(h.measure.effect));
    if (restricted && this.rewardsWithRestrictions === 'suppressed') {
      for (const h of hits) if (!RESTRICTION_EFFECTS.includes(h.measure.effect)) h.suppressed = true;
    }
    const active = hits.find((h) => !h.suppressed);
    return { outcome: active ? active.measure.effect : 'none', hits };
  }
}
