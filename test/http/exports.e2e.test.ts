// Bulk exports of a list on every store, as a consumer keeping a daily copy uses them: a day's
// file in NDJSON, CSV and FollowTheMoney, with its SHA-256 and the checkpoint it reflects, kept
// as first made on its day (a later listing the same day does not change it); the next day's
// delta, applied to yesterday's file as downloaded, gives today's file byte for byte (a new
// entry, a removal and a rename of a subject all in it); a past day never kept is exported as
// known now, and its delta applies too.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STORES } from '../support/stores.ts';
import { addAgency, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { ORG_A, ORG_B, ORG_C, registration } from '../support/records.ts';
import { startServer, type RunningServer } from '../../src/app/http/server.ts';
import { callJson } from '../support/http.ts';

const LIST = 'abnormal-operations';
const FORMATS = ['ndjson', 'csv', 'ftm'] as const;
type Format = (typeof FORMATS)[number];

function abnormal(code: string, n: number) {
  return {
    item: 'abnormal-operations',
    subject: { code, name: `示例企业${n}` },
    decision: { number: `杭市监异〔2026〕${n}号`, date: '2026-11-18', authority: '杭州市市场监督管理局', basis: '《企业信息公示暂行条例》第十七条' },
    fields: { reason: 'annual-report-not-filed' },
  };
}

interface Download {
  status: number;
  headers: Headers;
  text: string;
}

/** A line's key, as a consumer reads it: an entry id (NDJSON, CSV's first column) or an entity id. */
function keyOf(format: Format, line: string): string {
  if (format === 'csv') return line.slice(0, line.indexOf(','));
  const v = JSON.parse(line) as { entryId?: string; id?: string };
  return (format === 'ndjson' ? v.entryId : v.id)!;
}

/** Applies a delta file to an export file, as the delta's documentation says: by key, in key order. */
function applyDelta(format: Format, file: string, delta: string): string {
  const lines = file.split('\n').filter((l) => l !== '');
  const header = format === 'csv' ? lines.shift()! : null;
  const byKey = new Map(lines.map((l) => [keyOf(format, l), l]));
  const ops = delta.split('\n').filter((l) => l !== '');
  if (format === 'csv') expect(ops.shift()).toBe(`op,${header}`);
  for (const op of ops) {
    let kind: string;
    let line: string;
    if (format === 'csv') [kind, line] = [op.slice(0, op.indexOf(',')), op.slice(op.indexOf(',') + 1)];
    else {
      const parsed = JSON.parse(op) as { op: string; entity: unknown };
      [kind, line] = [parsed.op, JSON.stringify(parsed.entity)];
    }
    if (kind === 'DEL') expect(byKey.delete(keyOf(format, line))).toBe(true);
    else byKey.set(keyOf(format, line), line);
  }
  const sorted = [...byKey.keys()].sort().map((k) => byKey.get(k)!);
  return [...(header ? [header] : []), ...sorted].map((l) => `${l}\n`).join('');
}

describe.each(ALL_STORES)('bulk exports of a list on %s', (store) => {
  let t: TestPlatform;
  let server: RunningServer;
  let samr: string;
  const entryOf: Record<string, string> = {};
  const dayOne: Partial<Record<Format, string>> = {};

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
  const download = async (path: string): Promise<Download> => {
    const res = await fetch(server.url + path);
    return { status: res.status, headers: res.headers, text: await res.text() };
  };
  const decide = async (code: string) => {
    const r = await call('POST', `/v1/list-entries/${entryOf[code]}/decision`, samr, { outcome: 'add', reasons: '未按期报送年度报告。' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  };
  /** The file's digest and length headers agree with its bytes. */
  const expectDigest = (d: Download) => {
    const sha = createHash('sha256').update(d.text).digest();
    expect(d.headers.get('repr-digest')).toBe(`sha-256=:${sha.toString('base64')}:`);
    expect(d.headers.get('etag')).toBe(`"${sha.toString('hex')}"`);
    expect(Number(d.headers.get('content-length'))).toBe(Buffer.byteLength(d.text));
  };

  it("exports a day's entries in force in every format, with the file's SHA-256 and the checkpoint it reflects", async () => {
    await call('POST', '/v1/records', samr, [registration(ORG_A), registration(ORG_B, '深圳示例有限公司'), registration(ORG_C, '深圳另一有限公司')]);
    expect((await call('POST', '/v1/records', samr, [abnormal(ORG_A, 1), abnormal(ORG_B, 2), abnormal(ORG_C, 3)])).status).toBe(201);
    for (const code of [ORG_A, ORG_B, ORG_C]) {
      const [e] = await t.platform.db.query<{ entry_id: string }>('SELECT entry_id FROM list_entry WHERE subject_key = $1 AND list = $2', [code, LIST]);
      entryOf[code] = e!.entry_id;
    }
    await decide(ORG_A);
    await decide(ORG_B);
    const listed = [entryOf[ORG_A]!, entryOf[ORG_B]!].sort();

    for (const format of FORMATS) {
      const d = await download(`/v1/exports/lists/${LIST}?format=${format}`);
      expect(d.status, d.text).toBe(200);
      expectDigest(d);
      expect(d.headers.get('x-xinyong-export-kept')).toBe('true');
      expect(d.headers.get('x-xinyong-entries')).toBe('2');
      expect(d.headers.get('content-disposition')).toContain(`xinyong-${LIST}-2026-11-20.`);
      dayOne[format] = d.text;
      // The checkpoint it cites is one the platform signed (made after the entries were read).
      const checkpoint = await download(`/v1/log/checkpoints/${d.headers.get('x-xinyong-checkpoint')}`);
      expect(checkpoint.status).toBe(200);
      expect(checkpoint.text).toContain('\n— ');
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
    expect(entities.map((e) => e.schema)).toEqual(['Sanction', 'Company', 'Sanction', 'Company']);
    const sanctionOfA = entities.find((e) => e.id === `xinyong-entry-${entryOf[ORG_A]}`)!;
    expect(sanctionOfA.properties).toMatchObject({ programId: [LIST], authority: ['samr-hangzhou'], startDate: ['2026-11-20'] });
    expect(sanctionOfA.properties.provisions!.length).toBeGreaterThan(0);
    const companyA = entities.find((e) => e.id === sanctionOfA.properties.entity![0])!;
    expect(companyA.properties).toMatchObject({ name: ['杭州示例科技有限公司'], registrationNumber: [ORG_A] });

    const manifest = await call('GET', `/v1/exports/lists/${LIST}/manifest`, null);
    expect(manifest.status).toBe(200);
    expect(manifest.body).toMatchObject({ list: LIST, day: '2026-11-20', kept: true, entries: 2 });
    for (const format of FORMATS) expect(manifest.body.files[format].sha256).toBe(createHash('sha256').update(dayOne[format]!).digest('hex'));
  });

  it("keeps the day's export as first made: a listing later that day waits for the next day's", async () => {
    t.clock.set('2026-11-20T09:00:00Z');
    await decide(ORG_C);
    for (const format of FORMATS) expect((await download(`/v1/exports/lists/${LIST}?date=2026-11-20&format=${format}`)).text).toBe(dayOne[format]);
  });

  it("gives a delta that turns yesterday's file into today's, byte for byte, in every format", async () => {
    t.clock.set('2026-11-21T02:00:00Z');
    const removed = await call('POST', `/v1/list-entries/${entryOf[ORG_B]}/removal`, samr, { reason: 'corrected', reasons: '已补报年度报告。' });
    expect(removed.status, JSON.stringify(removed.body)).toBe(200);
    const renamed = {
      ...registration(ORG_A, '杭州新名示例科技有限公司'),
      decision: { ...registration(ORG_A).decision, number: '变更登记-1', date: '2026-11-21' },
    };
    expect((await call('POST', '/v1/records', samr, renamed)).status).toBe(201);

    for (const format of FORMATS) {
      const today = await download(`/v1/exports/lists/${LIST}?format=${format}`);
      expect(today.status).toBe(200);
      const delta = await download(`/v1/exports/lists/${LIST}/delta?format=${format}`);
      expect(delta.status, delta.text).toBe(200);
      expectDigest(delta);
      expect(delta.headers.get('content-disposition')).toContain(`xinyong-${LIST}-2026-11-20-2026-11-21.delta.`);
      expect(delta.headers.get('x-xinyong-checkpoint')).toBe(today.headers.get('x-xinyong-checkpoint'));
      expect(applyDelta(format, dayOne[format]!, delta.text)).toBe(today.text);
      if (format === 'ndjson') {
        // C listed, A renamed, B removed.
        expect(delta.headers.get('x-xinyong-delta')).toBe('added=1, modified=1, deleted=1');
        const ops = delta.text
          .trimEnd()
          .split('\n')
          .map((l) => JSON.parse(l) as { op: string; entity: { entryId: string; subject: { name: string } } });
        expect(new Map(ops.map((o) => [o.entity.entryId, o.op]))).toEqual(
          new Map([
            [entryOf[ORG_A], 'MOD'],
            [entryOf[ORG_B], 'DEL'],
            [entryOf[ORG_C], 'ADD'],
          ]),
        );
        expect(ops.find((o) => o.op === 'MOD')!.entity.subject.name).toBe('杭州新名示例科技有限公司');
      }
    }
  });

  it('exports a past day never kept as known now, and its delta applies as well', async () => {
    const before = await download(`/v1/exports/lists/${LIST}?date=2026-11-19&format=csv`);
    expect(before.status).toBe(200);
    expect(before.headers.get('x-xinyong-export-kept')).toBe('false');
    expect(before.headers.get('cache-control')).toBe('no-cache');
    expect(before.text.trimEnd().split('\n')).toHaveLength(1); // the header row alone
    const delta = await download(`/v1/exports/lists/${LIST}/delta?from=2026-11-19&to=2026-11-20&format=csv`);
    expect(applyDelta('csv', before.text, delta.text)).toBe(dayOne.csv);
    expect(delta.headers.get('x-xinyong-delta')).toBe('added=2, modified=0, deleted=0');
  });

  it('refuses a day not begun, a delta that goes back, and a list that does not exist, with problems', async () => {
    const problem = async (path: string, status: number, type: string) => {
      const r = await call('GET', path, null);
      expect(r.status, JSON.stringify(r.body)).toBe(status);
      expect(r.body.type).toBe(type);
    };
    await problem(`/v1/exports/lists/${LIST}?date=2026-11-22`, 422, '/problems/validation-failed');
    await problem(`/v1/exports/lists/${LIST}/delta?from=2026-11-21&to=2026-11-20`, 422, '/problems/validation-failed');
    await problem(`/v1/exports/lists/${LIST}?format=xml`, 422, '/problems/validation-failed');
    await problem('/v1/exports/lists/no-such-list', 404, '/problems/list-not-found');
    // Kept: the days an export was made on (the past day and the refused ones are not).
    expect(await t.platform.db.query("SELECT list, to_char(day, 'YYYY-MM-DD') AS day FROM list_export ORDER BY day")).toEqual([
      { list: LIST, day: '2026-11-20' },
      { list: LIST, day: '2026-11-21' },
    ]);
  });
});
