// The change feed of a list on both stores: proposals never appear, entries appear when listed
// and again when they change or end; an ended entry no longer says whom it named; a consumer
// that applies every change in order, page by page, holds exactly the entries in force (as the
// list's own page gives them); natural persons are masked and their views access-logged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STORES } from '../support/stores.ts';
import { addAgency, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { ORG_A, ORG_B, ORG_C, registration, abnormal } from '../support/records.ts';
import { startServer, type RunningServer } from '../../src/app/http/server.ts';
import { callJson } from '../support/http.ts';
import { ledgerRows } from '../support/ledger-rows.ts';

const LIST = 'abnormal-operations';
const PERSON = '11010519491231002X';

interface Change {
  log: number;
  index: number;
  entryId: string;
  status: 'listed' | 'ended';
  entry?: { subject: { code: string; name: string }; [k: string]: unknown };
  endedOn?: string | null;
}

describe.each(ALL_STORES)('list change feed on %s', (store) => {
  let t: TestPlatform;
  let server: RunningServer;
  let samr: string;
  let court: string;
  const entryOf: Record<string, string> = {};

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
  const page = async (after: string, limit = 100, list = LIST) => {
    const r = await call('GET', `/v1/lists/${list}/changes?after=${after}&limit=${limit}`, null);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body as { list: string; after: string; next: string; more: boolean; changes: Change[] };
  };
  /** A consumer keeping a copy: reads from the start, a page of `limit` at a time, applying each change. */
  const replay = async (limit: number, list = LIST) => {
    const copy = new Map<string, Change['entry']>();
    let after = '0';
    let pages = 0;
    // Each log's changes come in its order, across pages; entries one change touched share its log and index, on one page.
    const lastIn = new Map<number, number>();
    for (;;) {
      const p = await page(after, limit, list);
      pages++;
      for (const c of p.changes) {
        expect(c.index).toBeGreaterThanOrEqual(lastIn.get(c.log) ?? 0);
        lastIn.set(c.log, c.index);
        if (c.status === 'listed') copy.set(c.entryId, c.entry);
        else copy.delete(c.entryId);
      }
      if (p.changes.length === 0) expect(p.next).toBe(after);
      else expect(p.next).not.toBe(after);
      after = p.next;
      if (!p.more) break;
    }
    return { copy, pages, cursor: after };
  };
  const inForce = async (list = LIST) => {
    const r = await call('GET', `/v1/lists/${list}/entries?limit=1000`, null);
    return new Map<string, unknown>(r.body.entries.map((e: { entryId: string }) => [e.entryId, e]));
  };
  const decide = async (code: string) => {
    const r = await call('POST', `/v1/list-entries/${entryOf[code]}/decision`, samr, { outcome: 'add', reasons: '未按期报送年度报告。' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  };

  it('shows nothing for proposals, then each entry as it is listed, in order', async () => {
    await call('POST', '/v1/records', samr, [registration(ORG_A), registration(ORG_B, '深圳示例有限公司'), registration(ORG_C, '深圳另一有限公司')]);
    expect((await call('POST', '/v1/records', samr, [abnormal(ORG_A, 1), abnormal(ORG_B, 2), abnormal(ORG_C, 3)])).status).toBe(201);
    for (const code of [ORG_A, ORG_B, ORG_C]) {
      const [e] = await t.platform.db.query<{ entry_id: string }>('SELECT entry_id FROM list_entry WHERE subject_key = $1 AND list = $2', [code, LIST]);
      entryOf[code] = e!.entry_id;
    }
    expect(await page('0')).toMatchObject({ list: LIST, after: '0', next: '0', more: false, changes: [] });
    await decide(ORG_B);
    await decide(ORG_A);
    const first = await page('0');
    expect(first.changes.map((c) => [c.entryId, c.status])).toEqual([
      [entryOf[ORG_B], 'listed'],
      [entryOf[ORG_A], 'listed'],
    ]);
    expect(first.changes[1]!.entry).toMatchObject({ list: LIST, subject: { code: ORG_A, name: '杭州示例科技有限公司' }, listedOn: '2026-11-20' });
    // Polling from the last cursor: nothing new.
    expect(await page(first.next)).toMatchObject({ after: first.next, next: first.next, more: false, changes: [] });
  });

  it('reports an ended entry without whom it named, and a copy kept from the feed equals the list', async () => {
    const before = (await page('0')).next;
    const removed = await call('POST', `/v1/list-entries/${entryOf[ORG_B]}/removal`, samr, { reason: 'corrected', reasons: '已补报年度报告。' });
    expect(removed.status, JSON.stringify(removed.body)).toBe(200);
    await decide(ORG_C);
    const later = await page(before);
    // Changes in different logs (these subjects') come in no particular order between them.
    expect(later.changes.map((c) => [c.entryId, c.status]).sort()).toEqual(
      [
        [entryOf[ORG_B], 'ended'],
        [entryOf[ORG_C], 'listed'],
      ].sort(),
    );
    const ended = later.changes.find((c) => c.status === 'ended')!;
    expect(ended).toEqual({ log: ended.log, index: ended.index, entryId: entryOf[ORG_B], status: 'ended', endedOn: '2026-11-20' });
    expect(JSON.stringify(later)).not.toContain(ORG_B);
    expect(JSON.stringify(later)).not.toContain('深圳示例有限公司');

    // The list's page sends every field of each entry (its schema leaves none out).
    const listed = await t.platform.lists.entriesOn(LIST, '2026-11-20');
    const wire = await call('GET', `/v1/lists/${LIST}/entries`, null);
    expect(wire.body).toEqual(
      JSON.parse(
        JSON.stringify({
          list: LIST,
          date: '2026-11-20',
          entries: listed.entries.map((e) => ({ ...t.platform.subjects.entryView(e), subject: { code: e.subjectCode, name: e.subjectName } })),
          next: listed.entries.at(-1)!.entryId,
        }),
      ),
    );
    for (const limit of [1, 2, 100]) {
      const { copy, pages } = await replay(limit);
      expect(copy).toEqual(await inForce());
      expect([...copy.keys()].sort()).toEqual([entryOf[ORG_A], entryOf[ORG_C]].sort());
      if (limit === 1) expect(pages).toBe(4); // three changes a page each, then an empty one
    }
  });

  it('sends an entry again when its subject is renamed, and a rebuild keeps that', async () => {
    // A second entry of the same subject in force on the list: one rename changes both.
    expect((await call('POST', '/v1/records', samr, abnormal(ORG_A, 5))).status).toBe(201);
    const [second] = await t.platform.db.query<{ entry_id: string }>(
      'SELECT entry_id FROM list_entry WHERE subject_key = $1 AND list = $2 AND entry_id <> $3',
      [ORG_A, LIST, entryOf[ORG_A]],
    );
    entryOf.second = second!.entry_id;
    const listed = await call('POST', `/v1/list-entries/${entryOf.second}/decision`, samr, { outcome: 'add', reasons: '未按期报送年度报告。' });
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    const cursor = (await page('0')).next;
    const renamed = {
      ...registration(ORG_A, '杭州新名示例科技有限公司'),
      decision: { ...registration(ORG_A).decision, number: '变更登记-1', date: '2026-11-19' },
    };
    expect((await call('POST', '/v1/records', samr, renamed)).status).toBe(201);
    // The rename's event: the last filing in ORG_A's log.
    const filed = (await ledgerRows(t.platform.db, (r) => r.type === 'record.filed' && r.subject_key === ORG_A)).at(-1);
    const after = await page(cursor);
    expect(after.changes.map((c) => [c.log, c.index, c.entryId, c.status, c.entry?.subject.name])).toEqual(
      [entryOf[ORG_A]!, entryOf.second].sort().map((id) => [filed!.log, filed!.idx, id, 'listed', '杭州新名示例科技有限公司']),
    );
    // A page never ends inside one change: asked for one, it gives both entries the rename changed.
    expect(await page(cursor, 1)).toMatchObject({ next: after.next, more: true, changes: after.changes });
    // The same name filed again, and another agency's spelling, change no entry.
    const again = { ...renamed, decision: { ...renamed.decision, number: '变更登记-2' } };
    expect((await call('POST', '/v1/records', samr, again)).status).toBe(201);
    const otherSpelling = { ...abnormal(ORG_C, 9), decision: { ...abnormal(ORG_C, 9).decision, number: '杭市监异〔2026〕99号' } };
    expect((await call('POST', '/v1/records', samr, otherSpelling)).status).toBe(201);
    expect((await page(after.next)).changes).toEqual([]);
    const { copy } = await replay(1);
    expect(copy).toEqual(await inForce());
    expect(copy.get(entryOf[ORG_A]!)).toMatchObject({ subject: { code: ORG_A, name: '杭州新名示例科技有限公司' } });
    // A rebuild projects the whole ledger in one run (the rename beside the listing): the same entries, the same feed.
    const entries = () => t.platform.db.query('SELECT * FROM list_entry ORDER BY entry_id');
    const [before, feed] = [await entries(), await page('0')];
    await t.platform.rebuild();
    expect(await entries()).toEqual(before);
    expect(await page('0')).toEqual(feed);
  });

  it('reports entries that expire once the daily run ends them', async () => {
    const { cursor } = await replay(100);
    t.clock.set('2031-11-21T02:00:00Z'); // five years on: the platform's default term has run
    await t.platform.tick();
    const expired = await page(cursor);
    expect(expired.changes.map((c) => [c.entryId, c.status, c.endedOn])).toEqual(
      [
        [entryOf[ORG_A], 'ended', '2031-11-20'],
        [entryOf.second, 'ended', '2031-11-20'],
        [entryOf[ORG_C], 'ended', '2031-11-20'],
      ].sort((a, b) => (a[0]! < b[0]! ? -1 : 1)),
    );
    const { copy } = await replay(100);
    expect(copy.size).toBe(0);
    expect(await inForce()).toEqual(new Map());
  });

  it('masks a natural person and logs the view, and refuses bad cursors plainly', async () => {
    const filed = await call('POST', '/v1/records', court, {
      item: 'judgment-defaulter',
      subject: { idNumber: PERSON, name: '李四' },
      decision: {
        number: '(2031)浙0106执9号',
        date: '2031-11-02',
        authority: '杭州市西湖区人民法院',
        basis: '《最高人民法院关于公布失信被执行人名单信息的若干规定》第一条',
      },
      fields: {
        caseNumber: '(2031)浙0106执9号',
        executionBasis: '(2030)浙0106民初88号',
        basisIssuer: '杭州市西湖区人民法院',
        obligation: '支付货款人民币十万元',
        performance: 'not-performed',
        circumstances: ['able-but-refuses'],
        until: '2033-11-01',
      },
    });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const [entry] = await t.platform.db.query<{ entry_id: string; subject_key: string }>(
      "SELECT entry_id, subject_key FROM list_entry WHERE list = 'dishonest-judgment-defaulters' AND subject_key LIKE 'p:%'",
    );
    // The court's filed decision is the listing (SPC provisions art. 5): no notice or decision step follows.
    expect((await call('GET', `/v1/list-entries/${entry!.entry_id}`, court)).body).toMatchObject({ state: 'in-force', listedOn: '2031-11-02' });
    const logged = (await t.platform.accessLog.of(entry!.subject_key)).length;
    const feed = await page('0', 100, 'dishonest-judgment-defaulters');
    expect(feed.changes.map((c) => c.entry?.subject.code)).toEqual(['1101**********002X']);
    expect(JSON.stringify(feed)).not.toContain(PERSON);
    const log = await t.platform.accessLog.of(entry!.subject_key);
    expect(log.length).toBe(logged + 1);
    expect(log[0]).toMatchObject({ actor: 'subject:public', action: 'viewed on a public list', detail: 'dishonest-judgment-defaulters changes after 0' });
    // The entry read on its own is a view of the person's data too: by the public, and in full by the court.
    const one = await call('GET', `/v1/list-entries/${entry!.entry_id}`, null);
    expect(one.status).toBe(200);
    expect(JSON.stringify(one.body)).not.toContain(PERSON);
    expect((await t.platform.accessLog.of(entry!.subject_key))[0]).toMatchObject({
      actor: 'subject:public',
      action: 'viewed a list entry',
      detail: entry!.entry_id,
    });
    expect((await call('GET', `/v1/list-entries/${entry!.entry_id}`, court)).status).toBe(200);
    expect((await t.platform.accessLog.of(entry!.subject_key))[0]).toMatchObject({
      actor: expect.stringMatching(/^agency:/),
      action: 'read a list entry in full',
    });
    expect((await replay(1, 'dishonest-judgment-defaulters')).copy).toEqual(await inForce('dishonest-judgment-defaulters'));

    const unknown = await call('GET', '/v1/lists/no-such-list/changes', null);
    expect(unknown.status).toBe(404);
    expect(unknown.body.type).toMatch(/^\/problems\//);
    for (const bad of ['after=-1', 'after=x', 'after=17', 'limit=0', 'limit=1001']) {
      const r = await call('GET', `/v1/lists/${LIST}/changes?${bad}`, null);
      expect(r.status, bad).toBe(422);
      expect(r.body.type).toBe('/problems/validation-failed');
    }
    // Shaped like a cursor but not one this ledger gave: a count cut off, more logs than it has, a count of 2^53.
    const tooMany = `p${Buffer.alloc(40).toString('base64url')}`;
    const huge = `p${Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x10]).toString('base64url')}`;
    for (const bad of ['p_w', tooMany, huge]) {
      const r = await call('GET', `/v1/lists/${LIST}/changes?after=${bad}`, null);
      expect(r.status, bad).toBe(400);
      expect(r.body.type).toBe('/problems/invalid-cursor');
    }
  });
});
