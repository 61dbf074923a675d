// The portal speaks the visitor's language: a page in Chinese shows every description and every
// enumerated value in Chinese, whether the pack defines it (a field's values, a list's inclusion
// rule) or the platform does (states, reasons, outcomes, who looked). Identifiers a reader may
// need to quote (codes, ids) stay as they are, marked as code. Scanned on every page a visitor or
// a subject sees, with data that fills them, on both stores.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STORES } from '../support/stores.ts';
import { ADMIN, addAgency, asActor, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { ORG_A, PERSON, penalty, registration } from '../support/records.ts';
import { startServer, type RunningServer } from '../../src/app/http/server.ts';
import { ENUM_LABELS } from '../../src/domain/labels.ts';
import { loadPolicyPack } from '../../src/kernel/policy-pack.ts';
import { PACK, problemsIn } from '../support/pack-edits.ts';

/**
 * The words a visitor reads on a page: no markup, no stylesheet, no identifiers marked as code,
 * no citations of the law (quoted as the pack writes them, their articles in both languages).
 */
function visibleText(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<(code|cite)>[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&[a-z]+;|&#\d+;/g, ' ');
}

describe('the names of enumerated values in the pack', () => {
  it('names every value of every enumerated field of the shipped pack in Chinese and English', () => {
    const policy = loadPolicyPack(PACK);
    const unnamed: string[] = [];
    for (const item of policy.items)
      for (const f of item.fields)
        for (const v of f.values ?? []) if (!f.valueNames?.[v]?.zh || !f.valueNames[v]!.en) unnamed.push(`${item.code}.${f.name}: ${v}`);
    expect(unnamed).toEqual([]);
  });

  it('refuses a pack that names a value its field does not have', () => {
    type Doc = { items: Array<{ code: string; fields: Array<{ name: string; valueNames?: Record<string, unknown> }> }> };
    const problems = problemsIn<Doc>('catalogue.yaml', (doc) => {
      const field = doc.items.find((i) => i.code === 'annual-report')!.fields.find((f) => f.name === 'timeliness')!;
      field.valueNames = { ...field.valueNames, 'on-schedule': { zh: '按期', en: 'on schedule' } };
    });
    expect(problems).toEqual(["catalogue.yaml: item annual-report: field timeliness names 'on-schedule', which is not one of its values"]);
  });
});

describe.each(ALL_STORES)('the portal in Chinese on %s', (store) => {
  let t: TestPlatform;
  let server: RunningServer;
  let session: string;

  beforeAll(async () => {
    t = await openTestPlatform(store, '2026-11-20T02:00:00Z');
    const p = t.platform;
    const samr = await addAgency(p, 'samr-hangzhou', 'market-regulation');
    const court = await addAgency(p, 'court-xihu', 'court');
    server = await startServer(p, { host: '127.0.0.1', port: 0, scheduler: false });
    const file = async (key: string, body: unknown) => {
      const r = await fetch(`${server.url}/v1/records`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(r.status, await r.clone().text()).toBe(201);
    };
    await file(samr.apiKey, [
      registration(ORG_A),
      {
        item: 'annual-report',
        subject: { code: ORG_A, name: '杭州示例科技有限公司' },
        decision: { number: `${ORG_A}-2025年度报告`, date: '2026-03-01', authority: '杭州市市场监督管理局', basis: '《企业信息公示暂行条例》第八条' },
        fields: { reportYear: 2025, filedOn: '2026-03-01', timeliness: 'on-time', employees: 12 },
      },
      penalty(1, { severity: 'serious', date: '2026-11-02' }),
    ]);
    await file(court.apiKey, {
      item: 'judgment-defaulter',
      subject: { idNumber: PERSON, name: '李四' },
      decision: { number: '(2026)浙0106执9号', date: '2026-11-02', authority: '杭州市西湖区人民法院', basis: '《最高人民法院关于公布失信被执行人名单信息的若干规定》第一条' },
      fields: {
        caseNumber: '(2026)浙0106执9号',
        executionBasis: '(2025)浙0106民初88号',
        basisIssuer: '杭州市西湖区人民法院',
        obligation: '支付货款人民币十万元',
        performance: 'partly-performed',
        circumstances: ['able-but-refuses', 'violates-asset-reporting'],
        until: '2028-11-01',
      },
    });
    await p.evaluations.evaluateAll();
    // A check about the company, and views of its data that its access log records.
    const check = await fetch(`${server.url}/v1/checks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${samr.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ subject: ORG_A, scenario: 'procurement-bid' }),
    });
    expect(check.status).toBe(200);
    await asActor(ADMIN, async () => {
      await p.accounts.create({ username: 'org-a', role: 'subject', subjectKey: ORG_A, password: 'a long password' });
      await p.accounts.create({ username: 'admin', role: 'administrator', password: 'a long password' });
    });
    const admin = (await p.accounts.login('admin', 'a long password')).token;
    expect((await fetch(`${server.url}/v1/subjects/${ORG_A}/record`, { headers: { authorization: `Bearer ${admin}` } })).status).toBe(200);
    session = (await p.accounts.login('org-a', 'a long password')).token;
  });
  afterAll(async () => {
    await server?.stop();
    await t?.close();
  });

  async function zh(path: string, withSession = false): Promise<string> {
    const res = await fetch(server.url + path, { headers: { cookie: `xy_lang=zh${withSession ? `; xy_session=${encodeURIComponent(session)}` : ''}` } });
    expect(res.status, path).toBe(200);
    return res.text();
  }

  it('shows every description and enumerated value in Chinese on every page', async () => {
    const policy = t.platform.policy;
    // The English words of values: the pack's field values and the platform's enumerations (a
    // single letter, such as a tax grade, is a code in both languages).
    const values = new Set<string>();
    for (const item of policy.items) for (const f of item.fields) for (const v of f.values ?? []) if (v.length > 1) values.add(v);
    for (const kind of Object.values(ENUM_LABELS)) for (const [v, label] of Object.entries(kind)) for (const w of [v, label.en]) if (/^[a-z]/.test(w)) values.add(w);
    // The English texts of descriptions.
    const texts = [...policy.lists.map((l) => l.inclusion.description.en), policy.conflictResolution.note];

    const pages = [
      '/',
      '/lists',
      ...policy.lists.map((l) => `/lists/${l.code}`),
      '/catalogue',
      '/measures',
      '/statistics',
      `/subjects/${ORG_A}`,
      `/subjects/${PERSON}`,
      '/search?q=杭州',
      '/reports/verify?code=XY-AAAA-BBBB-CCCC',
      `/reports/new?subject=${ORG_A}`,
    ];
    const own = ['/me', '/me/checks', '/me/access-log'];
    const english: string[] = [];
    for (const [path, withSession] of [...pages.map((p) => [p, false] as const), ...own.map((p) => [p, true] as const)]) {
      const text = visibleText(await zh(path, withSession));
      for (const v of values) {
        // A value as a word of its own (not a part of an identifier such as a list code).
        const re = new RegExp(`(^|[^A-Za-z0-9_-])${v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Za-z0-9_-])`);
        if (re.test(text)) english.push(`${path}: ${v} in …${text.slice(Math.max(0, text.search(re) - 60), text.search(re) + 60).replace(/\s+/g, ' ')}…`);
      }
      for (const s of texts) if (text.includes(s)) english.push(`${path}: "${s.slice(0, 40)}…"`);
    }
    expect(english).toEqual([]);
  });

  it('names the values in Chinese where the English word was: the field values, the list rule, the check and who looked', async () => {
    const profile = visibleText(await zh(`/subjects/${ORG_A}`));
    expect(profile).toContain('存续（在营）');
    expect(profile).toContain('按时报送');
    const person = visibleText(await zh(`/subjects/${PERSON}`));
    expect(person).toContain('部分未履行');
    expect(person).toContain('有履行能力而拒不履行、违反财产报告制度');
    const list = visibleText(await zh('/lists/samr-serious-illegal'));
    expect(list).toContain(t.platform.policy.list('samr-serious-illegal')!.inclusion.description.zh);
    expect(visibleText(await zh('/me/checks', true))).toContain('部门');
    expect(visibleText(await zh('/me/access-log', true))).toContain('查阅全部信用信息');
    // And in English, the English names.
    const en = await (await fetch(`${server.url}/subjects/${ORG_A}`, { headers: { cookie: 'xy_lang=en' } })).text();
    expect(visibleText(en)).toContain('on time');
  });
});
