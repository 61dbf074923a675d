// The line parser that reads a batch's statements and notices in place (LineParser) accepts only
// lines that validateLine accepts, with the same canonical JSON, the same row and the same facts
// for the rules across lines; and a batch read as NDJSON text (BatchIntake) is refused with
// exactly the errors the old path gives (each line split off, JSON.parse, validateLine): over a
// table of malformed lines and over random lines (properties).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadPolicyPack } from '../../src/kernel/policy-pack.ts';
import { PACK, copyPack, edit } from '../support/pack-edits.ts';
import { LineStandard, validateLine, canonicalLineJson, type LineContext } from '../../src/domain/credit-reporting/lines.ts';
import { LineParser } from '../../src/domain/credit-reporting/line-parser.ts';
import { isAdverse, type LineError } from '../../src/domain/credit-reporting/batch.ts';
import { rowOf } from '../../src/features/credit-reporting/furnishing-rows.ts';
import { BatchIntake } from '../../src/features/credit-reporting/furnishing-intake.ts';
import { columnsText, PlainRows } from '../../src/features/credit-reporting/furnishing-copy.store.ts';
import { ndjsonLines } from '../../src/features/credit-reporting/furnishing-files.ts';
import { accountLines, statementLine } from '../../src/synthetic/furnishing.ts';

const std = new LineStandard(loadPolicyPack(PACK).furnishing);
const ctx: LineContext = { today: '2026-12-02', idHashSecret: 's', month: '2026-11' };

/** The row of a line as RowsText writes it after (furnisher, seq, leaf), a statement's or notice's without its borrower key. */
function oldRow(value: ReturnType<typeof validateLine>['line'] & object): string {
  return columnsText(rowOf(std, value).values);
}

/** The parser's reading of one line, or undefined when it leaves the line to validateLine. */
function fast(text: string): { canonical: string; row: string; account: string; adverse?: boolean } | undefined {
  const parser = new LineParser(std, ctx);
  const rows = new PlainRows(parser);
  const kind = parser.parse(`${text}\n`, 0, text.length);
  if (!kind) return undefined;
  const facts = kind === 'statement' ? { account: rows.account(kind), adverse: rows.adverse() } : { account: rows.account(kind) };
  return { canonical: parser.canonical(), row: rows.columns(kind), ...facts };
}

/** What the old path makes of one line: its value's canonical JSON, row and facts, or its errors. */
function old(text: string): { canonical: string; row: string; account: string; adverse?: boolean } | { errors: unknown[] } | 'blank' {
  const [l] = ndjsonLines(text);
  if (!l) return 'blank';
  if ('errors' in l) return { errors: l.errors };
  const r = validateLine(std, l.value, ctx);
  if (!r.line) return { errors: r.errors };
  const account = r.line.values.account as string;
  return {
    canonical: canonicalLineJson(std, r.line),
    row: oldRow(r.line),
    account,
    ...(r.line.kind === 'statement' ? { adverse: isAdverse(r.line) } : {}),
  };
}

/** The errors of a batch read as NDJSON by BatchIntake, and by the old path. */
function intakeErrors(text: string): LineError[] {
  const intake = new BatchIntake(std, ctx, 'f', 1);
  let at = 0;
  let line = 0;
  while (at <= text.length) {
    let nl = text.indexOf('\n', at);
    if (nl < 0) nl = text.length;
    line++;
    if (nl > at) intake.text(line, text, at, nl);
    at = nl + 1;
  }
  return intake.errors;
}
function oldErrors(text: string): LineError[] {
  const out: LineError[] = [];
  for (const l of ndjsonLines(text)) {
    if ('errors' in l) for (const e of l.errors) out.push({ line: l.line, ...e });
    else for (const e of validateLine(std, l.value, ctx).errors) out.push({ line: l.line, ...e });
  }
  return out;
}

/** Checks one line both ways: what the parser accepts, the old path accepts alike. */
function agrees(text: string): boolean {
  const f = fast(text);
  const o = old(text);
  if (f !== undefined) expect(o, text).toEqual(f);
  expect(intakeErrors(text), text).toEqual(oldErrors(text));
  return true;
}

/** A statement's line with items changed or added again, dropped, in reverse order, spaced. */
function statementText(i: number, changes: ReadonlyArray<[string, string]>, dropped: readonly string[], shuffle: boolean, space: string): string {
  const base = statementLine(99, i, '2026-11');
  const pairs: Array<[string, string]> = Object.entries(base)
    .filter(([k]) => !dropped.includes(k))
    .map(([k, v]) => [k, JSON.stringify(v)]);
  for (const [k, v] of changes) {
    const at = pairs.findIndex(([n]) => n === k);
    // Half the time the item is changed in place, else added again (a repeated key).
    if (at >= 0 && v.length % 2 === 0) pairs[at] = [k, v];
    else pairs.push([k, v]);
  }
  if (shuffle) pairs.reverse();
  return `${space}{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${space}${v}`).join(`,${space}`)}}${space}`;
}

const good =
  '{"kind":"statement","account":"ACC-000000001","month":"2026-11","balance":2963.5,"amountDue":123.48,"amountPaid":123.48,"daysPastDue":0,"status":"N"}';
const swap = (from: string, to: string) => good.replace(from, to);

describe('reading a statement or notice in place', () => {
  it('reads the synthetic month-end statements and notices as validateLine does', () => {
    for (let i = 0; i < 2000; i++) {
      const line = JSON.stringify(statementLine(20261204, i, '2026-11'));
      expect(fast(line), line).toEqual(old(line));
    }
    for (let i = 0; i < 300; i++)
      for (const l of accountLines(7, i)) {
        const line = JSON.stringify(l);
        // Account and consent lines carry identities and lists: they are left to validateLine.
        if (l.kind !== 'notice') expect(fast(line)).toBeUndefined();
        else expect(fast(line)).toEqual(old(line));
      }
  });

  it('refuses a line without an item the pack adds and requires, as validateLine does', () => {
    const dir = copyPack();
    edit<{ lines: Array<{ kind: string; fields: Array<Record<string, unknown>> }> }>(dir, 'furnishing.yaml', (doc) => {
      const statement = doc.lines.find((l) => l.kind === 'statement')!;
      const balance = statement.fields.find((f) => f.name === 'balance')!;
      statement.fields.push({ ...balance, name: 'overdueAmount', label: { zh: '逾期金额', en: 'Amount overdue' } });
    });
    const strict = new LineStandard(loadPolicyPack(dir).furnishing);
    const intake = new BatchIntake(strict, ctx, 'f', 1);
    intake.text(1, good, 0, good.length);
    expect(intake.errors).toEqual([{ line: 1, field: 'overdueAmount', message: 'is required' }]);
    const withIt = good.replace('"status":"N"', '"status":"N","overdueAmount":0');
    const accepted = new BatchIntake(strict, ctx, 'f', 1);
    accepted.text(1, withIt, 0, withIt.length);
    expect(accepted.errors).toEqual([]);
  });

  it('refuses, or leaves to validateLine, every malformed line of a table, with its errors word for word', () => {
    const table = [
      good,
      ` \t${good} \r`,
      `${good}\r`,
      '',
      '   ',
      '\r',
      '\u00a0',
      `\ufeff${good}`,
      good.slice(0, -1),
      `${good.slice(0, -1)},}`,
      `${good}x`,
      `[${good}]`,
      '{}',
      'null',
      '"statement"',
      '42',
      // Unknown, forbidden and extra items; items of another kind.
      good.replace('}', ',"religion":"x"}'),
      good.replace('}', ',"bloodType":"A"}'),
      good.replace('}', ',"method":"sms"}'),
      good.replace('}', ',"declaredIncome":1000}'),
      good.replace('}', ',"__proto__":{"x":1}}'),
      good.replace('}', ',"":1}'),
      // Duplicate keys: JSON.parse keeps the last.
      good.replace('}', ',"status":"N"}'),
      good.replace('}', ',"status":"1"}'),
      good.replace('}', ',"account":"ACC-2"}'),
      good.replace('"kind":"statement"', '"kind":"statement","kind":"notice"'),
      // Nulls are absent items.
      good.replace('}', ',"closedOn":null}'),
      good.replace('}', ',"religion":null}'),
      swap('"daysPastDue":0', '"daysPastDue":null'),
      // Wrong types.
      swap('"balance":2963.5', '"balance":"2963.5"'),
      swap('"balance":2963.5', '"balance":true'),
      swap('"balance":2963.5', '"balance":[1]'),
      swap('"balance":2963.5', '"balance":{"v":1}'),
      swap('"status":"N"', '"status":0'),
      swap('"status":"N"', '"status":"n"'),
      swap('"account":"ACC-000000001"', '"account":12'),
      swap('"month":"2026-11"', '"month":202611'),
      swap('"kind":"statement"', '"kind":"Statement"'),
      swap('"kind":"statement"', '"kind":"account"'),
      swap('"kind":"statement"', '"kind":1'),
      // NUL bytes and other control characters, raw and escaped; escapes of ordinary characters.
      swap('ACC-000000001', 'ACC-0000\u00000001'),
      swap('ACC-000000001', 'ACC-0000\\u00000001'),
      swap('ACC-000000001', 'ACC-0000\t0001'),
      swap('ACC-000000001', 'ACC-00000000\\u0031'),
      swap('"status"', '"st\\u0061tus"'),
      swap('ACC-000000001', 'ACC-\ud800'),
      swap('ACC-000000001', 'ACC-账户'),
      swap('ACC-000000001', `A${'1'.repeat(63)}`),
      swap('ACC-000000001', `A${'1'.repeat(64)}`),
      swap('ACC-000000001', '-ACC'),
      swap('ACC-000000001', ''),
      // Numbers: huge, negative, exponents, leading zeros, decimals.
      ...[
        '1e400',
        '-1e400',
        '99999999999999999999',
        '9999999999999',
        '9999999999999.99',
        '10000000000000',
        '10000000000000.01',
        '12345678901234567.5',
        '-0',
        '-1',
        '0',
        '0.0',
        '0.00',
        '0.01',
        '0.1',
        '1.10',
        '1.005',
        '1.5e2',
        '1E2',
        '01',
        '00',
        '1.',
        '.5',
        '0.30000000000000004',
        '5e-324',
      ].flatMap((n) => [swap('"balance":2963.5', `"balance":${n}`), swap('"daysPastDue":0', `"daysPastDue":${n}`)]),
      // Rules within a line.
      swap('"month":"2026-11"', '"month":"2026-10"'),
      swap('"month":"2026-11"', '"month":"2026-13"'),
      swap('"daysPastDue":0', '"daysPastDue":45'),
      swap('"daysPastDue":0,"status":"N"', '"daysPastDue":45,"status":"2"'),
      swap('"daysPastDue":0,"status":"N"', '"daysPastDue":36601,"status":"7"'),
      swap('"status":"N"', '"status":"C"'),
      swap('"status":"N"', '"status":"C","closedOn":"2026-11-30"'),
      swap('"status":"N"', '"status":"C","closedOn":"2026-12-01"'),
      swap('"status":"N"', '"status":"C","closedOn":"2026-11-31"'),
      swap('"status":"N"', '"status":"B"'),
      swap('"status":"N"', '"status":"B","writtenOff":10'),
      swap('"status":"N"', '"status":"N","writtenOff":10'),
      swap('"status":"N"', '"status":"#"'),
      good.replace(',"status":"N"', ''),
      '{"kind":"notice","account":"L-1","notifiedOn":"2026-11-05","method":"sms"}',
      '{"kind":"notice","account":"L-1","notifiedOn":"2026-12-05","method":"sms"}',
      '{"kind":"notice","account":"L-1","notifiedOn":"2026-11-05","method":"fax"}',
      '{"kind":"notice","account":"L-1","notifiedOn":"2026-11-05"}',
      '{ "kind" : "notice" , "account" : "L-1" , "notifiedOn" : "2026-11-05" , "method" : "sms" }',
    ];
    for (const line of table) agrees(line);
    // The whole table as one batch: the same errors on the same lines.
    const batch = table.join('\n');
    expect(intakeErrors(batch)).toEqual(oldErrors(batch));
    expect(intakeErrors(`${batch}\r\n\n`)).toEqual(oldErrors(`${batch}\r\n\n`));
  });

  it('agrees with validateLine on random statements: items changed, dropped, repeated, reordered, spaced (property)', () => {
    const literal = fc.oneof(
      fc.constantFrom(
        '0',
        '1',
        '-0',
        '1e2',
        '1.5',
        '1.50',
        '1.05',
        '1.005',
        '01',
        '12345678901234',
        '1234567890123.45',
        '36600',
        '36601',
        'null',
        'true',
        '"N"',
        '"1"',
        '"2026-11"',
        '"ACC-1"',
        '[]',
        '{}',
        '"\\u0000"',
      ),
      fc.integer({ min: -10, max: 400 }).map(String),
      fc.integer({ min: 0, max: 2 ** 53 }).map(String),
      fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => JSON.stringify(d)),
      fc.nat({ max: 9_999_999 }).map((n) => (n / 100).toFixed(n % 3)),
      fc.string({ maxLength: 12 }).map((s) => JSON.stringify(s)),
      fc.constantFrom(...'N1234567CGDZB*#'.split('')).map((s) => JSON.stringify(s)),
    );
    const names = [
      'kind',
      'account',
      'month',
      'balance',
      'amountDue',
      'amountPaid',
      'daysPastDue',
      'status',
      'closedOn',
      'writtenOff',
      'method',
      'notifiedOn',
      'x',
    ];
    fc.assert(
      fc.property(
        fc.nat({ max: 100_000 }),
        fc.array(fc.tuple(fc.constantFrom(...names), literal), { maxLength: 4 }),
        fc.array(fc.constantFrom(...names), { maxLength: 2 }),
        fc.boolean(),
        fc.constantFrom('', ' ', '\t', ' \r'),
        (i, changes, dropped, shuffle, space) => agrees(statementText(i, changes, dropped, shuffle, space)),
      ),
      { numRuns: 3000 },
    );
    // Lines read one after another by one parser (which expects a line's keys where the line
    // before had them): each read as it is alone, and the batch refused with the same errors.
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.nat({ max: 100_000 }),
            fc.array(fc.tuple(fc.constantFrom(...names), literal), { maxLength: 2 }),
            fc.array(fc.constantFrom(...names), { maxLength: 1 }),
            fc.boolean(),
            fc.constantFrom('', '', '', ' '),
            fc.nat({ max: 12 }),
          ),
          { minLength: 2, maxLength: 8 },
        ),
        (specs) => {
          // Some lines with the colon of one key spaced off it.
          const lines = specs.map(([i, changes, dropped, shuffle, space, spaced]) => {
            const line = statementText(i, changes, dropped, shuffle, space);
            const at = line.split('":', spaced).join('":').length;
            return spaced > 0 && at < line.length ? `${line.slice(0, at)}" :${line.slice(at + 2)}` : line;
          });
          const parser = new LineParser(std, ctx);
          const rows = new PlainRows(parser);
          for (const line of lines) {
            const kind = parser.parse(line, 0, line.length);
            if (!kind) {
              expect(fast(line), line).toBeUndefined();
              continue;
            }
            const facts = kind === 'statement' ? { account: rows.account(kind), adverse: rows.adverse() } : { account: rows.account(kind) };
            expect(old(line), line).toEqual({ canonical: parser.canonical(), row: rows.columns(kind), ...facts });
          }
          const batch = lines.join('\n');
          expect(intakeErrors(batch), batch).toEqual(oldErrors(batch));
          return true;
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('agrees with validateLine on amounts: the row holds their whole fen and the canonical line the number as String writes it (property)', () => {
    fc.assert(
      fc.property(fc.nat({ max: 9_999_999_999 }), fc.integer({ min: 0, max: 2 }), fc.boolean(), (fen, decimals, zeros) => {
        const text = decimals === 0 ? String(Math.floor(fen / 100)) : (fen / 100).toFixed(decimals) + (zeros ? '0' : '');
        return agrees(swap('"balance":2963.5', `"balance":${text}`)) && agrees(swap('"amountDue":123.48', `"amountDue":${text}`));
      }),
      { numRuns: 2000 },
    );
  });
});
