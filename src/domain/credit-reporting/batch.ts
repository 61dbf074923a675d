// The rules across the lines of a furnishing batch and against what the furnisher furnished
// before: one line per account and kind (per consent reference), statements and notices of known
// accounts, the notice before a person's adverse information is first furnished (art. 15), and
// consent-gated amounts only under a recorded written consent that covers them (art. 14).
import type { IsoDate } from '../dates.ts';
import type { FieldError } from '../records.ts';
import type { LineStandard, FurnishedLine, BorrowerRef } from './lines.ts';
import { lineKey } from './lines.ts';
import { ADVERSE_STATUSES, isConsentGated } from './standard.ts';

export interface NumberedLine {
  line: number;
  value: FurnishedLine;
}

export interface LineError extends FieldError {
  line: number;
}

/** What the furnisher furnished before, for the accounts and consents a batch refers to. */
export interface FurnishedBefore {
  /** Accounts by identifier: the kind of their borrower. */
  accounts: ReadonlyMap<string, { borrowerKind: BorrowerRef['kind'] }>;
  /** Accounts whose borrower was told before adverse information (a notice line was furnished). */
  noticed: ReadonlySet<string>;
  consents: ReadonlyMap<string, RecordedConsent>;
}

export interface RecordedConsent {
  borrowerKey: string;
  scope: readonly string[];
  signedOn: string;
  expiresOn: string | null;
}

/** The accounts and consent references a batch names without furnishing them itself. */
export function referencesOf(lines: readonly NumberedLine[]): { accounts: string[]; consents: string[] } {
  const own = new Set<string>();
  const ownConsents = new Set<string>();
  for (const { value: l } of lines) {
    if (l.kind === 'account') own.add(l.values.account as string);
    if (l.kind === 'consent') ownConsents.add(l.values.reference as string);
  }
  const accounts = new Set<string>();
  const consents = new Set<string>();
  for (const { value: l } of lines) {
    if ((l.kind === 'statement' || l.kind === 'notice') && !own.has(l.values.account as string)) accounts.add(l.values.account as string);
    if (l.kind === 'account' && typeof l.values.consent === 'string' && !ownConsents.has(l.values.consent)) consents.add(l.values.consent);
  }
  return { accounts: [...accounts], consents: [...consents] };
}

export function checkBatch(std: LineStandard, lines: readonly NumberedLine[], before: FurnishedBefore, today: IsoDate): LineError[] {
  const errors: LineError[] = [];
  const firstLine = new Map<string, number>();
  const accounts = new Map<string, BorrowerRef['kind']>();
  const noticed = new Set(before.noticed);
  const consents = new Map(before.consents);
  for (const { line, value: l } of lines) {
    const key = lineKey(l);
    const first = firstLine.get(key);
    if (first !== undefined) {
      errors.push({ line, field: l.kind === 'consent' ? 'reference' : 'account', message: `line ${first} already furnishes this ${l.kind}; a batch holds one of each` });
      continue;
    }
    firstLine.set(key, line);
    if (l.kind === 'account') accounts.set(l.values.account as string, (l.values.borrower as BorrowerRef).kind);
    if (l.kind === 'notice') noticed.add(l.values.account as string);
    if (l.kind === 'consent') {
      consents.set(l.values.reference as string, {
        borrowerKey: (l.values.borrower as BorrowerRef).key,
        scope: l.values.scope as string[],
        signedOn: l.values.signedOn as string,
        expiresOn: (l.values.expiresOn as string | undefined) ?? null,
      });
    }
  }
  const borrowerKind = (account: string) => accounts.get(account) ?? before.accounts.get(account)?.borrowerKind;
  for (const { line, value: l } of lines) {
    const v = l.values;
    switch (l.kind) {
      case 'statement':
      case 'notice': {
        const kind = borrowerKind(v.account as string);
        if (kind === undefined) {
          errors.push({ line, field: 'account', message: `account ${String(v.account)} has not been furnished; furnish its account line first (or in this batch)` });
          break;
        }
        const adverse = l.kind === 'statement' && (ADVERSE_STATUSES.has(v.status as string) || (v.daysPastDue as number) > 0);
        if (adverse && kind === 'person' && !noticed.has(v.account as string))
          errors.push({
            line,
            field: 'status',
            message: `adverse information about a person: furnish the notice that the person was told (a notice line for account ${String(v.account)}) first or in this batch (art. 15)`,
          });
        break;
      }
      case 'account': {
        if (typeof v.consent !== 'string') break;
        const gated = std
          .line('account')!
          .def.fields.filter((f) => isConsentGated(f.category) && v[f.name] !== undefined)
          .map((f) => f.category as string);
        const c = consents.get(v.consent);
        const borrower = v.borrower as BorrowerRef;
        if (!c) errors.push({ line, field: 'consent', message: `there is no recorded written consent ${v.consent}; furnish its consent line first (or in this batch)` });
        else if (c.borrowerKey !== borrower.key) errors.push({ line, field: 'consent', message: `consent ${v.consent} was given by another person than the borrower` });
        else if (c.signedOn > today) errors.push({ line, field: 'consent', message: `consent ${v.consent} is signed after today` });
        else if (c.expiresOn !== null && c.expiresOn < today) errors.push({ line, field: 'consent', message: `consent ${v.consent} expired on ${c.expiresOn}` });
        else {
          const uncovered = gated.filter((g) => !c.scope.includes(g));
          if (uncovered.length > 0) errors.push({ line, field: 'consent', message: `consent ${v.consent} does not cover ${[...new Set(uncovered)].join(', ')}` });
        }
        break;
      }
      case 'consent':
        break;
    }
  }
  return errors.sort((a, b) => a.line - b.line);
}
