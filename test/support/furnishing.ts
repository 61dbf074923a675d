// Lines of furnishing batches for the tests, and the root a batch's lines must have, computed
// here independently of the service (the reference Merkle Tree Hash over the expected canonical
// JSON, identity numbers replaced by their keyed hash under the test secret).
import { canonicalJson } from '../../src/kernel/canonical-json.ts';
import { leafHashOfText, rootOf } from '../../src/ledger/tlog/merkle.ts';
import { hashResidentId } from '../../src/domain/ids/resident-id.ts';
import { personKey } from '../../src/domain/records.ts';
import { TEST_SECRET, asActor } from './platform.ts';
import { AppError } from '../../src/kernel/problems.ts';
import type { Platform } from '../../src/app/platform.ts';
import type { AgencyPrincipal } from '../../src/kernel/principal.ts';

export const BORROWER = '11010519491231002X';
export const BORROWER_2 = '440524188001010014';
export const COMPANY = '91330100716105852F';

const isPerson = (id: string) => /^\d{17}[\dX]$/.test(id) && !id.startsWith('9');

/** The reference of the written consent to furnishing a person gave the lender (art. 29) in these tests. */
export const consentRef = (person: string) => `FC-${person}`;

/** A person's written consent to furnishing their credit information (art. 29), by default of no expiry. */
export const consent = (person: string, more: Record<string, unknown> = {}) => ({
  kind: 'consent',
  reference: consentRef(person),
  borrower: person,
  scope: ['furnishing'],
  signedOn: '2024-01-10',
  ...more,
});

/** An account line's consent: a person's account cites their consent to furnishing. */
const consentOf = (borrower: string): Record<string, unknown> => (isPerson(borrower) ? { consent: consentRef(borrower) } : {});

export const loan = (account: string, borrower = BORROWER, more: Record<string, unknown> = {}) => ({
  kind: 'account',
  account,
  type: 'non-revolving-loan',
  borrower,
  currency: 'CNY',
  openedOn: '2025-03-10',
  principal: 200000,
  termMonths: 36,
  ...consentOf(borrower),
  ...more,
});

export const card = (account: string, borrower = BORROWER) => ({
  kind: 'account',
  account,
  type: 'credit-card',
  borrower,
  currency: 'CNY',
  openedOn: '2024-06-01',
  limit: 50000,
  ...consentOf(borrower),
});

export const statement = (account: string, month: string, more: Record<string, unknown> = {}) => ({
  kind: 'statement',
  account,
  month,
  balance: 150000.5,
  amountDue: 6200,
  amountPaid: 6200,
  daysPastDue: 0,
  status: 'N',
  ...more,
});

/** The subject key of an identity number or code, as stored. */
export function keyOf(id: string): string {
  return isPerson(id) ? personKey(hashResidentId(id, TEST_SECRET)) : id;
}

/** The canonical form a line's leaf hashes: identities by key, everything else as sent. */
export function expectedCanonical(line: Record<string, unknown>): string {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(line)) {
    if (k === 'borrower') out[k] = keyOf(v as string);
    else if (k === 'guarantors') out[k] = (v as string[]).map(keyOf);
    else if (k === 'scope') out[k] = [...(v as string[])].sort();
    else out[k] = v;
  }
  return canonicalJson(out);
}

/** The root (base64) the batch of these lines must commit to. */
export function expectedRoot(lines: ReadonlyArray<Record<string, unknown>>): string {
  return rootOf(lines.map((l) => leafHashOfText(expectedCanonical(l)))).toString('base64');
}

export const ndjson = (values: readonly unknown[]) => `${values.map((v) => JSON.stringify(v)).join('\n')}\n`;

/** The problem a batch is refused with; fails when the batch is accepted. */
export async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('the batch was accepted, but it should have been refused');
}

/** Furnishes a batch of these values, numbered as lines from 1, as the lender. */
export const furnishAs = (platform: Platform, lender: AgencyPrincipal, month: string, values: readonly unknown[]) =>
  asActor({ type: 'agency', id: lender.code }, () =>
    platform.furnishing.furnish(
      lender,
      month,
      values.map((value, i) => ({ line: i + 1, value })),
    ),
  );
