// Bulk exports of the public records on every store, as a consumer mirroring them daily uses
// them: the records public on a day in NDJSON and CSV, only what the portal shows (public fields,
// no restricted identity number, no record whose class is never published), with its SHA-256 and
// the checkpoint it reflects; once the day has ended, kept as first made; the delta between two
// kept days, applied to the older file, gives the newer byte for byte: a record filed (entered
// publicity), one corrected, one whose window ended (left publicity on its own); each natural
// person in a file access-logged when it is served.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STORES } from '../support/stores.ts';
import { addAgency, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { ORG_A, ORG_B, PERSON, judgment, penalty, registration } from '../support/records.ts';
import { startServer, type RunningServer } from '../../src/app/http/server.ts';
import { callJson } from '../support/http.ts';
import { applyDelta, download as fetchFile, expectDigest, firstColumn, type Download } from '../support/export-files.ts';

const FORMATS = ['ndjson', 'csv'] as const;
type Format = (typeof FORMATS)[number];

const keyOf = (format: Format) => (line: string) => (format === 'csv' ? firstColumn(line) : (JSON.parse(line) as { recordId: string }).recordId);
const apply = (format: Format, file: string, delta: string) => applyDelta(file, delta, keyOf(format), format === 'csv');

/** Another person, listed for longer. */
const OTHER_PERSON = '330106199002020023';

/** A court's listing of a person as a judgment defaulter until a day (public through that day). */
function defaulter(until: string, idNumber = PERSON, n = 7) {
  const listing = judgment(n, ORG_A, '2026-01-05');
  return { ...listing, subject: { idNumber, name: '李四' }, fields: { ...listing.fields, until } };
}

describe.each(ALL_STORES)('bulk exports of the public records on %s', (store) => {
  let t: TestPlatform;
  let server: RunningServer;
  let samr: string;
  let court: string;
  const id: Record<string, string> = {};
  const dayOne: Partial<Record<Format, string>> = {};
  const dayTwo: Partial<Record<Format, string>> = {};

  beforeAll(async () => {
    t = await openTestPlatform(store, '2026-11-20T02:00:00Z');
    samr = (await addAgency(t.platform, 'samr-hangzhou', 'market-regulation')).apiKey;
    court = (await addAgency(t.platform, 'court-xihu', 'court')).apiKey;
    server = await startServer(t.platform, { host: '127.0.0.1', port: 0, scheduler: false });
  });
  afterAll(async () => {
    await server?.stop();
    await t?.close();
  });

  const call = (method: string, path: string, token: string | null, body?: unknown) => callJson(server.url, method, path, token, body);
  const download = (path: string): Promise<Download> => fetchFile(server.url + path);
  const file = async (token: string, name: string, record: unknown) => {
    const r = await call('POST', '/v1/records', token, record);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    id[name] = r.body.records[0].recordId;
  };
  const lines = (text: string) =>
    text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, any>);

  it("exports today's public records as known now: only what the portal shows, with the SHA-256 and the checkpoint", async () => {
    await file(samr, 'regA', registration(ORG_A));
    await file(samr, 'regB', registration(ORG_B, '深圳示例有限公司'));
    await file(samr, 'fine', penalty(1));
    // A simplified-procedure penalty is never published: it is in no export.
    await file(samr, 'minor', penalty(2, { severity: 'minor' }));
    // A person listed as a defaulter through the 20th: public on the 20th, not on the 21st.
    await file(court, 'person', defaulter('2026-11-20'));
    await file(court, 'otherPerson', defaulter('2027-12-31', OTHER_PERSON, 8));
    for (const format of FORMATS) {
      const d = await download(`/v1/exports/records?format=${format}`);
      expect(d.status, d.text).toBe(200);
      expectDigest(d);
      expect(d.headers.get('x-xinyong-export-kept')).toBe('false');
      expect(d.headers.get('cache-control')).toBe('no-cache');
      expect(d.headers.get('x-xinyong-entries')).toBe('5');
      expect(d.headers.get('content-disposition')).toContain('xinyong-public-records-2026-11-20.');
      expect((await download(`/v1/log/checkpoints/${d.headers.get('x-xinyong-checkpoint')}`)).status).toBe(200);
      expect(d.text).not.toContain(id.minor);
      expect(d.text).not.toContain('杭市监罚〔2026〕2号');
      // Restricted fields are not public: the legal representative's identity number, even masked.
      expect(d.text).not.toContain('440524188001010014');
      expect(d.text).not.toContain('legalRepresentativeId');
      // A person is shown by the masked identity number, never the number.
      expect(d.text).not.toContain(PERSON);
      expect(d.text).toContain('1101**********002X');
    }
    const records = lines((await download('/v1/exports/records')).text);
    expect(records.map((r) => r.recordId)).toEqual([id.regA, id.regB, id.fine, id.person, id.otherPerson].sort());
    expect(records.find((r) => r.recordId === id.fine)).toMatchObject({
      item: 'administrative-penalty-general',
      agency: 'samr-hangzhou',
      decision: { number: '杭市监罚〔2026〕1号', date: '2026-06-01', authority: '杭州市市场监督管理局' },
      fields: { fineAmount: 50000, facts: '发布虚假广告' },
      publicity: { class: 'penalty-general', start: '2026-06-01' },
      disputed: false,
      underRepair: false,
      subject: { code: ORG_A, name: '杭州示例科技有限公司', kind: 'enterprise' },
    });
    expect(records.find((r) => r.recordId === id.fine)!.legalBasis.length).toBeGreaterThan(0);
    expect(records.find((r) => r.recordId === id.person)).toMatchObject({ subject: { code: '1101**********002X', kind: 'natural-person' } });
  });

  it('keeps a day once it has ended: the same bytes whatever changes after, each person logged as it is served', async () => {
    t.clock.set('2026-11-20T16:30:00Z'); // 00:30 on 21 November in Beijing
    // The scheduler's first run of the day keeps yesterday's public records and every list's export.
    expect((await t.platform.recordExports.keepYesterday()).made).toBe(1);
    expect(await t.platform.recordExports.keepYesterday()).toEqual({ made: 0, failures: [] });
    const personKey = t.platform.subjects.keyOf(PERSON);
    const logged = (await t.platform.accessLog.of(personKey)).length;
    for (const format of FORMATS) {
      const d = await download(`/v1/exports/records?date=2026-11-20&format=${format}`);
      expect(d.status, d.text).toBe(200);
      expectDigest(d);
      expect(d.headers.get('x-xinyong-export-kept')).toBe('true');
      expect(d.headers.get('cache-control')).toBe('private, max-age=86400, immutable');
      dayOne[format] = d.text;
    }
    // Served twice (NDJSON, CSV): the person in it is logged each time.
    const views = (await t.platform.accessLog.of(personKey)).slice(0, 2);
    expect((await t.platform.accessLog.of(personKey)).length).toBe(logged + 2);
    for (const v of views) expect(v).toMatchObject({ action: 'exported among the public records', detail: 'public records 2026-11-20' });
    expect(lines(dayOne.ndjson!).map((r) => r.recordId)).toEqual([id.regA, id.regB, id.fine, id.person, id.otherPerson].sort());
    expect(dayOne.csv!.split('\n')[0]).toBe(
      'recordId,item,itemNameZh,itemNameEn,category,polarity,agency,version,subjectCode,subjectName,subjectKind,decisionNumber,decisionDate,decisionAuthority,decisionBasis,fields,publicityClass,publicityRuleVersion,publicityStart,publicityEnd,legalBasis,disputed,underRepair',
    );

    const manifest = await call('GET', '/v1/exports/records/manifest?date=2026-11-20', null);
    expect(manifest.status, JSON.stringify(manifest.body)).toBe(200);
    expect(manifest.body).toMatchObject({ day: '2026-11-20', kept: true, entries: 5, changes: { afterDay: null, added: 5, modified: 0, deleted: 0 } });
    for (const format of FORMATS) expect(manifest.body.files[format].sha256).toBe(createHash('sha256').update(dayOne[format]!).digest('hex'));

    // On the 21st: B is fined, A's fine is corrected, and the person's listing ends on its own.
    t.clock.set('2026-11-21T02:00:00Z');
    await file(samr, 'fineB', penalty(3, { code: ORG_B }));
    const corrected = await call('POST', `/v1/records/${id.fine}/corrections`, samr, { reason: '金额录入错误', fields: { fineAmount: 20000 } });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
    for (const format of FORMATS) expect((await download(`/v1/exports/records?date=2026-11-20&format=${format}`)).text).toBe(dayOne[format]);
  });

  it('gives a delta between two kept days that turns the older file into the newer, byte for byte, logging only the persons in it', async () => {
    t.clock.set('2026-11-22T02:00:00Z');
    const views = async (code: string) => (await t.platform.accessLog.of(t.platform.subjects.keyOf(code))).length;
    const [person, other] = [await views(PERSON), await views(OTHER_PERSON)];
    for (const format of FORMATS) {
      // The 21st is kept on its first request, now that it has ended.
      const newer = await download(`/v1/exports/records?date=2026-11-21&format=${format}`);
      expect(newer.headers.get('x-xinyong-export-kept')).toBe('true');
      const delta = await download(`/v1/exports/records/delta?from=2026-11-20&to=2026-11-21&format=${format}`);
      expect(delta.status, delta.text).toBe(200);
      expectDigest(delta);
      expect(delta.headers.get('cache-control')).toBe('private, max-age=86400, immutable');
      expect(delta.headers.get('content-disposition')).toContain('xinyong-public-records-2026-11-20-2026-11-21.delta.');
      expect(delta.headers.get('x-xinyong-delta')).toBe('added=1, modified=1, deleted=1');
      expect(apply(format, dayOne[format]!, delta.text)).toBe(newer.text);
      dayTwo[format] = newer.text;
    }
    // The 21st's files show the other person (logged once each); the person whose listing ended is
    // in each delta (DEL, logged once each), and the other, unchanged, in none.
    expect(await views(PERSON)).toBe(person + 2);
    expect(await views(OTHER_PERSON)).toBe(other + 2);
    const ops = lines((await download('/v1/exports/records/delta?from=2026-11-20&to=2026-11-21')).text);
    expect(new Map(ops.map((o) => [o.entity.recordId, o.op]))).toEqual(
      new Map([
        [id.fineB, 'ADD'],
        [id.fine, 'MOD'],
        [id.person, 'DEL'],
      ]),
    );
    expect(ops.find((o) => o.op === 'MOD')!.entity.fields.fineAmount).toBe(20000);
    // The kept day says the same of itself, from the day before.
    const manifest = await call('GET', '/v1/exports/records/manifest?date=2026-11-21', null);
    expect(manifest.body).toMatchObject({ kept: true, entries: 5, changes: { afterDay: '2026-11-20', added: 1, modified: 1, deleted: 1 } });
  });

  it("gives today's delta from yesterday, and reads a day never kept as known now", async () => {
    for (const format of FORMATS) {
      const today = await download(`/v1/exports/records?format=${format}`);
      expect(today.headers.get('x-xinyong-export-kept')).toBe('false');
      const delta = await download(`/v1/exports/records/delta?format=${format}`);
      expect(delta.headers.get('cache-control')).toBe('no-cache');
      expect(apply(format, dayTwo[format]!, delta.text)).toBe(today.text);
    }
    // Before any record was filed, as known now: every record then public is there, and nothing is kept by the asking.
    const before = await download('/v1/exports/records?date=2026-11-19');
    expect(before.headers.get('x-xinyong-export-kept')).toBe('false');
    const kept = await t.platform.db.query<{ day: string }>("SELECT to_char(day, 'YYYY-MM-DD') AS day FROM record_publication_day ORDER BY day");
    expect(kept.map((k) => k.day)).toEqual(['2026-11-20', '2026-11-21']);
    // No maker's changes are left behind beside the kept ones.
    const stray = await t.platform.db.query(
      'SELECT 1 FROM record_publication c WHERE NOT EXISTS (SELECT 1 FROM record_publication_day d WHERE d.day = c.day AND d.maker = c.maker)',
    );
    expect(stray).toEqual([]);
  });

  it('never keeps a day before the last day kept, so the kept days always chain', async () => {
    // A clock set back (a restored machine) asks for a day before the last kept one: read as known now, not kept.
    t.clock.set('2026-11-21T02:00:00Z');
    expect(await t.platform.recordExports.keepYesterday()).toEqual({ made: 0, failures: [] });
    t.clock.set('2026-11-20T02:00:00Z');
    expect(await t.platform.recordExports.keepYesterday()).toEqual({ made: 0, failures: [] });
    const kept = await t.platform.db.query<{ day: string }>("SELECT to_char(day, 'YYYY-MM-DD') AS day FROM record_publication_day ORDER BY day");
    expect(kept.map((k) => k.day)).toEqual(['2026-11-20', '2026-11-21']);
    t.clock.set('2026-11-22T02:00:00Z');
  });

  it('refuses a day not begun, a delta that goes back and a format it does not write, with problems', async () => {
    const problem = async (path: string, status: number, type: string) => {
      const r = await call('GET', path, null);
      expect(r.status, JSON.stringify(r.body)).toBe(status);
      expect(r.body.type).toBe(type);
    };
    await problem('/v1/exports/records?date=2026-11-23', 422, '/problems/validation-failed');
    await problem('/v1/exports/records/delta?from=2026-11-21&to=2026-11-20', 422, '/problems/validation-failed');
    await problem('/v1/exports/records/delta?to=0001-01-01', 422, '/problems/validation-failed');
    await problem('/v1/exports/records/manifest?date=1899-12-31', 422, '/problems/validation-failed');
    await problem('/v1/exports/records?format=ftm', 422, '/problems/validation-failed');
  });
});
