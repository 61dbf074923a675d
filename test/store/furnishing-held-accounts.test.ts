// A batch longer than one chunk (10,000 lines) is checked against the furnisher's accounts read once
// into the process (FurnishedAccounts) instead of asking the store about its accounts: it must refuse
// exactly what a batch of one chunk refuses, whatever the order of its lines. Accounts never
// furnished, a person's adverse statement without a notice (the borrower's kind of an account
// restated before, and a notice furnished before an account the batch restates), and the accounts
// a batch furnishes itself, before or after the lines that name them. (A restatement names the
// account's borrower again: furnishing-borrower.test.ts refuses any other.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STORES } from '../support/stores.ts';
import { addAgency, asActor, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { ledgerCount } from '../support/ledger-rows.ts';
import { BORROWER, BORROWER_2, COMPANY, consent, loan, ndjson, refusal, statement } from '../support/furnishing.ts';
import type { AgencyPrincipal } from '../../src/kernel/principal.ts';

/** Accounts of an enterprise, each with a current statement in the month-end batch: more than a chunk. */
const N = 10_200;
const late = { daysPastDue: 12, status: '1', amountPaid: 0 };
const notice = (account: string) => ({ kind: 'notice', account, notifiedOn: '2026-11-05', method: 'sms' });

/** The same lines in a fixed scrambled order (a stride through them). */
function scrambled<T>(lines: readonly T[]): T[] {
  const out: T[] = [];
  for (let start = 0; start < 7; start++) for (let i = start; i < lines.length; i += 7) out.push(lines[i]!);
  return out;
}

describe.each(ALL_STORES)('a batch checked against the accounts held in the process, on %s', (store) => {
  let t: TestPlatform;
  let bank: AgencyPrincipal;
  const furnishText = (month: string, lines: readonly unknown[]) =>
    asActor({ type: 'agency', id: bank.code }, () => t.platform.furnishing.furnishNdjson(bank, month, ndjson(lines)));
  const count = async (table: string) => Number((await t.platform.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n);
  const unchanged = async () => [
    await ledgerCount(t.platform.db),
    await count('credit_account'),
    await count('credit_statement'),
    await count('credit_adverse_notice'),
  ];

  beforeAll(async () => {
    t = await openTestPlatform(store, '2026-12-02T02:00:00Z');
    bank = (await addAgency(t.platform, 'bank-wenzhou', 'commercial-bank')).principal;
    // Persons P-1 (never told) and P-2 (told, by a notice furnished before); R-1 a person's account
    // and R-2 an enterprise's, each restated in a later batch.
    await furnishText('2026-10', [
      consent(BORROWER),
      consent(BORROWER_2),
      ...Array.from({ length: N }, (_, i) => loan(`A-${String(i).padStart(5, '0')}`, COMPANY)),
      loan('P-1', BORROWER),
      loan('P-2', BORROWER_2),
      notice('P-2'),
      loan('R-1', BORROWER),
      loan('R-2', COMPANY),
    ]);
    await furnishText('2026-10', [loan('R-1', BORROWER, { principal: 190000 }), loan('R-2', COMPANY, { principal: 190000 })]);
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Statements of every account, in order, with lines a month-end batch may hold around them. */
  const monthEnd = (): Array<Record<string, unknown>> => [
    statement('NEW-2', '2026-11'),
    ...Array.from({ length: N }, (_, i) => statement(`A-${String(i).padStart(5, '0')}`, '2026-11', i % 50 === 0 ? late : {})),
    statement('P-2', '2026-11', late),
    statement('R-2', '2026-11', late),
    // Restated in the batch: still told before.
    loan('P-2', BORROWER_2),
    loan('NEW-1', COMPANY),
    loan('NEW-2', COMPANY),
    statement('NEW-1', '2026-11', late),
  ];
  /** The lines to refuse, each with the error its line must get. */
  const bad: Array<[Record<string, unknown>, { field: string; message: string }]> = [
    [statement('P-1', '2026-11', late), { field: 'status', message: expect.stringContaining('a notice line for account P-1') }],
    [statement('R-1', '2026-11', late), { field: 'status', message: expect.stringContaining('a notice line for account R-1') }],
    [
      statement('NEVER-1', '2026-11'),
      { field: 'account', message: 'account NEVER-1 has not been furnished; furnish its account line first (or in this batch)' },
    ],
    [notice('NEVER-2'), { field: 'account', message: 'account NEVER-2 has not been furnished; furnish its account line first (or in this batch)' }],
  ];

  it('refuses what a batch of one chunk refuses, in order or not, and stores nothing', async () => {
    const before = await unchanged();
    // A batch of one chunk: the bad lines alone, with a line of each kind that passes.
    const small = [statement('P-2', '2026-11', late), ...bad.map(([l]) => l), statement('R-2', '2026-11', late), loan('P-2', BORROWER_2)];
    const smallErr = await refusal(furnishText('2026-11', small));
    expect(smallErr.extensions.errors).toEqual(bad.map(([, e], i) => ({ line: i + 2, ...e })));
    for (const order of [(ls: Array<Record<string, unknown>>) => ls, scrambled]) {
      const lines = order(monthEnd());
      // The bad lines spread through the batch, one in each of its chunks and one at its end.
      const at = [3, 4_000, 10_100, lines.length];
      const placed = [...lines];
      for (let k = bad.length - 1; k >= 0; k--) placed.splice(at[k]!, 0, bad[k]![0]);
      const err = await refusal(furnishText('2026-11', placed));
      const lineOf = (l: Record<string, unknown>) => placed.indexOf(l) + 1;
      expect(err.extensions.errors).toEqual(bad.map(([l, e]) => ({ line: lineOf(l), ...e })));
    }
    expect(await unchanged()).toEqual(before);
  });

  it('stores a batch whose statements name accounts furnished before or in it, in any order', async () => {
    const lines = scrambled(monthEnd());
    const r = await furnishText('2026-11', lines);
    expect(r).toMatchObject({ lines: lines.length, counts: { statement: N + 4, account: 3 }, duplicate: false });
    expect(await t.platform.furnishing.verifyBatch(r.batchId)).toMatchObject({ intact: true });
  });
});
