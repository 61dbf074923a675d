// Migration 0015 on a store that already holds subjects: the search table, emptied by the
// migration, is refilled from the subjects when the platform opens, with each name's pieces in
// the new column, and search finds them as before. On both stores.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORES, freshStore, type StoreLocation } from '../support/stores.ts';
import { TEST_SECRET } from '../support/platform.ts';
import { PgliteDatabase } from '../../src/store/pglite.ts';
import { PostgresDatabase } from '../../src/store/postgres.ts';
import { migrate } from '../../src/store/migrate.ts';
import { loadConfig } from '../../src/kernel/config.ts';
import { Platform } from '../../src/app/platform.ts';
import { bigrams, searchRow } from '../../src/features/search/search.service.ts';
import { generateSigningKeyPem } from '../../src/features/reports/signing-key.ts';

const NAMES = ['杭州华星科技有限公司', '深圳市南山区示例贸易有限公司', '北京（海淀）星光文化传媒有限公司', '上海浦东新区华星实业有限公司'];
const code = (i: number) => `91330100MA2ABC${String(i).padStart(3, '0')}X`;

describe.each(STORES)('migration 0015 on %s', (store) => {
  let loc: StoreLocation;
  let platform: Platform | undefined;

  beforeAll(async () => {
    loc = await freshStore(store);
    const db = loc.databaseUrl ? await PostgresDatabase.open(loc.databaseUrl) : await PgliteDatabase.open(loc.dataDir, { relaxedDurability: false });
    try {
      await migrate(db, { upTo: 14 });
      for (const [i, name] of NAMES.entries()) {
        await db.query('INSERT INTO subject (subject_key, kind, code, name, division_code, first_seq) VALUES ($1, $2, $1, $3, $4, $5)', [
          code(i),
          'enterprise',
          name,
          '330100',
          i + 1,
        ]);
        // The search row as written before 0015: no pieces column.
        const [key, folded, pinyin, initials] = searchRow({ subjectKey: code(i), name });
        await db.query('INSERT INTO subject_search (subject_key, folded, pinyin, initials) VALUES ($1, $2, $3, $4)', [key, folded, pinyin, initials]);
      }
    } finally {
      await db.close();
    }
    platform = await Platform.open(
      loadConfig(
        {
          dataDir: loc.dataDir,
          databaseUrl: loc.databaseUrl,
          idHashSecret: TEST_SECRET,
          logLevel: 'silent',
          reportSigningKey: loc.databaseUrl ? generateSigningKeyPem() : undefined,
        },
        {},
      ),
    );
  });
  afterAll(async () => {
    await platform?.close();
    await loc?.cleanup();
  });

  it('refills the search table with every subject and its pieces, and finds them', async () => {
    const rows = await platform!.db.query<{ subject_key: string; folded: string; bigrams: string[] }>(
      'SELECT subject_key, folded, bigrams FROM subject_search ORDER BY subject_key',
    );
    expect(rows.map((r) => r.subject_key)).toEqual(NAMES.map((_, i) => code(i)));
    for (const r of rows) expect([...r.bigrams].sort()).toEqual(bigrams(r.folded).sort());
    const hits = await platform!.search.search('华星', { limit: 10 });
    expect(hits.map((h) => h.code).sort()).toEqual([code(0), code(3)]);
    const [index] = await platform!.db.query<{ indexdef: string }>("SELECT indexdef FROM pg_indexes WHERE indexname = 'subject_search_bigrams_idx'");
    expect(index!.indexdef).toContain('gin (bigrams)');
  });
});
