// A batch taken in line by line, as the furnishing service streams it into its transaction: each
// line validated (read in place when LineParser can, else by JSON.parse and validateLine), fed to
// the rules across lines (BatchCheck), and, while every line so far is valid and none repeats
// another, hashed into the batch's tree and written as its row's COPY text. After the first bad
// line no row is built: the lines are still validated, so the refusal lists every bad line.
import type { FieldError } from '../../domain/records.ts';
import { LineParser } from '../../domain/credit-reporting/line-parser.ts';
import { validateLine, type BorrowerRef, type LineContext, type LineStandard } from '../../domain/credit-reporting/lines.ts';
import { BatchCheck, type LineError } from '../../domain/credit-reporting/batch.ts';
import { BatchTree } from './batch-tree.ts';
import { rowOf } from './furnishing-rows.ts';
import { PlainRows, RowsText } from './furnishing-copy.store.ts';

export class BatchIntake {
  readonly check: BatchCheck;
  readonly tree = new BatchTree();
  readonly rows: RowsText;
  /** Errors of single lines (not JSON, against the standard), in the order of the lines. */
  readonly errors: LineError[] = [];
  /** The borrower's key of each account the batch furnishes, by account (its first line). */
  readonly ownBorrowers = new Map<string, string>();
  /** The line of each account's first account line, by account. */
  readonly ownLines = new Map<string, number>();
  /**
   * Account lines that name another borrower than the account's first line in the batch: an
   * account's borrower never changes, a change of borrower is a new account.
   */
  readonly borrowerChanges: LineError[] = [];
  readonly counts = { account: 0, consent: 0, notice: 0, statement: 0 };
  /** Valid lines so far: the next line's leaf. */
  private leaves = 0;
  private readonly parser: LineParser;
  private readonly plain: PlainRows;

  constructor(
    private readonly standard: LineStandard,
    private readonly ctx: LineContext,
    furnisher: string,
    seq: number,
    /** The store refuses a batch whose rows repeat a statement (BatchCheck's option of that name). */
    storeRefusesRepeatedStatements = false,
  ) {
    this.check = new BatchCheck(storeRefusesRepeatedStatements);
    this.rows = new RowsText(furnisher, seq);
    this.parser = new LineParser(standard, ctx);
    this.plain = new PlainRows(this.parser);
  }

  /** Every line so far is valid and none repeats another: rows are being built. */
  get sound(): boolean {
    return this.errors.length === 0 && this.repeated === 0 && this.borrowerChanges.length === 0;
  }
  private repeated = 0;

  /** Valid lines so far. */
  get lines(): number {
    return this.leaves;
  }

  /**
   * A line of NDJSON, text[from, to) with to at its line feed (or the text's end), numbered
   * `line`. A blank line is skipped; a line that is not JSON is an error of the whole line.
   */
  text(line: number, text: string, from: number, to: number): void {
    const kind = this.parser.parse(text, from, to);
    if (kind === 'statement') {
      this.counts.statement++;
      const account = this.plain.account(kind);
      const adverse = this.plain.adverse();
      this.plainRow(this.check.addStatement(line, account, adverse), kind, account, adverse);
      return;
    }
    if (kind === 'notice') {
      this.counts.notice++;
      const account = this.plain.account(kind);
      this.plainRow(this.check.addNotice(line, account), kind, account, false);
      return;
    }
    let raw = text.slice(from, to);
    if (raw.endsWith('\r')) raw = raw.slice(0, -1);
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      this.lineErrors(line, [{ field: '', message: `not valid JSON: ${(err as Error).message}` }]);
      return;
    }
    this.value(line, value);
  }

  /** A line's parsed value, numbered `line`. */
  value(line: number, value: unknown): void {
    const r = validateLine(this.standard, value, this.ctx);
    if (!r.line) {
      this.lineErrors(line, r.errors);
      return;
    }
    this.counts[r.line.kind]++;
    if (r.line.kind === 'account') {
      const account = r.line.values.account as string;
      const key = (r.line.values.borrower as BorrowerRef).key;
      const first = this.ownBorrowers.get(account);
      if (first === undefined) {
        this.ownBorrowers.set(account, key);
        this.ownLines.set(account, line);
      } else if (first !== key) this.borrowerChanges.push(borrowerChange(line, account, this.ownLines.get(account)));
    }
    const repeats = this.check.add(line, r.line);
    if (repeats) this.repeated++;
    if (!this.sound) return;
    const row = rowOf(this.standard, r.line);
    this.tree.add(row.canonical);
    this.rows.add(r.line.kind, this.leaves++, row.values);
  }

  /** A line that could not be read (not JSON, not CSV), numbered `line`. */
  lineErrors(line: number, errors: readonly FieldError[]): void {
    for (const e of errors) this.errors.push({ line, ...e });
  }

  private plainRow(repeats: LineError | undefined, kind: 'statement' | 'notice', account: string, adverseStatement: boolean): void {
    if (repeats) this.repeated++;
    if (!this.sound) return;
    this.tree.add(this.parser.canonical());
    this.rows.addPlain(kind, this.leaves++, this.plain, account, adverseStatement);
  }
}

/**
 * The error of an account line that names another borrower than the account's line `earlier` of
 * the batch, or (without `earlier`) than the account as furnished before.
 */
export function borrowerChange(line: number, account: string, earlier?: number): LineError {
  const was =
    earlier === undefined
      ? `account ${account} was furnished before for another borrower`
      : `line ${earlier} furnishes account ${account} for another borrower`;
  return {
    line,
    field: 'borrower',
    message: `${was}; an account's borrower never changes: close this account and open a new account for the new borrower`,
  };
}
