// The personal credit score of a person as of a date: the attributes read from what the credit
// report shows, the points and band, the four reasons that lost most with what would change them,
// and, over random histories, that worsening any one input never raises the score and that the
// points lost and the score add up to the maximum.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadPolicyPack } from '../../src/kernel/policy-pack.ts';
import { PACK } from '../support/pack-edits.ts';
import { personalScore, scoreFromValues, REASON_COUNT, type PersonalScore, type PersonScoreInput } from '../../src/domain/credit-reporting/personal-score.ts';
import { SCORE_ATTRIBUTES, SCORE_ATTRIBUTE_DEFS, STATUS_SCALE, scoreValues, type ScoreValues } from '../../src/domain/credit-reporting/score-attributes.ts';
import { gridMonths, type AccountInput, type InquiryInput, type StatementInput } from '../../src/domain/credit-reporting/report.ts';
import { INQUIRY_PURPOSES } from '../../src/domain/credit-reporting/inquiry.ts';
import type { RepaymentStatus } from '../../src/domain/credit-reporting/standard.ts';

const policy = loadPolicyPack(PACK);
const card = policy.personalScorecardOn('2026-11-15')!;
const AS_OF = '2026-11-15';
const lender = { code: 'B1', name: 'Bank' };

function statement(month: string, status: RepaymentStatus = 'N', extra: Partial<StatementInput> = {}): StatementInput {
  return { month, balanceFen: 0, amountDueFen: 0, amountPaidFen: 0, daysPastDue: 0, status, closedOn: null, writtenOffFen: null, ...extra };
}

function account(a: Partial<AccountInput> & Pick<AccountInput, 'account' | 'type' | 'openedOn' | 'statements'>): AccountInput {
  return {
    furnisher: lender,
    borrowerMasked: '110105********1234',
    currency: 'CNY',
    limitFen: null,
    principalFen: null,
    termMonths: null,
    guarantorsMasked: [],
    ...a,
  };
}

const inquiry = (date: string, purpose: string): InquiryInput => ({ date, institution: lender, purpose });
const scored = (input: PersonScoreInput): PersonalScore => {
  const s = personalScore(card, input);
  if (!s.scored) throw new Error(`not scored: ${s.reason}`);
  return s;
};

describe('a person scored as of a date', () => {
  const cardAccount = account({
    account: 'CRD-1',
    type: 'credit-card',
    openedOn: '2022-11-20',
    limitFen: 1_000_000,
    statements: gridMonths(AS_OF, 24).map((m) =>
      m === '2026-02' ? statement(m, '1', { daysPastDue: 10, balanceFen: 500_000 }) : statement(m, 'N', { balanceFen: 500_000 }),
    ),
  });
  const loan = account({
    account: 'CSL-1',
    type: 'non-revolving-loan',
    openedOn: '2023-03-10',
    principalFen: 5_000_000,
    statements: gridMonths(AS_OF, 23).map((m) => statement(m)),
  });
  const inquiries = [
    inquiry('2026-05-01', 'loan-approval'),
    inquiry('2026-06-01', 'own-query'),
    inquiry('2026-07-01', 'post-loan-management'),
    inquiry('2026-08-01', 'guarantee-qualification'),
    inquiry('2025-11-15', 'credit-card-approval'),
  ];
  const s = scored({ subjectKind: 'person', asOf: AS_OF, accounts: [cardAccount, loan], inquiries });

  it('reads each attribute and gives the points of its bin', () => {
    const by = Object.fromEntries(s.attributes.map((a) => [a.attribute, [a.value, a.points, a.lost]]));
    expect(by).toEqual({
      'worst-status-24m': ['1', 90, 40],
      'months-late-24m': [1, 55, 25],
      'derogatory-accounts': [0, 90, 0],
      'revolving-utilisation': [0.5, 80, 50],
      // Own queries, post-loan management and guarantee reviews are no hard inquiries; twelve months back to the day is outside.
      'hard-inquiries-12m': [1, 50, 10],
      'history-length': [47, 50, 30],
      'credit-mix': [2, 20, 10],
    });
    expect(s.score).toBe(735);
    expect(s.band).toEqual({ band: 'B', label: { zh: '良好', en: 'Good' } });
    expect(s.model).toBe('personal-credit-score@2026.1');
  });

  it('gives the four reasons that lost most, with what would change them, adding up to the maximum', () => {
    expect(s.reasons.map((r) => [r.code, r.lost])).toEqual([
      ['revolving-utilisation', 50],
      ['worst-status-24m', 40],
      ['history-length', 30],
      ['months-late-24m', 25],
    ]);
    expect(s.otherLost).toBe(20);
    expect(s.score + s.reasons.reduce((t, r) => t + r.lost, 0) + s.otherLost).toBe(900);
    expect(s.reasons[0]!.text).toEqual({ zh: '循环授信额度使用率为50%', en: 'Revolving credit utilisation is 50%' });
    expect(s.reasons[0]!.change.en).toBe('A revolving utilisation of 10% or less would add up to 50 points');
    expect(s.reasons[0]!.change.zh).toBe('循环授信额度使用率不超过10%最多可增加50分');
    expect(s.reasons[2]!.change.en).toBe('A credit history of 120 months or more would add up to 30 points (it comes with time)');
    for (const r of s.reasons) expect(r.text.zh && r.text.en && r.change.zh && r.change.en).toBeTruthy();
  });

  it('gives enterprises no score, and a person without accounts none', () => {
    expect(personalScore(card, { subjectKind: 'organisation', asOf: AS_OF, accounts: [cardAccount], inquiries })).toEqual({
      scored: false,
      asOf: AS_OF,
      reason: 'not-a-person',
    });
    expect(personalScore(card, { subjectKind: 'person', asOf: AS_OF, accounts: [], inquiries })).toEqual({ scored: false, asOf: AS_OF, reason: 'no-accounts' });
    expect(personalScore(card, { subjectKind: 'person', asOf: '2022-11-01', accounts: [cardAccount], inquiries: [] })).toMatchObject({ reason: 'no-accounts' });
  });

  it('no longer reads adverse information five years after its conduct ended (art. 16)', () => {
    const paidByGuarantor = account({
      account: 'CSL-0',
      type: 'non-revolving-loan',
      openedOn: '2019-06-01',
      principalFen: 1_000_000,
      statements: [statement('2019-12', 'N'), statement('2020-01', 'D', { daysPastDue: 0 }), statement('2020-02', 'C', { closedOn: '2020-02-10' })],
    });
    const at = (asOf: string) => scoreValues({ asOf, accounts: [paidByGuarantor, loan], inquiries: [] })['derogatory-accounts'];
    expect(at('2025-02-09')).toBe(1);
    expect(at('2025-02-10')).toBe(0);
  });

  it('keeps a card closed in a month no longer shown out of the utilisation: its limit does not come back', () => {
    const open = account({ account: 'CRD-O', type: 'credit-card', openedOn: '2018-01-10', limitFen: 1_000_000, statements: [statement('2024-06', 'N', { balanceFen: 800_000 }), statement('2026-11', 'N', { balanceFen: 800_000 })] });
    // Closed with a debt in arrears in 2019-09: five years on, its adverse months are no longer shown.
    const closed = account({
      account: 'CRD-C',
      type: 'credit-card',
      openedOn: '2018-01-10',
      limitFen: 10_000_000,
      statements: [
        statement('2019-06', 'N', { balanceFen: 100_000 }),
        statement('2019-07', '1', { balanceFen: 100_000, daysPastDue: 10 }),
        statement('2019-08', '2', { balanceFen: 100_000, daysPastDue: 40 }),
        statement('2019-09', 'D', { balanceFen: 100_000, closedOn: '2019-09-20' }),
      ],
    });
    const utilisation = (asOf: string) => scoreValues({ asOf, accounts: [open, closed], inquiries: [] })['revolving-utilisation'];
    // Within the five years, its debt counts and its limit does not (it is closed).
    expect(utilisation('2024-06-15')).toBe(0.9);
    // After them, its last month shown is an open one of 2019; the card stays closed.
    expect(utilisation('2026-11-15')).toBe(0.8);
  });

  it('keeps a written-off card in the utilisation: a debt still owed', () => {
    const writtenOff = account({
      ...cardAccount,
      account: 'CRD-2',
      statements: [statement(AS_OF.slice(0, 7), 'B', { balanceFen: 1_000_000, writtenOffFen: 1_000_000 })],
    });
    expect(scoreValues({ asOf: AS_OF, accounts: [cardAccount, writtenOff], inquiries: [] })['revolving-utilisation']).toBe(0.75);
  });
});

// ---------------------------------------------------------------------------------------------
// Random histories.

const MONTHS = gridMonths(AS_OF, 72);
const STATUSES: RepaymentStatus[] = ['N', 'N', 'N', 'N', 'N', 'N', '*', '#', '1', '2', '3', '5', '7', 'D', 'Z', 'G', 'B'];
const daysFor = (status: RepaymentStatus): number => {
  const i = STATUS_SCALE.indexOf(status as (typeof STATUS_SCALE)[number]);
  return i >= 1 && i <= 7 ? 30 * (i - 1) + 1 : 0;
};

const accountArb = fc
  .record({
    type: fc.constantFrom('credit-card', 'revolving-loan', 'non-revolving-loan', 'guarantee'),
    // Opened by the month before the score's, so every account is read.
    opened: fc.integer({ min: 0, max: 70 }),
    day: fc.integer({ min: 1, max: 28 }),
    limitFen: fc.integer({ min: 100_000, max: 10_000_000 }),
    statuses: fc.array(fc.constantFrom(...STATUSES), { minLength: 72, maxLength: 72 }),
    balances: fc.array(fc.integer({ min: 0, max: 12_000_000 }), { minLength: 72, maxLength: 72 }),
    settles: fc.boolean(),
    // Closed in its last month, its balance not paid off (zero or not): a settled line leaves the
    // utilisation, a closed one owing does not.
    closes: fc.boolean(),
  })
  .map((r): AccountInput =>
    account({
      account: `A-${r.type}-${r.opened}-${r.day}`,
      type: r.type as AccountInput['type'],
      openedOn: `${MONTHS[r.opened]}-${String(r.day).padStart(2, '0')}`,
      limitFen: r.type === 'credit-card' || r.type === 'revolving-loan' ? r.limitFen : null,
      principalFen: r.type === 'non-revolving-loan' ? r.limitFen : null,
      statements: MONTHS.slice(r.opened).map((m, i, all) => {
        const last = i === all.length - 1;
        if (last && r.settles) return statement(m, 'C', { closedOn: `${m}-28` });
        if (last && r.closes) return statement(m, 'N', { closedOn: `${m}-28`, balanceFen: r.balances[i]! % 2 === 0 ? 0 : r.balances[i]! });
        const status = r.statuses[i]!;
        return statement(m, status, { daysPastDue: daysFor(status), balanceFen: r.balances[i]! });
      }),
    }),
  );

const inquiryArb = fc.record({ day: fc.integer({ min: 0, max: 730 }), purpose: fc.constantFrom(...INQUIRY_PURPOSES) }).map(({ day, purpose }) => {
  const d = new Date(Date.UTC(2026, 10, 15) - day * 86_400_000).toISOString().slice(0, 10);
  return inquiry(d, purpose);
});

const personArb = fc.record({
  accounts: fc.array(accountArb, { minLength: 1, maxLength: 5 }).map((as) => as.map((a, k) => ({ ...a, account: `${a.account}-${k}` }))),
  inquiries: fc.array(inquiryArb, { maxLength: 10 }),
});

type Person = { accounts: AccountInput[]; inquiries: InquiryInput[] };
const scoreOf = (p: Person) => scored({ subjectKind: 'person', asOf: AS_OF, ...p });

/** One change that makes a history worse, applied to a copy. */
const worseningArb = fc.record({
  kind: fc.constantFrom('status', 'days', 'balance', 'inquiry', 'write-off'),
  account: fc.nat(),
  // Often the latest month, which decides the utilisation.
  month: fc.oneof(fc.constant(-1), fc.nat()),
  step: fc.integer({ min: 1, max: 11 }),
  amount: fc.integer({ min: 1, max: 5_000_000 }),
  day: fc.integer({ min: 0, max: 364 }),
  purpose: fc.constantFrom('loan-approval', 'credit-card-approval'),
});

type Worsening = typeof worseningArb extends fc.Arbitrary<infer T> ? T : never;

function worsen(p: Person, w: Worsening): Person {
  const accounts = p.accounts.map((a) => ({ ...a, statements: a.statements.map((s) => ({ ...s })) }));
  const a = accounts[w.account % accounts.length]!;
  const s = w.month < 0 ? a.statements.at(-1)! : a.statements[w.month % a.statements.length]!;
  switch (w.kind) {
    case 'status': {
      // A later status on the scale (N, 1-7, D, Z, G, B); a settled month stays settled.
      if (s.status === 'C') break;
      const from = STATUS_SCALE.indexOf(s.status as (typeof STATUS_SCALE)[number]);
      const to = Math.min(STATUS_SCALE.length - 1, from + w.step);
      if (to <= from) break;
      s.status = STATUS_SCALE[to]!;
      s.daysPastDue = Math.max(s.daysPastDue, daysFor(s.status));
      break;
    }
    case 'days':
      s.daysPastDue += w.step;
      break;
    case 'balance':
      a.statements.at(-1)!.balanceFen += w.amount;
      break;
    case 'write-off':
      s.writtenOffFen ??= s.balanceFen;
      break;
    case 'inquiry': {
      const d = new Date(Date.UTC(2026, 10, 15) - w.day * 86_400_000).toISOString().slice(0, 10);
      return { accounts, inquiries: [...p.inquiries, inquiry(d, w.purpose)] };
    }
  }
  return { accounts, inquiries: p.inquiries };
}

describe('over random histories', () => {
  it('worsening any one input never raises the score', () => {
    fc.assert(
      fc.property(personArb, worseningArb, (p, w) => {
        const before = scoreOf(p);
        const after = scoreOf(worsen(p, w));
        expect(after.score, `${w.kind}`).toBeLessThanOrEqual(before.score);
      }),
      { numRuns: 1500, seed: 22 },
    );
  });

  it('the score and the points lost add up to the maximum, with four reasons whenever four attributes lose points', () => {
    fc.assert(
      fc.property(personArb, (p) => {
        const s = scoreOf(p);
        const losing = s.attributes.filter((a) => a.lost > 0);
        expect(s.reasons).toHaveLength(Math.min(REASON_COUNT, losing.length));
        expect(s.score + s.attributes.reduce((t, a) => t + a.lost, 0)).toBe(s.range.max);
        expect(s.score + s.reasons.reduce((t, r) => t + r.lost, 0) + s.otherLost).toBe(s.range.max);
        if (losing.length <= REASON_COUNT) expect(s.otherLost).toBe(0);
        // Largest loss first; no attribute left out loses more than the last reason.
        for (let i = 1; i < s.reasons.length; i++) expect(s.reasons[i]!.lost).toBeLessThanOrEqual(s.reasons[i - 1]!.lost);
        const out = losing.filter((a) => !s.reasons.some((r) => r.code === a.attribute));
        for (const a of out) expect(a.lost).toBeLessThanOrEqual(s.reasons.at(-1)!.lost);
        expect(s.score).toBeGreaterThanOrEqual(s.range.min);
        expect(s.score).toBeLessThanOrEqual(s.range.max);
      }),
      { numRuns: 300, seed: 2222 },
    );
  });
});

describe('over random attribute values', () => {
  const valuesArb: fc.Arbitrary<ScoreValues> = fc.record({
    'worst-status-24m': fc.integer({ min: 0, max: STATUS_SCALE.length - 1 }),
    'months-late-24m': fc.integer({ min: 0, max: 24 }),
    'derogatory-accounts': fc.integer({ min: 0, max: 6 }),
    'revolving-utilisation': fc.option(fc.double({ min: 0, max: 2, noNaN: true }), { nil: null }),
    'hard-inquiries-12m': fc.integer({ min: 0, max: 20 }),
    'history-length': fc.integer({ min: 0, max: 400 }),
    'credit-mix': fc.integer({ min: 0, max: 3 }),
  });

  it('a worse value of any attribute with a direction never raises the score', () => {
    fc.assert(
      fc.property(valuesArb, fc.constantFrom(...SCORE_ATTRIBUTES), fc.double({ min: 0, max: 50, noNaN: true }), (v, attribute, by) => {
        const dir = SCORE_ATTRIBUTE_DEFS[attribute].direction;
        const x = v[attribute];
        if (dir === 'free' || x === null) return;
        const step = SCORE_ATTRIBUTE_DEFS[attribute].integer ? Math.ceil(by) : by;
        const worse = { ...v, [attribute]: dir === 'worse-when-higher' ? x + step : Math.max(0, x - step) };
        if (attribute === 'worst-status-24m') worse[attribute] = Math.min(STATUS_SCALE.length - 1, worse[attribute]!);
        expect(scoreFromValues(card, AS_OF, worse).score).toBeLessThanOrEqual(scoreFromValues(card, AS_OF, v).score);
      }),
      { numRuns: 2000, seed: 7 },
    );
  });

  it('returns four reasons whenever four attributes lose points, ties in the order of the enumeration', () => {
    fc.assert(
      fc.property(valuesArb, (v) => {
        const s = scoreFromValues(card, AS_OF, v);
        const losing = s.attributes.filter((a) => a.lost > 0).length;
        expect(s.reasons.length).toBe(Math.min(4, losing));
        for (let i = 1; i < s.reasons.length; i++) {
          const [a, b] = [s.reasons[i - 1]!, s.reasons[i]!];
          if (a.lost === b.lost) expect(SCORE_ATTRIBUTES.indexOf(a.code)).toBeLessThan(SCORE_ATTRIBUTES.indexOf(b.code));
        }
        expect(s.score + s.reasons.reduce((t, r) => t + r.lost, 0) + s.otherLost).toBe(900);
      }),
      { numRuns: 2000, seed: 8 },
    );
  });
});
