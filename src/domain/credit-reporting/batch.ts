// The rules across the lines of a furnishing batch and against what the furnisher furnished
// before: one line per account and kind (per consent reference), statements and notices of known
// accounts, the notice before a person's adverse information is first furnished (art. 15), a
// person's account and a person guarantor only under their recorded written consent to furnishing
// (art. 29), and consent-gated amounts only under a recorded written consent that covers them (art. 14).
import type { IsoDate } from '../dates.ts';
import { assertNever } from '../assert-never.ts';
import type { FieldError } from '../records.ts';
import type { LineStandard, FurnishedLine, BorrowerRef } from './lines.ts';
import { lineKey } from './lines.ts';
import { ADVERSE_STATUSES, FURNISHING_SCOPE, isConsentGated } from './standard.ts';

export interface NumberedLine {
  line: number;
  value: FurnishedLine;
}

export interface LineError extends FieldError {
  line: number;
}

/** What the furnisher furnished before, for the accounts and consents a batch refers to (referencesOf). */
export interface FurnishedBefore {
  /** Accounts the batch refers to that the furnisher never furnished. */
  unknownAccounts: ReadonlySet<string>;
  /** The borrower's kind of the accounts of the batch's adverse statements. */
  borrowerKinds: ReadonlyMap<string, BorrowerRef['kind']>;
  /** Accounts whose borrower was told before adverse information (a notice line was furnished). */
  noticed: ReadonlySet<string>;
  /**
   * Recorded consents by reference (current version): those the batch's account lines cite, and
   * every consent given by a person the batch names as guarantor.
   */
  consents: ReadonlyMap<string, RecordedConsent>;
}

export interface RecordedConsent {
  borrowerKey: string;
  scope: readonly string[];
  signedOn: string;
  expiresOn: string | null;
}

export interface BatchReferences {
  accounts: string[];
  consents: string[];
  notices: string[];
  /** Subject keys of the persons named as guarantors, whose recorded consents are looked up. */
  guarantors: string[];
}

/**
 * What a batch names without furnishing it itself: accounts (of its statements and notices),
 * consent references, the accounts of adverse statements with no notice in the batch (whose
 * earlier notice, if any, is looked up), and the persons named as guarantors.
 */
export function referencesOf(lines: readonly NumberedLine[]): BatchReferences {
  const own = new Set<string>();
  const ownConsents = new Set<string>();
  const ownNotices = new Set<string>();
  for (const { value: l } of lines) {
    if (l.kind === 'account') own.add(l.values.account as string);
    else if (l.kind === 'consent') ownConsents.add(l.values.reference as string);
    else if (l.kind === 'notice') ownNotices.add(l.values.account as string);
  }
  const accounts = new Set<string>();
  const consents = new Set<string>();
  const notices = new Set<string>();
  const guarantors = new Set<string>();
  for (const { value: l } of lines) {
    const v = l.values;
    if ((l.kind === 'statement' || l.kind === 'notice') && !own.has(v.account as string)) accounts.add(v.account as string);
    if (l.kind === 'statement' && isAdverse(l) && !ownNotices.has(v.account as string)) notices.add(v.account as string);
    if (l.kind === 'account' && typeof v.consent === 'string' && !ownConsents.has(v.consent)) consents.add(v.consent);
    if (l.kind === 'account' && Array.isArray(v.guarantors)) for (const g of v.guarantors as BorrowerRef[]) if (g.kind === 'person') guarantors.add(g.key);
  }
  return { accounts: [...accounts], consents: [...consents], notices: [...notices], guarantors: [...guarantors] };
}

/** A statement that is adverse information: an adverse status, or any day past due. */
export function isAdverse(l: FurnishedLine): boolean {
  return l.kind === 'statement' && (ADVERSE_STATUSES.has(l.values.status as string) || (l.values.daysPastDue as number) > 0);
}

/** Whether a consent is in force on a day: signed on or before it and not expired. */
function inForce(c: RecordedConsent, today: IsoDate): boolean {
  return c.signedOn <= today && (c.expiresOn === null || c.expiresOn >= today);
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
  // The persons who consent in force to furnishing, from the recorded consents and the batch's own.
  const consentingToFurnishing = new Set<string>();
  for (const c of consents.values()) if (c.scope.includes(FURNISHING_SCOPE) && inForce(c, today)) consentingToFurnishing.add(c.borrowerKey);
  for (const { line, value: l } of lines) {
    const v = l.values;
    switch (l.kind) {
      case 'statement':
      case 'notice': {
        const account = v.account as string;
        if (!accounts.has(account) && before.unknownAccounts.has(account)) {
          errors.push({ line, field: 'account', message: `account ${account} has not been furnished; furnish its account line first (or in this batch)` });
          break;
        }
        const kind = accounts.get(account) ?? before.borrowerKinds.get(account);
        if (isAdverse(l) && kind === 'person' && !noticed.has(v.account as string))
          errors.push({
            line,
            field: 'status',
            message: `adverse information about a person: furnish the notice that the person was told (a notice line for account ${String(v.account)}) first or in this batch (art. 15)`,
          });
        break;
      }
      case 'account': {
        for (const g of (v.guarantors as BorrowerRef[] | undefined) ?? []) {
          if (g.kind === 'person' && !consentingToFurnishing.has(g.key))
            errors.push({
              line,
              field: 'guarantors',
              message: `guarantor ${g.masked} has given no recorded written consent in force to furnishing their credit information; furnish their consent line (scope ${FURNISHING_SCOPE}) first or in this batch (art. 29)`,
            });
        }
        if (typeof v.consent !== 'string') break;
        const borrower = v.borrower as BorrowerRef;
        // What the consent must cover: furnishing at all for a person (art. 29), and every consent-gated item the line carries (art. 14).
        const needed = std
          .line('account')!
          .def.fields.filter((f) => isConsentGated(f.category) && v[f.name] !== undefined)
          .map((f) => f.category as string);
        if (borrower.kind === 'person') needed.unshift(FURNISHING_SCOPE);
        const law = borrower.kind === 'person' ? 'art. 29' : 'art. 14';
        const c = consents.get(v.consent);
        if (!c) errors.push({ line, field: 'consent', message: `there is no recorded written consent ${v.consent}; furnish its consent line first (or in this batch) (${law})` });
        else if (c.borrowerKey !== borrower.key) errors.push({ line, field: 'consent', message: `consent ${v.consent} was given by another person than the borrower (${law})` });
        else if (c.signedOn > today) errors.push({ line, field: 'consent', message: `consent ${v.consent} is signed after today (${law})` });
        else if (c.expiresOn !== null && c.expiresOn < today) errors.push({ line, field: 'consent', message: `consent ${v.consent} expired on ${c.expiresOn} (${law})` });
        else {
          const uncovered = [...new Set(needed.filter((g) => !c.scope.includes(g)))];
          if (uncovered.length > 0)
            errors.push({
              line,
              field: 'consent',
              message: `consent ${v.consent} does not cover ${uncovered.join(', ')} (${uncovered.includes(FURNISHING_SCOPE) ? 'art. 29' : 'art. 14'})`,
            });
        }
        break;
      }
      case 'consent':
        break;
      default:
        assertNever(l.kind, 'line kind');
    }
  }
  return errors.sort((a, b) => a.line - b.line);
}
