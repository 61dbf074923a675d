// The synthetic data generator: determinism, every record valid against the shipped pack and
// supplied by an agency allowed to supply it, valid and unique codes over real divisions, the
// hard cases of name search, proportions, dates and samples.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPolicyPack } from '../../src/kernel/policy-pack.ts';
import type { Policy } from '../../src/domain/policy/policy.ts';
import { isPublicOn } from '../../src/domain/publicity.ts';
import { parseUscc } from '../../src/domain/ids/uscc.ts';
import { parseResidentId } from '../../src/domain/ids/resident-id.ts';
import { DEMO_AGENCIES, generateDataset, generateSubjects, type GeneratedRecord, type SyntheticSubject } from '../../src/synthetic/generator.ts';
import { TRADITIONAL } from '../../src/synthetic/names.ts';
import type { DivisionsFile } from '../../src/synthetic/divisions.ts';

const PACK = resolve(import.meta.dirname, '../../policy/cn-national');
const TODAY = '2026-07-15';
const SUBJECTS = 2000;
let policy: Policy;
let records: GeneratedRecord[];
let subjects: SyntheticSubject[];
const divisions = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../src/synthetic/data/divisions.json'), 'utf8')) as DivisionsFile;

function digest(seed: number, n: number, subjectsCount = 1000): string {
  const h = createHash('sha256');
  let i = 0;
  for (const r of generateDataset({ seed, subjects: subjectsCount, today: TODAY, policy })) {
    h.update(`${JSON.stringify(r)}\n`);
    if (++i >= n) break;
  }
  return h.digest('hex');
}

function subjectCode(r: GeneratedRecord): string {
  const s = r.record.subject;
  return 'code' in s ? s.code : s.idNumber;
}

beforeAll(() => {
  policy = loadPolicyPack(PACK);
  const ds = generateDataset({ seed: 42, subjects: SUBJECTS, today: TODAY, policy });
  records = [...ds];
  subjects = [...ds.subjects()];
});

describe('determinism', () => {
  it('gives byte-for-byte the same records for the same seed and options', () => {
    expect(digest(7, 3000)).toBe(digest(7, 3000));
  });

  it('gives different records for a different seed', () => {
    expect(digest(7, 3000)).not.toBe(digest(8, 3000));
  });

  it('lists the same subjects through generateSubjects and the dataset, and iterating twice changes nothing', () => {
    const ds = generateDataset({ seed: 42, subjects: SUBJECTS, today: TODAY, policy });
    expect([...generateSubjects({ seed: 42, subjects: SUBJECTS, today: TODAY })]).toEqual(subjects);
    expect(ds.subject(123)).toEqual(subjects[123]);
    const again = [...ds];
    expect(again.length).toBe(records.length);
    expect(JSON.stringify(again.slice(0, 500))).toBe(JSON.stringify(records.slice(0, 500)));
  });

  it('batches hold the same records as the stream', () => {
    const ds = generateDataset({ seed: 42, subjects: 300, today: TODAY, policy });
    expect([...ds.batches(100)].flat()).toEqual([...ds]);
  });
});

describe('validity against the pack', () => {
  it('every record passes its catalogue item validator as of today', () => {
    const failures: string[] = [];
    for (const r of records) {
      const v = policy.validator(r.record.item);
      expect(v, r.record.item).toBeDefined();
      const res = v!(r.record, { today: TODAY, idHashSecret: 'test-secret' });
      if (res.errors.length > 0) failures.push(`${JSON.stringify(res.errors)} ${JSON.stringify(r.record)}`);
    }
    expect(failures.slice(0, 5)).toEqual([]);
    expect(records.length).toBeGreaterThan(SUBJECTS * 3);
  });

  it('every record comes from an agency whose kind may supply its item', () => {
    const kindOf = new Map(DEMO_AGENCIES.map((a) => [a.code, a.kind]));
    for (const r of records) {
      const kind = kindOf.get(r.agency);
      expect(kind, r.agency).toBeDefined();
      expect(policy.item(r.record.item)!.suppliers, `${r.agency} ${r.record.item}`).toContain(kind);
    }
  });

  it('names natural persons only on items that apply to natural persons', () => {
    const persons = records.filter((r) => 'idNumber' in r.record.subject);
    expect(persons.length).toBeGreaterThan(0);
    for (const r of persons) expect(policy.item(r.record.item)!.subjectKinds).toContain('natural-person');
    expect(new Set(persons.map((r) => r.record.item))).toContain('judgment-defaulter');
  });

  it('draws records from most of the catalogue', () => {
    const items = new Set(records.map((r) => r.record.item));
    const missing = policy.items.map((i) => i.code).filter((c) => !items.has(c));
    expect(missing.length, `missing: ${missing.join(', ')}`).toBeLessThanOrEqual(3);
  });

  it('gives every agency kind a demo agency and every catalogue item a demo agency that may supply it', () => {
    const kinds = new Set(DEMO_AGENCIES.map((a) => a.kind));
    // Furnishers (lenders) file no records; the demo's lenders are issue 21's later deliverable.
    for (const k of policy.agencyKinds) if (k.class !== 'furnisher') expect(kinds, k.code).toContain(k.code);
    for (const item of policy.items)
      expect(
        DEMO_AGENCIES.some((a) => item.suppliers.includes(a.kind)),
        item.code,
      ).toBe(true);
    expect(new Set(DEMO_AGENCIES.map((a) => a.code)).size).toBe(DEMO_AGENCIES.length);
    expect(DEMO_AGENCIES.find((a) => a.code === 'samr-hangzhou')).toMatchObject({ name: '杭州市市场监督管理局', kind: 'market-regulation' });
  });
});

describe('decision documents and dates', () => {
  it('dates no decision after today, and every record but registration within the five years before it', () => {
    for (const r of records) expect(r.record.decision.date <= TODAY).toBe(true);
    const start = `${Number(TODAY.slice(0, 4)) - 5}${TODAY.slice(4)}`;
    for (const r of records) if (r.record.item !== 'registration-basics') expect(r.record.decision.date >= start, JSON.stringify(r.record)).toBe(true);
  });

  it('keeps date fields consistent with the decision date', () => {
    for (const { record } of records) {
      const d = record.decision.date;
      const f = record.fields;
      for (const k of ['until', 'validUntil', 'banUntil']) if (k in f) expect(String(f[k]) > d, `${k} ${JSON.stringify(record)}`).toBe(true);
      for (const k of ['liftedOn', 'removedOn']) {
        if (k in f) {
          expect(String(f[k]) > d, `${k} ${JSON.stringify(record)}`).toBe(true);
          expect(String(f[k]) <= TODAY).toBe(true);
        }
      }
      if ('validFrom' in f) expect(f.validFrom).toBe(d);
      if ('filedOn' in f) expect(f.filedOn).toBe(d);
      if ('establishedOn' in f) expect(f.establishedOn).toBe(d);
      if ('dueDate' in f) expect(String(f.dueDate) < d).toBe(true);
    }
  });

  it('numbers decisions uniquely per agency, item and subject, in realistic forms', () => {
    const seen = new Set<string>();
    for (const r of records) {
      const key = `${r.agency}|${r.record.item}|${subjectCode(r)}|${r.record.decision.number}`;
      expect(seen.has(key), key).toBe(false);
      seen.add(key);
    }
    const numbers = records.map((r) => r.record.decision.number);
    expect(numbers.some((n) => /^杭.{0,2}市监(简)?罚〔20\d\d〕\d+号$/.test(n))).toBe(true);
    expect(numbers.some((n) => /^（20\d\d）[浙京沪粤苏鲁川豫鄂湘冀闽皖]\d{4}执\d+号$/.test(n))).toBe(true);
  });

  it('has records inside their publicity window, expired ones and repairable ones past their minimum period', () => {
    let open = 0;
    let expired = 0;
    let repairable = 0;
    for (const { record } of records) {
      if (record.item === 'registration-basics' || record.item === 'annual-report') continue;
      const w = policy.windowFor(record.item, record.decision.date, record.fields);
      if (!w.published) continue;
      if (isPublicOn(w, TODAY)) {
        open++;
        if (w.repairable && w.minimumEnd !== null && w.minimumEnd <= TODAY) repairable++;
      } else if (w.end !== null && w.end <= TODAY) expired++;
    }
    expect(open).toBeGreaterThan(100);
    expect(expired).toBeGreaterThan(50);
    expect(repairable).toBeGreaterThan(5);
  });

  it('has more minor penalties than general ones and more general than serious, and most subjects clean', () => {
    const count = (item: string) => records.filter((r) => r.record.item === item).length;
    expect(count('administrative-penalty-minor')).toBeGreaterThan(count('administrative-penalty-general'));
    expect(count('administrative-penalty-general')).toBeGreaterThan(count('administrative-penalty-serious'));
    expect(count('administrative-penalty-serious')).toBeGreaterThan(0);
    const negative = new Set(policy.items.filter((i) => i.polarity === 'negative').map((i) => i.code));
    const withNegative = new Set(records.filter((r) => negative.has(r.record.item)).map(subjectCode));
    expect(withNegative.size / SUBJECTS).toBeLessThan(0.35);
    const courts = new Set(records.filter((r) => r.record.item === 'judgment-defaulter' || r.record.item === 'consumption-restriction').map(subjectCode));
    expect(courts.size / SUBJECTS).toBeGreaterThan(0.02);
    expect(courts.size / SUBJECTS).toBeLessThan(0.1);
  });

  it('grades most enterprises for tax, A most often', () => {
    const enterprises = new Set(subjects.filter((s) => s.kind === 'enterprise').map((s) => s.code));
    const grades = new Map<string, number>();
    const graded = new Set<string>();
    for (const r of records) {
      if (r.record.item !== 'tax-credit-grade' || !enterprises.has(subjectCode(r))) continue;
      graded.add(subjectCode(r));
      const g = String(r.record.fields.grade);
      grades.set(g, (grades.get(g) ?? 0) + 1);
    }
    expect(graded.size / enterprises.size).toBeGreaterThan(0.7);
    const top = [...grades].sort((a, b) => b[1] - a[1])[0]!;
    expect(top[0]).toBe('A');
    const aGrades = records.filter((r) => r.record.item === 'tax-credit-grade' && r.record.fields.grade === 'A').length;
    expect(records.filter((r) => r.record.item === 'tax-a-grade-taxpayer').length).toBe(aGrades);
  });

  it('gives every organisation a registration with a legal representative and a valid identity number, and most businesses annual reports', () => {
    const registered = new Map<string, GeneratedRecord>();
    for (const r of records) if (r.record.item === 'registration-basics') registered.set(subjectCode(r), r);
    const organisations = subjects.filter((s) => s.kind !== 'natural-person');
    for (const s of organisations) {
      const r = registered.get(s.code);
      expect(r, s.code).toBeDefined();
      expect(r!.record.fields.legalRepresentative).toBe(s.legalRepresentative);
      expect(parseResidentId(String(r!.record.fields.legalRepresentativeId)).valid).toBe(true);
      expect(r!.record.subject.name).toBe(s.name);
    }
    const businesses = subjects.filter((s) => ['enterprise', 'individual-business', 'farmers-cooperative'].includes(s.kind));
    const reporting = new Set(records.filter((r) => r.record.item === 'annual-report').map(subjectCode));
    expect(businesses.filter((s) => reporting.has(s.code)).length / businesses.length).toBeGreaterThan(0.6);
  });

  it('lists subjects that missed annual reports as abnormal, and government bodies with contract defaults', () => {
    const abnormal = records.filter((r) => r.record.item === 'abnormal-operations');
    expect(abnormal.some((r) => r.record.fields.reason === 'annual-report-not-filed')).toBe(true);
    const gov = new Set(subjects.filter((s) => s.kind === 'government-body').map((s) => s.code));
    const defaults = records.filter((r) => r.record.item === 'contract-default-government');
    expect(defaults.some((r) => gov.has(subjectCode(r)))).toBe(true);
    for (const r of defaults) if (r.record.fields.counterpartyCode) expect(parseUscc(String(r.record.fields.counterpartyCode)).valid).toBe(true);
  });
});

describe('subjects', () => {
  it('have valid and unique codes, organisations over real division codes', () => {
    const codes = new Set<string>();
    const known = new Set([...divisions.provinces, ...divisions.prefectures, ...divisions.counties].map((d) => d.code));
    for (const s of subjects) {
      expect(codes.has(s.code), s.code).toBe(false);
      codes.add(s.code);
      if (s.kind === 'natural-person') {
        const p = parseResidentId(s.code);
        expect(p.valid, s.code).toBe(true);
        expect(known.has(s.code.slice(0, 6)), s.code).toBe(true);
      } else {
        const u = parseUscc(s.code);
        expect(u.valid, s.code).toBe(true);
        if (u.valid) expect(u.parts.divisionCode).toBe(s.division);
        expect(known.has(s.division), s.division).toBe(true);
      }
    }
    for (const r of records) {
      for (const k of ['legalRepresentativeId', 'restrictedPersonId', 'responsiblePersonId']) {
        const v = r.record.fields[k];
        if (v !== undefined) expect(known.has(String(v).slice(0, 6)), String(v)).toBe(true);
      }
    }
  });

  it('have the kind their code declares, in roughly the intended proportions', () => {
    const byKind = new Map<string, number>();
    for (const s of subjects) byKind.set(s.kind, (byKind.get(s.kind) ?? 0) + 1);
    const share = (k: string) => (byKind.get(k) ?? 0) / SUBJECTS;
    expect(share('enterprise')).toBeCloseTo(0.59, 1);
    expect(share('individual-business')).toBeCloseTo(0.24, 1);
    expect(share('farmers-cooperative')).toBeGreaterThan(0.03);
    expect(share('social-organisation')).toBeGreaterThan(0.02);
    expect(share('public-institution')).toBeGreaterThan(0.03);
    expect(share('government-body')).toBeGreaterThan(0.02);
    expect(share('natural-person')).toBeGreaterThan(0.01);
    expect(share('mass-organisation') + share('other-organisation')).toBeGreaterThan(0.005);
    const prefix: Record<string, string[]> = {
      enterprise: ['91'],
      'individual-business': ['92'],
      'farmers-cooperative': ['93'],
      'social-organisation': ['51', '52', '53'],
      'public-institution': ['12'],
      'government-body': ['11'],
      'mass-organisation': ['13'],
      'other-organisation': ['59', 'Y1'],
    };
    for (const s of subjects) if (s.kind !== 'natural-person') expect(prefix[s.kind], `${s.kind} ${s.code}`).toContain(s.code.slice(0, 2));
  });

  it('include the hard cases of name search', () => {
    const byCode = new Map(subjects.map((s) => [s.code, s]));
    const variants = new Map<string, SyntheticSubject[]>();
    for (const s of subjects) variants.set(s.variant, [...(variants.get(s.variant) ?? []), s]);
    for (const v of ['branch', 'near-duplicate', 'same-trade-name', 'traditional', 'full-width-brackets', 'half-width-brackets']) {
      expect(variants.get(v)?.length ?? 0, v).toBeGreaterThan(0);
    }
    for (const b of variants.get('branch')!) {
      expect(b.name.endsWith('分公司')).toBe(true);
      const parent = byCode.get(b.relatedTo!);
      if (parent) expect(b.name.startsWith(parent.name)).toBe(true);
      const reg = records.find((r) => r.record.item === 'registration-basics' && subjectCode(r) === b.code)!;
      expect(reg.record.fields.parentCode).toBe(b.relatedTo);
      expect(b.code).not.toBe(b.relatedTo);
    }
    for (const s of variants.get('traditional')!)
      expect(
        [...s.name].some((c) => [...TRADITIONAL.values()].includes(c)),
        s.name,
      ).toBe(true);
    for (const s of variants.get('full-width-brackets')!) expect(s.name).toMatch(/（.+）/);
    for (const s of variants.get('half-width-brackets')!) expect(s.name).toMatch(/\(.+\)/);
    for (const s of variants.get('near-duplicate')!) {
      const o = byCode.get(s.relatedTo!);
      if (!o) continue;
      expect(s.name).not.toBe(o.name);
      expect(s.name.length).toBe(o.name.length);
      expect([...s.name].filter((c, i) => c !== [...o.name][i]).length).toBeLessThanOrEqual(2);
    }
    // Other agencies sometimes spell a subject differently from its registration.
    const registered = new Map(records.filter((r) => r.record.item === 'registration-basics').map((r) => [subjectCode(r), r.record.subject.name]));
    const spelled = records.filter((r) => 'code' in r.record.subject && registered.get(subjectCode(r)) !== r.record.subject.name);
    expect(spelled.length).toBeGreaterThan(0);
    // Individual businesses, government bodies and institutions are named the way they are in China.
    expect(subjects.some((s) => s.kind === 'individual-business' && /[区县市].+(店|部|行|馆|室|超市)$/.test(s.name))).toBe(true);
    expect(subjects.some((s) => s.kind === 'government-body' && /(局|人民政府|委员会|办事处)$/.test(s.name))).toBe(true);
    expect(subjects.some((s) => s.kind === 'farmers-cooperative' && s.name.endsWith('专业合作社'))).toBe(true);
    expect(
      subjects.some((s) => s.kind === 'social-organisation' && /(协会|商会|基金会|学校|中心|研究会|学会|幼儿园|俱乐部|门诊部|研究院|总会)$/.test(s.name)),
    ).toBe(true);
  });

  it('names natural persons and legal representatives plausibly', () => {
    for (const s of subjects) {
      const name = s.kind === 'natural-person' ? s.name : s.legalRepresentative!;
      expect(name).toMatch(/^[\u4e00-\u9fff]{2,4}$/);
    }
  });

  it('gives the same name to the same identity number wherever it appears', () => {
    const names = new Map<string, string>();
    for (const { record } of records) {
      const pairs: Array<[unknown, unknown]> = [
        [record.fields.legalRepresentativeId, record.fields.legalRepresentative],
        [record.fields.restrictedPersonId, record.fields.restrictedPerson],
        [record.fields.responsiblePersonId, record.fields.responsiblePerson],
      ];
      if ('idNumber' in record.subject) pairs.push([record.subject.idNumber, record.subject.name]);
      for (const [id, name] of pairs) {
        if (typeof id !== 'string' || typeof name !== 'string') continue;
        const seen = names.get(id);
        if (seen !== undefined) expect(seen, id).toBe(name);
        names.set(id, name);
      }
    }
  });
});

describe('samples', () => {
  it('names listed, clean, government, redlisted and repairable subjects that are what they claim', () => {
    const ds = generateDataset({ seed: 42, subjects: SUBJECTS, today: TODAY, policy });
    const samples = ds.samples(5);
    const byCode = new Map(subjects.map((s) => [s.code, s]));
    const recordsOf = new Map<string, GeneratedRecord[]>();
    for (const r of records) recordsOf.set(subjectCode(r), [...(recordsOf.get(subjectCode(r)) ?? []), r]);
    const negative = new Set(policy.items.filter((i) => i.polarity === 'negative').map((i) => i.code));
    for (const list of ['listed', 'clean', 'government', 'redlisted', 'repairable'] as const) {
      expect(samples[list].length, list).toBe(5);
      for (const code of samples[list]) expect(byCode.has(code)).toBe(true);
    }
    for (const code of samples.listed) {
      expect(
        recordsOf
          .get(code)!
          .some((r) =>
            [
              'administrative-penalty-serious',
              'judgment-defaulter',
              'major-tax-violation',
              'procurement-serious-violation',
              'wage-arrears-list',
              'safety-production-serious',
            ].includes(r.record.item),
          ),
      ).toBe(true);
    }
    for (const code of samples.clean) expect(recordsOf.get(code)!.some((r) => negative.has(r.record.item))).toBe(false);
    for (const code of samples.government) expect(byCode.get(code)!.kind).toBe('government-body');
    for (const code of samples.redlisted)
      expect(recordsOf.get(code)!.some((r) => r.record.item === 'tax-a-grade-taxpayer' || r.record.item === 'contract-keeping-enterprise')).toBe(true);
    // Repairable today: a negative record of a repairable class, public, its minimum period passed.
    for (const code of samples.repairable) {
      expect(
        recordsOf.get(code)!.some((r) => {
          if (!negative.has(r.record.item)) return false;
          const w = policy.windowFor(r.record.item, r.record.decision.date, r.record.fields);
          return w.repairable && isPublicOn(w, TODAY) && w.minimumEnd !== null && w.minimumEnd <= TODAY;
        }),
        code,
      ).toBe(true);
    }
  });
});

describe('other dates and options', () => {
  it('generates valid records for another today and seed', () => {
    const today = '2024-03-01';
    let n = 0;
    for (const r of generateDataset({ seed: 3, subjects: 400, today, policy })) {
      const res = policy.validator(r.record.item)!(r.record, { today, idHashSecret: 's' });
      expect(res.errors, JSON.stringify(r.record)).toEqual([]);
      n++;
    }
    expect(n).toBeGreaterThan(1000);
  });

  it('leaves out records of kinds no given agency covers', () => {
    const agencies = DEMO_AGENCIES.filter((a) => a.kind === 'market-regulation');
    const rs = [...generateDataset({ seed: 1, subjects: 200, today: TODAY, policy, agencies })];
    expect(rs.length).toBeGreaterThan(0);
    for (const r of rs) expect(agencies.map((a) => a.code)).toContain(r.agency);
  });

  it('rejects bad options', () => {
    expect(() => generateDataset({ seed: 1.5, subjects: 10, today: TODAY, policy })).toThrow();
    expect(() => generateDataset({ seed: 1, subjects: -1, today: TODAY, policy })).toThrow();
    expect(() => generateDataset({ seed: 1, subjects: 10, today: '2026-02-30', policy })).toThrow();
  });
});
