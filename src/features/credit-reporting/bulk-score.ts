// The score of every person at once, as of today: the published scorecard applied to each
// person's accounts, read a part of the borrowers at a time in one snapshot, with the hard
// inquiries of the last year. The score is the one a report as of today shows (readScoreAsOf
// reads the same data one person at a time), as of the present: what was received up to the
// snapshot counts. A person nothing was furnished for since the last build of the account
// histories is read from the one row the build wrote for them (migration 47,
// domain/credit-reporting/score-input.ts) and scored from it as it lies. Any other person is read
// from the account histories (account-history.ts) with the statements furnished since; an account
// is unpacked only when its months need their figures (score-attributes.ts, packedScoreValues),
// and a history the build marked plain is read without them. Where no histories are built (a new
// store, Citus) the statements are read themselves, every month of them.
import type { Database } from '../../store/database.ts';
import type { Policy } from '../../domain/policy/policy.ts';
import { addMonths, localDate } from '../../domain/dates.ts';
import { isPersonKey } from '../../domain/records.ts';
import { monthsBetween, packHistory, mergeHistories, type PackedHistory } from '../../domain/credit-reporting/account-history.ts';
import {
  mergePlain,
  packedScoreValues,
  plainHistory,
  PlainHistoryPastMonth,
  type ScoreValues,
  HARD_INQUIRY_PURPOSES,
  type PackedAccount,
  type PlainHistory,
} from '../../domain/credit-reporting/score-attributes.ts';
import { scoreFromValues, type NoScore, type NoScoreReason, type PersonalScore } from '../../domain/credit-reporting/personal-score.ts';
import { scoreInputValues } from '../../domain/credit-reporting/score-input.ts';
import type { InquiryInput } from '../../domain/credit-reporting/report-input.ts';
import {
  borrowersBound,
  historyMarks,
  holdHistories,
  monthsAfterHistories,
  statementsAfterHistoriesBetween,
  type AccountStatement,
} from './account-history.store.ts';
import {
  accountsAmong,
  accountsBetween,
  borrowersWithAccountsAfter,
  historyFiguresOf,
  inquiriesBetween,
  scoredHistoriesAmong,
  scoredHistoriesBetween,
  scoreInputsBetween,
  scoreInputsBound,
  scoreInputsBuilt,
  type ScoreInputRow,
  type ScoredAccountRow,
  type ScoredHistory,
} from './bulk-score.store.ts';
import { useOneSnapshot } from './statement-compaction.store.ts';

export interface PersonScored {
  subjectKey: string;
  score: PersonalScore | NoScore;
}

export interface EveryPersonScored {
  asOf: string;
  /** Persons with an account as borrower. */
  persons: number;
  accounts: number;
  /** Persons scored, by band. */
  bands: Record<string, number>;
  /** Persons not scored, by why. */
  notScored: Partial<Record<NoScoreReason, number>>;
}

export interface BulkScoreOptions {
  /** Persons with a score input a part (borrowers, where none are built). */
  part?: number;
  /** Each part's scores, in borrower order, as they are computed. */
  onScores?: (scores: readonly PersonScored[]) => Promise<void> | void;
}

const keyOf = (borrower: string, furnisher: string, account: string) => `${borrower}\n${furnisher}\n${account}`;

/** Rows in borrower order, by borrower: each borrower's rows together, as read. */
function byBorrower<T extends { borrowerKey: string }>(rows: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  let run: T[] | undefined;
  for (const r of rows) {
    if (run === undefined || run[0]!.borrowerKey !== r.borrowerKey) {
      run = out.get(r.borrowerKey);
      if (run === undefined) out.set(r.borrowerKey, (run = []));
    }
    run.push(r);
  }
  return out;
}

/** One borrower's months not held by the histories, packed an account at a time. */
function packedNewer(statements: readonly AccountStatement[]): Array<{ furnisher: string; accountId: string; packed: PackedHistory }> {
  const out: Array<{ furnisher: string; accountId: string; list: AccountStatement[] }> = [];
  for (const s of statements) {
    const own = out.findLast((o) => o.furnisher === s.furnisher && o.accountId === s.accountId);
    if (own) own.list.push(s);
    else out.push({ furnisher: s.furnisher, accountId: s.accountId, list: [s] });
  }
  return out.map((o) => ({ furnisher: o.furnisher, accountId: o.accountId, packed: packHistory(o.list)! }));
}

/**
 * What a part of the borrowers holds for their scores, as read: the score inputs of the persons
 * nothing was furnished for since the build that wrote them; the accounts, histories and
 * statements since of every other borrower (every borrower, where no inputs are built); the hard
 * inquiries of all.
 */
export interface ScorePart {
  inputs: readonly ScoreInputRow[];
  accounts: readonly ScoredAccountRow[];
  /** The histories; those the build marked plain without their figures. */
  histories: readonly ScoredHistory[];
  newer: readonly AccountStatement[];
  inquiries: ReadonlyArray<{ subjectKey: string; date: string; lender: string; purpose: string }>;
  /** The figures of histories keyed 'borrower\nfurnisher\naccount', read in the same snapshot. */
  figuresOf: (keys: readonly string[]) => Promise<Map<string, string>>;
  /** The accounts and histories of these borrowers, read in the same snapshot (a person whose input is not read as it lies). */
  readWhole: (keys: readonly string[]) => Promise<{ accounts: readonly ScoredAccountRow[]; histories: readonly ScoredHistory[] }>;
}

/**
 * Reads what the scores as of `asOf` read, a part of the borrowers at a time in one snapshot
 * taken after `at` (the present): the score inputs, the accounts, their histories and the
 * statements furnished since the histories' build, and the hard inquiries of the last year made
 * by `at`. The snapshot is taken once the histories are held against a build's swap (a build
 * swapped in meanwhile would leave the snapshot the marks of the old histories and a new table it
 * cannot read), so a build waits for the whole read to end, and is deferred to the next day if it
 * lasts longer than the build waits.
 */
export async function forEachScorePart(db: Database, asOf: string, at: Date, part: number, fn: (p: ScorePart) => Promise<void> | void): Promise<void> {
  const month = asOf.slice(0, 7);
  const hard = [...HARD_INQUIRY_PURPOSES];
  const since = addMonths(asOf, -12);
  await db.transaction(async (tx) => {
    await useOneSnapshot(tx, db.kind === 'postgres');
    await holdHistories(tx);
    const marks = await historyMarks(tx);
    const months = await monthsAfterHistories(tx, null, marks, month, []);
    const inputsBuilt = marks.length > 0 && (await scoreInputsBuilt(tx));
    // Persons with an account version after the marks (those new since the build among them), in
    // code-unit order: person keys ('p:' and lowercase hex) sort so under any collation, as the
    // parts' bounds do in the store.
    const withAccountsAfter = inputsBuilt ? [...(await borrowersWithAccountsAfter(tx, marks))].filter(isPersonKey).sort() : [];
    // Where inputs are built, a part is a range of at most `part` persons with an input and `part`
    // without one (a person new since the build), whichever bound comes first.
    const boundAfter = async (after: string): Promise<string | null> => {
      if (!inputsBuilt) return borrowersBound(tx, after, part);
      const byInputs = await scoreInputsBound(tx, after, part);
      const bySince = withAccountsAfter[firstAfter(withAccountsAfter, after) + part - 1] ?? null;
      return byInputs === null ? bySince : bySince === null || byInputs < bySince ? byInputs : bySince;
    };
    const figuresOf = (keys: readonly string[]) => historyFiguresOf(tx, keys);
    const readWhole = async (keys: readonly string[]) => {
      if (keys.length === 0) return { accounts: [], histories: [] };
      const [accounts, histories] = await Promise.all([accountsAmong(tx, keys), scoredHistoriesAmong(tx, keys)]);
      return { accounts, histories };
    };
    const read = async (after: string): Promise<{ bound: string | null; part: ScorePart }> => {
      const bound = await boundAfter(after);
      const [newer, inquiries] = await Promise.all([
        statementsAfterHistoriesBetween(tx, after, bound, months, marks),
        inquiriesBetween(tx, after, bound, hard, since, at),
      ]);
      if (!inputsBuilt) {
        const [accounts, histories] = await Promise.all([accountsBetween(tx, after, bound), scoredHistoriesBetween(tx, after, bound)]);
        return { bound, part: { inputs: [], accounts, histories, newer, inquiries, figuresOf, readWhole } };
      }
      const inputs = await scoreInputsBetween(tx, after, bound);
      // A borrower the build's rows do not hold all of (a statement they do not hold, an account
      // version after the marks) is read whole; new borrowers are among them.
      const furnishedSince = new Set<string>();
      for (let i = firstAfter(withAccountsAfter, after); i < withAccountsAfter.length && (bound === null || withAccountsAfter[i]! <= bound); i++)
        furnishedSince.add(withAccountsAfter[i]!);
      for (const s of newer) if (isPersonKey(s.borrowerKey)) furnishedSince.add(s.borrowerKey);
      const whole = await readWhole([...furnishedSince]);
      return { bound, part: { inputs: inputs.filter((i) => !furnishedSince.has(i.borrowerKey)), ...whole, newer, inquiries, figuresOf, readWhole } };
    };
    // The next part's reads are in flight while the caller works on this one: the server reads as
    // the process scores.
    let next = read('');
    for (;;) {
      const { bound, part: rows } = await next;
      if (bound !== null) {
        next = read(bound);
        // Awaited above, or abandoned with the transaction when the caller throws.
        next.catch(() => undefined);
      }
      await fn(rows);
      if (bound === null) break;
    }
  });
}

/** The index of the first key after `after` in keys sorted by code unit. */
function firstAfter(keys: readonly string[], after: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** What scoredAccounts reads: borrowers' accounts, their histories and the statements since, and the figures of histories. */
type WholeRead = Pick<ScorePart, 'accounts' | 'histories' | 'newer' | 'figuresOf'>;

/**
 * Persons' accounts as the score reads them, in borrower order: each history joined to the months
 * furnished since, plain where it is through the score's month (most are), so that it is scored
 * from its statuses and last balance alone. A plain history that will not do so (a month since
 * needs its figures, or it runs past the score's month) is read again whole.
 */
async function scoredAccounts(p: WholeRead, month: string): Promise<Array<{ borrowerKey: string; account: PackedAccount }>> {
  const historiesOf = byBorrower(p.histories);
  const newerOf = byBorrower(p.newer);
  const through = (h: PlainHistory | null) => (h && monthsBetween(h.firstMonth, month) >= h.statuses.length - 1 ? h : null);
  const out: Array<{ borrowerKey: string; account: PackedAccount }> = [];
  const whole: Array<{ account: PackedAccount; key: string; held: ScoredHistory; added: PackedHistory | undefined }> = [];
  let borrower: string | null = null;
  let histories: readonly ScoredHistory[] = [];
  let newer: ReturnType<typeof packedNewer> = [];
  for (const a of p.accounts) {
    if (!isPersonKey(a.borrowerKey)) continue;
    if (a.borrowerKey !== borrower) {
      borrower = a.borrowerKey;
      histories = historiesOf.get(borrower) ?? [];
      newer = packedNewer(newerOf.get(borrower) ?? []);
    }
    const held = histories.find((h) => h.furnisher === a.furnisher && h.accountId === a.accountId) ?? null;
    const added = newer.find((n) => n.furnisher === a.furnisher && n.accountId === a.accountId)?.packed;
    const plain =
      held === null
        ? null
        : held.figures === null
          ? { firstMonth: held.firstMonth, statuses: held.statuses, lastBalanceFen: held.plainLastBalanceFen }
          : plainHistory(held);
    const merged = through(plain && added ? mergePlain(plain, added) : plain);
    const account: PackedAccount = { type: a.type, openedOn: a.openedOn, limitFen: a.limitFen, history: merged };
    if (merged === null) {
      if (held?.figures === null) whole.push({ account, key: keyOf(a.borrowerKey, a.furnisher, a.accountId), held, added });
      else account.history = added ? mergeHistories(held, added) : held;
    }
    out.push({ borrowerKey: a.borrowerKey, account });
  }
  if (whole.length > 0) {
    const figures = await p.figuresOf(whole.map((w) => w.key));
    for (const { account, key, held, added } of whole) {
      const packed = { firstMonth: held.firstMonth, statuses: held.statuses, figures: figures.get(key)! };
      account.history = added ? mergeHistories(packed, added) : packed;
    }
  }
  return out;
}

/**
 * Two lists of scores, each in borrower order, as one. Keys compare here by code unit, as the
 * store orders person keys ('p:' and lowercase hex) under any collation.
 */
function mergeByKey(a: readonly PersonScored[], b: readonly PersonScored[]): PersonScored[] {
  if (b.length === 0) return [...a];
  if (a.length === 0) return [...b];
  const out: PersonScored[] = [];
  let i = 0;
  let k = 0;
  while (i < a.length || k < b.length) out.push(k >= b.length || (i < a.length && a[i]!.subjectKey < b[k]!.subjectKey) ? a[i++]! : b[k++]!);
  return out;
}

/** Scores every person who borrows on an account, as of the local date of `now`. */
export async function scoreEveryPerson(db: Database, policy: Policy, now: Date, options: BulkScoreOptions = {}): Promise<EveryPersonScored> {
  const asOf = localDate(now, policy.manifest.timeZone);
  const card = policy.personalScorecardOn(asOf);
  const out: EveryPersonScored = { asOf, persons: 0, accounts: 0, bands: {}, notScored: {} };
  /** A person's score from their attributes' values (null: no account opened by the day). */
  const scoreOf = (subjectKey: string, values: () => ScoreValues | null): PersonScored => {
    const v = card ? values() : null;
    const score: PersonalScore | NoScore = !card
      ? { scored: false, asOf, reason: 'no-scorecard' }
      : v === null
        ? { scored: false, asOf, reason: 'no-accounts' }
        : scoreFromValues(card, asOf, v);
    if (score.scored) out.bands[score.band.band] = (out.bands[score.band.band] ?? 0) + 1;
    else out.notScored[score.reason] = (out.notScored[score.reason] ?? 0) + 1;
    out.persons++;
    return { subjectKey, score };
  };
  /** The scores of the persons read whole, in borrower order. */
  const wholeScores = async (read: WholeRead, inquiries: ReadonlyMap<string, InquiryInput[]>): Promise<PersonScored[]> => {
    const scores: PersonScored[] = [];
    let person: string | null = null;
    let own: PackedAccount[] = [];
    const scoreOwn = () => {
      if (person === null) return;
      const opened = own.filter((a) => a.openedOn <= asOf);
      const p = person;
      scores.push(scoreOf(p, () => (opened.length === 0 ? null : packedScoreValues({ asOf, accounts: opened, inquiries: inquiries.get(p) ?? [] }))));
    };
    for (const { borrowerKey, account } of await scoredAccounts(read, asOf.slice(0, 7))) {
      if (borrowerKey !== person) {
        scoreOwn();
        person = borrowerKey;
        own = [];
      }
      own.push(account);
      out.accounts++;
    }
    scoreOwn();
    return scores;
  };
  await forEachScorePart(db, asOf, now, options.part ?? 5000, async (part) => {
    const inquiries = new Map<string, InquiryInput[]>();
    for (const i of part.inquiries) {
      const list = inquiries.get(i.subjectKey) ?? [];
      list.push({ date: i.date, institution: { code: i.lender, name: i.lender }, purpose: i.purpose });
      inquiries.set(i.subjectKey, list);
    }
    const fromInputs: PersonScored[] = [];
    // Persons whose input holds a plain history past the score's month (a score as of a day
    // before the build's last month): read whole, with their figures.
    const unread: string[] = [];
    for (const i of part.inputs) {
      let values: ScoreValues | null;
      try {
        values = scoreInputValues(asOf, i.accounts, inquiries.get(i.borrowerKey) ?? []);
      } catch (err) {
        if (!(err instanceof PlainHistoryPastMonth)) throw err;
        unread.push(i.borrowerKey);
        continue;
      }
      fromInputs.push(scoreOf(i.borrowerKey, () => values));
      out.accounts += accountsIn(i.accounts);
    }
    let scores = mergeByKey(fromInputs, await wholeScores(part, inquiries));
    if (unread.length > 0)
      scores = mergeByKey(scores, await wholeScores({ ...(await part.readWhole(unread)), newer: [], figuresOf: part.figuresOf }, inquiries));
    if (scores.length > 0) await options.onScores?.(scores);
  });
  return out;
}

/** The number of accounts in a score input (one a line). */
function accountsIn(input: string): number {
  if (input === '') return 0;
  let n = 1;
  for (let i = input.indexOf('\n'); i >= 0; i = input.indexOf('\n', i + 1)) n++;
  return n;
}
