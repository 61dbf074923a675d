// xinyong furnish and the audit of furnishing batches, as an operator runs them: bin/xinyong in a
// child process on a PGlite directory. The audit recomputes each batch's root from its stored
// lines and exits 1 naming a batch whose rows were altered.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { PgliteDatabase } from '../../src/store/pglite.ts';
import { BORROWER, card, consent, loan, ndjson, statement } from '../support/furnishing.ts';

const tmp = mkdtempSync(join(tmpdir(), 'xinyong-furnish-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const run = runCli;

describe('xinyong furnish and audit verify on PGlite', () => {
  const dir = join(tmp, 'data');
  let key = '';

  it('furnishes a batch file with a furnisher key, all or nothing', () => {
    key = run(['agency', 'add', '--data', dir, '--code', 'bank-cli', '--name', '示例银行', '--kind', 'commercial-bank']).json.apiKey as string;
    const good = join(tmp, 'october.ndjson');
    writeFileSync(
      good,
      ndjson([
        consent(BORROWER),
        loan('L-1'),
        card('C-1', BORROWER),
        statement('L-1', '2026-10'),
        statement('C-1', '2026-10', { balance: 10, amountDue: 1, amountPaid: 1 }),
      ]),
    );
    const r = run(['furnish', good, '--data', dir, '--agency', key, '--month', '2026-10']);
    expect(r.status).toBe(0);
    expect(r.json).toMatchObject({ furnisher: 'bank-cli', lines: 5, duplicate: false });
    const bad = join(tmp, 'bad.ndjson');
    writeFileSync(bad, ndjson([statement('L-1', '2026-10', { daysPastDue: 5 })]));
    const refused = run(['furnish', bad, '--data', dir, '--agency', key, '--month', '2026-10']);
    expect(refused.status).toBe(2);
    expect(refused.json).toMatchObject({
      error: 'validation-failed',
      errors: [{ line: 1, field: 'status', message: 'status N does not agree with 5 days past due' }],
    });
  });

  it('audits every batch against its ledger event, and names one whose rows were altered', async () => {
    const ok = run(['audit', 'verify', '--data', dir]);
    expect(ok.status).toBe(0);
    expect(ok.json.furnishing).toEqual({ batches: 1, broken: [] });
    const db = await PgliteDatabase.open(dir);
    try {
      await db.transaction(async (tx) => {
        await tx.query('SET LOCAL session_replication_role = replica');
        await tx.query("UPDATE credit_statement SET days_past_due = 0, status = 'C' WHERE account_id = 'C-1'");
      });
    } finally {
      await db.close();
    }
    const broken = run(['audit', 'verify', '--data', dir]);
    expect(broken.status).toBe(1);
    expect(broken.json).toMatchObject({ intact: false, reason: expect.stringContaining('furnishing batch') });
  });
});
