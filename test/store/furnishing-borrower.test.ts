// An account's borrower never changes, on every store: a batch with an account line naming another
// borrower than the account was furnished for, or than an earlier line of the account in the same
// batch, is refused whole (422 account-borrower-changed, naming the line) and stores nothing,
// whether the batch is short (the stored borrowers asked of the store) or longer than a chunk (the
// furnisher's accounts held in the process), sent as values, NDJSON or CSV. A restatement for the
// same borrower is a new version, its statements keyed by that borrower.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STORES } from '../support/stores.ts';
import { addAgency, asActor, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { ledgerCount } from '../support/ledger-rows.ts';
import { BORROWER, BORROWER_2, COMPANY, card, consent, keyOf, loan, ndjson, refusal, statement } from '../support/furnishing.ts';
import { csvLines } from '../../src/features/credit-reporting/furnishing-files.ts';
import type { AgencyPrincipal } from '../../src/kernel/principal.ts';

/** More lines than a chunk (10,000): enterprises' accounts, which need no consent. */
const LONG = 10_050;
const filler = (prefix: string) => Array.from({ length: LONG }, (_, i) => loan(`${prefix}-${i}`, COMPANY));

const changed = (line: number, account: string, earlier?: number) => ({
  line,
  field: 'borrower',
  message: `${earlier === undefined ? `account ${account} was furnished before` : `line ${earlier} furnishes account ${account}`} for another borrower; an account's borrower never changes: close this account and open a new account for the new borrower`,
});

/** The lines as CSV: a header naming every item, lists separated by '|'. */
function csv(values: ReadonlyArray<Record<string, unknown>>): string {
  const header = [...new Set(values.flatMap((v) => Object.keys(v)))];
  const cell = (v: unknown) => (v === undefined ? '' : Array.isArray(v) ? v.join('|') : String(v));
  return [header.join(','), ...values.map((v) => header.map((h) => cell(v[h])).join(','))].join('\n');
}

describe.each(ALL_STORES)("an account's borrower on %s", (store) => {
  let t: TestPlatform;
  let bank: AgencyPrincipal;
  const furnish = (month: string, values: readonly unknown[]) =>
    asActor({ type: 'agency', id: bank.code }, () =>
      t.platform.furnishing.furnish(
        bank,
        month,
        values.map((value, i) => ({ line: i + 1, value })),
      ),
    );
  const furnishText = (month: string, values: readonly unknown[]) =>
    asActor({ type: 'agency', id: bank.code }, () => t.platform.furnishing.furnishNdjson(bank, month, ndjson(values)));
  const furnishCsv = (month: string, values: ReadonlyArray<Record<string, unknown>>) =>
    asActor({ type: 'agency', id: bank.code }, () => t.platform.furnishing.furnish(bank, month, csvLines(csv(values), t.platform.policy.furnishing)));
  const count = async (table: string) => Number((await t.platform.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n);
  const unchanged = async () => [
    await ledgerCount(t.platform.db),
    await count('furnishing_batch'),
    await count('credit_account'),
    await count('credit_statement'),
    await count('credit_guarantee'),
  ];
  const borrowersOf = async (table: string, account: string) =>
    (await t.platform.db.query<{ k: string }>(`SELECT borrower_key AS k FROM ${table} WHERE account_id = $1 ORDER BY seq`, [account])).map((r) => r.k);

  beforeAll(async () => {
    t = await openTestPlatform(store, '2026-11-20T02:00:00Z');
    bank = (await addAgency(t.platform, 'bank-shaoxing', 'commercial-bank')).principal;
    await furnish('2026-10', [
      consent(BORROWER),
      consent(BORROWER_2),
      loan('L-1'),
      card('C-1', BORROWER_2),
      statement('L-1', '2026-10', { daysPastDue: 40, status: '2', amountPaid: 0 }),
      { kind: 'notice', account: 'L-1', notifiedOn: '2026-10-05', method: 'sms' },
      statement('C-1', '2026-10'),
    ]);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses a short batch restating a stored account for another borrower, as values, NDJSON and CSV, and stores nothing', async () => {
    const before = await unchanged();
    const lines = [statement('L-1', '2026-11'), loan('N-1'), loan('L-1', BORROWER_2), card('C-1', BORROWER)];
    // A CSV file's lines are numbered after its header row.
    for (const [send, header] of [
      [furnish, 0],
      [furnishText, 0],
      [furnishCsv, 1],
    ] as const) {
      const err = await refusal(send('2026-11', lines));
      expect(err.code).toBe('account-borrower-changed');
      expect(err.status).toBe(422);
      expect(err.extensions).toEqual({ errorCount: 2, errors: [changed(3 + header, 'L-1'), changed(4 + header, 'C-1')] });
      expect(err.message).toContain(`line ${3 + header}: account L-1 was furnished before for another borrower`);
    }
    expect(await unchanged()).toEqual(before);
    // L-1's months stay its borrower's alone.
    expect(await borrowersOf('credit_account', 'L-1')).toEqual([keyOf(BORROWER)]);
  });

  it('refuses two lines of one account with two borrowers in one batch, a new account or a stored one, and lists them with any other bad line', async () => {
    const before = await unchanged();
    const err = await refusal(
      furnish('2026-11', [loan('N-2'), statement('N-2', '2026-11', { balance: -1 }), loan('N-2', BORROWER_2), loan('L-1'), loan('L-1', BORROWER_2)]),
    );
    expect(err.code).toBe('account-borrower-changed');
    expect(err.extensions.errors).toEqual([
      { line: 2, field: 'balance', message: 'must not be negative' },
      { line: 3, field: 'account', message: 'line 1 already furnishes this account; a batch holds one of each' },
      changed(3, 'N-2', 1),
      { line: 5, field: 'account', message: 'line 4 already furnishes this account; a batch holds one of each' },
      changed(5, 'L-1', 4),
    ]);
    expect(await unchanged()).toEqual(before);
  });

  it("refuses a batch longer than a chunk whose statement comes before its account's line restating it for another borrower, and stores nothing", async () => {
    const before = await unchanged();
    // The statement's row is copied in with the first chunk, before the restating line is read.
    const lines = [statement('L-1', '2026-11'), ...filler('F'), loan('L-1', BORROWER_2)];
    for (const send of [furnish, furnishText]) {
      const err = await refusal(send('2026-11', lines));
      expect(err.code).toBe('account-borrower-changed');
      expect(err.extensions.errors).toEqual([changed(LONG + 2, 'L-1')]);
    }
    expect(await unchanged()).toEqual(before);
    expect(await borrowersOf('credit_account', 'L-1')).toEqual([keyOf(BORROWER)]);
  }, 240_000);

  it('takes a restatement for the same borrower as a new version, short or longer than a chunk, its statements keyed by that borrower', async () => {
    const short = await furnish('2026-11', [statement('C-1', '2026-11'), card('C-1', BORROWER_2), loan('L-1', BORROWER, { principal: 180000 })]);
    expect(short).toMatchObject({ duplicate: false, counts: { account: 2, statement: 1 } });
    const long = await furnishText('2026-11', [statement('L-1', '2026-11'), ...filler('G'), loan('L-1', BORROWER, { principal: 170000 })]);
    expect(long).toMatchObject({ duplicate: false, counts: { account: LONG + 1, statement: 1 } });
    expect(await borrowersOf('credit_account', 'L-1')).toEqual([keyOf(BORROWER), keyOf(BORROWER), keyOf(BORROWER)]);
    expect(await borrowersOf('credit_account', 'C-1')).toEqual([keyOf(BORROWER_2), keyOf(BORROWER_2)]);
    expect(await borrowersOf('credit_statement', 'L-1')).toEqual([keyOf(BORROWER), keyOf(BORROWER)]);
    expect(await borrowersOf('credit_statement', 'C-1')).toEqual([keyOf(BORROWER_2), keyOf(BORROWER_2)]);
    expect(await t.platform.furnishing.verifyBatch(long.batchId)).toMatchObject({ intact: true });
  }, 240_000);
});
