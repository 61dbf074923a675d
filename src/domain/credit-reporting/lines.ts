// One line of a furnishing batch, checked against the pack's data standard and normalised: only
// the standard's items, each of its type; identity numbers validated and replaced by their keyed
// hash (the raw number is never kept); amounts as whole fen. The canonical form of a normalised
// line is what the batch's Merkle tree commits to, and it is reproducible from the stored rows.
import { isIsoDate, type IsoDate } from '../dates.ts';
import { assertNever } from '../assert-never.ts';
import { MAX_MONEY_YUAN, parseYuan, fenToYuan } from '../money.ts';
import { parseSubjectIdentifier } from '../ids/identifier.ts';
import { hashResidentId } from '../ids/resident-id.ts';
import { personKey, type FieldError } from '../records.ts';
import type { FurnishingField, FurnishingLineDef, FurnishingStandard } from '../policy/furnishing-schema.ts';
import { LINE_KINDS, REVOLVING_TYPES, isConsentGated, statusAgreesWithDaysPastDue, type LineKind } from './standard.ts';

/** A borrower, guarantor or consenting person as stored: the subject key the report looks up. */
export interface BorrowerRef {
  /** The subject key: personKey(keyed hash) for a person, the code for an organisation. */
  key: string;
  kind: 'person' | 'organisation';
  /** For display: a person's number masked, an organisation's code as it is. */
  masked: string;
}

export type LineValue = string | number | boolean | string[] | BorrowerRef | BorrowerRef[];

/** A line after validation: its kind and its items (money in fen). */
export interface FurnishedLine {
  kind: LineKind;
  values: Record<string, LineValue>;
}

export interface LineContext {
  /** Today where the pack's law applies: nothing furnished happens after it. */
  today: IsoDate;
  idHashSecret: string;
  /** The reporting month of the batch (YYYY-MM): every statement is of it. */
  month: string;
}

const IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const MAX_GUARANTORS = 20;
const MAX_DAYS_PAST_DUE = 36_600;
const MAX_TERM_MONTHS = 1_200;
/** Dates of what is still to come when furnished (a consent's expiry); every other date is past or today. */
const DATES_AHEAD: ReadonlySet<string> = new Set(['expiresOn']);

export function isMonth(v: unknown): v is string {
  return typeof v === 'string' && MONTH.test(v);
}

/** The last day of a month YYYY-MM. */
export function monthEnd(month: string): IsoDate {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}` as IsoDate;
}

/** The line definitions of a standard by kind, and each line's fields by name (built once per pack). */
/** An item as canonical JSON writes it: its key with the colon, and its type. */
interface CanonicalItem {
  name: string;
  key: string;
  type: FurnishingField['type'];
}

export class LineStandard {
  private readonly byKind = new Map<
    string,
    { def: FurnishingLineDef; fields: Map<string, FurnishingField>; before: readonly CanonicalItem[]; after: readonly CanonicalItem[] }
  >();
  constructor(readonly standard: FurnishingStandard) {
    for (const def of standard.lines) {
      // Items in code-unit order of their names, split where 'kind' falls: the order of canonical JSON.
      const sorted = [...def.fields].sort((a, b) => (a.name < b.name ? -1 : 1)).map((f) => ({ name: f.name, key: `${JSON.stringify(f.name)}:`, type: f.type }));
      this.byKind.set(def.kind, {
        def,
        fields: new Map(def.fields.map((f) => [f.name, f])),
        before: sorted.filter((f) => f.name < 'kind'),
        after: sorted.filter((f) => f.name > 'kind'),
      });
    }
  }
  line(kind: string) {
    return this.byKind.get(kind);
  }
}

export function borrowerOf(v: unknown, secret: string): BorrowerRef | string {
  if (typeof v !== 'string' || v.trim() === '') return 'must be a resident identity number or a Unified Social Credit Code';
  const id = parseSubjectIdentifier(v);
  // A code accepted only leniently (its check character fails) is refused: a furnisher's borrower
  // is identified exactly, or a mistyped identity number would stand for an organisation.
  if (id.type === 'uscc' && id.uscc.flags.length > 0)
    return 'is neither a valid resident identity number nor a valid Unified Social Credit Code (its check character fails)';
  if (id.type === 'uscc') return { key: id.uscc.code, kind: 'organisation', masked: id.uscc.code };
  if (id.type === 'person') return { key: personKey(hashResidentId(id.person.number, secret)), kind: 'person', masked: id.person.masked };
  return `is neither a valid resident identity number nor a valid Unified Social Credit Code (${id.uscc.message})`;
}

/** Why a value is not one of its item's type. */
export class ItemError {
  constructor(readonly message: string) {}
}

/** One item's value by its type, or why it is not one. */
export function itemValue(f: FurnishingField, v: unknown, ctx: LineContext): LineValue | ItemError {
  switch (f.type) {
    case 'identifier':
      return typeof v === 'string' && IDENTIFIER.test(v) ? v : new ItemError('must be 1-64 letters, digits and . _ : / - (starting with a letter or digit)');
    case 'borrower': {
      const b = borrowerOf(v, ctx.idHashSecret);
      return typeof b === 'string' ? new ItemError(b) : b;
    }
    case 'borrower-list': {
      if (!Array.isArray(v) || v.length === 0 || v.length > MAX_GUARANTORS)
        return new ItemError(`must be a list of 1-${MAX_GUARANTORS} identity numbers or codes`);
      const out: BorrowerRef[] = [];
      for (let i = 0; i < v.length; i++) {
        const b = borrowerOf(v[i], ctx.idHashSecret);
        if (typeof b === 'string') return new ItemError(`[${i}] ${b}`);
        out.push(b);
      }
      return out;
    }
    case 'currency':
      return typeof v === 'string' && /^[A-Z]{3}$/.test(v) ? v : new ItemError('must be an ISO 4217 currency code such as CNY');
    case 'date':
      if (!isIsoDate(v)) return new ItemError('must be a real date, YYYY-MM-DD');
      return v <= ctx.today || DATES_AHEAD.has(f.name) ? v : new ItemError(`must not be after today (${ctx.today})`);
    case 'month':
      return isMonth(v) ? v : new ItemError('must be a month, YYYY-MM');
    case 'money': {
      // Whole yuan (most amounts) need no decimal check.
      if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= MAX_MONEY_YUAN) return v * 100;
      const r = parseYuan(v);
      return 'fen' in r ? r.fen : new ItemError(r.error);
    }
    case 'integer': {
      const max = f.name === 'daysPastDue' ? MAX_DAYS_PAST_DUE : f.name === 'termMonths' ? MAX_TERM_MONTHS : Number.MAX_SAFE_INTEGER;
      return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= max ? v : new ItemError(`must be a whole number from 0 to ${max}`);
    }
    case 'enum':
      return typeof v === 'string' && f.values!.includes(v) ? v : new ItemError(`must be one of ${f.values!.join(', ')}`);
    case 'enum-list': {
      if (!Array.isArray(v) || v.length === 0 || new Set(v).size !== v.length || !v.every((x) => typeof x === 'string' && f.values!.includes(x)))
        return new ItemError(`must be a list of distinct values among ${f.values!.join(', ')}`);
      return [...(v as string[])].sort();
    }
    case 'boolean':
      return typeof v === 'boolean' ? v : new ItemError('must be true or false');
  }
}

/**
 * Validates one line against the standard and the rules within a line (the status agrees with
 * the days past due; a revolving account has a limit and other accounts a principal; ...).
 * Rules across lines and against stored data are checkBatch's.
 */
export function validateLine(std: LineStandard, raw: unknown, ctx: LineContext): { line?: FurnishedLine; errors: FieldError[] } {
  const errors: FieldError[] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { errors: [{ field: '', message: 'must be a JSON object' }] };
  const input = raw as Record<string, unknown>;
  const kind = input.kind;
  const found = typeof kind === 'string' ? std.line(kind) : undefined;
  if (!found) return { errors: [{ field: 'kind', message: `must be one of ${LINE_KINDS.join(', ')}` }] };
  const values: Record<string, LineValue> = {};
  for (const name in input) {
    const v = input[name];
    if (name === 'kind' || v === null || v === undefined) continue;
    const f = found.fields.get(name);
    if (!f) {
      errors.push({ field: name, message: `is not an item of the data standard for ${kind} lines` });
      continue;
    }
    const r = itemValue(f, v, ctx);
    if (r instanceof ItemError) errors.push({ field: name, message: r.message });
    else values[name] = r;
  }
  for (const f of found.def.fields) {
    if (f.required && input[f.name] == null) errors.push({ field: f.name, message: 'is required' });
  }
  if (errors.length > 0) return { errors };
  const line: FurnishedLine = { kind: kind as LineKind, values };
  lineRules(line, found.def, ctx, errors);
  return errors.length > 0 ? { errors } : { line, errors };
}

function lineRules(line: FurnishedLine, def: FurnishingLineDef, ctx: LineContext, errors: FieldError[]): void {
  const v = line.values;
  switch (line.kind) {
    case 'account': {
      const revolving = REVOLVING_TYPES.has(v.type as string);
      if (revolving && v.limit === undefined) errors.push({ field: 'limit', message: `is required for a ${String(v.type)} account` });
      if (revolving && v.principal !== undefined) errors.push({ field: 'principal', message: `a ${String(v.type)} account has a limit, not a principal` });
      if (!revolving && v.principal === undefined) errors.push({ field: 'principal', message: `is required for a ${String(v.type)} account` });
      if (!revolving && v.limit !== undefined) errors.push({ field: 'limit', message: `a ${String(v.type)} account has a principal, not a limit` });
      if (v.type === 'non-revolving-loan' && v.termMonths === undefined) errors.push({ field: 'termMonths', message: 'is required for a non-revolving loan' });
      if (v.type === 'guarantee' && v.guarantors !== undefined)
        errors.push({ field: 'guarantors', message: 'a guarantee account is itself the guarantor’s responsibility' });
      const gated = def.fields.filter((f) => isConsentGated(f.category) && v[f.name] !== undefined);
      if ((v.borrower as BorrowerRef).kind === 'person' && v.consent === undefined)
        errors.push({
          field: 'consent',
          message: "is required: a person's credit information is furnished only with the person's prior written consent (art. 29)",
        });
      else if (gated.length > 0 && v.consent === undefined)
        errors.push({
          field: 'consent',
          message: `is required: ${gated.map((f) => f.name).join(', ')} may be furnished only with the person's written consent (art. 14)`,
        });
      break;
    }
    case 'statement': {
      if (v.month !== ctx.month) errors.push({ field: 'month', message: `must be the batch's reporting month ${ctx.month}` });
      if (!statusAgreesWithDaysPastDue(v.status as string, v.daysPastDue as number))
        errors.push({ field: 'status', message: `status ${String(v.status)} does not agree with ${String(v.daysPastDue)} days past due` });
      if (v.status === 'C' && v.closedOn === undefined) errors.push({ field: 'closedOn', message: 'is required when the account is settled (C)' });
      if ((v.status === 'B') !== (v.writtenOff !== undefined))
        errors.push({
          field: 'writtenOff',
          message: v.status === 'B' ? 'is required for a bad debt (B)' : 'only a bad debt (status B) has an amount written off',
        });
      if (typeof v.closedOn === 'string' && v.closedOn > monthEnd(ctx.month)) errors.push({ field: 'closedOn', message: `must be in or before ${ctx.month}` });
      break;
    }
    case 'consent':
      if (typeof v.expiresOn === 'string' && v.expiresOn < (v.signedOn as string)) errors.push({ field: 'expiresOn', message: 'must not be before signedOn' });
      break;
    case 'notice':
      break;
    default:
      assertNever(line.kind, 'line kind');
  }
}

/** The key a line is unique by within a batch: one line per account (per kind), one per consent reference. */
export function lineKey(line: FurnishedLine): string {
  return `${line.kind}:${String(line.kind === 'consent' ? line.values.reference : line.values.account)}`;
}

/**
 * The canonical object of a line, whose canonical JSON is a leaf of the batch's tree: the kind and
 * every item, amounts in yuan (as sent), identities by subject key.
 */
export function canonicalLineObject(std: LineStandard, line: FurnishedLine): Record<string, unknown> {
  const fields = std.line(line.kind)!.fields;
  const out: Record<string, unknown> = { kind: line.kind };
  for (const [name, v] of Object.entries(line.values)) out[name] = canonicalValue(fields.get(name)!.type, v);
  return out;
}

/**
 * The canonical JSON of a line (canonicalJson of canonicalLineObject), written directly in key
 * order: a month-end batch has millions of lines.
 */
export function canonicalLineJson(std: LineStandard, line: FurnishedLine): string {
  const { before, after } = std.line(line.kind)!;
  const values = line.values;
  let out = '';
  for (let i = 0; i < before.length; i++) {
    const f = before[i]!;
    const v = values[f.name];
    if (v !== undefined) out += `,${f.key}${canonicalText(f.type, v)}`;
  }
  out += `,"kind":${JSON.stringify(line.kind)}`;
  for (let i = 0; i < after.length; i++) {
    const f = after[i]!;
    const v = values[f.name];
    if (v !== undefined) out += `,${f.key}${canonicalText(f.type, v)}`;
  }
  return `{${out.slice(1)}}`;
}

/**
 * A value as canonical JSON. Identifiers, dates, months, currency codes and subject keys are
 * checked to hold no character JSON escapes, so they are quoted as they are.
 */
function canonicalText(type: FurnishingField['type'], v: LineValue): string {
  switch (type) {
    case 'money':
      return String(fenToYuan(v as number));
    case 'integer':
    case 'boolean':
      return String(v);
    case 'identifier':
    case 'date':
    case 'month':
    case 'currency':
      return `"${v as string}"`;
    case 'borrower':
      return `"${(v as BorrowerRef).key}"`;
    default:
      return JSON.stringify(canonicalValue(type, v));
  }
}

function canonicalValue(type: FurnishingField['type'], v: LineValue): unknown {
  if (type === 'money') return fenToYuan(v as number);
  if (type === 'borrower') return (v as BorrowerRef).key;
  if (type === 'borrower-list') return (v as BorrowerRef[]).map((b) => b.key);
  return v;
}
