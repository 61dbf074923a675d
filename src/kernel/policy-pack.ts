// Loads a policy pack directory: parses each YAML file, validates it against its schema, then
// checks what a schema cannot (references between files, the fixed category enumeration, a
// legal basis on every item, no negative record public forever). A pack that fails any check
// does not load, and the error lists every problem with the file and the item it is in.
import { createHash } from 'node:crypto';
import { readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Value } from '@sinclair/typebox/value';
import type { TSchema } from '@sinclair/typebox';
import { parse as parseYaml } from 'yaml';
import { canonicalJson } from './canonical-json.ts';
import { dayOfWeek, isIsoDate, isPeriod, periodAtMost } from '../domain/dates.ts';
import { MEASURE_EFFECTS, RECORD_CATEGORIES, RESTRICTION_EFFECTS, SERIOUS_LIST_AREAS } from '../domain/enumerations.ts';
import {
  PACK_FILES,
  type CalendarPolicy,
  type CatalogueItem,
  type ListDef,
  type MeasuresPolicy,
  type PackManifest,
  type ComputedScorecardDef,
  type MirroredScorecardDef,
  type ScorecardDef,
  type SupervisionDef,
  type PublicityPolicy,
  type AgencyKind,
  type Scenario,
} from '../domain/policy/schema.ts';
import { Policy } from '../domain/policy/policy.ts';
import { assertNever } from '../domain/assert-never.ts';
import { MAX_MONEY_YUAN, parseYuan } from '../domain/money.ts';
import { FurnishingSchema, type FurnishingStandard } from '../domain/policy/furnishing-schema.ts';
import { checkFurnishing, checkForbiddenFurnishingItems, FURNISHING_FILE } from './furnishing-pack.ts';
import { PersonalScoreSchema, type PersonalScorePolicy } from '../domain/policy/personal-score-schema.ts';
import { checkPersonalScore, checkScoreAttributeNames, PERSONAL_SCORE_FILE, publicSideNames } from './personal-score-pack.ts';

export class PolicyLoadError extends Error {
  constructor(
    readonly packDir: string,
    readonly problems: string[],
  ) {
    super(`policy pack ${packDir} does not load:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'PolicyLoadError';
  }
}

function describeSchemaError(file: string, doc: unknown, e: { path: string; message: string; value: unknown; schema: TSchema }): string {
  const where = locate(doc, e.path);
  let message = e.message;
  const anyOf = (e.schema as { anyOf?: Array<{ const?: unknown }> }).anyOf;
  if (anyOf && anyOf.every((s) => s.const !== undefined)) {
    message = `'${String(e.value)}' is not one of ${anyOf.map((s) => String(s.const)).join(', ')}`;
  } else if (message === 'Unexpected property') {
    message = 'is not a known property';
  }
  return `${file}: ${where}: ${message}`;
}

type SchemaError = { path: string; message: string; value: unknown; schema: TSchema };

/**
 * A document's schema errors. An error on a union of objects told apart by their `kind` (a
 * scorecard: computed or mirrors) becomes the errors against the branch its kind names, so a
 * mistake inside one is named as plainly as anywhere else.
 */
function* schemaErrors(schema: TSchema, doc: unknown): Generator<SchemaError> {
  for (const e of Value.Errors(schema, doc)) {
    const branches = (e.schema as { anyOf?: TSchema[] }).anyOf ?? [];
    const kinds = branches.map((b) => (b as { properties?: { kind?: { const?: unknown } } }).properties?.kind?.const);
    const value = e.value as { kind?: unknown } | null;
    if (branches.length === 0 || !kinds.every((k) => typeof k === 'string') || value === null || typeof value !== 'object' || Array.isArray(value)) {
      yield e;
      continue;
    }
    const branch = branches[(kinds as unknown[]).indexOf(value.kind)];
    if (!branch) {
      // Read by describeSchemaError as a choice of constants: "'x' is not one of computed, mirrors".
      const choice = { anyOf: kinds.map((k) => ({ const: k })) } as unknown as TSchema;
      yield { path: `${e.path}/kind`, message: 'is not a kind', value: value.kind, schema: choice };
      continue;
    }
    for (const inner of schemaErrors(branch, value)) yield { ...inner, path: e.path + inner.path };
  }
}

/** Turns a JSON pointer into a readable location, naming the item by its code where it has one. */
function locate(doc: unknown, pointer: string): string {
  const parts = pointer.split('/').slice(1);
  let node: unknown = doc;
  const out: string[] = [];
  for (const part of parts) {
    if (Array.isArray(node)) {
      node = node[Number(part)];
      const code =
        node && typeof node === 'object'
          ? ((node as Record<string, unknown>).code ?? (node as Record<string, unknown>).id ?? (node as Record<string, unknown>).name)
          : undefined;
      out.push(typeof code === 'string' ? `[${code}]` : `[${part}]`);
    } else {
      node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
      out.push(out.length ? `.${part}` : part);
    }
  }
  return out.join('') || '(top level)';
}

function readYaml(dir: string, file: string, problems: string[]): unknown {
  const path = join(dir, file);
  if (!existsSync(path)) {
    problems.push(`${file}: missing`);
    return undefined;
  }
  try {
    const doc: unknown = parseYaml(readFileSync(path, 'utf8'), { prettyErrors: true, uniqueKeys: true, maxAliasCount: 10_000 });
    // Top-level keys starting with x- hold YAML anchors shared within the file; they are not policy.
    if (doc && typeof doc === 'object' && !Array.isArray(doc)) {
      for (const k of Object.keys(doc)) if (k.startsWith('x-')) delete (doc as Record<string, unknown>)[k];
    }
    return doc;
  } catch (err) {
    problems.push(`${file}: not valid YAML: ${(err as Error).message}`);
    return undefined;
  }
}

/**
 * Checks the catalogue before the schema, so the two rules that matter most get plain messages.
 * Returns the JSON pointers it explained, so the schema's cruder messages for them are dropped.
 */
function checkCatalogueEssentials(doc: unknown, problems: string[]): Set<string> {
  const explained = new Set<string>();
  const items = (doc as { items?: unknown })?.items;
  if (!Array.isArray(items)) return explained;
  const allowed = new Set<string>(RECORD_CATEGORIES);
  items.forEach((item: Record<string, unknown>, i) => {
    const name = typeof item?.code === 'string' ? item.code : `#${i + 1}`;
    if (typeof item?.category === 'string' && !allowed.has(item.category)) {
      problems.push(
        `catalogue.yaml: item ${name}: category '${item.category}' is not allowed; categories are a fixed enumeration of legal-decision types (${RECORD_CATEGORIES.join(', ')}) and a pack cannot add to it`,
      );
      explained.add(`/items/${i}/category`);
    }
    if (!Array.isArray(item?.legalBasis) || item.legalBasis.length === 0) {
      problems.push(`catalogue.yaml: item ${name}: has no legal basis; every catalogue item must cite the law that makes it credit information`);
      explained.add(`/items/${i}/legalBasis`);
    }
  });
  return explained;
}

export function loadPolicyPack(packDir: string): Policy {
  const dir = resolve(packDir);
  const problems: string[] = [];
  const docs: Record<string, unknown> = {};
  for (const { file, schema } of PACK_FILES) {
    const doc = readYaml(dir, file, problems);
    if (doc === undefined) continue;
    const explained = file === 'catalogue.yaml' ? checkCatalogueEssentials(doc, problems) : new Set<string>();
    const before = problems.length;
    for (const e of schemaErrors(schema, doc)) {
      if (explained.has(e.path)) continue;
      const msg = describeSchemaError(file, doc, e);
      if (!problems.slice(before).includes(msg)) problems.push(msg);
    }
    docs[file] = doc;
  }
  // The furnishing standard: what art. 14 forbids is named first, in plain words.
  const furnishingDoc = readYaml(dir, FURNISHING_FILE, problems);
  if (furnishingDoc !== undefined) {
    const forbidden = checkForbiddenFurnishingItems(furnishingDoc, problems);
    for (const e of schemaErrors(FurnishingSchema, furnishingDoc)) {
      if (forbidden.has(e.path)) continue;
      const msg = describeSchemaError(FURNISHING_FILE, furnishingDoc, e);
      if (!problems.includes(msg)) problems.push(msg);
    }
    docs[FURNISHING_FILE] = furnishingDoc;
  }
  // The personal scorecards: an attribute outside the closed enumeration is named first, with what it names.
  const scoreDoc = readYaml(dir, PERSONAL_SCORE_FILE, problems);
  if (scoreDoc !== undefined) {
    const explained = checkScoreAttributeNames(scoreDoc, publicSideNames(docs['catalogue.yaml'], docs['lists.yaml']), problems);
    for (const e of schemaErrors(PersonalScoreSchema, scoreDoc)) {
      if ([...explained].some((p) => e.path === p || e.path.startsWith(`${p}/`))) continue;
      const msg = describeSchemaError(PERSONAL_SCORE_FILE, scoreDoc, e);
      if (!problems.includes(msg)) problems.push(msg);
    }
    docs[PERSONAL_SCORE_FILE] = scoreDoc;
  }
  if (problems.length > 0) throw new PolicyLoadError(dir, problems);

  const manifest = docs['pack.yaml'] as PackManifest;
  const agencyKinds = (docs['agency-kinds.yaml'] as { agencyKinds: AgencyKind[] }).agencyKinds;
  const publicity = docs['publicity.yaml'] as PublicityPolicy;
  const calendar = docs['calendar.yaml'] as CalendarPolicy;
  const catalogue = docs['catalogue.yaml'] as { decisionDisclosure: Policy['decisionDisclosure']; items: CatalogueItem[] };
  const lists = (docs['lists.yaml'] as { lists: ListDef[] }).lists;
  const scenarios = (docs['scenarios.yaml'] as { scenarios: Scenario[] }).scenarios;
  const measures = docs['measures.yaml'] as MeasuresPolicy;
  const { scorecards, supervision } = docs['scorecards.yaml'] as { scorecards: ScorecardDef[]; supervision: SupervisionDef };

  checkReferences(manifest, agencyKinds, publicity, calendar, catalogue.items, problems);
  checkLists(lists, agencyKinds, catalogue.items, problems);
  checkMeasures(measures, scenarios, lists, catalogue.items, publicity, problems);
  checkScorecards(scorecards, supervision, lists, catalogue.items, agencyKinds, problems);
  const furnishing = docs[FURNISHING_FILE] as FurnishingStandard;
  checkFurnishing(furnishing, agencyKinds, catalogue.items, problems);
  const personalScore = docs[PERSONAL_SCORE_FILE] as PersonalScorePolicy;
  checkPersonalScore(personalScore, problems);
  if (problems.length > 0) throw new PolicyLoadError(dir, problems);

  const digest = createHash('sha256').update(canonicalJson(docs)).digest('hex');
  const policy = new Policy({
    dir,
    manifest,
    agencyKinds,
    publicity,
    calendar,
    decisionDisclosure: catalogue.decisionDisclosure,
    items: catalogue.items,
    lists,
    scenarios,
    measures,
    scorecards,
    supervision,
    furnishing,
    personalScore,
    digest,
  });
  checkAttributeFields(policy, problems);
  if (problems.length > 0) throw new PolicyLoadError(dir, problems);
  return policy;
}

/** Field types a measure condition or a scorecard factor may read: bounded values, never free text or personal data. */
const ATTRIBUTE_TYPES: ReadonlySet<string> = new Set(['date', 'money', 'integer', 'number', 'boolean', 'enum', 'enum-list']);

/**
 * Measures and scorecards decide on a few fields of a record (kept beside it in the projection
 * and in the index evaluation reads). They may read only bounded values: an enumeration, an
 * amount, a number, a date, a yes/no; never free text, a name or an identity number.
 */
function checkAttributeFields(policy: Policy, problems: string[]): void {
  const check = (where: string, itemCode: string, field: string) => {
    const f = policy.item(itemCode)?.fields.find((x) => x.name === field);
    if (f && !ATTRIBUTE_TYPES.has(f.type)) {
      problems.push(`${where}: field ${field} of ${itemCode} is ${f.type}; conditions and sums read only ${[...ATTRIBUTE_TYPES].join(', ')}`);
    }
  };
  for (const m of policy.measures) {
    for (const t of m.triggers) if ('item' in t && t.where) check(`measures.yaml: measure ${m.code}`, t.item, t.where.field);
  }
  for (const c of policy.scorecards) {
    if (c.kind === 'mirrors') {
      check(`scorecards.yaml: scorecard ${c.code}`, c.mirrors.item, c.mirrors.field);
      continue;
    }
    for (const f of c.factors) {
      const where = `scorecards.yaml: scorecard ${c.code}, factor ${f.code}`;
      for (const item of f.source.items ?? []) {
        if (f.source.where) check(where, item, f.source.where.field);
        if (typeof f.measure === 'object') check(where, item, f.measure.sum);
      }
    }
  }
}

function duplicates(values: string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const v of values) (seen.has(v) ? dup : seen).add(v);
  return [...dup];
}

function checkReferences(
  manifest: PackManifest,
  agencyKinds: AgencyKind[],
  publicity: PublicityPolicy,
  calendar: CalendarPolicy,
  items: CatalogueItem[],
  problems: string[],
): void {
  if (!isIsoDate(manifest.effectiveFrom)) problems.push(`pack.yaml: effectiveFrom '${manifest.effectiveFrom}' is not a real date`);
  try {
    new Intl.DateTimeFormat('en', { timeZone: manifest.timeZone });
  } catch {
    problems.push(`pack.yaml: timeZone '${manifest.timeZone}' is not a known time zone`);
  }
  for (const d of duplicates(agencyKinds.map((k) => k.code))) problems.push(`agency-kinds.yaml: agency kind ${d} is defined twice`);

  // Publicity: classes, versions and their rules.
  const classCodes = new Set(publicity.classes.map((c) => c.code));
  for (const d of duplicates(publicity.classes.map((c) => c.code))) problems.push(`publicity.yaml: class ${d} is defined twice`);
  for (const d of duplicates(publicity.ruleVersions.map((v) => v.id))) problems.push(`publicity.yaml: rule version ${d} is defined twice`);
  for (const d of duplicates(publicity.ruleVersions.map((v) => v.effectiveFrom))) problems.push(`publicity.yaml: two rule versions take effect on ${d}`);
  const sorted = [...publicity.ruleVersions].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1));
  const first = sorted[0];
  if (first) {
    for (const c of classCodes) {
      if (!(c in first.classes)) problems.push(`publicity.yaml: rule version ${first.id} (the earliest) must define class ${c}`);
    }
  }
  for (const v of publicity.ruleVersions) {
    if (!isIsoDate(v.effectiveFrom)) problems.push(`publicity.yaml: rule version ${v.id}: effectiveFrom '${v.effectiveFrom}' is not a real date`);
    for (const [cls, rule] of Object.entries(v.classes)) {
      const where = `publicity.yaml: rule version ${v.id}, class ${cls}`;
      if (!classCodes.has(cls)) problems.push(`${where}: not a class listed under classes`);
      if (rule.window === 'fixed' && !rule.maximum) problems.push(`${where}: a fixed window needs a maximum`);
      if (rule.window === 'until-field' && !rule.endField) problems.push(`${where}: an until-field window needs endField`);
      if (rule.minimum && rule.maximum && isPeriod(rule.minimum) && isPeriod(rule.maximum) && !periodAtMost(rule.minimum, rule.maximum))
        problems.push(`${where}: minimum ${rule.minimum} is longer than maximum ${rule.maximum}`);
      for (const p of [rule.minimum, rule.maximum]) if (p !== undefined && !isPeriod(p)) problems.push(`${where}: '${p}' is not a period`);
      if (rule.repairable && rule.window === 'none') problems.push(`${where}: a class that is never published cannot be repairable`);
    }
  }

  // Calendar.
  for (const y of calendar.years) {
    for (const h of y.holidays) {
      if (!isIsoDate(h.from) || !isIsoDate(h.to) || h.from > h.to)
        problems.push(`calendar.yaml: ${y.year} ${h.name}: '${h.from}'..'${h.to}' is not a date range`);
    }
    for (const d of y.workingWeekends) {
      if (!isIsoDate(d)) problems.push(`calendar.yaml: ${y.year}: '${d}' is not a real date`);
      else if (!calendar.weekend.includes(dayOfWeek(d))) problems.push(`calendar.yaml: ${y.year}: make-up working day ${d} is not a weekend day`);
    }
  }
  for (const d of duplicates(calendar.years.map((y) => String(y.year)))) problems.push(`calendar.yaml: year ${d} is listed twice`);

  // Catalogue.
  const kindCodes = new Set(agencyKinds.map((k) => k.code));
  for (const d of duplicates(items.map((i) => i.code))) problems.push(`catalogue.yaml: item ${d} is defined twice`);
  for (const item of items) {
    const where = `catalogue.yaml: item ${item.code}`;
    for (const s of item.suppliers) if (!kindCodes.has(s)) problems.push(`${where}: supplier '${s}' is not an agency kind in agency-kinds.yaml`);
    if (!classCodes.has(item.publicityClass)) problems.push(`${where}: publicity class '${item.publicityClass}' is not defined in publicity.yaml`);
    for (const d of duplicates(item.fields.map((f) => f.name))) problems.push(`${where}: field ${d} is defined twice`);
    for (const f of item.fields) {
      if ((f.type === 'enum' || f.type === 'enum-list') && !f.values) problems.push(`${where}: field ${f.name} of type ${f.type} needs values`);
      if (f.type !== 'enum' && f.type !== 'enum-list' && f.values) problems.push(`${where}: field ${f.name} of type ${f.type} cannot have values`);
      for (const v of Object.keys(f.valueNames ?? {})) if (!f.values?.includes(v)) problems.push(`${where}: field ${f.name} names '${v}', which is not one of its values`);
      if (f.type === 'resident-id' && f.disclosure === 'public') problems.push(`${where}: field ${f.name} holds identity numbers and cannot be public`);
      if (f.role && f.type !== 'resident-id') problems.push(`${where}: field ${f.name} has a role but is not a resident-id field`);
      if (f.type === 'money')
        for (const bound of [f.minimum, f.maximum])
          if (bound !== undefined && 'error' in parseYuan(bound))
            problems.push(`${where}: money field ${f.name} is bounded by ${bound}, which is not an amount from 0 to ${MAX_MONEY_YUAN} yuan with at most two decimals`);
    }
    if (item.category === 'administrative-penalty' && !item.severity)
      problems.push(`${where}: an administrative penalty item needs a severity (minor, general or serious)`);
    for (const v of publicity.ruleVersions) {
      const rule = v.classes[item.publicityClass];
      if (!rule) continue;
      if (rule.window === 'until-field') {
        const f = item.fields.find((x) => x.name === rule.endField);
        if (!f || f.type !== 'date')
          problems.push(
            `${where}: publicity class ${item.publicityClass} ends on field '${rule.endField}', which the item must have as a date (rule version ${v.id})`,
          );
      }
      // No silent forever: a record against its subject is public for a bounded time.
      if (item.polarity === 'negative' && (rule.window === 'indefinite' || (rule.window === 'until-field' && !rule.maximum))) {
        problems.push(`${where}: a negative record must have a maximum publicity period, but class ${item.publicityClass} under ${v.id} has none`);
      }
    }
  }
}

function checkLists(lists: ListDef[], agencyKinds: AgencyKind[], items: CatalogueItem[], problems: string[]): void {
  const kindCodes = new Set(agencyKinds.map((k) => k.code));
  const byItem = new Map(items.map((i) => [i.code, i]));
  const byCode = new Map(lists.map((l) => [l.code, l]));
  for (const d of duplicates(lists.map((l) => l.code))) problems.push(`lists.yaml: list ${d} is defined twice`);
  for (const l of lists) {
    const where = `lists.yaml: list ${l.code}`;
    if (l.type === 'serious' && !l.area) {
      problems.push(`${where}: a seriously untrustworthy list must name its area, one of the four the law allows (${SERIOUS_LIST_AREAS.join(', ')})`);
    }
    if (l.type !== 'serious' && l.area) problems.push(`${where}: only a serious list has an area`);
    // Notice before listing: no serious list without it, unless the deciding authority's own
    // procedure gives it (a court's), which the list must state with its legal basis.
    if (l.type === 'serious' && !l.inForceFromDecision && (!l.notice.required || l.notice.workingDays < 1)) {
      problems.push(`${where}: a serious list requires notice before listing and a period of at least one working day to state one's case`);
    }
    if (l.inForceFromDecision) {
      if (l.notice.required || l.notice.workingDays !== 0) {
        problems.push(
          `${where}: its deciding authority gives notice by its own procedure (inForceFromDecision), so the platform gives none: notice must be { required: false, workingDays: 0 }`,
        );
      }
      // The listing stands on the authority's decision, so it ends when the authority revokes it
      // (the record of the decision withdrawn): that must be a way off the list.
      if (!l.removal.includes('decision-revoked')) {
        problems.push(
          `${where}: takes its deciding authority's decision as the listing (inForceFromDecision), so its removal reasons must include decision-revoked (the listing ends when the authority revokes its decision)`,
        );
      }
      const field = l.inForceFromDecision.effectiveFromField;
      for (const code of l.inclusion.items) {
        const item = byItem.get(code);
        if (field && item && !item.fields.some((f) => f.name === field && f.type === 'date')) {
          problems.push(`${where}: inForceFromDecision.effectiveFromField '${field}' is not a date field of inclusion item ${code}`);
        }
        // The filed decision is the listing, so only an authority that decides the list may file it.
        const others = item ? item.suppliers.filter((k) => !l.proposers.includes(k)) : [];
        if (others.length > 0) {
          problems.push(`${where}: takes filed decisions as the listing, but inclusion item ${code} is also supplied by ${others.join(', ')}, which do not decide it`);
        }
      }
    }
    for (const s of l.objectionStanding ?? []) {
      for (const k of s.agencyKinds) if (!kindCodes.has(k)) problems.push(`${where}: objection standing names '${k}', which is not an agency kind in agency-kinds.yaml`);
    }
    // Any entry can be objected to, so an upheld objection must be a way off every list.
    if (!l.removal.includes('objection-upheld')) {
      problems.push(`${where}: its removal reasons must include objection-upheld (an upheld objection ends any listing)`);
    }
    for (const p of l.proposers) if (!kindCodes.has(p)) problems.push(`${where}: proposer '${p}' is not an agency kind in agency-kinds.yaml`);
    for (const code of l.inclusion.items) {
      const item = byItem.get(code);
      if (!item) {
        problems.push(`${where}: inclusion item '${code}' is not in the catalogue`);
        continue;
      }
      if (l.type !== 'redlist' && item.polarity !== 'negative') problems.push(`${where}: inclusion item ${code} is not a negative record`);
      if (l.type === 'redlist' && item.polarity !== 'positive') problems.push(`${where}: a redlist's inclusion item ${code} must be a positive record`);
      if (l.endsOnField && !item.fields.some((f) => f.name === l.endsOnField && f.type === 'date')) {
        problems.push(`${where}: endsOnField '${l.endsOnField}' is not a date field of inclusion item ${code}`);
      }
      const wider = l.subjectKinds.filter((k) => !item.subjectKinds.includes(k));
      if (wider.length === l.subjectKinds.length) problems.push(`${where}: no subject kind of the list is a subject kind of inclusion item ${code}`);
    }
    if (l.repairable !== l.removal.includes('repair')) problems.push(`${where}: a repairable list lists 'repair' among its removal reasons, and only then`);
    if (l.repairable && !l.repairAfter) problems.push(`${where}: a repairable list needs repairAfter (the earliest time repair can be applied for)`);
    if (l.repairAfter && !periodAtMost(l.repairAfter, l.duration))
      problems.push(`${where}: repairAfter ${l.repairAfter} is longer than the duration ${l.duration}`);
    if (!l.removal.includes('expiry')) problems.push(`${where}: every list entry must end by itself: 'expiry' must be a removal reason`);
    if (l.escalation) {
      const to = byCode.get(l.escalation.to);
      if (!to) problems.push(`${where}: escalation target '${l.escalation.to}' is not a list`);
      else if (to.type !== 'serious') problems.push(`${where}: escalation target ${to.code} is not a serious list`);
      else if (to.inForceFromDecision) problems.push(`${where}: escalation target ${to.code} is listed only by its deciding authority's own decision`);
      // An escalation is proposed for the deciding agency of the entry it comes from: that
      // agency's kind must be one that decides the target list.
      else if (!l.proposers.some((k) => to.proposers.includes(k))) {
        problems.push(`${where}: no agency kind that decides it (${l.proposers.join(', ')}) decides its escalation target ${to.code} (${to.proposers.join(', ')})`);
      }
    }
  }
  for (const item of items) {
    for (const s of item.objectionStanding ?? []) {
      for (const k of s.agencyKinds) {
        if (!kindCodes.has(k)) problems.push(`catalogue.yaml: item ${item.code}: objection standing names '${k}', which is not an agency kind in agency-kinds.yaml`);
      }
    }
  }
}

function checkMeasures(
  policy: MeasuresPolicy,
  scenarios: Scenario[],
  lists: ListDef[],
  items: CatalogueItem[],
  publicity: PublicityPolicy,
  problems: string[],
): void {
  const scenarioCodes = new Set(scenarios.map((s) => s.code));
  const listCodes = new Set(lists.map((l) => l.code));
  const byItem = new Map(items.map((i) => [i.code, i]));
  const roles = new Set(items.flatMap((i) => i.fields.flatMap((f) => (f.role ? [f.role] : []))));
  for (const d of duplicates(scenarios.map((s) => s.code))) problems.push(`scenarios.yaml: scenario ${d} is defined twice`);
  for (const d of duplicates(policy.measures.map((m) => m.code))) problems.push(`measures.yaml: measure ${d} is defined twice`);
  const order = policy.conflictResolution.order;
  if (order.join() !== [...MEASURE_EFFECTS].join())
    problems.push(`measures.yaml: conflictResolution.order must be ${MEASURE_EFFECTS.join(', ')} (prohibit over restrict over scrutiny over rewards)`);
  for (const m of policy.measures) {
    const where = `measures.yaml: measure ${m.code}`;
    const restriction = (RESTRICTION_EFFECTS as readonly string[]).includes(m.effect);
    if ((m.kind === 'restriction') !== restriction) problems.push(`${where}: a ${m.kind} cannot have the effect ${m.effect}`);
    for (const s of m.scenarios) if (!scenarioCodes.has(s)) problems.push(`${where}: scenario '${s}' is not in scenarios.yaml`);
    for (const r of m.extendsTo ?? []) if (!roles.has(r)) problems.push(`${where}: extends to role '${r}', which no catalogue field names`);
    for (const t of m.triggers) {
      if ('list' in t) {
        if (!listCodes.has(t.list)) problems.push(`${where}: trigger list '${t.list}' is not in lists.yaml`);
        continue;
      }
      const item = byItem.get(t.item);
      if (!item) {
        problems.push(`${where}: trigger item '${t.item}' is not in the catalogue`);
        continue;
      }
      if (m.kind === 'restriction' && item.polarity === 'positive')
        problems.push(`${where}: a restriction cannot be triggered by the positive record ${t.item}`);
      if (t.where) {
        const f = item.fields.find((x) => x.name === t.where!.field);
        if (!f || (f.type !== 'enum' && f.type !== 'enum-list'))
          problems.push(`${where}: condition field '${t.where.field}' is not an enum field of ${t.item}`);
        else for (const v of t.where.includes) if (!f.values?.includes(v)) problems.push(`${where}: '${v}' is not a value of ${t.item}.${f.name}`);
      }
      const neverPublished = publicity.ruleVersions.some((v) => v.classes[item.publicityClass]?.window === 'none');
      if (neverPublished && !t.within) problems.push(`${where}: item ${t.item} may be unpublished, so its trigger needs 'within' (how long it has effect)`);
    }
  }
}

function checkScorecards(
  cards: ScorecardDef[],
  supervision: SupervisionDef,
  lists: ListDef[],
  items: CatalogueItem[],
  agencyKinds: AgencyKind[],
  problems: string[],
): void {
  const listCodes = new Set(lists.map((l) => l.code));
  const byItem = new Map(items.map((i) => [i.code, i]));
  const kinds = new Set(agencyKinds.map((k) => k.code));
  for (const d of duplicates(cards.map((c) => c.code))) problems.push(`scorecards.yaml: scorecard ${d} is defined twice`);
  // An authority's decision (its grade above all) is filed as records and mirrored as filed.
  // A computed scorecard bearing the name of such a decision, or resting on the instrument under
  // which an authority grades what a scorecard mirrors, would publish the platform's own figure
  // as that authority's decision.
  const norm = (s: string) => s.trim().toLowerCase();
  const decisions = new Map<string, string>();
  for (const i of items) for (const n of [i.name.zh, i.name.en]) decisions.set(norm(n), `catalogue item ${i.code}`);
  const graded = new Map<string, string>();
  for (const c of cards) {
    if (c.kind !== 'mirrors') continue;
    for (const n of [c.name.zh, c.name.en]) decisions.set(norm(n), `scorecard ${c.code}, which mirrors an authority's grade`);
    for (const b of c.legalBasis) graded.set(norm(b.instrument.zh), c.code);
  }
  for (const c of cards) {
    const where = `scorecards.yaml: scorecard ${c.code}`;
    const tiers = c.tiers.map((t) => t.tier);
    for (const d of duplicates(tiers)) problems.push(`${where}: tier ${d} is defined twice`);
    switch (c.kind) {
      case 'computed': {
        const named = decisions.get(norm(c.name.zh)) ?? decisions.get(norm(c.name.en));
        if (named)
          problems.push(`${where}: a computed scorecard cannot bear the name of ${named}: an authority's decision is mirrored as filed (kind: mirrors)`);
        for (const b of c.legalBasis) {
          const mirror = graded.get(norm(b.instrument.zh));
          if (mirror)
            problems.push(
              `${where}: a computed scorecard cannot rest on ${b.instrument.zh}, under which an authority decides the grade that scorecard ${mirror} mirrors`,
            );
        }
        checkComputedScorecard(c, where, tiers, listCodes, byItem, kinds, problems);
        break;
      }
      case 'mirrors':
        checkMirroredScorecard(c, where, tiers, byItem, problems);
        break;
      default:
        assertNever(c, 'scorecard');
    }
  }
  const sup = cards.find((c) => c.code === supervision.scorecard);
  if (!sup) problems.push(`scorecards.yaml: supervision uses scorecard '${supervision.scorecard}', which is not defined`);
  for (const r of supervision.rates) {
    if (r.range[0] > r.range[1] || r.rate < r.range[0] || r.rate > r.range[1])
      problems.push(`scorecards.yaml: supervision rate of tier ${r.tier} (${r.rate}) lies outside its range ${r.range.join('-')}`);
    if (sup && r.tier !== 'not-graded' && !sup.tiers.some((t) => t.tier === r.tier))
      problems.push(`scorecards.yaml: supervision tier ${r.tier} is not a tier of ${sup.code}`);
  }
}

function checkComputedScorecard(
  c: ComputedScorecardDef,
  where: string,
  tiers: string[],
  listCodes: ReadonlySet<string>,
  byItem: ReadonlyMap<string, CatalogueItem>,
  kinds: ReadonlySet<string>,
  problems: string[],
): void {
  c.tiers.forEach((t, i) => {
    const last = i === c.tiers.length - 1;
    if (last && t.minScore !== undefined) problems.push(`${where}: the last tier (${t.tier}) takes every lower score and has no minScore`);
    if (!last && t.minScore === undefined) problems.push(`${where}: tier ${t.tier} needs a minScore`);
    if (i > 0 && t.minScore !== undefined && c.tiers[i - 1]!.minScore !== undefined && t.minScore >= c.tiers[i - 1]!.minScore!)
      problems.push(`${where}: tiers must be in descending order of minScore`);
  });
  for (const t of c.publicTiers) if (!tiers.includes(t)) problems.push(`${where}: public tier ${t} is not a tier`);
  for (const d of c.directTiers ?? []) {
    if (!tiers.includes(d.tier)) problems.push(`${where}: direct tier ${d.tier} is not a tier`);
    for (const l of d.lists) if (!listCodes.has(l)) problems.push(`${where}: direct tier list '${l}' is not in lists.yaml`);
  }
  for (const d of duplicates(c.factors.map((f) => f.code))) problems.push(`${where}: factor ${d} is defined twice`);
  for (const f of c.factors) {
    const fw = `${where}, factor ${f.code}`;
    const src = f.source;
    if (!src.items === !src.lists) problems.push(`${fw}: a factor reads either items or lists`);
    for (const l of src.lists ?? []) if (!listCodes.has(l)) problems.push(`${fw}: list '${l}' is not in lists.yaml`);
    for (const k of src.agencyKinds ?? []) if (!kinds.has(k)) problems.push(`${fw}: agency kind '${k}' is not in agency-kinds.yaml`);
    for (const code of src.items ?? []) {
      const item = byItem.get(code);
      if (!item) {
        problems.push(`${fw}: item '${code}' is not in the catalogue`);
        continue;
      }
      const wf = src.where ? item.fields.find((x) => x.name === src.where!.field) : undefined;
      if (src.where && !wf) problems.push(`${fw}: '${src.where.field}' is not a field of ${code}`);
      if (src.where && wf?.values)
        for (const v of src.where.includes) if (!wf.values.includes(v)) problems.push(`${fw}: '${v}' is not a value of ${code}.${wf.name}`);
      if (typeof f.measure === 'object') {
        const field = item.fields.find((x) => x.name === (f.measure as { sum: string }).sum);
        if (!field || !['money', 'number', 'integer'].includes(field.type))
          problems.push(`${fw}: '${(f.measure as { sum: string }).sum}' is not a numeric field of ${code}`);
      }
    }
    if (Math.sign(f.points) !== Math.sign(f.cap) && f.cap !== 0) problems.push(`${fw}: points ${f.points} and cap ${f.cap} must have the same sign`);
  }
}

/**
 * A mirrored grade is one enum field of one catalogue item: each of its values is a tier (the
 * authority can file any of them) and each tier one of its values (the platform adds none). The
 * period that orders grades decided the same day is an integer field every record of it has.
 */
function checkMirroredScorecard(c: MirroredScorecardDef, where: string, tiers: string[], byItem: ReadonlyMap<string, CatalogueItem>, problems: string[]): void {
  for (const t of c.publicTiers) if (!tiers.includes(t)) problems.push(`${where}: public tier ${t} is not a tier`);
  const { item: code, field: name } = c.mirrors;
  const item = byItem.get(code);
  if (!item) {
    problems.push(`${where}: mirrored item '${code}' is not in the catalogue`);
    return;
  }
  for (const k of c.subjectKinds) if (!item.subjectKinds.includes(k)) problems.push(`${where}: subject kind ${k} is not one that item ${code} concerns`);
  const field = item.fields.find((f) => f.name === name);
  if (!field || field.type !== 'enum' || !field.values) {
    problems.push(`${where}: mirrored field '${name}' is not an enum field of ${code}`);
    return;
  }
  for (const v of field.values) if (!tiers.includes(v)) problems.push(`${where}: ${code}.${name} can be '${v}', which is not a tier`);
  for (const t of tiers) if (!field.values.includes(t)) problems.push(`${where}: tier ${t} is not a value of ${code}.${name}`);
  const period = c.mirrors.period;
  if (period !== undefined && !item.fields.some((f) => f.name === period && f.type === 'integer' && f.required)) {
    problems.push(`${where}: mirrored period '${period}' is not a required integer field of ${code}`);
  }
}
