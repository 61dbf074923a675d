// Synthetic furnishing data, seeded and deterministic: a lender's accounts (their opening lines,
// with the notices its late borrowers were given) and one month's statements for them, most
// current, some late, a few written off. For the furnish benchmark and, later, the demo's lenders.
import { residentIdCheckCharacter } from '../domain/ids/resident-id.ts';
import { runningStatus } from '../domain/credit-reporting/standard.ts';
import { hash32 } from './random.ts';

const DIVISIONS = ['110105', '310115', '330106', '440304', '510107', '420106', '320106', '370102'];
const ORGANISATIONS = ['914403001922038216', '91330100716105852F', '91440300708461136T', '91520000214434146R'];
const TYPES = ['credit-card', 'credit-card', 'credit-card', 'non-revolving-loan', 'non-revolving-loan', 'non-revolving-loan', 'revolving-loan', 'guarantee'] as const;

export type SyntheticLine = Record<string, unknown>;

/** How account i behaves in the month: current, late by some days, or written off. */
export function conductOf(seed: number, i: number): { kind: 'current' } | { kind: 'late'; days: number } | { kind: 'written-off' } {
  const h = hash32(seed, 2, i) % 1000;
  if (h < 920) return { kind: 'current' };
  if (h < 985) return { kind: 'late', days: 1 + (hash32(seed, 3, i) % 200) };
  return { kind: 'written-off' };
}

export function accountId(i: number): string {
  return `ACC-${String(i).padStart(9, '0')}`;
}

function residentId(seed: number, i: number): string {
  const h = hash32(seed, 4, i);
  const division = DIVISIONS[h % DIVISIONS.length]!;
  const day = new Date(Date.UTC(1960, 0, 1) + (hash32(seed, 5, i) % 14_600) * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
  const body = `${division}${day}${String(hash32(seed, 6, i) % 1000).padStart(3, '0')}`;
  return body + residentIdCheckCharacter(body);
}

/** The reference of the written consent the borrower of account i gave, when a person. */
export function consentId(i: number): string {
  return `CNS-${String(i).padStart(9, '0')}`;
}

/**
 * The opening line of account i; before it, when its borrower is a person, their written consent
 * to furnishing (art. 29); after it, the notice line when that person will be late.
 */
export function accountLines(seed: number, i: number): SyntheticLine[] {
  const type = TYPES[hash32(seed, 1, i) % TYPES.length]!;
  const h = hash32(seed, 7, i);
  const person = h % 100 >= 3;
  const borrower = person ? residentId(seed, i) : ORGANISATIONS[h % ORGANISATIONS.length]!;
  const amount = 1000 * (5 + (hash32(seed, 8, i) % 500));
  const line: SyntheticLine = { kind: 'account', account: accountId(i), type, borrower, currency: 'CNY', openedOn: '2024-01-15' };
  if (person) line.consent = consentId(i);
  if (type === 'credit-card' || type === 'revolving-loan') line.limit = amount;
  else line.principal = amount;
  if (type === 'non-revolving-loan') line.termMonths = 12 * (1 + (h % 5));
  const out: SyntheticLine[] = person ? [{ kind: 'consent', reference: consentId(i), borrower, scope: ['furnishing'], signedOn: '2024-01-10' }, line] : [line];
  if (person && conductOf(seed, i).kind !== 'current') out.push({ kind: 'notice', account: accountId(i), notifiedOn: '2024-01-15', method: 'contract-clause' });
  return out;
}

/** The statement of account i for a month. */
export function statementLine(seed: number, i: number, month: string): SyntheticLine {
  const conduct = conductOf(seed, i);
  const balance = 100 * (hash32(seed, 9, i) % 500_000);
  const due = Math.round(balance / 24);
  const base = { kind: 'statement', account: accountId(i), month, balance: balance / 100, amountDue: due / 100 };
  switch (conduct.kind) {
    case 'current':
      return { ...base, amountPaid: due / 100, daysPastDue: 0, status: 'N' };
    case 'late':
      return { ...base, amountPaid: 0, daysPastDue: conduct.days, status: runningStatus(conduct.days) };
    case 'written-off':
      return { ...base, amountPaid: 0, daysPastDue: 240, status: 'B', writtenOff: balance / 100 };
  }
}
