// Record attributes: the few fields that measure conditions and scorecards read (e.g. a
// penalty's types and fine, an annual report's timeliness), copied into the projection row so
// that checks and evaluations need not open every record's ledger event. The set comes from
// the policy pack; changing it takes a rebuild (xinyong rebuild) to backfill older rows.
import type { FieldValue } from '../../domain/records.ts';

let attributeFields: readonly string[] = [];

export function setAttributeFields(fields: Iterable<string>): void {
  attributeFields = [...new Set(fields)].sort();
}

export function attributesOf(fields: Record<string, FieldValue>): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const f of attributeFields) {
    const v = fields[f];
    if (v !== undefined && (typeof v !== 'object' || Array.isArray(v))) out[f] = v;
  }
  return out;
}
