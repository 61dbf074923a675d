// Bulk exports of a list on every store, as a consumer keeping a daily copy uses them: a day's
// file in NDJSON, CSV and FollowTheMoney, with its SHA-256 and the checkpoint it reflects; once
// the day has ended, kept as first made (the scheduler's next run makes it; a later change does
// not alter it); the delta between two ended days, applied to the older file as downloaded,
// gives the newer file byte for byte (a new entry, a removal and a rename of a subject in it);
// today's file, and a day never kept, are read as known now, and their deltas apply too.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STORES } from '../support/stores.ts';
import { addAgency, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { ORG_A, ORG_B, ORG_C, registration, abnormal } from '../support/records.ts';
import { startServer, type RunningServer } from '../../src/app/http/server.ts';
import { callJson } from '../support/http.ts';
import { applyDelta as applyDeltaTo, download as fetchFile, expectDigest, firstColumn, type Download } from '../support/export-files.ts';

const LIST = 'abnormal-operations';
const FORMATS = ['ndjson', 'csv', 'ftm'] as const;
type Format = (typeof FORMATS)[number];

/** A line's key, as a consumer reads it: an entry id (NDJSON, CSV's first column) or an entity id. */
function keyOf(format: Format, line: string): string {
  if (format === 'csv') return firstColumn(line);
  const v = JSON.parse(line) as { entryId?: string; id?: string };
  return (format === 'ndjson' ? v.entryId : v.id)!;
}

const applyDelta = (format: Format, file: string, delta: string) => applyDeltaTo(file, delta, (l) => keyOf(format, l), format === 'csv');

describe.each(ALL_STORES)('bulk exports of a list on %s', (store) => {
  let t: TestPlatform;
  let server: RunningServer;
  let samr: string;
  const entryOf: Record<string, string> = {};
  const dayOne: Partial<Record<Format, string>> = {};
  const dayTwo: Partial<Record<Format, string>> = {};

  beforeAll(async () => {
    t = await openTestPlatform(store, '2026-11-20T02:00:00Z');
    samr = (await addAgency(t.platform, 'samr-hangzhou', 'market-regulation')).apiKey;
    server = await startServer(t.platform, { host: '127.0.0.1', port: 0, scheduler: false });
  });
  afterAll(async () => {
    await server?.stop();
    await t?.close();
  });

  const call = (method: string, path: string, token: string | null, body?: unknown) => callJson(server.url, method, path, token, body);
  const download = (path: string): Promise<Download> => fetchFile(server.url + path);
  const decide = async (code: string) => {
    const r = await call('POST', `/v1/list-entries/${entryOf[code]}/decision`, samr, { outcome: 'add', reasons: '未按期报送年度报告。' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  };

  it("exports today's entries in force as known now, with the file's SHA-256 and the checkpoint it reflects", async () => {
    await call('POST', '/v1/records', samr, [registration(ORG_A), registration(ORG_B, '深圳示例有限公司'), registration(ORG_C, '深圳另一有限公司')]);
    expect((await call('POST', '/v1/records', samr, [abnormal(ORG_A, 1), abnormal(ORG_B, 2), abnormal(ORG_C, 3)])).status).toBe(201);
    for (const code of [ORG_A, ORG_B, ORG_C]) {
      const [e] = await t.platform.db.query<{ entry_id: string }>('SELECT entry_id FROM list_entry WHERE subject_key = $1 AND list = $2', [code, LIST]);
      entryOf[code] = e!.entry_id;
    }
    await decide(ORG_A);
    await decide(ORG_B);
    for (const format of FORMATS) {
      const d = await download(`/v1/exports/lists/${LIST}?format=${format}`);
      expect(d.status, d.text).toBe(200);
      expectDigest(d);
      expect(d.headers.get('x-xinyong-export-kept')).toBe('false');
      expect(d.headers.get('cache-control')).toBe('no-cache');
      expect(d.headers.get('x-xinyong-entries')).toBe('2');
      expect(d.headers.get('content-disposition')).toContain(`xinyong-${LIST}-2026-11-20.`);
      // The checkpoint it cites is one the platform signed (made after the entries were read).
      const checkpoint = await download(`/v1/log/checkpoints/${d.headers.get('x-xinyong-checkpoint')}`);
      expect(checkpoint.status).toBe(200);
      expect(checkpoint.text).toContain('\n— ');
    }
    // Later the same day, another listing: today's export shows it.
    t.clock.set('2026-11-20T09:00:00Z');
    await decide(ORG_C);
    expect((await download(`/v1/exports/lists/${LIST}`)).headers.get('x-xinyong-entries')).toBe('3');
  });

  it('keeps a day once it has ended, in every format: the same bytes whatever changes after', async () => {
    t.clock.set('2026-11-20T16:30:00Z'); // 00:30 on 21 November in Beijing
    // The scheduler's first run of the day keeps yesterday's export of every list.
    expect((await t.platform.exports.keepYesterday()).made).toBeGreaterThan(0);
    expect(await t.platform.exports.keepYesterday()).toEqual({ made: 0, failures: [] });
    const listed = [entryOf[ORG_A]!, entryOf[ORG_B]!, entryOf[ORG_C]!].sort();
    for (const format of FORMATS) {
      const d = await download(`/v1/exports/lists/${LIST}?date=2026-11-20&format=${format}`);
      expect(d.status, d.text).toBe(200);
      expectDigest(d);
      expect(d.headers.get('x-xinyong-export-kept')).toBe('true');
      expect(d.headers.get('cache-control')).toBe('private, max-age=86400, immutable');
      dayOne[format] = d.text;
    }
    const ndjson = dayOne
      .ndjson!.trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, any>);
    expect(ndjson.map((e) => e.entryId)).toEqual(listed);
    expect(ndjson.find((e) => e.entryId === entryOf[ORG_A])).toMatchObject({
      list: LIST,
      type: 'watch',
      listedOn: '2026-11-20',
      decidingAgency: 'samr-hangzhou',
      subject: { code: ORG_A, name: '杭州示例科技有限公司', kind: 'enterprise' },
    });
    expect(ndjson[0]!.legalBasis.length).toBeGreaterThan(0);

    const csv = dayOne.csv!.trimEnd().split('\n');
    expect(csv[0]).toBe(
      'entryId,list,listNameZh,listNameEn,type,area,subjectCode,subjectName,subjectKind,listedOn,until,decidingAgency,basisRecords,legalBasis,disputed,underRepair',
    );
    expect(csv.slice(1).map((r) => r.split(',')[0])).toEqual(listed);

    const entities = dayOne
      .ftm!.trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; schema: string; properties: Record<string, string[]> });
    expect(entities.map((e) => e.schema)).toEqual(['Sanction', 'Company', 'Sanction', 'Company', 'Sanction', 'Company']);
    const sanctionOfA = entities.find((e) => e.id === `xinyong-entry-${entryOf[ORG_A]}`)!;
    expect(sanctionOfA.properties).toMatchObject({ programId: [LIST], authority: ['samr-hangzhou'], startDate: ['2026-11-20'] });
    expect(sanctionOfA.properties.provisions!.length).toBeGreaterThan(0);
    const companyA = entities.find((e) => e.id === sanctionOfA.properties.entity![0])!;
    expect(companyA.properties).toMatchObject({ name: ['杭州示例科技有限公司'], registrationNumber: [ORG_A] });

    const manifest = await call('GET', `/v1/exports/lists/${LIST}/manifest?date=2026-11-20`, null);
    expect(manifest.status).toBe(200);
    expect(manifest.body).toMatchObject({ list: LIST, day: '2026-11-20', kept: true, entries: 3 });
    for (const format of FORMATS) expect(manifest.body.files[format].sha256).toBe(createHash('sha256').update(dayOne[format]!).digest('hex'));

    // On the 21st: B removed, A renamed, a second entry of C listed. The 20th's file stays as kept.
    t.clock.set('2026-11-21T02:00:00Z');
    const removed = await call('POST', `/v1/list-entries/${entryOf[ORG_B]}/removal`, samr, { reason: 'corrected', reasons: '已补报年度报告。' });
    expect(removed.status, JSON.stringify(removed.body)).toBe(200);
    const renamed = {
      ...registration(ORG_A, '杭州新名示例科技有限公司'),
      decision: { ...registration(ORG_A).decision, number: '变更登记-1', date: '2026-11-21' },
    };
    expect((await call('POST', '/v1/records', samr, renamed)).status).toBe(201);
    expect((await call('POST', '/v1/records', samr, abnormal(ORG_C, 7))).status).toBe(201);
    const [second] = await t.platform.db.query<{ entry_id: string }>(
      'SELECT entry_id FROM list_entry WHERE subject_key = $1 AND list = $2 AND entry_id <> $3',
      [ORG_C, LIST, entryOf[ORG_C]],
    );
    entryOf.second = second!.entry_id;
    await decide('second');
    for (const format of FORMATS) expect((await download(`/v1/exports/lists/${LIST}?date=2026-11-20&format=${format}`)).text).toBe(dayOne[format]);
  });

  it('gives a delta between two ended days that turns the older file into the newer, byte for byte, in every format', async () => {
    t.clock.set('2026-11-22T02:00:00Z');
    for (const format of FORMATS) {
      // The 21st is kept on its first request, now that it has ended.
      const newer = await download(`/v1/exports/lists/${LIST}?date=2026-11-21&format=${format}`);
      expect(newer.headers.get('x-xinyong-export-kept')).toBe('true');
      const delta = await download(`/v1/exports/lists/${LIST}/delta?from=2026-11-20&to=2026-11-21&format=${format}`);
      expect(delta.status, delta.text).toBe(200);
      expectDigest(delta);
      expect(delta.headers.get('cache-control')).toBe('private, max-age=86400, immutable');
      expect(delta.headers.get('content-disposition')).toContain(`xinyong-${LIST}-2026-11-20-2026-11-21.delta.`);
      expect(delta.headers.get('x-xinyong-checkpoint')).toBe(newer.headers.get('x-xinyong-checkpoint'));
      expect(applyDelta(format, dayOne[format]!, delta.text)).toBe(newer.text);
      dayTwo[format] = newer.text;
      if (format === 'ndjson') {
        expect(delta.headers.get('x-xinyong-delta')).toBe('added=1, modified=1, deleted=1');
        const ops = delta.text
          .trimEnd()
          .split('\n')
          .map((l) => JSON.parse(l) as { op: string; entity: { entryId: string; subject: { name: string } } });
        expect(new Map(ops.map((o) => [o.entity.entryId, o.op]))).toEqual(
          new Map([
            [entryOf[ORG_A], 'MOD'],
            [entryOf[ORG_B], 'DEL'],
            [entryOf.second, 'ADD'],
          ]),
        );
        expect(ops.find((o) => o.op === 'MOD')!.entity.subject.name).toBe('杭州新名示例科技有限公司');
      }
    }
  });

  it("gives today's delta from yesterday, and reads a past day never kept as known now", async () => {
    for (const format of FORMATS) {
      const today = await download(`/v1/exports/lists/${LIST}?format=${format}`);
      expect(today.headers.get('x-xinyong-export-kept')).toBe('false');
      const delta = await download(`/v1/exports/lists/${LIST}/delta?format=${format}`);
      expect(delta.headers.get('cache-control')).toBe('no-cache');
      expect(applyDelta(format, dayTwo[format]!, delta.text)).toBe(today.text);
    }
    // A day before yesterday never kept is read as known now, and not kept by the asking.
    const before = await download(`/v1/exports/lists/${LIST}?date=2026-11-19&format=csv`);
    expect(before.status).toBe(200);
    expect(before.headers.get('x-xinyong-export-kept')).toBe('false');
    expect(before.text.trimEnd().split('\n')).toHaveLength(1); // the header row alone
    const delta = await download(`/v1/exports/lists/${LIST}/delta?from=2026-11-19&to=2026-11-20&format=csv`);
    expect(applyDelta('csv', before.text, delta.text)).toBe(dayOne.csv);
    expect(delta.headers.get('x-xinyong-delta')).toBe('added=3, modified=0, deleted=0');
  });

  it('refuses a day not begun, a delta that goes back, and a list that does not exist, with problems', async () => {
    const problem = async (path: string, status: number, type: string) => {
      const r = await call('GET', path, null);
      expect(r.status, JSON.stringify(r.body)).toBe(status);
      expect(r.body.type).toBe(type);
    };
    await problem(`/v1/exports/lists/${LIST}?date=2026-11-23`, 422, '/problems/validation-failed');
    await problem(`/v1/exports/lists/${LIST}/delta?from=2026-11-21&to=2026-11-20`, 422, '/problems/validation-failed');
    // A day long before any list: the delta's default `from`, the day before, would be no date at all.
    await problem(`/v1/exports/lists/${LIST}/delta?to=0001-01-01`, 422, '/problems/validation-failed');
    await problem(`/v1/exports/lists/${LIST}?date=1899-12-31`, 422, '/problems/validation-failed');
    await problem(`/v1/exports/lists/${LIST}?format=xml`, 422, '/problems/validation-failed');
    await problem('/v1/exports/lists/no-such-list', 404, '/problems/list-not-found');
    // Kept: yesterday's, by the scheduler or the day's first request (today's is not, nor the 19th, asked for on the 22nd).
    const kept = await t.platform.db.query<{ day: string; n: number }>(
      "SELECT to_char(day, 'YYYY-MM-DD') AS day, count(*)::int AS n FROM list_export WHERE list = $1 GROUP BY day ORDER BY day",
      [LIST],
    );
    expect(kept.map((k) => k.day)).toEqual(['2026-11-20', '2026-11-21']);
    // No maker's entries are left behind beside the kept ones.
    const stray = await t.platform.db.query(
      'SELECT 1 FROM list_export_entry x WHERE NOT EXISTS (SELECT 1 FROM list_export e WHERE e.list = x.list AND e.day = x.day AND e.maker = x.maker)',
    );
    expect(stray).toEqual([]);
  });
});
