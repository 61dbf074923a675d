// Publicity windows: how long a record is public, decided by its publicity class under the rule
// version in force on the decision date (e.g. NDRC Order 58 before 2026-04-01, Order 36 from
// then). A window is [start, end): `end` is the first day the record is no longer public.
import { addDays, addPeriod, isIsoDate, type IsoDate } from './dates.ts';
import type { PublicityRule, RuleVersion } from './policy/schema.ts';

/** A rule version with every class resolved (later versions inherit what they do not restate). */
export interface ResolvedRuleVersion {
  id: string;
  effectiveFrom: IsoDate;
  classes: ReadonlyMap<string, PublicityRule>;
  repairDeadlines: RuleVersion['repairDeadlines'];
  objectionDeadlines: RuleVersion['objectionDeadlines'];
}

export interface PublicityWindow {
  class: string;
  ruleVersion: string;
  published: boolean;
  start: IsoDate | null;
  /** The earliest day repair can end publicity (the minimum period has passed). */
  minimumEnd: IsoDate | null;
  /** The first day the record is no longer public; null while indefinite. */
  end: IsoDate | null;
  repairable: boolean;
}

export class PublicityRuleError extends Error {}

/** Orders versions by effective date and applies inheritance. */
export function resolveRuleVersions(versions: readonly RuleVersion[]): ResolvedRuleVersion[] {
  const sorted = [...versions].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1));
  const out: ResolvedRuleVersion[] = [];
  let inherited = new Map<string, PublicityRule>();
  for (const v of sorted) {
    inherited = new Map([...inherited, ...Object.entries(v.classes)]);
    out.push({ id: v.id, effectiveFrom: v.effectiveFrom, classes: inherited, repairDeadlines: v.repairDeadlines, objectionDeadlines: v.objectionDeadlines });
  }
  return out;
}

/** The rule version in force on a date, or undefined before the first one. */
export function ruleVersionOn(versions: readonly ResolvedRuleVersion[], date: IsoDate): ResolvedRuleVersion | undefined {
  let found: ResolvedRuleVersion | undefined;
  for (const v of versions) {
    if (v.effectiveFrom <= date) found = v;
    else break;
  }
  return found;
}

/**
 * The publicity window of a record of class `cls` decided on `decisionDate`. `fields` supplies
 * the end date for classes whose window ends on a field (e.g. a licence's expiry).
 */
export function publicityWindow(
  versions: readonly ResolvedRuleVersion[],
  cls: string,
  decisionDate: IsoDate,
  fields: Readonly<Record<string, unknown>> = {},
): PublicityWindow {
  const version = ruleVersionOn(versions, decisionDate);
  if (!version) throw new PublicityRuleError(`no publicity rule was in force on ${decisionDate}`);
  const rule = version.classes.get(cls);
  if (!rule) throw new PublicityRuleError(`publicity class '${cls}' is not defined by rule version ${version.id}`);
  // Built with keys in canonical (sorted) order; windows are hashed into the ledger.
  const make = (published: boolean, start: IsoDate | null, minimumEnd: IsoDate | null, end: IsoDate | null): PublicityWindow => ({
    class: cls,
    end,
    minimumEnd,
    published,
    repairable: rule.repairable,
    ruleVersion: version.id,
    start,
  });
  switch (rule.window) {
    case 'none':
      return make(false, null, null, null);
    case 'indefinite':
      return make(true, decisionDate, null, null);
    case 'fixed': {
      const end = addPeriod(decisionDate, rule.maximum!);
      return make(true, decisionDate, rule.minimum ? addPeriod(decisionDate, rule.minimum) : end, end);
    }
    case 'until-field': {
      const value = fields[rule.endField!];
      const cap = rule.maximum ? addPeriod(decisionDate, rule.maximum) : null;
      let end: IsoDate | null = isIsoDate(value) ? (rule.endInclusive ? addDays(value, 1) : value) : cap;
      if (end !== null && cap !== null && end > cap) end = cap;
      if (end !== null && end < decisionDate) end = decisionDate;
      return make(true, decisionDate, rule.minimum ? addPeriod(decisionDate, rule.minimum) : end, end);
    }
    default: {
      const unknown: never = rule.window;
      throw new PublicityRuleError(`unknown window kind '${String(unknown)}'`);
    }
  }
}

/** Whether a window makes its record public on a given local date. */
export function isPublicOn(window: Pick<PublicityWindow, 'published' | 'start' | 'end'>, date: IsoDate): boolean {
  if (!window.published || window.start === null) return false;
  return window.start <= date && (window.end === null || date < window.end);
}
