// The synthetic borrowers and their lenders' batches (src/synthetic/borrowers.ts, lenders.ts): the
// same options give the same borrowers; every batch, furnished month by month in order, passes the
// furnishing standard and the batch rules (consent to furnishing, art. 29; notice before adverse
// information, art. 15) as the real validator applies them; and the default process gives the
// rates docs/credit-reporting.md ("Demo") states.
import { describe, expect, it } from 'vitest';
import { PACK } from '../support/pack-edits.ts';
import { loadPolicyPack } from '../../src/kernel/policy-pack.ts';
import { LineStandard, validateLine, type BorrowerRef, type FurnishedLine } from '../../src/domain/credit-reporting/lines.ts';
import { checkBatch, type RecordedConsent } from '../../src/domain/credit-reporting/batch.ts';
import { parseResidentId } from '../../src/domain/ids/resident-id.ts';
import { addDays } from '../../src/domain/dates.ts';
import { parseUscc } from '../../src/domain/ids/uscc.ts';
import { BorrowerGenerator, type SyntheticBorrower } from '../../src/synthetic/borrowers.ts';
import { borrowerStories, isAdverseStatement, lenderBatches, type LenderBatch } from '../../src/synthetic/lenders.ts';
import { monthNumber } from '../../src/synthetic/months.ts';
import { adverseEpisodes, isEpisodeShown, retentionEnd, type ConductMonth } from '../../src/domain/credit-reporting/retention.ts';

const TODAY = '2026-12-05';
const SECRET = 'test';
const std = new LineStandard(loadPolicyPack(PACK).furnishing);
const generate = (persons: number, enterprises: number, seed = 1) => new BorrowerGenerator({ seed, persons, enterprises, today: TODAY });

/** What one furnisher has furnished so far, as the store would answer checkBatch's questions. */
class Furnisher {
  accounts = new Map<string, BorrowerRef['kind']>();
  noticed = new Set<string>();
  consents = new Map<string, RecordedConsent>();

  /** The errors of a batch, validated as the service does; stored when there are none. */
  furnish(batch: LenderBatch): string[] {
    const errors: string[] = [];
    const lines: Array<{ line: number; value: FurnishedLine }> = [];
    batch.lines.forEach((raw, i) => {
      const r = validateLine(std, raw, { today: batch.furnishOn, idHashSecret: SECRET, month: batch.month });
      if (r.line) lines.push({ line: i + 1, value: r.line });
      else errors.push(...r.errors.map((e) => `${batch.lender.code} ${batch.month} line ${i + 1} ${e.field}: ${e.message}`));
    });
    const named = lines.filter((l) => l.value.kind !== 'account' && l.value.kind !== 'consent').map((l) => l.value.values.account as string);
    const before = {
      unknownAccounts: new Set(named.filter((a) => !this.accounts.has(a))),
      borrowerKinds: this.accounts,
      noticed: this.noticed,
      consents: this.consents,
    };
    for (const e of checkBatch(std, lines, before, batch.furnishOn)) errors.push(`${batch.lender.code} ${batch.month} line ${e.line} ${e.field}: ${e.message}`);
    if (errors.length > 0) return errors;
    for (const { value: l } of lines) {
      const v = l.values;
      if (l.kind === 'account') this.accounts.set(v.account as string, (v.borrower as BorrowerRef).kind);
      if (l.kind === 'notice') this.noticed.add(v.account as string);
      if (l.kind === 'consent')
        this.consents.set(v.reference as string, {
          borrowerKey: (v.borrower as BorrowerRef).key,
          scope: v.scope as string[],
          signedOn: v.signedOn as string,
          expiresOn: null,
        });
    }
    return [];
  }
}

/** 20,000 persons, generated once for the tests of rates. */
let population: SyntheticBorrower[] | undefined;
const persons20k = () => (population ??= [...generate(20_000, 0).borrowers()]);

function allStatements(b: SyntheticBorrower) {
  return b.accounts.flatMap((a) => a.series.statements);
}

describe('synthetic borrowers', () => {
  it('are the same for the same options, and differ for another seed', () => {
    const a = [...generate(300, 15).borrowers()];
    const b = [...generate(300, 15).borrowers()];
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(JSON.stringify(lenderBatches(b, TODAY))).toBe(JSON.stringify(lenderBatches(a, TODAY)));
    const other = [...generate(300, 15, 2).borrowers()];
    expect(other.map((x) => x.truth.latentRisk)).not.toEqual(a.map((x) => x.truth.latentRisk));
    // A borrower is the same asked alone as in the stream.
    expect(JSON.stringify(generate(300, 15).borrower(123))).toBe(JSON.stringify(a[123]));
  });

  it('have valid, distinct identity numbers and codes', () => {
    const g = generate(20_000, 500);
    const ids = new Set<string>();
    for (let i = 0; i < g.persons; i++) {
      const id = g.personId(i);
      expect(parseResidentId(id).valid, id).toBe(true);
      ids.add(id);
    }
    expect(ids.size).toBe(g.persons);
    for (let e = 0; e < g.enterprises; e++) expect(parseUscc(g.enterpriseId(e)).valid).toBe(true);
  });

  it('give 1 to 6 accounts a person (and a guarantee), 24 to 72 months of history, loans that amortise', () => {
    const g = generate(2_000, 100);
    const lastMonth = monthNumber(TODAY.slice(0, 7)) - 1;
    for (const b of g.borrowers()) {
      const own = b.accounts.filter((a) => a.type !== 'guarantee');
      if (b.kind === 'person') expect(own.length).toBeGreaterThanOrEqual(1);
      if (b.kind === 'person') expect(own.length).toBeLessThanOrEqual(6);
      const months = allStatements(b).map((s) => monthNumber(s.month));
      expect(lastMonth - Math.min(...months) + 1).toBeLessThanOrEqual(72);
      if (own.length > 0) expect(lastMonth - Math.min(...own.map((a) => monthNumber(a.openedOn.slice(0, 7)))) + 1).toBeGreaterThanOrEqual(24);
      for (const a of own.filter((x) => x.type === 'non-revolving-loan')) {
        const s = a.series.statements;
        for (let i = 1; i < s.length; i++) expect(s[i]!.balanceFen, a.account).toBeLessThanOrEqual(s[i - 1]!.balanceFen);
      }
    }
  });

  it('furnish batches that pass the standard and the batch rules, month by month, oldest first', () => {
    const g = generate(1_500, 80);
    const batches = lenderBatches(g.borrowers(), TODAY);
    const furnishers = new Map<string, Furnisher>();
    const errors: string[] = [];
    const counts = { account: 0, consent: 0, notice: 0, statement: 0 };
    for (const batch of batches) {
      let f = furnishers.get(batch.lender.code);
      if (!f) furnishers.set(batch.lender.code, (f = new Furnisher()));
      errors.push(...f.furnish(batch));
      for (const l of batch.lines) counts[l.kind as keyof typeof counts]++;
    }
    expect(errors.slice(0, 5)).toEqual([]);
    expect(furnishers.size).toBe(3);
    expect(batches[0]!.month).toBe('2020-12');
    expect(batches.at(-1)!.month).toBe('2026-11');
    // Every person's account cites a consent; notices precede adverse information.
    expect(counts.consent).toBeGreaterThan(1_500);
    expect(counts.notice).toBeGreaterThan(100);
    expect(counts.statement).toBeGreaterThan(100_000);
  });

  it('give the default rate and status mix the docs state', () => {
    const persons = persons20k();
    let current = 0;
    let cured = 0;
    let writtenOff = 0;
    let defaulted = 0;
    const status = new Map<string, number>();
    let statements = 0;
    for (const b of persons) {
      const s = allStatements(b);
      for (const x of s) status.set(x.status, (status.get(x.status) ?? 0) + 1);
      statements += s.length;
      if (s.some((x) => x.status === 'B')) writtenOff++;
      else if (s.some(isAdverseStatement)) cured++;
      else current++;
      if (b.truth.defaultedInHorizon) defaulted++;
    }
    const share = (n: number) => n / persons.length;
    expect(share(current)).toBeCloseTo(0.77, 1);
    expect(share(cured)).toBeCloseTo(0.2, 1);
    expect(share(writtenOff)).toBeGreaterThan(0.015);
    expect(share(writtenOff)).toBeLessThan(0.035);
    expect(share(defaulted)).toBeGreaterThan(0.015);
    expect(share(defaulted)).toBeLessThan(0.025);
    // Statements: about 93% current (N), 5.5% nothing due (*), under 1.5% past due.
    const of = (codes: string[]) => codes.reduce((n, c) => n + (status.get(c) ?? 0), 0) / statements;
    expect(of(['N'])).toBeCloseTo(0.93, 1);
    expect(of(['*'])).toBeGreaterThan(0.04);
    expect(of(['1', '2', '3', '4', '5', '6', '7'])).toBeLessThan(0.015);
    expect(of(['B'])).toBeGreaterThan(0);
    expect(of(['C'])).toBeGreaterThan(0);
  });

  it('default more often the higher their latent risk: the truth a score is measured against', () => {
    const persons = [...persons20k()].sort((a, b) => a.truth.latentRisk - b.truth.latentRisk);
    const rate = (part: SyntheticBorrower[]) => part.filter((b) => b.truth.defaultedInHorizon).length / part.length;
    const fifth = persons.length / 5;
    const rates = [0, 1, 2, 3, 4].map((q) => rate(persons.slice(q * fifth, (q + 1) * fifth)));
    for (let q = 1; q < 5; q++) expect(rates[q]).toBeGreaterThan(rates[q - 1]!);
    expect(rates[4]).toBeGreaterThan(5 * rates[0]!);
  });

  it("have a borrower of each story worth a look, among the demo seed's", () => {
    const stories = borrowerStories(generate(300, 15).borrowers(), TODAY);
    expect([...stories.keys()].sort()).toEqual(['always-current', 'enterprise', 'expired-adverse', 'guarantor', 'late-and-cured', 'written-off']);
    expect(new Set([...stories.values()]).size).toBe(6);
    // The expired episode's adverse months all lie more than five years (and a month) back.
    const expired = allStatements(stories.get('expired-adverse')!).filter(isAdverseStatement);
    expect(expired.length).toBeGreaterThan(0);
    for (const s of expired) expect(s.month < '2021-10').toBe(true);
  });

  it('tell, in their samples, adverse information past its five years and adverse information still shown (art. 16)', () => {
    const stories = borrowerStories(generate(300, 15).borrowers(), TODAY);
    const episodes = (b: SyntheticBorrower) =>
      b.accounts.flatMap((a) =>
        adverseEpisodes(
          a.series.statements.map((s): ConductMonth => ({ month: s.month, status: s.status, daysPastDue: s.daysPastDue, closedOn: s.closedOn ?? null })),
        ),
      );
    const expired = episodes(stories.get('expired-adverse')!);
    expect(expired.length).toBeGreaterThan(0);
    // Every episode ended, and its five years ran out before today: the report shows none of it.
    for (const e of expired) {
      expect(e.endedOn).not.toBeNull();
      expect(isEpisodeShown(e, TODAY)).toBe(false);
    }
    // Shown through the day before the fifth anniversary of its end, gone on the anniversary (before today).
    const last = expired.reduce((a, b) => (a.endedOn! > b.endedOn! ? a : b));
    const gone = retentionEnd(last.endedOn!);
    expect(gone <= TODAY).toBe(true);
    expect(isEpisodeShown(last, addDays(gone, -1))).toBe(true);
    expect(isEpisodeShown(last, gone)).toBe(false);
    // A late payment cured in the last two years is shown; a written-off debt never ends.
    expect(episodes(stories.get('late-and-cured')!).some((e) => isEpisodeShown(e, TODAY))).toBe(true);
    expect(episodes(stories.get('written-off')!).some((e) => e.endedOn === null && isEpisodeShown(e, TODAY))).toBe(true);
  });
});
