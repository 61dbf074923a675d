// The rules across the lines of a furnishing batch and against what the furnisher furnished
// before: one line per account and kind (per consent reference), statements and notices of known
// accounts, the notice before a person's adverse information is first furnished (art. 15), a
// person's account and a person guarantor only under their recorded written consent to furnishing
// (art. 29), and consent-gated amounts only under a recorded written consent that covers them (art. 14).
import type { IsoDate } from '../dates.ts';
import type { FieldError } from '../records.ts';
import type { LineStandard, FurnishedLine, BorrowerRef } from './lines.ts';
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
  /**
   * The borrower's kind of the accounts of the batch's adverse statements (at least of those whose
   * borrower is a person not in `noticed`, the only ones the rule refuses).
   */
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
  const check = new BatchCheck();
  for (const { line, value } of lines) check.add(line, value);
  return check.references();
}

/** A statement that is adverse information: an adverse status, or any day past due. */
export function isAdverse(l: FurnishedLine): boolean {
  return l.kind === 'statement' && (ADVERSE_STATUSES.has(l.values.status as string) || (l.values.daysPastDue as number) > 0);
}

/** Whether a consent is in force on a day: signed on or before it and not expired. */
function inForce(c: RecordedConsent, today: IsoDate): boolean {
  return c.signedOn <= today && (c.expiresOn === null || c.expiresOn >= today);
}

/** A statement or notice as the rules across lines read it: its account, and whether it is adverse. */
const STATEMENT = 0;
const NOTICE = 1;

/**
 * The rules across the lines of a batch, fed one line at a time: a repeated line is known as soon
 * as it is added (so nothing of a batch that repeats a line need be stored first), and the rules
 * that need the whole batch and what was furnished before are checked at the end. Statements and
 * notices are kept as their account and whether they are adverse, not as lines: a month-end batch
 * holds millions of them.
 */
export class BatchCheck {
  /**
   * With `storeRefusesRepeatedStatements`, a statement is not looked up among the batch's earlier
   * statements as it is added: storing a batch that repeats one fails on the statements' primary
   * key (one statement of the batch's month per account and batch), and a caller whose batch is
   * refused for anything else calls findRepeatedStatements before `errors`, so that the refusal
   * still names every repeated line.
   */
  constructor(private storeRefusesRepeatedStatements = false) {}

  /** The keys seen so far: statements' and notices' accounts, accounts, consent references. */
  private readonly seen: Array<Set<string>> = [new Set(), new Set(), new Set(), new Set()];
  /**
   * Each key's first line, by slot: made in one pass over the lines at a slot's first repeat
   * and kept from then on, so that a batch that repeats many lines is read in linear time.
   */
  private readonly firstLines: Array<Map<string, number> | undefined> = [];
  private readonly duplicates: LineError[] = [];
  /** Statements and notices, in the order added: line number, account, kind and adverse flag. */
  private readonly named = { line: [] as number[], account: [] as string[], flags: [] as number[] };
  /** Account and consent lines, in the order added, with whether they repeat an earlier line. */
  private readonly others: Array<{ line: number; value: FurnishedLine; repeated: boolean }> = [];
  /** Every account, consent reference and notice the batch furnishes itself (repeated lines included). */
  private readonly own = new Set<string>();
  private readonly ownConsents = new Set<string>();
  private readonly ownNotices = new Set<string>();

  /** Adds a line; answers the error when it repeats an earlier line of the batch. */
  add(line: number, l: FurnishedLine): LineError | undefined {
    if (l.kind === 'statement') return this.addStatement(line, l.values.account as string, isAdverse(l));
    if (l.kind === 'notice') return this.addNamed(line, NOTICE, l.values.account as string, false);
    const key = l.kind === 'consent' ? (l.values.reference as string) : (l.values.account as string);
    if (l.kind === 'consent') this.ownConsents.add(key);
    else this.own.add(key);
    const error = this.firstOf(l.kind === 'consent' ? 3 : 2, key, line, l.kind);
    this.others.push({ line, value: l, repeated: error !== undefined });
    return error;
  }

  /** Adds a notice by its account; as add. */
  addNotice(line: number, account: string): LineError | undefined {
    return this.addNamed(line, NOTICE, account, false);
  }

  /** Adds a statement by its account and whether it is adverse (isAdverse); as add. */
  addStatement(line: number, account: string, adverse: boolean): LineError | undefined {
    return this.addNamed(line, STATEMENT, account, adverse);
  }

  private addNamed(line: number, kind: typeof STATEMENT | typeof NOTICE, account: string, adverse: boolean): LineError | undefined {
    if (kind === NOTICE) this.ownNotices.add(account);
    const error =
      kind === STATEMENT && this.storeRefusesRepeatedStatements ? undefined : this.firstOf(kind, account, line, kind === NOTICE ? 'notice' : 'statement');
    this.named.line.push(line);
    this.named.account.push(account);
    this.named.flags.push(kind | (adverse ? 2 : 0) | (error ? 4 : 0));
    return error;
  }

  /**
   * Looks up the statements added so far among each other, as add does when the store does not
   * refuse repeated statements, and does so for every statement added from then on.
   */
  findRepeatedStatements(): void {
    if (!this.storeRefusesRepeatedStatements) return;
    this.storeRefusesRepeatedStatements = false;
    const { line, account, flags } = this.named;
    for (let i = 0; i < account.length; i++) if ((flags[i]! & 1) === STATEMENT && this.firstOf(STATEMENT, account[i]!, line[i]!, 'statement')) flags[i]! |= 4;
  }

  private firstOf(slot: number, key: string, line: number, kind: string): LineError | undefined {
    // One lookup per line; the first line of a repeated key is looked for only then.
    const seen = this.seen[slot]!;
    const size = seen.size;
    if (seen.add(key).size !== size) {
      this.firstLines[slot]?.set(key, line);
      return undefined;
    }
    const error = {
      line,
      field: kind === 'consent' ? 'reference' : 'account',
      message: `line ${this.firstLineOf(slot, key)} already furnishes this ${kind}; a batch holds one of each`,
    };
    this.duplicates.push(error);
    return error;
  }

  private firstLineOf(slot: number, key: string): number {
    let first = this.firstLines[slot];
    if (!first) {
      first = this.firstLines[slot] = new Map();
      const keep = (k: string, line: number) => {
        if (!first!.has(k)) first!.set(k, line);
      };
      if (slot === STATEMENT || slot === NOTICE) {
        const { line, account, flags } = this.named;
        for (let i = 0; i < account.length; i++) if ((flags[i]! & 1) === slot) keep(account[i]!, line[i]!);
      } else {
        for (const o of this.others) {
          if ((o.value.kind === 'consent') !== (slot === 3)) continue;
          keep((o.value.kind === 'consent' ? o.value.values.reference : o.value.values.account) as string, o.line);
        }
      }
    }
    const line = first.get(key);
    if (line === undefined) throw new Error(`no first line of ${key}`);
    return line;
  }

  /** The accounts the statements and notices name (or the notices alone), repeated lines included. */
  accountsNamed(only?: 'notice'): string[] {
    if (!only) return [...this.named.account];
    const { account, flags } = this.named;
    const out: string[] = [];
    for (let i = 0; i < account.length; i++) if ((flags[i]! & 1) === NOTICE) out.push(account[i]!);
    return out;
  }

  /**
   * Visits the statements and notices in the order added (repeated lines included), from the
   * `from`th on: each one's account, and whether it is an adverse statement.
   */
  forEachNamed(visit: (account: string, adverseStatement: boolean) => void, from = 0): void {
    const { account, flags } = this.named;
    for (let i = from; i < account.length; i++) visit(account[i]!, (flags[i]! & 3) === (STATEMENT | 2));
  }

  get namedCount(): number {
    return this.named.account.length;
  }

  /**
   * What the batch names without furnishing it itself: see referencesOf. Without `accounts`, the
   * accounts named are left out (for a caller that asks which were never furnished itself).
   */
  references(accounts_ = true): BatchReferences {
    const accounts = new Set<string>();
    const consents = new Set<string>();
    const notices = new Set<string>();
    const guarantors = new Set<string>();
    const { account: named, flags } = this.named;
    for (let i = 0; i < named.length; i++) {
      const a = named[i]!;
      if (accounts_ && !this.own.has(a)) accounts.add(a);
      if ((flags[i]! & 3) === (STATEMENT | 2) && !this.ownNotices.has(a)) notices.add(a);
    }
    for (const { value: l } of this.others) {
      if (l.kind !== 'account') continue;
      const v = l.values;
      if (typeof v.consent === 'string' && !this.ownConsents.has(v.consent)) consents.add(v.consent);
      if (Array.isArray(v.guarantors)) for (const g of v.guarantors as BorrowerRef[]) if (g.kind === 'person') guarantors.add(g.key);
    }
    return { accounts: [...accounts], consents: [...consents], notices: [...notices], guarantors: [...guarantors] };
  }

  /** Every error of the rules across lines, by line: repeated lines, and the rules against what was furnished before. */
  errors(std: LineStandard, before: FurnishedBefore, today: IsoDate): LineError[] {
    const errors: LineError[] = [...this.duplicates];
    const accounts = new Map<string, BorrowerRef['kind']>();
    const noticed = new Set(before.noticed);
    const consents = new Map(before.consents);
    for (const { value: l, repeated } of this.others) {
      if (repeated) continue;
      if (l.kind === 'account') accounts.set(l.values.account as string, (l.values.borrower as BorrowerRef).kind);
      if (l.kind === 'consent') {
        consents.set(l.values.reference as string, {
          borrowerKey: (l.values.borrower as BorrowerRef).key,
          scope: l.values.scope as string[],
          signedOn: l.values.signedOn as string,
          expiresOn: (l.values.expiresOn as string | undefined) ?? null,
        });
      }
    }
    const { line: lineOf, account: named, flags } = this.named;
    for (let i = 0; i < named.length; i++) if ((flags[i]! & 5) === NOTICE) noticed.add(named[i]!);
    // The persons who consent in force to furnishing, from the recorded consents and the batch's own.
    const consentingToFurnishing = new Set<string>();
    for (const c of consents.values()) if (c.scope.includes(FURNISHING_SCOPE) && inForce(c, today)) consentingToFurnishing.add(c.borrowerKey);
    // Most batches name no account never furnished: then only adverse statements are looked at.
    const someUnknown = before.unknownAccounts.size > 0;
    for (let i = 0; i < named.length; i++) {
      if (!someUnknown && (flags[i]! & 3) !== (STATEMENT | 2)) continue;
      const account = named[i]!;
      const line = lineOf[i]!;
      if (someUnknown && !accounts.has(account) && before.unknownAccounts.has(account)) {
        errors.push({ line, field: 'account', message: `account ${account} has not been furnished; furnish its account line first (or in this batch)` });
        continue;
      }
      if ((flags[i]! & 3) !== (STATEMENT | 2)) continue;
      const kind = accounts.get(account) ?? before.borrowerKinds.get(account);
      if (kind === 'person' && !noticed.has(account))
        errors.push({
          line,
          field: 'status',
          message: `adverse information about a person: furnish the notice that the person was told (a notice line for account ${account}) first or in this batch (art. 15)`,
        });
    }
    for (const { line, value: l } of this.others) if (l.kind === 'account') accountErrors(std, line, l, consents, consentingToFurnishing, today, errors);
    // Stable: a line's errors stay in the order they were found.
    return errors.sort((a, b) => a.line - b.line);
  }
}

export function checkBatch(std: LineStandard, lines: readonly NumberedLine[], before: FurnishedBefore, today: IsoDate): LineError[] {
  const check = new BatchCheck();
  for (const { line, value } of lines) check.add(line, value);
  return check.errors(std, before, today);
}

function accountErrors(
  std: LineStandard,
  line: number,
  l: FurnishedLine,
  consents: ReadonlyMap<string, RecordedConsent>,
  consentingToFurnishing: ReadonlySet<string>,
  today: IsoDate,
  errors: LineError[],
): void {
  const v = l.values;
  for (const g of (v.guarantors as BorrowerRef[] | undefined) ?? []) {
    if (g.kind === 'person' && !consentingToFurnishing.has(g.key))
      errors.push({
        line,
        field: 'guarantors',
        message: `guarantor ${g.masked} has given no recorded written consent in force to furnishing their credit information; furnish their consent line (scope ${FURNISHING_SCOPE}) first or in this batch (art. 29)`,
      });
  }
  if (typeof v.consent !== 'string') return;
  const borrower = v.borrower as BorrowerRef;
  // What the consent must cover: furnishing at all for a person (art. 29), and every consent-gated item the line carries (art. 14).
  const needed = std
    .line('account')!
    .def.fields.filter((f) => isConsentGated(f.category) && v[f.name] !== undefined)
    .map((f) => f.category as string);
  if (borrower.kind === 'person') needed.unshift(FURNISHING_SCOPE);
  const law = borrower.kind === 'person' ? 'art. 29' : 'art. 14';
  const c = consents.get(v.consent);
  if (!c)
    errors.push({
      line,
      field: 'consent',
      message: `there is no recorded written consent ${v.consent}; furnish its consent line first (or in this batch) (${law})`,
    });
  else if (c.borrowerKey !== borrower.key)
    errors.push({ line, field: 'consent', message: `consent ${v.consent} was given by another person than the borrower (${law})` });
  else if (c.signedOn > today) errors.push({ line, field: 'consent', message: `consent ${v.consent} is signed after today (${law})` });
  else if (c.expiresOn !== null && c.expiresOn < today)
    errors.push({ line, field: 'consent', message: `consent ${v.consent} expired on ${c.expiresOn} (${law})` });
  else {
    const uncovered = [...new Set(needed.filter((g) => !c.scope.includes(g)))];
    if (uncovered.length > 0)
      errors.push({
        line,
        field: 'consent',
        message: `consent ${v.consent} does not cover ${uncovered.join(', ')} (${uncovered.includes(FURNISHING_SCOPE) ? 'art. 29' : 'art. 14'})`,
      });
  }
}
