// Validation of a record submitted by an agency against its catalogue item: the closed
// catalogue (no unknown item, no unknown field), the identifiers, the decision document, and the
// subject kinds the item applies to; every text safe (safe-text.ts), names in NFC, amounts of
// money in whole fen (money.ts). Produces the normalised record the ledger stores.
import { isIsoDate, type IsoDate } from './dates.ts';
import { subjectKindOfUscc, type SubjectKind } from './enumerations.ts';
import { hashResidentId, parseResidentId } from './ids/resident-id.ts';
import { parseUscc, type UsccFlag, type UsccResult } from './ids/uscc.ts';
import type { CatalogueItem, FieldDef } from './policy/schema.ts';
import { assertNever } from './assert-never.ts';
import { normaliseName, unsafeText } from './safe-text.ts';
import { MAX_MONEY_FEN, fenToYuan, parseYuan } from './money.ts';

export interface RecordInput {
  item?: unknown;
  subject?: unknown;
  decision?: unknown;
  fields?: unknown;
}

export interface DecisionDocument {
  /** Document number, e.g. 杭市监罚〔2025〕123号. */
  number: string;
  date: IsoDate;
  authority: string;
  /** The article of law applied. */
  basis: string;
}

export interface SubjectRef {
  /** The stable key every table is keyed by: the USCC, or p: and the keyed hash for a person. */
  key: string;
  kind: SubjectKind;
  /** What is shown: the USCC, or the masked identity number. */
  code: string;
  name: string;
  /** Flags on a code accepted in lenient mode. */
  flags: UsccFlag[];
}

/** A stored person identifier: the masked form for display and the keyed hash for matching. */
export interface PersonIdValue {
  masked: string;
  hash: string;
}

export type FieldValue = string | number | boolean | string[] | PersonIdValue;

export interface ValidatedRecord {
  item: string;
  subject: SubjectRef;
  decision: DecisionDocument;
  fields: Record<string, FieldValue>;
}

export interface FieldError {
  field: string;
  message: string;
}

export interface ValidationContext {
  /** Today's local date: decisions cannot come from the future. */
  today: IsoDate;
  /** Secret for the keyed hash of identity numbers. */
  idHashSecret: string;
  /** Accept codes whose check character fails, flagging them. */
  lenientCodes?: boolean;
  /** Parsed codes by input, reused across the records of a batch (many records share a subject). */
  codeCache?: Map<string, UsccResult>;
}

const CODE_CACHE_LIMIT = 100_000;

function parseCode(code: string, ctx: ValidationContext): UsccResult {
  const lenient = ctx.lenientCodes ?? false;
  const cache = ctx.codeCache;
  if (!cache) return parseUscc(code, { lenient });
  const key = lenient ? `~${code}` : code;
  let r = cache.get(key);
  if (!r) {
    if (cache.size >= CODE_CACHE_LIMIT) cache.clear();
    r = parseUscc(code, { lenient });
    cache.set(key, r);
  }
  return r;
}

const DEFAULT_MAX_TEXT = 4000;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A text field: trimmed, not empty, safe, at most `max` characters; a name is normalised to NFC first. */
function checkText(value: unknown, path: string, errors: FieldError[], max = DEFAULT_MAX_TEXT, name = false): string | undefined {
  if (typeof value !== 'string') {
    errors.push({ field: path, message: 'must be text' });
    return undefined;
  }
  // Before trimming, which would silently drop a byte order mark at either end.
  const unsafe = unsafeText(value);
  if (unsafe) {
    errors.push({ field: path, message: unsafe });
    return undefined;
  }
  const text = name ? normaliseName(value.trim()) : value.trim();
  if (text.length === 0) {
    errors.push({ field: path, message: 'must not be empty' });
    return undefined;
  }
  if (text.length > max) {
    errors.push({ field: path, message: `must be at most ${max} characters` });
    return undefined;
  }
  return text;
}

export function personKey(idHash: string): string {
  return `p:${idHash.slice(0, 40)}`;
}

/** Whether a subject key is a natural person's (organisations are keyed by their code). */
export function isPersonKey(key: string): boolean {
  return key.startsWith('p:');
}

type FieldCheck = (value: unknown, path: string, errors: FieldError[], ctx: ValidationContext) => FieldValue | undefined;

function compileField(def: FieldDef): FieldCheck {
  switch (def.type) {
    case 'text':
      return (v, p, e) => checkText(v, p, e, def.maxLength ?? DEFAULT_MAX_TEXT);
    case 'person-name':
      return (v, p, e) => checkText(v, p, e, def.maxLength ?? 100, true);
    case 'date':
      return (v, p, e) => {
        if (!isIsoDate(v)) {
          e.push({ field: p, message: 'must be a date YYYY-MM-DD' });
          return undefined;
        }
        return v;
      };
    case 'money': {
      // The pack's bounds are amounts in yuan (checked when it loads), within the platform's own.
      const minFen = def.minimum === undefined ? 0 : Math.round(def.minimum * 100);
      const maxFen = def.maximum === undefined ? MAX_MONEY_FEN : Math.min(MAX_MONEY_FEN, Math.round(def.maximum * 100));
      return (v, p, e) => {
        const r = parseYuan(v, maxFen);
        if ('error' in r) {
          e.push({ field: p, message: r.error });
          return undefined;
        }
        if (r.fen < minFen) {
          e.push({ field: p, message: `must be at least ${def.minimum} yuan` });
          return undefined;
        }
        return fenToYuan(r.fen);
      };
    }
    case 'number':
    case 'integer':
      return (v, p, e) => {
        if (typeof v !== 'number' || !Number.isFinite(v)) {
          e.push({ field: p, message: 'must be a number' });
          return undefined;
        }
        if (def.type === 'integer' && !Number.isInteger(v)) {
          e.push({ field: p, message: 'must be a whole number' });
          return undefined;
        }
        if (def.minimum !== undefined && v < def.minimum) {
          e.push({ field: p, message: `must be at least ${def.minimum}` });
          return undefined;
        }
        if (def.maximum !== undefined && v > def.maximum) {
          e.push({ field: p, message: `must be at most ${def.maximum}` });
          return undefined;
        }
        return v;
      };
    case 'boolean':
      return (v, p, e) => {
        if (typeof v !== 'boolean') {
          e.push({ field: p, message: 'must be true or false' });
          return undefined;
        }
        return v;
      };
    case 'enum': {
      const allowed = new Set(def.values ?? []);
      return (v, p, e) => {
        if (typeof v !== 'string' || !allowed.has(v)) {
          e.push({ field: p, message: `must be one of ${[...allowed].join(', ')}` });
          return undefined;
        }
        return v;
      };
    }
    case 'enum-list': {
      const allowed = new Set(def.values ?? []);
      return (v, p, e) => {
        if (!Array.isArray(v) || v.length === 0) {
          e.push({ field: p, message: `must be a non-empty list of ${[...allowed].join(', ')}` });
          return undefined;
        }
        const bad = v.find((x) => typeof x !== 'string' || !allowed.has(x));
        if (bad !== undefined) {
          e.push({ field: p, message: `'${String(bad)}' is not one of ${[...allowed].join(', ')}` });
          return undefined;
        }
        return [...new Set(v as string[])];
      };
    }
    case 'uscc':
      return (v, p, e, ctx) => {
        if (typeof v !== 'string') {
          e.push({ field: p, message: 'must be a Unified Social Credit Code' });
          return undefined;
        }
        const r = parseUscc(v, { lenient: ctx.lenientCodes ?? false });
        if (!r.valid) {
          e.push({ field: p, message: r.message });
          return undefined;
        }
        return r.code;
      };
    case 'resident-id':
      return (v, p, e, ctx) => {
        if (typeof v !== 'string') {
          e.push({ field: p, message: 'must be a resident identity number' });
          return undefined;
        }
        const r = parseResidentId(v);
        if (!r.valid) {
          e.push({ field: p, message: r.message });
          return undefined;
        }
        return { hash: hashResidentId(r.number, ctx.idHashSecret), masked: r.masked };
      };
    default:
      return assertNever(def.type, 'field type');
  }
}

export type RecordValidator = (input: RecordInput, ctx: ValidationContext) => { record?: ValidatedRecord; errors: FieldError[] };

/**
 * Validates the fields of an item. In partial mode (a correction) only the given fields are
 * checked, and null marks a field to remove.
 */
export type FieldsValidator = (
  given: unknown,
  ctx: ValidationContext,
  errors: FieldError[],
  partial?: boolean,
) => { values: Record<string, FieldValue>; removed: string[] } | undefined;

export function compileFieldsValidator(item: CatalogueItem): FieldsValidator {
  // Sorted by name so that the values object is built with its keys in canonical order.
  const fieldChecks = [...item.fields].sort((a, b) => (a.name < b.name ? -1 : 1)).map((def) => ({ def, check: compileField(def) }));
  const known = new Set(item.fields.map((f) => f.name));
  return (given, ctx, errors, partial = false) => {
    if (!isPlainObject(given ?? {})) {
      errors.push({ field: 'fields', message: 'must be an object' });
      return undefined;
    }
    const input = (given ?? {}) as Record<string, unknown>;
    const before = errors.length;
    for (const name of Object.keys(input)) {
      if (!known.has(name)) errors.push({ field: `fields.${name}`, message: `is not a field of catalogue item ${item.code}` });
    }
    const values: Record<string, FieldValue> = {};
    const removed: string[] = [];
    for (const { def, check } of fieldChecks) {
      const v = input[def.name];
      if (v === undefined || v === null || v === '') {
        if (partial) {
          if (v === undefined) continue;
          if (def.required) errors.push({ field: `fields.${def.name}`, message: 'is required and cannot be removed' });
          else removed.push(def.name);
          continue;
        }
        if (def.required) errors.push({ field: `fields.${def.name}`, message: 'is required' });
        continue;
      }
      const out = check(v, `fields.${def.name}`, errors, ctx);
      if (out !== undefined) values[def.name] = out;
    }
    return errors.length > before ? undefined : { values, removed };
  };
}

/** Compiles the validator of one catalogue item (done once per pack, used on every record). */
export function compileRecordValidator(item: CatalogueItem): RecordValidator {
  const validateFields = compileFieldsValidator(item);
  const kinds = new Set<SubjectKind>(item.subjectKinds);
  return (input, ctx) => {
    const errors: FieldError[] = [];
    const subject = validateSubject(input.subject, kinds, ctx, errors);
    const decision = validateDecision(input.decision, ctx, errors);
    const fields = validateFields(input.fields, ctx, errors);
    if (errors.length > 0 || !subject || !decision || !fields) return { errors };
    return { record: { item: item.code, subject, decision, fields: fields.values }, errors };
  };
}

const DECISION_PARTS: ReadonlySet<string> = new Set(['number', 'date', 'authority', 'basis']);
const SUBJECT_PARTS: ReadonlySet<string> = new Set(['code', 'idNumber', 'name']);

export function validateDecision(input: unknown, ctx: ValidationContext, errors: FieldError[]): DecisionDocument | undefined {
  if (!isPlainObject(input)) {
    errors.push({ field: 'decision', message: 'the decision document (number, date, authority, basis) is required' });
    return undefined;
  }
  for (const k of Object.keys(input)) {
    if (!DECISION_PARTS.has(k)) errors.push({ field: `decision.${k}`, message: 'is not a part of the decision document' });
  }
  const number = checkText(input.number, 'decision.number', errors, 200);
  const authority = checkText(input.authority, 'decision.authority', errors, 200);
  const basis = checkText(input.basis, 'decision.basis', errors, 1000);
  let date: IsoDate | undefined;
  if (!isIsoDate(input.date)) errors.push({ field: 'decision.date', message: 'must be a date YYYY-MM-DD' });
  else if (input.date > ctx.today)
    errors.push({ field: 'decision.date', message: `must not be later than today (${ctx.today}): only legally effective decisions are recorded` });
  else date = input.date;
  if (number === undefined || authority === undefined || basis === undefined || date === undefined) return undefined;
  return { authority, basis, date, number };
}

function validateSubject(input: unknown, kinds: ReadonlySet<SubjectKind>, ctx: ValidationContext, errors: FieldError[]): SubjectRef | undefined {
  if (!isPlainObject(input)) {
    errors.push({ field: 'subject', message: 'the subject (code or idNumber, and name) is required' });
    return undefined;
  }
  for (const k of Object.keys(input)) {
    if (!SUBJECT_PARTS.has(k)) errors.push({ field: `subject.${k}`, message: 'is not a part of the subject' });
  }
  const name = checkText(input.name, 'subject.name', errors, 200, true);
  if (input.code !== undefined && input.idNumber !== undefined) {
    errors.push({ field: 'subject', message: 'give either code (an organisation) or idNumber (a natural person), not both' });
    return undefined;
  }
  if (typeof input.idNumber === 'string') {
    if (!kinds.has('natural-person')) {
      errors.push({ field: 'subject.idNumber', message: 'this catalogue item does not apply to natural persons' });
      return undefined;
    }
    const r = parseResidentId(input.idNumber);
    if (!r.valid) {
      errors.push({ field: 'subject.idNumber', message: r.message });
      return undefined;
    }
    if (name === undefined) return undefined;
    const hash = hashResidentId(r.number, ctx.idHashSecret);
    return { code: r.masked, flags: [], key: personKey(hash), kind: 'natural-person', name };
  }
  if (typeof input.code !== 'string') {
    errors.push({ field: 'subject.code', message: 'must be a Unified Social Credit Code' });
    return undefined;
  }
  const r = parseCode(input.code, ctx);
  if (!r.valid) {
    errors.push({ field: 'subject.code', message: r.message });
    return undefined;
  }
  const kind = subjectKindOfUscc(r.parts.authority, r.parts.category);
  if (!kinds.has(kind)) {
    errors.push({ field: 'subject.code', message: `the code names a ${kind}, and this catalogue item applies only to ${[...kinds].join(', ')}` });
    return undefined;
  }
  if (name === undefined) return undefined;
  return { code: r.code, flags: r.flags, key: r.code, kind, name };
}
