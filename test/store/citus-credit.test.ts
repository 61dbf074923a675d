// Financial credit reporting on a Citus cluster (src/store/citus-credit.ts): the credit tables are
// distributed by the key of the subject they are about, in the subjects' co-location group (a
// month's statements partition too), furnishing_batch is a reference table, and a report's queries,
// a borrower's and a guarantor's, each go to one shard: the borrower's. Without a cluster this
// file skips and says why, unless XINYONG_REQUIRE_CITUS=1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeCitus, SHARD_COUNT } from '../support/citus.ts';
import { addAgency, asActor, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { BORROWER, BORROWER_2, COMPANY, card, consent, keyOf, loan, statement } from '../support/furnishing.ts';
import { CREDIT_DISTRIBUTED, CREDIT_KEYS, CREDIT_REFERENCE_TABLES } from '../../src/store/citus-credit.ts';
import type { Queryable, Row } from '../../src/store/database.ts';
import type { AgencyPrincipal } from '../../src/kernel/principal.ts';

const citus = await probeCitus();
const NOW = '2026-11-20T02:00:00Z';

/** A Queryable that runs on `q` and keeps every statement it is given, with its parameters. */
function recording(q: Queryable): { q: Queryable; statements: Array<{ sql: string; params: readonly unknown[] }> } {
  const statements: Array<{ sql: string; params: readonly unknown[] }> = [];
  return {
    statements,
    q: {
      query: <R extends Row = Row>(sql: string, params: readonly unknown[] = []) => {
        statements.push({ sql, params });
        return q.query<R>(sql, params);
      },
      exec: (sql) => q.exec(sql),
      copyIn: (table, columns, text) => q.copyIn(table, columns, text),
      copyOut: (query) => q.copyOut(query),
    },
  };
}

describe.skipIf(!citus.ok)(`financial credit reporting on a Citus cluster${citus.ok ? '' : ` (skipped: ${citus.reason})`}`, () => {
  let t: TestPlatform;
  let bank: AgencyPrincipal;
  const furnish = (month: string, lines: Array<Record<string, unknown>>) =>
    asActor({ type: 'agency', id: bank.code }, () =>
      t.platform.furnishing.furnish(
        bank,
        month,
        lines.map((value, i) => ({ line: i + 1, value })),
      ),
    );
  /** The shards each statement's plan reads, by EXPLAIN on the coordinator with the statement's parameters. */
  const tasksOf = async (sql: string, params: readonly unknown[]): Promise<number[]> => {
    const [plan] = await t.platform.db.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${sql}`, params);
    return [...JSON.stringify(plan!['QUERY PLAN']).matchAll(/"Task Count":(\d+)/g)].map((m) => Number(m[1]));
  };

  beforeAll(async () => {
    t = await openTestPlatform('citus', NOW);
    bank = (await addAgency(t.platform, 'bank-xihu', 'commercial-bank')).principal;
    // BORROWER's loan and card, BORROWER_2's card, and a company's loan BORROWER guarantees.
    await furnish('2026-09', [
      consent(BORROWER),
      consent(BORROWER_2),
      loan('L-1'),
      card('C-1'),
      card('C-2', BORROWER_2),
      loan('L-G', COMPANY, { guarantors: [BORROWER] }),
      statement('L-1', '2026-09'),
      statement('C-1', '2026-09', { balance: 800, amountDue: 80, amountPaid: 80 }),
      statement('C-2', '2026-09', { balance: 10, amountDue: 10, amountPaid: 10 }),
      statement('L-G', '2026-09'),
    ]);
    await furnish('2026-10', [
      statement('L-1', '2026-10'),
      statement('C-1', '2026-10', { balance: 700, amountDue: 70, amountPaid: 70 }),
      statement('L-G', '2026-10'),
      { kind: 'notice', account: 'C-2', notifiedOn: '2026-10-05', method: 'sms' },
    ]);
  });
  afterAll(async () => {
    await t?.close();
  });

  it("distributes every credit table by the key of the subject it is about, in the subjects' group, with its key there", async () => {
    const rows = await t.platform.db.query<{ table: string; column: string; colocation: number }>(
      `SELECT logicalrelid::regclass::text AS table, column_to_column_name(logicalrelid, partkey) AS column, colocationid AS colocation
         FROM pg_dist_partition WHERE logicalrelid::regclass::text = ANY($1::text[]) ORDER BY 1`,
      [[...Object.keys(CREDIT_DISTRIBUTED), 'subject_search']],
    );
    const anchor = rows.find((r) => r.table === 'subject_search')!;
    expect(Object.fromEntries(rows.filter((r) => r !== anchor).map((r) => [r.table, r.column]))).toEqual(CREDIT_DISTRIBUTED);
    expect(new Set(rows.map((r) => r.colocation))).toEqual(new Set([anchor.colocation]));
    // Each month's statements partition is distributed in the group with its parent.
    const partitions = await t.platform.db.query<{ table: string; column: string; colocation: number }>(
      `SELECT logicalrelid::regclass::text AS table, column_to_column_name(logicalrelid, partkey) AS column, colocationid AS colocation
         FROM pg_dist_partition WHERE logicalrelid::regclass::text LIKE 'credit_statement_y%' ORDER BY 1`,
    );
    expect(partitions).toEqual([
      { table: 'credit_statement_y2026m09', column: 'borrower_key', colocation: anchor.colocation },
      { table: 'credit_statement_y2026m10', column: 'borrower_key', colocation: anchor.colocation },
    ]);
    // The primary keys begin with the distribution column.
    for (const [table, key] of Object.entries(CREDIT_KEYS)) {
      const [pk] = await t.platform.db.query<{ columns: string[] }>(
        `SELECT array_agg(a.attname::text ORDER BY k.n) AS columns FROM pg_constraint c
           CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, n)
           JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
          WHERE c.conrelid = $1::regclass AND c.contype = 'p'`,
        [table],
      );
      expect(pk!.columns, table).toEqual(key);
    }
    // The withdrawal's foreign key names the subject, as the authorisation's key does.
    const [fk] = await t.platform.db.query<{ def: string }>(
      "SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'credit_inquiry_consent_withdrawal'::regclass AND contype = 'f'",
    );
    expect(fk!.def).toBe('FOREIGN KEY (subject_key, lender, reference) REFERENCES credit_inquiry_consent(subject_key, lender, reference)');
  });

  it('makes furnishing_batch a reference table, held by every node', async () => {
    const rows = await t.platform.db.query<{ table: string }>(
      "SELECT logicalrelid::regclass::text AS table FROM pg_dist_partition WHERE partmethod = 'n' AND repmodel = 't' AND logicalrelid::regclass::text = ANY($1::text[])",
      [[...CREDIT_REFERENCE_TABLES]],
    );
    expect(rows.map((r) => r.table)).toEqual([...CREDIT_REFERENCE_TABLES]);
    const copies = await t.platform.db.query<{ result: string }>("SELECT result FROM run_command_on_placements('furnishing_batch', 'SELECT count(*) FROM %s')");
    expect(copies.length).toBeGreaterThanOrEqual(citus.workers.length);
    for (const c of copies) expect(c.result).toBe('2');
  });

  it("keeps a borrower's accounts, statements and notices in the shard of its subject key, and a guarantee in the guarantor's", async () => {
    const shardOf = async (table: string, key: string) =>
      (await t.platform.db.query<{ shard: string }>('SELECT get_shard_id_for_distribution_column($1::regclass, $2::text)::text AS shard', [table, key]))[0]!
        .shard;
    const index = async (table: string, key: string) =>
      (await t.platform.db.query<{ min: string }>('SELECT shardminvalue AS min FROM pg_dist_shard WHERE shardid = $1::bigint', [await shardOf(table, key)]))[0]!
        .min;
    const shardRows = async (table: string, where: string, key: string) => {
      const rows = await t.platform.db.query<{ result: string; shardid: string }>(
        `SELECT shardid::text, result FROM run_command_on_placements($1::regclass, $2) WHERE result <> '0'`,
        [table, `SELECT count(*) FROM %s WHERE ${where} = '${key}'`],
      );
      return rows.map((r) => r.shardid);
    };
    for (const [table, where, id] of [
      ['credit_account', 'borrower_key', BORROWER],
      ['credit_statement_y2026m10', 'borrower_key', BORROWER],
      ['credit_adverse_notice', 'borrower_key', BORROWER_2],
      ['credit_guarantee', 'guarantor_key', BORROWER],
      ['credit_account', 'borrower_key', COMPANY],
    ] as const) {
      const key = keyOf(id);
      // Every row about the subject lies in one shard: that of its key, at the subject's index in the group.
      expect(await shardRows(table, where, key), `${table} ${id}`).toEqual([await shardOf(table, key)]);
      expect(await index(table, key)).toBe(await index('subject_search', key));
    }
  });

  it("answers a borrower's report, and a guarantor's, by queries that each read one shard", async () => {
    const { q, statements } = recording(t.platform.db);
    const borrower = await t.platform.creditReports.report(keyOf(BORROWER), { asOf: '2026-11-20', months: 24 }, q);
    expect(borrower.accounts.flatMap((s) => s.accounts).map((a) => a.account)).toEqual(expect.arrayContaining(['L-1', 'C-1']));
    expect(borrower.guarantees.map((g) => g.account)).toEqual(['L-G']);
    const credit = statements.filter((s) => /credit_|furnishing_/.test(s.sql));
    // The batches, the accounts as borrower and as guarantor, their statements, the inquiries, the masked number.
    expect(credit.length).toBeGreaterThanOrEqual(6);
    // The account histories' marks are a table of the coordinator's (no histories are built on a
    // cluster, so none are read): a query of them alone reads no shard.
    const marksOnly = (sql: string) => /\bFROM credit_history_build\b/.test(sql) && !/credit_statement|credit_account\b|furnishing_batch/.test(sql);
    expect(credit.filter((s) => /credit_account_history/.test(s.sql))).toEqual([]);
    for (const s of credit) expect(await tasksOf(s.sql, s.params), s.sql).toEqual(marksOnly(s.sql) ? [] : [1]);
    // A query that names no subject reads every shard: the check above would see it.
    expect(await tasksOf("SELECT count(*) FROM credit_statement WHERE furnisher = 'bank-xihu'", [])).toEqual([SHARD_COUNT]);
  });

  it('furnishes a month-end batch over several shards in one transaction, and refuses what PostgreSQL refuses', async () => {
    // A statement of an account never furnished: refused whole, nothing stored.
    await expect(furnish('2026-11', [statement('L-1', '2026-11'), statement('X-9', '2026-11')])).rejects.toMatchObject({ code: 'validation-failed' });
    const [none] = await t.platform.db.query<{ n: number }>("SELECT count(*)::int AS n FROM credit_statement WHERE month = '2026-11-01'");
    expect(none!.n).toBe(0);
    const r = await furnish('2026-11', [statement('L-1', '2026-11'), statement('C-2', '2026-11', { balance: 5, amountDue: 5, amountPaid: 5 })]);
    expect(await t.platform.furnishing.verifyBatch(r.batchId)).toMatchObject({ intact: true, lines: 2 });
    const rows = await t.platform.db.query<{ account_id: string; borrower_key: string }>(
      "SELECT account_id, borrower_key FROM credit_statement WHERE month = '2026-11-01' ORDER BY account_id",
    );
    expect(rows).toEqual([
      { account_id: 'C-2', borrower_key: keyOf(BORROWER_2) },
      { account_id: 'L-1', borrower_key: keyOf(BORROWER) },
    ]);
  });
});
