// A loaded, validated policy pack: the catalogue with its compiled validators, the publicity
// rule versions, the working-day calendar and the agency kinds. Immutable once built.
import { addDays, localDate, type IsoDate } from '../dates.ts';
import { WorkingCalendar } from '../calendar.ts';
import { publicityWindow, resolveRuleVersions, ruleVersionOn, type PublicityWindow, type ResolvedRuleVersion } from '../publicity.ts';
import { compileFieldsValidator, compileRecordValidator, type FieldsValidator, type RecordValidator } from '../records.ts';
import type { DisclosureLevel } from '../enumerations.ts';
import { fieldsRead } from '../evaluation.ts';
import type {
  AgencyKind,
  CalendarPolicy,
  CatalogueItem,
  ListDef,
  MeasureDef,
  MeasuresPolicy,
  PackManifest,
  PublicityPolicy,
  Scenario,
  ScorecardDef,
  SupervisionDef,
} from './schema.ts';
import type { FurnishingStandard } from './furnishing-schema.ts';
import type { PersonalScorecard, PersonalScorePolicy } from './personal-score-schema.ts';
import { scorecardOn } from '../credit-reporting/personal-score.ts';

export interface PolicyParts {
  dir: string;
  manifest: PackManifest;
  agencyKinds: AgencyKind[];
  publicity: PublicityPolicy;
  calendar: CalendarPolicy;
  decisionDisclosure: Record<'number' | 'date' | 'authority' | 'basis', DisclosureLevel>;
  items: CatalogueItem[];
  lists: ListDef[];
  scenarios: Scenario[];
  measures: MeasuresPolicy;
  scorecards: ScorecardDef[];
  supervision: SupervisionDef;
  /** The data standard of financial credit reporting (furnishing.yaml). */
  furnishing: FurnishingStandard;
  /** The personal credit scorecards, by version (personal-score.yaml). */
  personalScore: PersonalScorePolicy;
  /** SHA-256 over the canonical form of every file of the pack. */
  digest: string;
}

export class Policy {
  readonly dir: string;
  readonly manifest: PackManifest;
  readonly agencyKinds: readonly AgencyKind[];
  readonly publicity: PublicityPolicy;
  readonly calendarPolicy: CalendarPolicy;
  readonly decisionDisclosure: PolicyParts['decisionDisclosure'];
  readonly items: readonly CatalogueItem[];
  readonly lists: readonly ListDef[];
  readonly scenarios: readonly Scenario[];
  readonly measures: readonly MeasureDef[];
  readonly conflictResolution: MeasuresPolicy['conflictResolution'];
  readonly scorecards: readonly ScorecardDef[];
  readonly supervision: SupervisionDef;
  readonly furnishing: FurnishingStandard;
  readonly personalScorecards: readonly PersonalScorecard[];
  readonly digest: string;
  readonly calendar: WorkingCalendar;
  private readonly listsByCode: Map<string, ListDef>;
  /** Lists whose inclusion rule a record of each catalogue item satisfies. */
  private readonly listsByItem = new Map<string, ListDef[]>();
  readonly ruleVersions: readonly ResolvedRuleVersion[];
  private readonly byCode: Map<string, CatalogueItem>;
  private readonly windows = new Map<string, PublicityWindow>();
  /** The end field of each publicity class whose window ends on a field in some rule version. */
  private readonly endFields = new Map<string, string>();
  private readonly validators = new Map<string, { record: RecordValidator; fields: FieldsValidator }>();

  constructor(parts: PolicyParts) {
    this.dir = parts.dir;
    this.manifest = parts.manifest;
    this.agencyKinds = parts.agencyKinds;
    this.publicity = parts.publicity;
    this.calendarPolicy = parts.calendar;
    this.decisionDisclosure = parts.decisionDisclosure;
    this.items = parts.items;
    this.digest = parts.digest;
    this.lists = parts.lists;
    this.scenarios = parts.scenarios;
    this.measures = parts.measures.measures;
    this.conflictResolution = parts.measures.conflictResolution;
    this.scorecards = parts.scorecards;
    this.supervision = parts.supervision;
    this.furnishing = parts.furnishing;
    this.personalScorecards = parts.personalScore.scorecards;
    this.listsByCode = new Map(parts.lists.map((l) => [l.code, l]));
    for (const l of parts.lists) {
      for (const i of l.inclusion.items) this.listsByItem.set(i, [...(this.listsByItem.get(i) ?? []), l]);
    }
    this.byCode = new Map(parts.items.map((i) => [i.code, i]));
    this.ruleVersions = resolveRuleVersions(parts.publicity.ruleVersions);
    this.calendar = new WorkingCalendar(calendarData(parts.calendar));
    for (const v of parts.publicity.ruleVersions) {
      for (const [cls, rule] of Object.entries(v.classes)) if (rule.endField) this.endFields.set(cls, rule.endField);
    }
  }

  /** The version string every decision records, e.g. cn-national@2026.11. */
  get version(): string {
    return `${this.manifest.id}@${this.manifest.version}`;
  }

  item(code: string): CatalogueItem | undefined {
    return this.byCode.get(code);
  }

  /** The compiled validator of an item's records (compiled once, on first use). */
  validator(code: string): RecordValidator | undefined {
    return this.compiled(code)?.record;
  }

  /** The compiled validator of an item's fields alone (for corrections). */
  fieldsValidator(code: string): FieldsValidator | undefined {
    return this.compiled(code)?.fields;
  }

  private compiled(code: string) {
    let v = this.validators.get(code);
    if (!v) {
      const item = this.byCode.get(code);
      if (!item) return undefined;
      v = { record: compileRecordValidator(item), fields: compileFieldsValidator(item) };
      this.validators.set(code, v);
    }
    return v;
  }

  list(code: string): ListDef | undefined {
    return this.listsByCode.get(code);
  }

  scorecard(code: string): ScorecardDef | undefined {
    return this.scorecards.find((s) => s.code === code);
  }

  /** Fields that measure conditions and scorecards read (conditions, sums, a mirrored grade): kept in the projection as attributes. */
  get attributeFields(): string[] {
    const out = new Set<string>();
    for (const m of this.measures) for (const t of m.triggers) if ('item' in t && t.where) out.add(t.where.field);
    for (const c of this.scorecards) for (const { field } of fieldsRead(c)) out.add(field);
    return [...out].sort();
  }

  /** The personal scorecard in force on a date; undefined before the first takes effect. */
  personalScorecardOn(date: IsoDate): PersonalScorecard | undefined {
    return scorecardOn(this.personalScorecards, date);
  }

  scenario(code: string): Scenario | undefined {
    return this.scenarios.find((s) => s.code === code);
  }

  /** The lists a record of this item proposes its subject for. */
  listsTriggeredBy(itemCode: string): readonly ListDef[] {
    return this.listsByItem.get(itemCode) ?? [];
  }

  /** The rule version in force on a date (for deadlines of repair and objections). */
  ruleVersionOn(date: IsoDate): ResolvedRuleVersion {
    const v = ruleVersionOn(this.ruleVersions, date);
    if (!v) throw new Error(`no rule version was in force on ${date}`);
    return v;
  }

  /** Whether agencies of this kind furnish credit accounts (licensed lenders), not public-credit records. */
  isFurnisherKind(kind: string): boolean {
    return this.furnishing.furnishers.includes(kind);
  }

  /** Catalogue items an agency of this kind may supply. */
  itemsForAgencyKind(kind: string): string[] {
    return this.items.filter((i) => i.suppliers.includes(kind)).map((i) => i.code);
  }

  /**
   * The publicity window of a record. Windows repeat (many records share an item and a
   * decision date), so they are cached; they are immutable, so sharing them is safe.
   */
  windowFor(itemCode: string, decisionDate: IsoDate, fields: Readonly<Record<string, unknown>>): PublicityWindow {
    const item = this.byCode.get(itemCode);
    if (!item) throw new Error(`unknown catalogue item ${itemCode}`);
    const endField = this.endFields.get(item.publicityClass);
    const key = endField ? `${itemCode}|${decisionDate}|${String(fields[endField] ?? '')}` : `${itemCode}|${decisionDate}`;
    let w = this.windows.get(key);
    if (!w) {
      w = Object.freeze(publicityWindow(this.ruleVersions, item.publicityClass, decisionDate, fields));
      if (this.windows.size >= 100_000) this.windows.clear();
      this.windows.set(key, w);
    }
    return w;
  }

  /** Today's date where the pack's law applies. */
  localDate(instant: Date): IsoDate {
    return localDate(instant, this.manifest.timeZone);
  }

  /** The disclosure level of a field of an item ('decision.number' etc. for the decision document). */
  disclosureOf(itemCode: string, field: string): DisclosureLevel | undefined {
    if (field.startsWith('decision.')) return this.decisionDisclosure[field.slice(9) as keyof PolicyParts['decisionDisclosure']];
    return this.byCode.get(itemCode)?.fields.find((f) => f.name === field)?.disclosure;
  }
}

function calendarData(c: CalendarPolicy) {
  const holidays: IsoDate[] = [];
  for (const y of c.years) {
    for (const h of y.holidays) for (let d = h.from; d <= h.to; d = addDays(d, 1)) holidays.push(d);
  }
  return {
    holidays,
    workingWeekends: c.years.flatMap((y) => y.workingWeekends),
    coveredYears: c.years.map((y) => y.year),
    weekend: c.weekend,
  };
}
