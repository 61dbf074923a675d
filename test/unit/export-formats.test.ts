// How a list export writes its entries, and its deltas: a person is exported by name alone
// (never a masked number as if it identified someone), an organisation by its code; CSV fields
// are quoted as RFC 4180 says; and for any two sets of entries, the delta applied to the older
// file gives the newer one in every format (a property over random sets).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { deltaLine, entryDelta, ftmEntities, headerOf, linesOf, type ExportFormat, type ExportItem } from '../../src/features/exports/export-formats.ts';

const item = (over: Partial<ExportItem> = {}): ExportItem => ({
  entryId: 'e01',
  list: 'dishonest-judgment-debtors',
  listName: { zh: '失信被执行人名单', en: 'Dishonest judgment debtors' },
  type: 'blacklist',
  area: null,
  listedOn: '2026-11-20',
  until: null,
  decidingAgency: 'court-xihu',
  basisRecords: ['r1'],
  legalBasis: [{ instrument: { zh: '最高人民法院关于公布失信被执行人名单信息的若干规定', en: 'SPC Provisions' }, articles: '第一条' }],
  disputed: false,
  underRepair: false,
  subject: { code: '91330100716105852F', name: '杭州示例科技有限公司', kind: 'enterprise' },
  ...over,
});

describe('FollowTheMoney entities of a list entry', () => {
  it('write a Sanction with the legal basis as provisions, naming a Company by its registration number', () => {
    const [sanction, subject] = ftmEntities(item());
    expect(sanction).toEqual({
      id: 'xinyong-entry-e01',
      schema: 'Sanction',
      properties: {
        entity: ['xinyong-entry-e01-subject'],
        authority: ['court-xihu'],
        program: ['失信被执行人名单', 'Dishonest judgment debtors'],
        programId: ['dishonest-judgment-debtors'],
        provisions: ['最高人民法院关于公布失信被执行人名单信息的若干规定 第一条'],
        status: ['blacklist'],
        sourceUrl: ['/v1/list-entries/e01'],
        startDate: ['2026-11-20'],
        listingDate: ['2026-11-20'],
      },
    });
    expect(subject).toEqual({
      id: 'xinyong-entry-e01-subject',
      schema: 'Company',
      properties: { name: ['杭州示例科技有限公司'], country: ['cn'], registrationNumber: ['91330100716105852F'], jurisdiction: ['cn'] },
    });
  });

  it('name a person by name alone: a masked identity number identifies no one', () => {
    const [, person] = ftmEntities(item({ subject: { code: '1101**********002X', name: '张三', kind: 'natural-person' } }));
    expect(person).toEqual({ id: 'xinyong-entry-e01-subject', schema: 'Person', properties: { name: ['张三'], country: ['cn'] } });
    expect(JSON.stringify(person)).not.toContain('1101');
  });

  it('end the sanction on the first day no longer listed, and name an organisation as one', () => {
    const [sanction, org] = ftmEntities(item({ until: '2029-11-20', subject: { code: '12330000MB0000000X', name: '某事业单位', kind: 'public-institution' } }));
    expect(sanction!.properties.endDate).toEqual(['2029-11-20']);
    expect(org!.schema).toBe('Organization');
  });
});

describe('CSV rows of a list export', () => {
  it('quote a field holding a comma, a quote or a line break, and only those', () => {
    const [row] = linesOf('csv', item({ subject: { code: '91330100716105852F', name: '示例,"公司"\n分部', kind: 'enterprise' } }));
    expect(row!.text).toContain(',"示例,""公司""\n分部",');
    expect(row!.text.startsWith('e01,dishonest-judgment-debtors,失信被执行人名单,Dishonest judgment debtors,blacklist,,')).toBe(true);
    expect(headerOf('csv', true)!.startsWith('op,entryId,')).toBe(true);
  });
});

/** A file of entries as the export writes it, and a delta applied to it as a consumer applies it. */
function file(format: ExportFormat, entries: ExportItem[]): Map<string, string> {
  return new Map(entries.flatMap((e) => linesOf(format, e)).map((l) => [l.key, l.text]));
}

describe('the delta between two exports', () => {
  const entries = fc.uniqueArray(
    fc.record({
      entryId: fc.stringMatching(/^[0-9a-f]{4}$/),
      name: fc.constantFrom('甲公司', '乙公司'),
      until: fc.constantFrom(null, '2030-01-01'),
    }),
    { selector: (e) => e.entryId, maxLength: 12 },
  );
  const asItems = (xs: Array<{ entryId: string; name: string; until: string | null }>) =>
    xs
      .map((x) => item({ entryId: x.entryId, until: x.until, subject: { code: '91330100716105852F', name: x.name, kind: 'enterprise' } }))
      .sort((a, b) => (a.entryId < b.entryId ? -1 : 1));

  it('applied by key to the older file gives the newer, in every format', () => {
    fc.assert(
      fc.property(entries, entries, (older, newer) => {
        const [a, b] = [asItems(older), asItems(newer)];
        for (const format of ['ndjson', 'csv', 'ftm'] as const) {
          const copy = file(format, a);
          const byId = new Map(a.map((e) => [e.entryId, e]));
          const ids = [...new Set([...a, ...b].map((e) => e.entryId))].sort();
          for (const id of ids) {
            for (const { op, line } of entryDelta(format, byId.get(id) ?? null, b.find((e) => e.entryId === id) ?? null)) {
              expect(deltaLine(format, op, line).length).toBeGreaterThan(line.text.length);
              if (op === 'DEL') copy.delete(line.key);
              else {
                expect(op === 'ADD').toBe(!copy.has(line.key));
                copy.set(line.key, line.text);
              }
            }
          }
          expect([...copy.entries()].sort()).toEqual([...file(format, b).entries()].sort());
        }
      }),
    );
  });

  it('is empty between equal exports', () => {
    for (const format of ['ndjson', 'csv', 'ftm'] as const) expect(entryDelta(format, item(), item())).toEqual([]);
  });
});
