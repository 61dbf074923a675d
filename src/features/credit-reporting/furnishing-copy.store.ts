// The COPY text a batch's lines are stored by: each row (furnisher, seq, leaf, ...ROW_COLUMNS of its
// kind) in its table's text, copied in a chunk at a time. A statement or notice read in place
// (LineParser) is written straight into the chunk's bytes from the values the parser holds: no
// string is made for its row, nor kept alive until the chunk is copied.
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
  private buf = Buffer.allocUnsafe(1 << 16);
  private len = 0;

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

/** COPY text of a batch's rows, (furnisher, seq, leaf, ...ROW_COLUMNS of the kind), and copying it in. */
export class RowsText {
  private readonly parts: Record<LineKind, string[]> = { account: [], statement: [], notice: [], consent: [] };
  private readonly plain: Record<PlainKind, CopyBytes> = { statement: new CopyBytes(), notice: new CopyBytes() };
  private readonly prefix: string;
  private readonly prefixBytes: Buffer;
  constructor(furnisher: string, seq: number) {
    this.prefix = `${copyValue(furnisher)}\t${seq}\t`;
    this.prefixBytes = Buffer.from(this.prefix, 'utf8');
  }
  add(kind: LineKind, leaf: number, values: readonly unknown[]): void {
    let s = this.prefix + leaf;
    for (let i = 0; i < values.length; i++) s += `\t${copyValue(values[i])}`;
    this.parts[kind].push(`${s}\n`);
  }
  /** Adds the row of the line a PlainRows has just read. */
  addPlain(kind: PlainKind, leaf: number, row: PlainRows): void {
    const b = this.plain[kind];
    b.bytes(this.prefixBytes);
    b.whole(leaf);
    b.tab();
    row.write(kind, b);
    b.end();
  }
  /** Whether rows of a kind were added since the last writeTo. */
  holds(kind: LineKind): boolean {
    return this.parts[kind].length > 0 || ((kind === 'statement' || kind === 'notice') && !this.plain[kind].empty);
  }
  /** Copies the rows added since the last call into their tables, and forgets them. */
  async writeTo(tx: Queryable): Promise<void> {
    await this.take()(tx);
  }
  /** Takes the rows added so far (forgetting them), to be copied into their tables by the answer. */
  take(): (tx: Queryable) => Promise<void> {
    const taken: Array<{ kind: LineKind; text: string }> = [];
    for (const kind of LINE_KINDS) {
      if (!this.holds(kind)) continue;
      let text = this.parts[kind].join('');
      this.parts[kind] = [];
      if (kind === 'statement' || kind === 'notice') text += this.plain[kind].take();
      taken.push({ kind, text });
    }
    return async (tx) => {
      for (const { kind, text } of taken) await tx.copyIn(TABLE_OF[kind], ['furnisher', 'seq', 'leaf', ...ROW_COLUMNS[kind]], text);
    };
  }
}

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
