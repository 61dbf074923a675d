// Checks of the pack's furnishing data standard (furnishing.yaml) that its schema cannot make:
// nothing art. 14 of the Regulation forbids collecting, the fields the platform reads present
// with their types, consent-gated items only on account lines (which cite a consent), and furnishers
// that are agency kinds of the furnisher class (which supply no catalogue item), and inquiry
// purposes whose authority the Regulation allows (arts. 18 and 20).
import { CORE_FIELDS, forbiddenInformationIn, FURNISHING_SCOPE, isConsentGated, LINE_KINDS, type LineKind } from '../domain/credit-reporting/standard.ts';
import type { FurnishingStandard } from '../domain/policy/furnishing-schema.ts';
import { inquiryPurposeProblems } from '../domain/credit-reporting/inquiry.ts';
import type { AgencyKind, CatalogueItem } from '../domain/policy/schema.ts';

export const FURNISHING_FILE = 'furnishing.yaml';

/**
 * Names every line kind and data item that mentions what art. 14 forbids collecting, before the
 * schema is checked (so the refusal says why). Returns the JSON pointers it explained.
 */
export function checkForbiddenFurnishingItems(doc: unknown, problems: string[]): Set<string> {
  const explained = new Set<string>();
  const lines = (doc as { lines?: unknown })?.lines;
  if (!Array.isArray(lines)) return explained;
  lines.forEach((line: Record<string, unknown> | null, i) => {
    const kind = typeof line?.kind === 'string' ? line.kind : `#${i + 1}`;
    const fields = Array.isArray(line?.fields) ? (line.fields as Array<Record<string, unknown> | null>) : [];
    fields.forEach((field, j) => {
      const name = typeof field?.name === 'string' ? field.name : `#${j + 1}`;
      const label = (field?.label ?? {}) as Record<string, unknown>;
      const texts = [field?.name, field?.category, label.zh, label.en].filter((t): t is string => typeof t === 'string');
      for (const t of texts) {
        const what = forbiddenInformationIn(t);
        if (!what) continue;
        problems.push(
          `${FURNISHING_FILE}: line ${kind}, item ${name}: names ${what}, which the Regulation (art. 14) forbids collecting; the data standard cannot express it`,
        );
        explained.add(`/lines/${i}/fields/${j}/category`);
        break;
      }
    });
  });
  return explained;
}

export function checkFurnishing(std: FurnishingStandard, agencyKinds: readonly AgencyKind[], items: readonly CatalogueItem[], problems: string[]): void {
  const where = (kind: string, field?: string) => `${FURNISHING_FILE}: line ${kind}${field ? `, item ${field}` : ''}`;
  const furnisherClass = new Set(agencyKinds.filter((k) => k.class === 'furnisher').map((k) => k.code));
  for (const f of std.furnishers) {
    if (!furnisherClass.has(f)) problems.push(`${FURNISHING_FILE}: furnisher '${f}' is not an agency kind of class furnisher in agency-kinds.yaml`);
  }
  for (const k of furnisherClass) {
    if (!std.furnishers.includes(k)) problems.push(`${FURNISHING_FILE}: agency kind ${k} is of class furnisher but not among the furnishers`);
  }
  for (const item of items) {
    for (const s of item.suppliers) {
      if (furnisherClass.has(s)) problems.push(`catalogue.yaml: item ${item.code}: supplier '${s}' is a furnisher; furnishers file no public-credit records`);
    }
  }
  const seen = new Set<string>();
  for (const line of std.lines) {
    if (seen.has(line.kind)) problems.push(`${where(line.kind)}: is defined twice`);
    seen.add(line.kind);
    const names = new Set<string>();
    for (const f of line.fields) {
      if (names.has(f.name)) problems.push(`${where(line.kind, f.name)}: is defined twice`);
      names.add(f.name);
      if ((f.type === 'enum' || f.type === 'enum-list') !== (f.values !== undefined))
        problems.push(`${where(line.kind, f.name)}: ${f.values ? `a field of type ${f.type} cannot have values` : `a field of type ${f.type} needs values`}`);
      if (isConsentGated(f.category)) {
        // checkBatch holds an account line's consent against the recorded consents; no other line's.
        if (line.kind !== 'account')
          problems.push(
            `${where(line.kind, f.name)}: an item of category ${f.category} goes on account lines alone, where the batch checks the consent that covers it`,
          );
        if (f.required) problems.push(`${where(line.kind, f.name)}: an item of category ${f.category} needs the person's consent, so it cannot be required`);
        if (!line.fields.some((g) => g.name === 'consent' && g.category === 'consent'))
          problems.push(
            `${where(line.kind, f.name)}: an item of category ${f.category} is accepted only with a written consent, and line ${line.kind} has no consent item`,
          );
        if (f.type !== 'money') problems.push(`${where(line.kind, f.name)}: an item of category ${f.category} is an amount (money)`);
      }
    }
    const core = CORE_FIELDS[line.kind as LineKind];
    for (const c of core) {
      const f = line.fields.find((x) => x.name === c.name);
      if (!f) {
        problems.push(`${where(line.kind, c.name)}: is missing; the platform reads it`);
        continue;
      }
      if (f.type !== c.type) problems.push(`${where(line.kind, c.name)}: must be of type ${c.type}, not ${f.type}`);
      if (c.required && !f.required) problems.push(`${where(line.kind, c.name)}: must be required; the platform reads it on every line`);
      if (c.values) {
        const vs = f.values ?? [];
        const extra = vs.filter((v) => !c.values!.includes(v));
        // A pack may leave out consent-gated items, not the consent to furnishing a person's data (art. 29).
        const missing = c.name === 'scope' ? (vs.includes(FURNISHING_SCOPE) ? [] : [FURNISHING_SCOPE]) : c.values.filter((v) => !vs.includes(v));
        if (extra.length > 0)
          problems.push(`${where(line.kind, c.name)}: ${extra.join(', ')} ${extra.length === 1 ? 'is' : 'are'} not among ${c.values.join(', ')}`);
        if (missing.length > 0) problems.push(`${where(line.kind, c.name)}: must list ${missing.join(', ')}`);
      }
    }
  }
  for (const k of LINE_KINDS) if (!seen.has(k)) problems.push(`${FURNISHING_FILE}: line ${k} is missing; the standard defines every kind of line`);
  for (const p of inquiryPurposeProblems(std.inquiryPurposes)) problems.push(`${FURNISHING_FILE}: ${p}`);
}
