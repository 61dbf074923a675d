// The platform the fuzz test attacks: seeded with agencies, subjects, records, a list entry, an
// objection, a repair, a check, a draw, reports and accounts, so that every path parameter has a
// real value to start from and every credential reaches the code behind its authorisation. It
// gives the generator valid requests (fuzz-gen.ts mutates them).
import { ADMIN, addAgency, asActor, type TestPlatform } from './platform.ts';
import { ORG_A, ORG_B, PERSON, penalty, registration } from './records.ts';
import type { CredKind, World } from './fuzz-requests.ts';
import { synthesise, type Json, type OpenApi, type Target } from './fuzz-targets.ts';
import { PROBLEMS } from '../../src/kernel/problems.ts';
import { assertNever } from '../../src/domain/assert-never.ts';

/** Routes where a request (its method mutated or not) may end the session it is sent with. */
export function endsSessions(target: Target): boolean {
  return target.template === '/v1/session' || target.template === '/logout';
}

/** The query parameters each page reads (every page reads lang). */
export const PAGE_QUERIES: Record<string, string[]> = {
  'GET /': ['lang'],
  'GET /search': ['q', 'lang'],
  'GET /subjects/{code}': ['asOf', 'lang'],
  'GET /lists': ['lang'],
  'GET /lists/{code}': ['date', 'after', 'lang'],
  'GET /reports/new': ['subject', 'scope', 'lang'],
  'POST /reports/new': ['lang'],
  'GET /reports/verify': ['code', 'lang'],
  'GET /records/{recordId}/proof': ['version', 'lang'],
  'GET /me': ['ok', 'error', 'lang'],
  'GET /me/access-log': ['lang'],
  'GET /me/checks': ['lang'],
  'GET /login': ['lang'],
  'GET /statistics': ['lang'],
  'GET /catalogue': ['lang'],
  'GET /measures': ['lang'],
};

const LOGIN = { username: 'fuzz-login', password: 'fuzz login password' };
const PASSWORD = 'a long fuzz password';

interface Session {
  token: string;
  csrf: string;
}

export interface FuzzWorld extends World {
  ids: Record<string, string>;
  /** Sessions that a logout may end are made afresh when it has. */
  refreshSessions(): Promise<void>;
  /** The long-lived sessions still authenticate (nothing the fuzzer sent ended them). */
  sessionsAlive(): Promise<boolean>;
}

/** Seeds the platform and returns the world of valid values; `preCsrf` is the login form's double-submit token. */
export async function seedWorld(t: TestPlatform, doc: OpenApi, preCsrf: string): Promise<FuzzWorld> {
  const p = t.platform;
  const ids: Record<string, string> = {};
  const samr = await addAgency(p, 'samr-hangzhou', 'market-regulation');
  await addAgency(p, 'court-xihu', 'court');
  await asActor({ type: 'agency', id: 'samr-hangzhou' }, async () => {
    const r = await p.intake.submit(samr.principal, [
      { line: 1, value: registration(ORG_A) },
      { line: 2, value: registration(ORG_B, '深圳示例有限公司') },
      { line: 3, value: penalty(1, { severity: 'serious', date: '2026-11-02' }) },
      { line: 4, value: penalty(2, { date: '2026-06-01' }) },
      { line: 5, value: penalty(3, { code: ORG_B, date: '2026-10-01', severity: 'serious' }) },
      { line: 6, value: penalty(4, { date: '2026-03-02' }) },
    ]);
    ids.repairable = r.records[5]!.recordId;
    ids.record = r.records[2]!.recordId;
    ids.general = r.records[3]!.recordId;
    ids.recordB = r.records[4]!.recordId;
  });
  // An entry about the subject whose account the fuzzer holds, and one about another subject.
  const entries = await p.db.query<{ entry_id: string; subject_key: string }>('SELECT entry_id, subject_key FROM list_entry ORDER BY entry_id');
  ids.entry = entries.find((e) => e.subject_key === ORG_A)!.entry_id;
  ids.entry2 = (entries.find((e) => e.subject_key !== ORG_A) ?? entries[0]!).entry_id;
  await asActor(ADMIN, async () => {
    await p.accounts.create({ username: 'fuzz-subject', role: 'subject', subjectKey: ORG_A, password: PASSWORD });
    await p.accounts.create({ username: 'fuzz-admin', role: 'administrator', password: PASSWORD });
    await p.accounts.create({ username: 'fuzz-auditor', role: 'auditor', password: PASSWORD });
    await p.accounts.create({ username: 'fuzz-spare-subject', role: 'subject', subjectKey: ORG_A, password: PASSWORD });
    await p.accounts.create({ username: 'fuzz-spare-admin', role: 'administrator', password: PASSWORD });
    await p.accounts.create({ username: LOGIN.username, role: 'subject', subjectKey: ORG_B, password: LOGIN.password });
  });
  const login = async (username: string): Promise<Session> => {
    const s = await p.accounts.login(username, PASSWORD);
    return { token: s.token, csrf: s.csrfToken };
  };
  const subject = await login('fuzz-subject');
  const admin = await login('fuzz-admin');
  const ended = await login('fuzz-auditor');
  await p.accounts.logout(ended.token);
  const spare: Record<'subject' | 'administrator', Session> = { subject: await login('fuzz-spare-subject'), administrator: await login('fuzz-spare-admin') };

  const asSubject = { kind: 'account' as const, account: await p.accounts.authenticate(subject.token) };
  await asActor({ type: 'subject', id: 'fuzz' }, async () => {
    ids.objection = (await p.objections.file(asSubject, { target: { type: 'record', id: ids.record! }, reasons: '异议' })).objectionId;
    ids.repair = (
      await p.repairs.apply(asSubject, { target: { type: 'record', id: ids.general! }, evidence: ['凭证'], commitment: { text: '承诺', signatory: '王五' } })
    ).repairId;
  });
  ids.check = (
    await asActor({ type: 'agency', id: 'samr-hangzhou' }, () =>
      p.checks.check({ kind: 'agency', agency: samr.principal }, { subject: ORG_A, scenario: 'procurement-bid' }),
    )
  ).checkId;
  await p.evaluations.evaluateAll();
  const asAdmin = { kind: 'account' as const, account: await p.accounts.authenticate(admin.token) };
  ids.draw = (await asActor(ADMIN, () => p.inspections.run(asAdmin, { seed: 'published seed 2026-11' }))).drawId;
  ids.publicReport = (await p.reports.issue(ORG_A, { scope: 'public', lang: 'zh' })).code;
  ids.fullReport = (await p.reports.issue(ORG_A, { scope: 'full', lang: 'zh' })).code;

  const listCodes = p.policy.lists.map((l) => l.code);
  const scorecard = p.policy.scorecard('public-credit-comprehensive')?.code ?? p.policy.scorecards[0]!.code;
  let n = 1000;

  const WRONG = ['xyk.nobody.secret', `xys.${'A'.repeat(43)}`, ended.token, 'not-a-token', 'xyk.samr-hangzhou.wrongsecret'];
  const sessionOf = (cred: 'subject' | 'administrator', target: Target): Session =>
    // Logging out ends the session it is given (a login mutated into DELETE /v1/session too): those
    // routes get a spare one, made again once ended.
    endsSessions(target) ? spare[cred] : cred === 'subject' ? subject : admin;

  const world: FuzzWorld = {
    doc,
    ids,

    pathValue(target, name, rng) {
      const tpl = target.template;
      switch (name) {
        case 'recordId':
          return rng.pick([ids.general!, ids.general!, ids.record!, ids.recordB!]);
        case 'step':
          return rng.pick(['notice', 'notice', 'statement', 'decision', 'decision', 'extension', 'removal']);
        case '*':
          return rng.pick(['static/index.html', 'static/index.css', 'static/logo.svg', 'static/favicon-32x32.png', 'json', 'yaml']);
        case 'code':
          if (/lists\//.test(tpl)) return rng.pick(listCodes);
          if (/reports\//.test(tpl)) return rng.pick([ids.publicReport!, ids.fullReport!]);
          if (/problems\//.test(tpl)) return rng.pick(Object.keys(PROBLEMS));
          return rng.pick([ORG_A, ORG_A, ORG_B, PERSON]);
        case 'id':
          if (tpl.includes('/list-entries/')) return rng.pick([ids.entry!, ids.entry2!]);
          if (tpl.includes('/objections/')) return ids.objection!;
          if (tpl.includes('/repairs/')) return ids.repair!;
          if (tpl.includes('/checks/')) return ids.check!;
          if (tpl.includes('/draws/')) return ids.draw!;
          return ids.record!;
        default:
          return 'fuzz';
      }
    },

    queryValues(target, rng) {
      const out: Array<[string, string]> = [];
      const maybe = (k: string, values: string[], p = 0.4) => {
        if (rng.chance(p)) out.push([k, rng.pick(values)]);
      };
      switch (target.key) {
        case 'GET /v1/subjects':
          out.push(['q', rng.pick(['杭州', '示例', ORG_A, '深圳'])]);
          maybe('limit', ['1', '10', '100']);
          if (rng.chance(0.4)) out.push(['kind', 'enterprise'], ...(rng.chance(0.5) ? [['kind', 'natural-person'] as [string, string]] : []));
          return out;
        case 'GET /v1/repairs/eligibility':
          out.push(['type', 'record'], ['id', rng.pick([ids.record!, ids.general!])]);
          return out;
        case 'GET /v1/lists/{code}/entries':
          maybe('date', ['2026-11-20', '2026-01-01']);
          maybe('after', [ids.entry!, '']);
          maybe('limit', ['1', '100']);
          return out;
        case 'GET /v1/lists/{code}/changes':
          maybe('after', ['0', '1', '5']);
          maybe('limit', ['1', '1000']);
          return out;
        case 'POST /v1/records':
          maybe('lenientCodes', ['true', 'false'], 0.2);
          return out;
        case 'GET /search':
          out.push(['q', rng.pick(['杭州', ORG_A, '示例'])]);
          return out;
        case 'GET /subjects/{code}':
          maybe('asOf', ['2026-11-01', '2026-11-20T00:00:00Z']);
          maybe('lang', ['en', 'zh'], 0.2);
          return out;
        case 'GET /lists/{code}':
          maybe('date', ['2026-11-20']);
          maybe('after', [ids.entry!]);
          return out;
        case 'GET /reports/new':
          out.push(['subject', ORG_A]);
          maybe('scope', ['public', 'full']);
          return out;
        case 'GET /reports/verify':
          out.push(['code', rng.pick([ids.publicReport!, ids.fullReport!])]);
          return out;
        case 'GET /me':
          maybe('ok', ['objection']);
          maybe('error', ['reasons: must not be blank']);
          return out;
      }
      for (const q of target.query) {
        if (!q.required && !rng.chance(0.4)) continue;
        if (q.name === 'asOf') out.push(['asOf', rng.pick(['2026-11-01', '2026-11-20T00:00:00Z'])]);
        else {
          const v = synthesise(doc, q.schema, q.name);
          for (const x of Array.isArray(v) ? v : [v]) out.push([q.name, String(x)]);
        }
      }
      if (target.kind === 'page') maybe('lang', ['en', 'zh'], 0.2);
      return out;
    },

    body(target, rng, pathValues): Json | Array<[string, string]> | null {
      n += 1;
      switch (target.key) {
        case 'POST /v1/records':
          return rng.chance(0.7) ? penalty(n) : [penalty(n), penalty(n + 1, { code: ORG_B })];
        case 'POST /v1/records/{recordId}/corrections':
          return { reason: '更正', fields: { fineAmount: 10_000 + n } };
        case 'POST /v1/session':
          return { ...LOGIN };
        case 'POST /v1/lists/{code}/entries':
          return { basisRecords: [rng.pick([ids.record!, ids.recordB!])], reasons: '手动提请' };
        case 'POST /v1/list-entries/{id}/{step}':
          switch (pathValues.step) {
            case 'notice':
              return { facts: '告知' };
            case 'statement':
              return { statement: '申辩' };
            case 'decision':
              return { outcome: rng.pick(['add', 'drop']), reasons: '依法决定' };
            case 'extension':
              return { until: '2031-01-01', reasons: '延长' };
            default:
              return { reason: 'decision-revoked', reasons: '撤销' };
          }
        case 'POST /v1/objections':
          return { target: { type: 'record', id: rng.pick([ids.general!, ids.record!]) }, reasons: '异议' };
        case 'POST /v1/objections/{id}/decision':
          return { outcome: rng.pick(['maintained', 'maintained', 'withdrawn']), reasons: '维持' };
        case 'POST /v1/repairs':
          return {
            target: { type: 'record', id: rng.pick([ids.repairable!, ids.repairable!, ids.record!]) },
            evidence: ['凭证'],
            commitment: { text: '承诺', signatory: '王五' },
          };
        case 'POST /v1/repairs/{id}/decision':
          return { outcome: rng.pick(['approved', 'refused']), reasons: '材料不全' };
        case 'POST /v1/checks':
          return { subject: rng.pick([ORG_A, ORG_B]), scenario: 'procurement-bid', ...(rng.chance(0.3) ? { at: '2026-11-20' } : {}) };
        case 'POST /v1/checks/{id}/feedback':
          return { action: 'no-action-needed' };
        case 'POST /v1/evaluations/{code}/override':
          return { scorecard, tier: rng.pick(['A', 'B', 'C', 'D']), reason: '复核' };
        case 'POST /v1/inspections/draws':
          return { seed: `fuzz seed ${n}` };
        case 'POST /v1/reports':
          return { subject: ORG_A, ...(rng.chance(0.4) ? { scope: rng.pick(['public', 'full']) } : {}), ...(rng.chance(0.2) ? { lang: 'en' } : {}) };
        case 'POST /login':
          return [
            ['username', LOGIN.username],
            ['password', LOGIN.password],
          ];
        case 'POST /logout':
          return [];
        case 'POST /me/objections':
          return [
            ['targetType', 'record'],
            ['targetId', rng.pick([ids.general!, ids.record!])],
            ['reasons', '异议'],
          ];
        case 'POST /me/statements':
          return [
            ['entryId', ids.entry!],
            ['statement', '申辩'],
          ];
        case 'POST /me/repairs':
          return [
            ['targetType', 'record'],
            ['targetId', rng.pick([ids.repairable!, ids.record!])],
            ['evidence', '凭证'],
            ['commitment', '承诺'],
            ['signatory', '王五'],
          ];
        case 'POST /reports/new':
          return [
            ['subject', ORG_A],
            ['scope', rng.pick(['public', 'full'])],
          ];
      }
      return target.body === 'form' ? [] : null;
    },

    credential(target, cred: CredKind, rng) {
      const page = target.kind !== 'api';
      const pre = { headers: [] as Array<[string, string]>, cookies: [`xy_csrf=${encodeURIComponent(preCsrf)}`], csrf: preCsrf };
      switch (cred) {
        case 'none':
          return page ? pre : { headers: [], cookies: [], csrf: null };
        case 'agency': {
          const auth: [string, string] = ['authorization', `Bearer ${samr.apiKey}`];
          return page ? { ...pre, headers: [auth] } : { headers: [auth], cookies: [], csrf: null };
        }
        case 'subject':
        case 'administrator': {
          const s = sessionOf(cred, target);
          const cookie = `xy_session=${encodeURIComponent(s.token)}`;
          // The API takes a bearer token; a report opened from the portal reads the cookie too.
          if (page) return { headers: [], cookies: [cookie], csrf: s.csrf };
          if (target.method === 'GET' && target.template.startsWith('/v1/reports/') && rng.chance(0.3)) return { headers: [], cookies: [cookie], csrf: null };
          return { headers: [['authorization', `Bearer ${s.token}`]], cookies: [], csrf: null };
        }
        case 'wrong': {
          const token = rng.pick(WRONG);
          if (page) return { headers: [], cookies: [`xy_session=${encodeURIComponent(token)}`], csrf: 'wrong' };
          return { headers: [['authorization', `Bearer ${token}`]], cookies: [], csrf: null };
        }
        default:
          return assertNever(cred, 'credential kind');
      }
    },

    async refreshSessions() {
      for (const [role, username] of [
        ['subject', 'fuzz-spare-subject'],
        ['administrator', 'fuzz-spare-admin'],
      ] as const) {
        try {
          await p.accounts.authenticate(spare[role].token);
        } catch {
          spare[role] = await login(username);
        }
      }
    },

    async sessionsAlive() {
      try {
        await p.accounts.authenticate(subject.token);
        await p.accounts.authenticate(admin.token);
        return true;
      } catch {
        return false;
      }
    },
  };
  return world;
}
