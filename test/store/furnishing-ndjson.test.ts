// A batch furnished as NDJSON text on both stores (issue 21): read line by line and copied in chunk
// by chunk while it is read, it is still all or nothing. A bad line or a repeated one after the
// first chunks were copied stores nothing and is named; a statement of an account never furnished
// is refused whether it is found by asking or by the set difference over the stored statements;
// the root is the one the lines' canonical JSON gives, and the one the same lines give as values.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STORES } from '../support/stores.ts';
import { addAgency, asActor, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { ledgerCount } from '../support/ledger-rows.ts';
import { COMPANY, expectedRoot, loan, ndjson, refusal, statement } from '../support/furnishing.ts';
import type { AgencyPrincipal } from '../../src/kernel/principal.ts';

/** More lines than one chunk copied at once (10,000): accounts of an enterprise, then a statement of each. */
const N = 6_000;
const accounts = Array.from({ length: N }, (_, i) => loan(`B-${i}`, COMPANY));
const statements = Array.from({ length: N }, (_, i) =>
  statement(
    `B-${i}`,
    '2026-11',
    i % 7 === 0 ? { balance: 1200.1, amountDue: 100.05, amountPaid: 0, daysPastDue: 1 + (i % 30), status: '1' } : { balance: i, amountDue: i / 100 },
  ),
);

describe.each(ALL_STORES)('furnishing NDJSON text on %s', (store) => {
  let t: TestPlatform;
  let bank: AgencyPrincipal;
  const furnishText = (month: string, text: string, who: AgencyPrincipal = bank) =>
    asActor({ type: 'agency', id: who.code }, () => t.platform.furnishing.furnishNdjson(who, month, text));
  const furnish = (month: string, values: readonly unknown[], who: AgencyPrincipal = bank) =>
    asActor({ type: 'agency', id: who.code }, () =>
      t.platform.furnishing.furnish(
        who,
        month,
        values.map((value, i) => ({ line: i + 1, value })),
      ),
    );
  const count = async (table: string) => Number((await t.platform.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n);
  const unchanged = async () => [await ledgerCount(t.platform.db), await count('credit_account'), await count('credit_statement')];

  beforeAll(async () => {
    t = await openTestPlatform(store, '2026-12-02T02:00:00Z');
    bank = (await addAgency(t.platform, 'bank-ningbo', 'commercial-bank')).principal;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('stores nothing when the last line is bad, after the first chunks were copied, and names the line', async () => {
    const before = await unchanged();
    const lines = [...accounts, ...statements];
    const text = ndjson(lines).replace(/\n$/, `\n${JSON.stringify(statement('B-1', '2026-11', { balance: -1 }))}\n`);
    const err = await refusal(furnishText('2026-11', text));
    expect(err.code).toBe('validation-failed');
    expect(err.extensions.errors).toEqual([{ line: 2 * N + 1, field: 'balance', message: 'must not be negative' }]);
    expect(await unchanged()).toEqual(before);
  });

  it('stores nothing when a late statement repeats an earlier one (refused by the statements\' key as it is copied) and names both', async () => {
    const before = await unchanged();
    const text = `${ndjson([...accounts, ...statements])}${JSON.stringify(statements[5])}\n`;
    const err = await refusal(furnishText('2026-11', text));
    expect(err.extensions.errors).toEqual([
      { line: 2 * N + 1, field: 'account', message: `line ${N + 6} already furnishes this statement; a batch holds one of each` },
    ]);
    expect(await unchanged()).toEqual(before);
  });

  it('names a repeated statement beside another bad line, wherever either falls, and stores nothing', async () => {
    const before = await unchanged();
    // A repeat in the first chunk copied, a bad line after it, and a repeat of a repeat after both.
    const lines: Array<Record<string, unknown>> = [...accounts, ...statements];
    lines.splice(N + 10, 0, statements[2]!);
    lines.push(statement('B-3', '2026-11', { balance: -1 }), statements[2]!);
    for (const feed of [(ls: typeof lines) => furnishText('2026-11', ndjson(ls)), (ls: typeof lines) => furnish('2026-11', ls)]) {
      const err = await refusal(feed(lines));
      expect(err.extensions.errors).toEqual([
        { line: N + 11, field: 'account', message: `line ${N + 3} already furnishes this statement; a batch holds one of each` },
        { line: 2 * N + 2, field: 'balance', message: 'must not be negative' },
        { line: 2 * N + 3, field: 'account', message: `line ${N + 3} already furnishes this statement; a batch holds one of each` },
      ]);
    }
    expect(await unchanged()).toEqual(before);
  });

  it('stores a valid batch with the root of its canonical lines; the same lines as values are the same batch', async () => {
    const opening = await furnishText('2026-10', ndjson(accounts));
    expect(opening).toMatchObject({ lines: N, counts: { account: N }, duplicate: false });
    expect(opening.root).toBe(expectedRoot(accounts));
    // Blank lines and CRLF line ends change nothing; lines are numbered as the text's lines.
    const text = `\r\n${ndjson(statements).replaceAll('\n', '\r\n')}\n  \n`;
    const r = await furnishText('2026-11', text);
    expect(r).toMatchObject({ lines: N, counts: { statement: N, account: 0 }, duplicate: false });
    expect(r.root).toBe(expectedRoot(statements));
    expect(await t.platform.furnishing.verifyBatch(r.batchId)).toMatchObject({ intact: true, lines: N });
    const again = await furnish('2026-11', statements);
    expect(again).toMatchObject({ duplicate: true, batchId: r.batchId, root: r.root });
  });

  it('refuses a statement and a notice of accounts never furnished, in a batch otherwise whole, storing nothing', async () => {
    const before = await unchanged();
    const lines: Array<Record<string, unknown>> = statements.map((s) => ({ ...s, month: '2026-12' }));
    lines.splice(4321, 0, statement('NEVER-1', '2026-12'));
    lines.push({ kind: 'notice', account: 'NEVER-2', notifiedOn: '2026-12-01', method: 'sms' });
    const err = await refusal(furnishText('2026-12', ndjson(lines)));
    expect(err.extensions.errors).toEqual([
      { line: 4322, field: 'account', message: 'account NEVER-1 has not been furnished; furnish its account line first (or in this batch)' },
      { line: lines.length, field: 'account', message: 'account NEVER-2 has not been furnished; furnish its account line first (or in this batch)' },
    ]);
    expect(await unchanged()).toEqual(before);
  });

  it('answers a batch of blank lines as one with no lines', async () => {
    const err = await refusal(furnishText('2026-11', '\n \r\n\n'));
    expect(err.message).toBe('the batch holds no lines');
  });
});
