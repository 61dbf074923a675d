// The COPY text a batch's lines are stored by: each row (furnisher, seq, leaf, ...ROW_COLUMNS of its
// kind) in its table's text, copied in a chunk at a time. A statement or notice read in place
// (LineParser) is written straight into the chunk's bytes from the values the parser holds: no
// string is made for its row, nor kept alive until the chunk is copied. A statement's or notice's
// row ends with its account's borrower key (the column a cluster places it by), added once the
// batch knows the account's borrower; an account's guarantors get a row each in credit_guarantee.
import type { Queryable } from '../../store/database.ts';
import { copyText, copyValue } from '../../store/copy.ts';
import { LINE_KINDS, type LineKind } from '../../domain/credit-reporting/standard.ts';
import type { LineParser, PlainKind } from '../../domain/credit-reporting/line-parser.ts';
import { ROW_COLUMNS, TABLE_OF } from './furnishing-rows.ts';

const TAB = 9;
const LF = 10;
const BACKSLASH = 92;

/** COPY text as UTF-8 bytes, written value by value into a buffer that grows as needed. */
export class CopyBytes {
  private buf: Buffer;
  private len = 0;

  constructor(capacity = 1 << 16) {
    this.buf = Buffer.allocUnsafe(capacity);
  }

  get empty(): boolean {
    return this.len === 0;
  }

  private room(n: number): Buffer {
    if (this.len + n > this.buf.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + n));
      this.buf.copy(grown, 0, 0, this.len);
      this.buf = grown;
    }
    return this.buf;
  }

  /** A text value, escaped as COPY escapes it (copyText). */
  text(s: string): void {
    const n = s.length;
    const b = this.room(n);
    let at = this.len;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      // Beyond ASCII, or a character COPY escapes: the whole value the slow way.
      if (c >= 128 || c === BACKSLASH || c === TAB || c === LF || c === 13) {
        const t = copyText(s);
        this.len += this.room(3 * t.length).write(t, this.len, 'utf8');
        return;
      }
      b[at++] = c;
    }
    this.len = at;
  }

  /** A whole number, not negative (a leaf, an amount in fen, a count of days), at most 2^53. */
  whole(v: number): void {
    const b = this.room(20);
    if (v < 10) {
      b[this.len++] = 48 + v;
      return;
    }
    const digits = this.digits;
    let n = 0;
    if (v <= 0x7fffffff) for (let x = v | 0; x > 0; x = (x / 10) | 0) digits[n++] = 48 + (x % 10);
    else
      for (let x = v; x > 0;) {
        const d = x % 10;
        digits[n++] = 48 + d;
        x = (x - d) / 10;
      }
    let at = this.len;
    while (n > 0) b[at++] = digits[--n]!;
    this.len = at;
  }
  private readonly digits = new Uint8Array(20);

  /** Raw bytes, already COPY text. */
  bytes(src: Buffer): void {
    const b = this.room(src.length);
    for (let i = 0; i < src.length; i++) b[this.len++] = src[i]!;
  }

  /** Bytes [from, to) of another CopyBytes, already COPY text. */
  copyOf(src: CopyBytes, from: number, to: number): void {
    this.room(to - from);
    src.buf.copy(this.buf, this.len, from, to);
    this.len += to - from;
  }

  /** Text already escaped as COPY text (copyValue). */
  escaped(s: string): void {
    this.len += this.room(3 * s.length).write(s, this.len, 'utf8');
  }

  /** Bytes written so far. */
  get length(): number {
    return this.len;
  }

  /** The column separator, the row's end, a null. */
  tab(): void {
    this.room(1)[this.len++] = TAB;
  }
  end(): void {
    this.room(1)[this.len++] = LF;
  }
  nul(): void {
    const b = this.room(2);
    b[this.len++] = BACKSLASH;
    b[this.len++] = 78; /* N */
  }

  /** The text written so far, forgotten here. */
  take(): string {
    const s = this.buf.toString('utf8', 0, this.len);
    this.len = 0;
    return s;
  }
}

/** The COPY text of a row's values, tab-separated, without a line end. */
export function columnsText(values: readonly unknown[]): string {
  let s = '';
  for (let i = 0; i < values.length; i++) s += `${i === 0 ? '' : '\t'}${copyValue(values[i])}`;
  return s;
}

/**
 * Rows that end with their account's borrower key: written whole as their lines are read when the
 * key is known then, else without it, each with its account, and given their keys once the batch
 * knows them (resolve).
 */
class KeyedRows {
  /** Rows written whole. */
  readonly whole = new CopyBytes();
  private bytes = new CopyBytes();
  /** By row: where its text ends in `bytes`, its account, its borrower key once known. */
  private ends: number[] = [];
  private accounts: string[] = [];
  private keys: Array<string | undefined> = [];
  /** The first row whose key is not known yet: every earlier row has its key. */
  private resolved = 0;

  get empty(): boolean {
    return this.ends.length === 0 && this.whole.empty;
  }

  /** The row being written, its columns but the key. */
  get text(): CopyBytes {
    return this.bytes;
  }

  /** Ends the row written into `text` since the last, for `account`. */
  endRow(account: string): void {
    this.ends.push(this.bytes.length);
    this.accounts.push(account);
    this.keys.push(undefined);
  }

  /** Gives each row without a key its account's, where `keyOf` knows it; answers whether every row has one. */
  resolve(keyOf: (account: string) => string | undefined): boolean {
    const n = this.ends.length;
    let all = true;
    for (let i = this.resolved; i < n; i++) {
      if (this.keys[i] === undefined) this.keys[i] = keyOf(this.accounts[i]!);
      if (this.keys[i] === undefined) all = false;
      else if (all) this.resolved = i + 1;
    }
    return all;
  }

  /** The accounts of the rows without a key. */
  unresolved(): string[] {
    const out = new Set<string>();
    for (let i = this.resolved; i < this.ends.length; i++) if (this.keys[i] === undefined) out.add(this.accounts[i]!);
    return [...out];
  }

  /** The rows' COPY text, each with its key (every row has one), forgotten here. */
  take(): string {
    const whole = this.whole.take();
    if (this.ends.length === 0) return whole;
    let size = this.bytes.length;
    for (let i = 0; i < this.keys.length; i++) size += 3 * this.keys[i]!.length + 2;
    const out = new CopyBytes(size);
    let from = 0;
    for (let i = 0; i < this.ends.length; i++) {
      const to = this.ends[i]!;
      out.copyOf(this.bytes, from, to);
      out.tab();
      out.text(this.keys[i]!);
      out.end();
      from = to;
    }
    this.bytes = new CopyBytes();
    this.ends = [];
    this.accounts = [];
    this.keys = [];
    this.resolved = 0;
    return whole + out.take();
  }
}

/**
 * COPY text of a batch's rows, (furnisher, seq, leaf, ...ROW_COLUMNS of the kind), of the guarantees
 * of its accounts, and copying it in.
 */
export class RowsText {
  private readonly parts: Record<'account' | 'consent', string[]> = { account: [], consent: [] };
  private readonly keyed: Record<PlainKind, KeyedRows> = { statement: new KeyedRows(), notice: new KeyedRows() };
  private guarantees: string[] = [];
  private readonly prefix: string;
  private readonly prefixBytes: Buffer;
  private readonly furnisher: string;
  constructor(
    furnisher: string,
    private readonly seq: number,
  ) {
    this.furnisher = copyValue(furnisher);
    this.prefix = `${this.furnisher}\t${seq}\t`;
    this.prefixBytes = Buffer.from(this.prefix, 'utf8');
  }
  /** Adds a line's row: `values` as rowOf gives them (a statement's or notice's without the borrower key). */
  add(kind: LineKind, leaf: number, values: readonly unknown[]): void {
    const row = `${this.prefix}${leaf}\t${columnsText(values)}`;
    if (kind === 'statement' || kind === 'notice') {
      const k = this.keyed[kind];
      k.text.escaped(row);
      k.endRow(values[0] as string);
      return;
    }
    this.parts[kind].push(`${row}\n`);
    if (kind !== 'account' || values[10] === null) return;
    // credit_guarantee: (guarantor_key, furnisher, account_id, seq, borrower_key), once per guarantor.
    const rest = `\t${this.furnisher}\t${copyValue(values[0])}\t${this.seq}\t${copyValue(values[1])}\n`;
    for (const key of new Set((values[10] as Array<{ key: string }>).map((g) => g.key))) this.guarantees.push(`${copyValue(key)}${rest}`);
  }
  /**
   * The borrower's key of an account, when the batch knows it as its lines are read; told whether
   * the line is an adverse statement (the batch looks its account up once, for the key and the rules).
   */
  keyOf: (account: string, adverseStatement: boolean) => string | undefined = () => undefined;

  /** Adds the row of the line a PlainRows has just read. */
  addPlain(kind: PlainKind, leaf: number, row: PlainRows, account: string, adverseStatement: boolean): void {
    const k = this.keyed[kind];
    const key = this.keyOf(account, adverseStatement);
    const b = key === undefined ? k.text : k.whole;
    b.bytes(this.prefixBytes);
    b.whole(leaf);
    b.tab();
    row.write(kind, b);
    if (key === undefined) {
      k.endRow(account);
      return;
    }
    b.tab();
    b.text(key);
    b.end();
  }
  /** Whether rows of a kind were added since the last writeTo. */
  holds(kind: LineKind): boolean {
    return kind === 'statement' || kind === 'notice' ? !this.keyed[kind].empty : this.parts[kind].length > 0;
  }
  /**
   * Gives the statements and notices added so far their accounts' borrower keys where `keyOf` knows
   * them; answers whether every one has its key (only then are the rows taken).
   */
  resolve(keyOf: (account: string) => string | undefined): boolean {
    const statements = this.keyed.statement.resolve(keyOf);
    return this.keyed.notice.resolve(keyOf) && statements;
  }
  /** The accounts of the statements and notices whose borrower keys are not known yet. */
  unresolved(): string[] {
    return [...new Set([...this.keyed.statement.unresolved(), ...this.keyed.notice.unresolved()])];
  }
  /** Copies the rows added since the last call into their tables, and forgets them (every key resolved). */
  async writeTo(tx: Queryable): Promise<void> {
    await this.take()(tx);
  }
  /** Takes the rows added so far (forgetting them; every key resolved), to be copied into their tables by the answer. */
  take(): (tx: Queryable) => Promise<void> {
    const taken: Array<{ table: string; columns: readonly string[]; text: string }> = [];
    for (const kind of LINE_KINDS) {
      if (!this.holds(kind)) continue;
      let text: string;
      if (kind === 'statement' || kind === 'notice') text = this.keyed[kind].take();
      else {
        text = this.parts[kind].join('');
        this.parts[kind] = [];
      }
      taken.push({ table: TABLE_OF[kind], columns: ['furnisher', 'seq', 'leaf', ...ROW_COLUMNS[kind]], text });
    }
    if (this.guarantees.length > 0) {
      taken.push({ table: 'credit_guarantee', columns: GUARANTEE_COLUMNS, text: this.guarantees.join('') });
      this.guarantees = [];
    }
    return async (tx) => {
      for (const { table, columns, text } of taken) await tx.copyIn(table, columns, text);
    };
  }
}

const GUARANTEE_COLUMNS = ['guarantor_key', 'furnisher', 'account_id', 'seq', 'borrower_key'];

/**
 * The COPY text of a line read in place (LineParser), its ROW_COLUMNS after (furnisher, seq, leaf),
 * each column as copyValue writes the value rowOf gives for the line validateLine makes of it. A
 * line read in place holds the platform's items alone, so its extra column is null.
 */
export class PlainRows {
  private readonly st:
    | {
        account: number;
        month: number;
        balance: number;
        amountDue: number;
        amountPaid: number;
        daysPastDue: number;
        status: number;
        closedOn: number;
        writtenOff: number;
      }
    | undefined;
  private readonly no: { account: number; notifiedOn: number; method: number } | undefined;

  constructor(private readonly parser: LineParser) {
    const slots = <N extends string>(kind: PlainKind, names: readonly N[]): Record<N, number> | undefined => {
      try {
        return Object.fromEntries(names.map((n) => [n, parser.slotOf(kind, n)])) as Record<N, number>;
      } catch {
        return undefined;
      }
    };
    this.st = slots('statement', ['account', 'month', 'balance', 'amountDue', 'amountPaid', 'daysPastDue', 'status', 'closedOn', 'writtenOff'] as const);
    this.no = slots('notice', ['account', 'notifiedOn', 'method'] as const);
  }

  /** The statement's or notice's account. */
  account(kind: PlainKind): string {
    return this.parser.textOf(kind === 'statement' ? this.st!.account : this.no!.account)!;
  }

  /** Whether the statement just read is adverse information (isAdverse). */
  adverse(): boolean {
    return this.parser.adverse(this.st!.status, this.st!.daysPastDue);
  }

  /** Writes the columns of the line just read, tab-separated, without a line end. */
  write(kind: PlainKind, b: CopyBytes): void {
    const p = this.parser;
    if (kind === 'statement') {
      const st = this.st!;
      b.text(p.textOf(st.account)!);
      b.tab();
      b.text(p.textOf(st.month)!);
      b.text('-01');
      b.tab();
      b.whole(p.numberOf(st.balance)!);
      b.tab();
      b.whole(p.numberOf(st.amountDue)!);
      b.tab();
      b.whole(p.numberOf(st.amountPaid)!);
      b.tab();
      b.whole(p.numberOf(st.daysPastDue)!);
      b.tab();
      b.text(p.textOf(st.status)!);
      b.tab();
      const closedOn = p.textOf(st.closedOn);
      if (closedOn === undefined) b.nul();
      else b.text(closedOn);
      b.tab();
      const writtenOff = p.numberOf(st.writtenOff);
      if (writtenOff === undefined) b.nul();
      else b.whole(writtenOff);
      b.tab();
      b.nul();
      return;
    }
    const no = this.no!;
    b.text(p.textOf(no.account)!);
    b.tab();
    b.text(p.textOf(no.notifiedOn)!);
    b.tab();
    b.text(p.textOf(no.method)!);
    b.tab();
    b.nul();
  }

  /** The columns of the line just read, as write writes them. */
  columns(kind: PlainKind): string {
    const b = new CopyBytes();
    this.write(kind, b);
    return b.take();
  }
}
