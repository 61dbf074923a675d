// A line of an NDJSON batch read in place, for the kinds of line whose platform items are all plain
// values (a statement, a notice: identifiers, dates, months, amounts, whole numbers, enumerations),
// compiled once from the pack's standard. A month-end batch is millions of statements: this reads
// each without building its JSON value or a line object, and writes its canonical JSON directly.
//
// It accepts only what it is sure of: one plain object, each key once and a platform item of the
// line's kind, strings without escapes, numbers without sign or exponent, every item valid by
// itemValue (the very function validateLine uses) and the line's rules met. Anything else (an
// escape, a null, a repeated key, an unknown or extra item, a line that breaks a rule, a kind with
// identities or lists) it leaves to JSON.parse and validateLine, which give that line's value or
// its errors. So a line it accepts is one validateLine accepts with the same items, and every
// refusal is validateLine's, word for word.
import type { FurnishingField } from '../policy/furnishing-schema.ts';
import { ItemError, itemValue, monthEnd, type LineContext, type LineStandard } from './lines.ts';
import { fenToYuan } from '../money.ts';
import { ADVERSE_STATUSES, CORE_FIELDS, statusAgreesWithDaysPastDue } from './standard.ts';

/** The kinds read in place; their rules within a line are checked here as lineRules checks them. */
export type PlainKind = 'statement' | 'notice';
const PLAIN_KINDS: readonly PlainKind[] = ['statement', 'notice'];
const PLAIN_TYPES: ReadonlySet<string> = new Set(['identifier', 'currency', 'date', 'month', 'money', 'integer', 'enum', 'boolean']);
/** The most integer digits of an amount read in place: below MAX_MONEY_YUAN, and with two decimals within 15 significant digits. */
const MONEY_DIGITS = 13;
/** The most digits of a whole number read in place: exact as a double. */
const INTEGER_DIGITS = 15;

const STRING = 1;
const NUMBER = 2;
const TRUE = 3;
const FALSE = 4;

interface Item {
  field: FurnishingField;
  slot: number;
  /** `,"name":` as canonical JSON writes it, and `"name":` for the first item. */
  key: string;
  bare: string;
  /** An enum's values as canonical JSON, in the order of the field's values. */
  json?: readonly string[];
}

interface KindPlan {
  kind: PlainKind;
  /** The kind's value as the line's text holds it, to compare in place. */
  name: string;
  /** `"kind":"statement"` */
  kindJson: string;
  /** The platform items, by slot. */
  bySlot: Array<Item | undefined>;
  items: readonly Item[];
  /** The items in canonical JSON's key order, split where 'kind' falls. */
  before: readonly Item[];
  after: readonly Item[];
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
function isWs(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10;
}

/**
 * The index of the quote closing a JSON string whose characters start at `i`, or -1 when the
 * string holds an escape or a control character, or does not end before `to` (such a line is left
 * to JSON.parse).
 */
function plainStringEnd(text: string, i: number, to: number): number {
  for (; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) return i;
    if (c === 92 || c < 32) return -1;
  }
  return -1;
}

/**
 * Reads lines of the plain kinds in place. One parser serves one batch (its context); the line it
 * answers is its own and valid until the next parse.
 */
export class LineParser {
  private readonly plans: KindPlan[] = [];
  /** Every name the parser knows ('kind' and the plain kinds' items): its slot, by length and first character. */
  private readonly names = new Map<number, Array<{ name: string; slot: number }>>();
  private readonly kindSlot: number;
  private readonly slots: number;
  private readonly start: Int32Array;
  private readonly end: Int32Array;
  private readonly dot: Int32Array;
  private readonly token: Uint8Array;
  private readonly stamp: Int32Array;
  private generation = 0;
  /** The keys of the last line read, in its order: each `"name":` as the text held it, and its slot. */
  private readonly shape: Array<{ text: string; slot: number }> = [];
  private readonly monthEnd: string;
  /** The slots of the statement items its rules read (-1 for one the standard lacks). */
  private readonly statementSlots: { month: number; status: number; daysPastDue: number; closedOn: number; writtenOff: number } | undefined;
  // The line last accepted.
  private plan: KindPlan | undefined;
  /** By slot: a string item's text, or the canonical text of a number. */
  private readonly str: Array<string | undefined>;
  /** By slot: an amount in fen, a whole number, or an enum's value index. */
  private readonly num: Float64Array;

  constructor(
    std: LineStandard,
    private readonly ctx: LineContext,
  ) {
    const slotOf = new Map<string, number>([['kind', 0]]);
    const slot = (name: string) => {
      let s = slotOf.get(name);
      if (s === undefined) slotOf.set(name, (s = slotOf.size));
      return s;
    };
    for (const kind of PLAIN_KINDS) {
      const def = std.line(kind)?.def;
      if (!def) continue;
      const core = new Set(CORE_FIELDS[kind].map((f) => f.name));
      // A line without an item the pack adds and requires is refused by validateLine: a kind
      // with such an item is never read in place.
      if (def.fields.some((f) => f.required && !core.has(f.name))) continue;
      // The platform's own items of the kind; an item the pack adds is left to validateLine.
      const fields = def.fields.filter((f) => core.has(f.name));
      if (!fields.every((f) => PLAIN_TYPES.has(f.type))) continue;
      const items = fields.map((f) => ({
        field: f,
        slot: slot(f.name),
        key: `,${JSON.stringify(f.name)}:`,
        bare: `${JSON.stringify(f.name)}:`,
        ...(f.type === 'enum' ? { json: f.values!.map((v) => JSON.stringify(v)) } : {}),
      }));
      const bySlot: Array<Item | undefined> = [];
      for (const it of items) bySlot[it.slot] = it;
      const sorted = [...items].sort((a, b) => (a.field.name < b.field.name ? -1 : 1));
      this.plans.push({
        kind,
        name: kind,
        kindJson: `"kind":${JSON.stringify(kind)}`,
        bySlot,
        items,
        before: sorted.filter((it) => it.field.name < 'kind'),
        after: sorted.filter((it) => it.field.name > 'kind'),
      });
    }
    for (const [name, s] of slotOf) {
      const k = name.length * 65536 + name.charCodeAt(0);
      const list = this.names.get(k) ?? [];
      list.push({ name, slot: s });
      this.names.set(k, list);
    }
    this.kindSlot = 0;
    this.slots = slotOf.size;
    this.start = new Int32Array(this.slots);
    this.end = new Int32Array(this.slots);
    this.dot = new Int32Array(this.slots);
    this.token = new Uint8Array(this.slots);
    this.stamp = new Int32Array(this.slots);
    this.str = new Array<string | undefined>(this.slots).fill(undefined);
    this.num = new Float64Array(this.slots);
    this.monthEnd = monthEnd(ctx.month);
    const statement = this.plans.find((p) => p.kind === 'statement');
    const at = (name: string) => statement?.items.find((it) => it.field.name === name)?.slot ?? -1;
    this.statementSlots = statement
      ? { month: at('month'), status: at('status'), daysPastDue: at('daysPastDue'), closedOn: at('closedOn'), writtenOff: at('writtenOff') }
      : undefined;
  }

  /** Whether any kind is read in place. */
  get reads(): boolean {
    return this.plans.length > 0;
  }

  /** The slot of a plain kind's item, for reading the line's values by slot. */
  slotOf(kind: PlainKind, name: string): number {
    const plan = this.plans.find((p) => p.kind === kind);
    const it = plan?.items.find((i) => i.field.name === name);
    if (!it) throw new Error(`the standard has no plain ${kind} item ${name}`);
    return it.slot;
  }

  /**
   * Reads text[from, to) as one line: its kind when the line is accepted (read its items with
   * has, text, number and canonical), or undefined when it is left to JSON.parse and validateLine.
   */
  parse(text: string, from: number, to: number): PlainKind | undefined {
    const gen = ++this.generation;
    const { start, end, dot, token, stamp } = this;
    let i = from;
    while (i < to && isWs(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) !== 123 /* { */) return undefined;
    i++;
    let seen = 0;
    const shape = this.shape;
    for (;;) {
      let slot: number;
      // The key the last line had here, followed by its colon: known without reading it.
      const expected = shape[seen];
      if (expected !== undefined && i + expected.text.length <= to && text.startsWith(expected.text, i)) {
        slot = expected.slot;
        i += expected.text.length;
        if (stamp[slot] === gen) return undefined;
      } else {
        while (i < to && isWs(text.charCodeAt(i))) i++;
        if (text.charCodeAt(i) !== 34 /* " */) return undefined;
        // The key, without escapes or control characters.
        const k0 = ++i;
        i = plainStringEnd(text, i, to);
        if (i < 0) return undefined;
        slot = this.slotAt(text, k0, i);
        if (slot < 0 || stamp[slot] === gen) return undefined;
        i++;
        // The keys expected from here on are this line's (none when the colon is spaced off).
        shape.length = seen;
        if (text.charCodeAt(i) === 58 /* : */) shape.push({ text: text.slice(k0 - 1, i + 1), slot });
        while (i < to && isWs(text.charCodeAt(i))) i++;
        if (text.charCodeAt(i) !== 58 /* : */) return undefined;
        i++;
      }
      stamp[slot] = gen;
      seen++;
      while (i < to && isWs(text.charCodeAt(i))) i++;
      const c = text.charCodeAt(i);
      if (c === 34) {
        const v0 = ++i;
        i = plainStringEnd(text, i, to);
        if (i < 0) return undefined;
        token[slot] = STRING;
        start[slot] = v0;
        end[slot] = i;
        i++;
      } else if (isDigit(c)) {
        // JSON's number grammar without sign or exponent: 0 or a digit string not starting with 0, then any fraction.
        const v0 = i;
        if (c === 48) i++;
        else while (i < to && isDigit(text.charCodeAt(i))) i++;
        let d = -1;
        if (text.charCodeAt(i) === 46 /* . */) {
          d = i++;
          const f0 = i;
          while (i < to && isDigit(text.charCodeAt(i))) i++;
          if (i === f0) return undefined;
        }
        token[slot] = NUMBER;
        start[slot] = v0;
        end[slot] = i;
        dot[slot] = d;
      } else if (c === 116 /* t */ && i + 4 <= to && text.startsWith('true', i)) {
        token[slot] = TRUE;
        i += 4;
      } else if (c === 102 /* f */ && i + 5 <= to && text.startsWith('false', i)) {
        token[slot] = FALSE;
        i += 5;
      } else return undefined;
      while (i < to && isWs(text.charCodeAt(i))) i++;
      const sep = text.charCodeAt(i);
      i++;
      if (sep === 44 /* , */) continue;
      if (sep === 125 /* } */) break;
      return undefined;
    }
    while (i < to && isWs(text.charCodeAt(i))) i++;
    if (i !== to) return undefined;
    // The kind.
    const ks = this.kindSlot;
    if (stamp[ks] !== gen || token[ks] !== STRING) return undefined;
    let plan: KindPlan | undefined;
    for (const p of this.plans) {
      if (end[ks]! - start[ks]! === p.name.length && text.startsWith(p.name, start[ks])) {
        plan = p;
        break;
      }
    }
    if (!plan) return undefined;
    // Every key an item of the kind, every required item present, each valid.
    let present = 1;
    for (const it of plan.items) {
      if (stamp[it.slot] !== gen) {
        if (it.field.required) return undefined;
        continue;
      }
      present++;
      if (!this.item(text, it)) return undefined;
    }
    if (present !== seen) return undefined;
    this.plan = plan;
    if (plan.kind === 'statement' && !this.statementRules()) return undefined;
    return plan.kind;
  }

  private slotAt(text: string, from: number, to: number): number {
    const list = this.names.get((to - from) * 65536 + text.charCodeAt(from));
    if (list) for (const n of list) if (text.startsWith(n.name, from)) return n.slot;
    return -1;
  }

  /** Checks one present item with itemValue and keeps its value; false when it is not valid here. */
  private item(text: string, it: Item): boolean {
    const s = it.slot;
    const f = it.field;
    const tok = this.token[s];
    switch (f.type) {
      case 'money':
      case 'integer': {
        if (tok !== NUMBER) return false;
        const from = this.start[s]!;
        const to = this.end[s]!;
        const d = this.dot[s]!;
        const intEnd = d < 0 ? to : d;
        if (intEnd - from > (f.type === 'money' ? MONEY_DIGITS : INTEGER_DIGITS)) return false;
        let whole = 0;
        for (let i = from; i < intEnd; i++) whole = whole * 10 + (text.charCodeAt(i) - 48);
        if (d < 0) {
          // A whole number, as itemValue takes it (an amount of whole yuan is its fen over 100).
          const r = itemValue(f, whole, this.ctx);
          if (typeof r !== 'number') return false;
          this.num[s] = r;
          this.str[s] = text.slice(from, to);
          return true;
        }
        // An amount with one or two decimals, at most 13 integer digits: within MAX_MONEY_YUAN, and a
        // decimal of at most 15 significant digits, which the double JSON.parse reads stands for
        // exactly (parseYuan's whole fen are these).
        const decimals = to - d - 1;
        if (f.type !== 'money' || decimals > 2) return false;
        const fen = whole * 100 + (text.charCodeAt(d + 1) - 48) * 10 + (decimals === 2 ? text.charCodeAt(d + 2) - 48 : 0);
        this.num[s] = fen;
        // Without a trailing zero decimal, it is the text String(number) writes.
        this.str[s] = text.charCodeAt(to - 1) !== 48 ? text.slice(from, to) : String(fenToYuan(fen));
        return true;
      }
      case 'boolean':
        if (tok !== TRUE && tok !== FALSE) return false;
        this.num[s] = tok === TRUE ? 1 : 0;
        return true;
      default: {
        if (tok !== STRING) return false;
        const from = this.start[s]!;
        const to = this.end[s]!;
        if (f.type === 'identifier') {
          // IDENTIFIER of lines.ts, character by character.
          if (to - from < 1 || to - from > 64 || !isAlnum(text.charCodeAt(from))) return false;
          for (let i = from + 1; i < to; i++) {
            const c = text.charCodeAt(i);
            if (!isAlnum(c) && c !== 46 && c !== 95 && c !== 58 && c !== 47 && c !== 45) return false;
          }
          this.str[s] = text.slice(from, to);
          return true;
        }
        if (f.type === 'enum') {
          // One of the values (as itemValue checks): the value itself is kept, not a copy.
          const values = f.values!;
          for (let k = 0; k < values.length; k++) {
            const value = values[k]!;
            if (value.length === to - from && text.startsWith(value, from)) {
              this.str[s] = value;
              this.num[s] = k;
              return true;
            }
          }
          return false;
        }
        if (f.type === 'month' && to - from === this.ctx.month.length && text.startsWith(this.ctx.month, from)) {
          // The batch's month (a month, as itemValue checks).
          this.str[s] = this.ctx.month;
          return true;
        }
        const v = text.slice(from, to);
        const r = itemValue(f, v, this.ctx);
        if (r instanceof ItemError || r !== v) return false;
        this.str[s] = v;
        return true;
      }
    }
  }

  /** lineRules for a statement; false when one is broken. */
  private statementRules(): boolean {
    const st = this.statementSlots!;
    const month = this.textOf(st.month);
    const status = this.textOf(st.status);
    const days = this.numberOf(st.daysPastDue);
    const closedOn = this.textOf(st.closedOn);
    if (month !== this.ctx.month || status === undefined || days === undefined) return false;
    if (!statusAgreesWithDaysPastDue(status, days)) return false;
    if (status === 'C' && closedOn === undefined) return false;
    if ((status === 'B') !== this.has(st.writtenOff)) return false;
    if (closedOn !== undefined && closedOn > this.monthEnd) return false;
    return true;
  }

  /** Whether the line has the item of this slot. */
  has(slot: number): boolean {
    return slot >= 0 && this.stamp[slot] === this.generation;
  }

  /** The text of a string item (or of a number as canonical JSON writes it), undefined when absent. */
  textOf(slot: number): string | undefined {
    return this.has(slot) ? this.str[slot] : undefined;
  }

  /** An amount in fen, a whole number, a boolean as 1 or 0, or an enum's value index; undefined when absent. */
  numberOf(slot: number): number | undefined {
    return this.has(slot) ? this.num[slot] : undefined;
  }

  /** Whether the statement is adverse information (isAdverse). */
  adverse(statusSlot: number, daysSlot: number): boolean {
    return ADVERSE_STATUSES.has(this.str[statusSlot]!) || this.num[daysSlot]! > 0;
  }

  /** The line's canonical JSON (canonicalLineJson of the line validateLine makes of it). */
  canonical(): string {
    const plan = this.plan!;
    // Built front to back, never cut: the text is hashed once, whole.
    let out = '{';
    let first = true;
    for (const it of plan.before) {
      if (!this.has(it.slot)) continue;
      out += (first ? it.bare : it.key) + this.canonicalValue(it);
      first = false;
    }
    out += first ? plan.kindJson : `,${plan.kindJson}`;
    for (const it of plan.after) if (this.has(it.slot)) out += it.key + this.canonicalValue(it);
    return `${out}}`;
  }

  private canonicalValue(it: Item): string {
    const s = it.slot;
    switch (it.field.type) {
      case 'money':
      case 'integer':
        return this.str[s]!;
      case 'boolean':
        return this.num[s] === 1 ? 'true' : 'false';
      case 'enum':
        return it.json![this.num[s]!]!;
      default:
        // Identifiers, dates, months and currency codes hold nothing JSON escapes.
        return `"${this.str[s]!}"`;
    }
  }
}
