// What a score reads of one person's accounts, as one text (a row a person, written by the build
// of the account histories), and the score's attribute values read straight from it: a bulk
// score reads a million of them, so the reading walks the text in place, without splitting it or
// making an object of an account, and unpacks only the histories whose months need their figures.
//
// The text is the person's accounts joined by '\n' (none: the empty text), each account its fields
// joined by '|':
//   type|openedOn|limitFen|firstMonth|statuses|tail
// - limitFen is empty when the account has no limit;
// - firstMonth, statuses and tail are empty when it has no history;
// - for a plain history (score-attributes.ts, PlainHistory) tail is '=' and its last balance;
// - for any other, tail is its packed figures (account-history.ts), which never begin with '='.
// Amounts are whole fen in decimal. No field holds '|' or '\n'.
import type { InquiryInput } from './report-input.ts';
import {
  compareAt,
  digitsAt,
  isRevolvingKind,
  monthCountAt,
  newTally,
  plainHistory,
  tallyLine,
  tallyOpened,
  tallyPacked,
  tallyPlainMonths,
  valuesOf,
  type PackedAccount,
  type PlainHistory,
  type ScoreValues,
  type Tally,
} from './score-attributes.ts';
import { ACCOUNT_TYPES, type AccountType } from './standard.ts';

const ACCOUNTS = '\n';
const FIELDS = '|';
const PLAIN = '=';
const PLAIN_CODE = PLAIN.charCodeAt(0);
const MINUS_CODE = '-'.charCodeAt(0);

/** One person's accounts as one text: see the module's header. Throws on a field that would break it. */
export function encodeScoreInput(accounts: readonly PackedAccount[]): string {
  return accounts.map(encodeAccount).join(ACCOUNTS);
}

function encodeAccount(a: PackedAccount): string {
  const head = `${field(a.type, 'a type')}|${field(a.openedOn, 'an opening day')}|${a.limitFen === null ? '' : whole(a.limitFen, 'a limit')}`;
  const h = a.history;
  if (h === null) return `${head}|||`;
  // An empty first month would read back as no history.
  if (h.firstMonth === '') throw new Error(`a score input holds a history's first month: ${a.type} opened ${a.openedOn} has none`);
  if ('lastBalanceFen' in h) return plainLine(head, h);
  const plain = plainHistory(h);
  if (plain !== null) return plainLine(head, plain);
  if (h.figures.startsWith(PLAIN)) throw new Error(`a score input holds figures not beginning with '${PLAIN}': "${h.figures}"`);
  return `${head}|${months(h)}|${field(h.figures, 'figures')}`;
}

const plainLine = (head: string, p: PlainHistory) => `${head}|${months(p)}|${PLAIN}${whole(p.lastBalanceFen, 'a last balance')}`;

const months = (h: { firstMonth: string; statuses: string }) => `${field(h.firstMonth, 'a first month')}|${field(h.statuses, 'statuses')}`;

function field(text: string, what: string): string {
  if (text.includes(FIELDS) || text.includes(ACCOUNTS)) throw new Error(`a score input holds no '|' or line break in a field: ${what} "${text}"`);
  return text;
}

function whole(n: number, what: string): string {
  if (!Number.isSafeInteger(n)) throw new Error(`a score input holds whole numbers only: ${what} is ${n}`);
  return String(n);
}

/** The accounts of a score input (plain histories as PlainHistory). Throws on a damaged one. */
export function decodeScoreInput(text: string): PackedAccount[] {
  return text === '' ? [] : text.split(ACCOUNTS).map(decodeAccount);
}

function decodeAccount(line: string): PackedAccount {
  const fields = line.split(FIELDS);
  if (fields.length !== 6) throw new Error(`a score input is damaged: an account of ${fields.length} fields "${line}"`);
  const [type, openedOn, limit, firstMonth, statuses, tail] = fields as [string, string, string, string, string, string];
  const account = { type: type as AccountType, openedOn, limitFen: limit === '' ? null : number(limit, 'a limit') };
  if (firstMonth === '') {
    if (statuses !== '' || tail !== '') throw new Error(`a score input is damaged: months without a first month "${line}"`);
    return { ...account, history: null };
  }
  if (tail.startsWith(PLAIN)) return { ...account, history: { firstMonth, statuses, lastBalanceFen: number(tail.slice(1), 'a last balance') } };
  return { ...account, history: { firstMonth, statuses, figures: tail } };
}

function number(text: string, what: string): number {
  const n = Number(text);
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(n)) throw new Error(`a score input is damaged: ${what} "${text}"`);
  return n;
}

/**
 * The score's attribute values of a person as of a date, from their score input and inquiries:
 * exactly packedScoreValues of the accounts opened by the date (and throwing where it throws),
 * or null when no account was opened by then (the person is not scored). A plain or history-less
 * account is read in place; any other account, or one the reading in place does not expect, is
 * decoded and read as packedScoreValues reads it.
 */
export function scoreInputValues(asOf: string, text: string, inquiries: readonly InquiryInput[]): ScoreValues | null {
  const t = newTally(asOf);
  let opened = false;
  if (text !== '') {
    for (let start = 0; ;) {
      let end = text.indexOf(ACCOUNTS, start);
      if (end < 0) end = text.length;
      if (tallyInPlace(t, text, start, end)) opened = true;
      if (end === text.length) break;
      start = end + 1;
    }
  }
  return opened ? valuesOf(t, inquiries) : null;
}

/** The account written at `text[start, end)`, if opened by the tally's date: whether it was. */
function tallyInPlace(t: Tally, text: string, start: number, end: number): boolean {
  const typeEnd = text.indexOf(FIELDS, start);
  const openedEnd = text.indexOf(FIELDS, typeEnd + 1);
  const limitEnd = text.indexOf(FIELDS, openedEnd + 1);
  const firstEnd = text.indexOf(FIELDS, limitEnd + 1);
  const statusesEnd = text.indexOf(FIELDS, firstEnd + 1);
  // Each found after the one before: all within the account when the last is.
  if (typeEnd < 0 || openedEnd < 0 || limitEnd < 0 || firstEnd < 0 || statusesEnd < 0 || statusesEnd >= end) return tallyDecoded(t, text, start, end);
  const kind = kindAt(text, start, typeEnd);
  const limitFen = limitEnd === openedEnd + 1 ? null : wholeAt(text, openedEnd + 1, limitEnd);
  if (kind < 0 || Number.isNaN(limitFen)) return tallyDecoded(t, text, start, end);
  const byDate = compareAt(text, typeEnd + 1, openedEnd, t.window.asOf) <= 0;
  if (firstEnd === limitEnd + 1) {
    if (statusesEnd !== firstEnd + 1 || end !== statusesEnd + 1) return tallyDecoded(t, text, start, end);
    if (!byDate) return false;
    tallyOpened(t, kind, text, typeEnd + 1, openedEnd);
    if (isRevolvingKind(kind)) tallyLine(t, limitFen, 0, false, false);
    return true;
  }
  if (text.charCodeAt(statusesEnd + 1) !== PLAIN_CODE) return tallyDecoded(t, text, start, end);
  const lastBalanceFen = wholeAt(text, statusesEnd + 2, end);
  const first = firstEnd - limitEnd - 1 === 7 ? monthCountAt(text, limitEnd + 1) : Number.NaN;
  if (Number.isNaN(lastBalanceFen) || Number.isNaN(first)) return tallyDecoded(t, text, start, end);
  if (!byDate) return false;
  const at = first - t.window.firstCount;
  const held = statusesEnd - firstEnd - 1;
  // A history past the date's month (packedScoreValues throws on it), or months not so written.
  if (!(t.window.monthCount - first >= held - 1) || Number.isNaN(at)) return tallyDecoded(t, text, start, end);
  tallyOpened(t, kind, text, typeEnd + 1, openedEnd);
  tallyPlainMonths(t, kind, limitFen, text, firstEnd + 1, statusesEnd, at, lastBalanceFen);
  return true;
}

/** The account written at `text[start, end)` decoded and read whole, if opened by the tally's date: whether it was. */
function tallyDecoded(t: Tally, text: string, start: number, end: number): boolean {
  const a = decodeAccount(text.slice(start, end));
  if (a.openedOn > t.window.asOf) return false;
  tallyPacked(t, a);
  return true;
}

/** The place in ACCOUNT_TYPES of the type written at `text[from, to)`, or -1. */
function kindAt(text: string, from: number, to: number): number {
  for (let kind = 0; kind < ACCOUNT_TYPES.length; kind++) {
    const type = ACCOUNT_TYPES[kind]!;
    if (type.length === to - from && compareAt(text, from, to, type) === 0) return kind;
  }
  return -1;
}

/** The whole number written at `text[from, to)` as `-?\d{1,15}` (a safe integer, as decoding reads it), or NaN. */
function wholeAt(text: string, from: number, to: number): number {
  const minus = text.charCodeAt(from) === MINUS_CODE;
  const digits = minus ? from + 1 : from;
  if (to <= digits || to - digits > 15) return Number.NaN;
  const n = digitsAt(text, digits, to - digits);
  return minus ? -n : n;
}
