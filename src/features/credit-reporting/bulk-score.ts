// The score of every person at once, as of today: the published scorecard applied to each
// person's accounts, read a part of the borrowers at a time in one snapshot from the account
// histories (account-history.ts) with the statements furnished since, and the hard inquiries of
// the last year. The score is the one a report as of today shows (readScoreAsOf reads the same
// data one person at a time); an account is unpacked only when its months need their figures
// (score-attributes.ts, packedScoreValues). Where no histories are built (a new store, Citus) the
// statements are read themselves, every month of them.
import type { Database } from '../../store/database.ts';
import type { Policy } from '../../domain/policy/policy.ts';
import { addMonths, localDate } from '../../domain/dates.ts';
import { isPersonKey } from '../../domain/records.ts';
import { packHistory, mergeHistories, type PackedHistory } from '../../domain/credit-reporting/account-history.ts';
import { mergePlain, packedScoreValues, plainHistory, HARD_INQUIRY_PURPOSES, type PackedAccount } from '../../domain/credit-reporting/score-attributes.ts';
import { scoreFromValues, type NoScore, type NoScoreReason, type PersonalScore } from '../../domain/credit-reporting/personal-score.ts';
import type { InquiryInput } from '../../domain/credit-reporting/report-input.ts';
import {
  borrowersBound,
  historiesBetween,
  historyMarks,
  monthsAfterHistories,
  statementsAfterHistoriesBetween,
  type AccountStatement,
} from './account-history.store.ts';
import { accountsBetween, inquiriesBetween } from './bulk-score.store.ts';
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
  /** Borrowers a part. */
  part?: number;
  /** Each part's scores, in borrower order, as they are computed. */
  onScores?: (scores: readonly PersonScored[]) => Promise<void> | void;
}

const keyOf = (borrower: string, furnisher: string, account: string) => `${borrower}\n${furnisher}\n${account}`;

/** Each account's months not held by its history, packed, by borrower, furnisher and account. */
function packedNewer(statements: readonly AccountStatement[]): Map<string, PackedHistory> {
  const by = new Map<string, AccountStatement[]>();
  for (const s of statements) {
    const key = keyOf(s.borrowerKey, s.furnisher, s.accountId);
    const list = by.get(key);
    if (list) list.push(s);
    else by.set(key, [s]);
  }
  return new Map([...by].map(([key, list]) => [key, packHistory(list)!]));
}

/** What a part of the borrowers holds for their scores: their accounts, with the months packed, and the hard inquiries into them. */
export interface ScorePart {
  accounts: ReadonlyArray<{ borrowerKey: string; account: PackedAccount }>;
  inquiries: ReadonlyMap<string, InquiryInput[]>;
}

/**
 * Reads what the scores as of `asOf` read, made by the instant `at`, a part of the borrowers at a
 * time in one snapshot, each account's history joined to the statements furnished since.
 */
export async function forEachScorePart(db: Database, asOf: string, at: Date, part: number, fn: (p: ScorePart) => Promise<void> | void): Promise<void> {
  const month = asOf.slice(0, 7);
  const hard = [...HARD_INQUIRY_PURPOSES];
  const since = addMonths(asOf, -12);
  await db.transaction(async (tx) => {
    await useOneSnapshot(tx, db.kind === 'postgres');
    const marks = await historyMarks(tx);
    const months = await monthsAfterHistories(tx, null, marks, month, []);
    for (let after = ''; ;) {
      const bound = await borrowersBound(tx, after, part);
      const [accounts, histories, newer, inquiries] = await Promise.all([
        accountsBetween(tx, after, bound),
        historiesBetween(tx, after, bound),
        statementsAfterHistoriesBetween(tx, after, bound, months, marks),
        inquiriesBetween(tx, after, bound, hard, since, at),
      ]);
      const historyOf = new Map(histories.map((h) => [keyOf(h.borrowerKey, h.furnisher, h.accountId), h]));
      const newerOf = packedNewer(newer);
      const inquiriesOf = new Map<string, InquiryInput[]>();
      for (const i of inquiries) {
        const list = inquiriesOf.get(i.subjectKey) ?? [];
        list.push({ date: i.date, institution: { code: i.lender, name: i.lender }, purpose: i.purpose });
        inquiriesOf.set(i.subjectKey, list);
      }
      await fn({
        accounts: accounts.map((a) => {
          const key = keyOf(a.borrowerKey, a.furnisher, a.accountId);
          const held = historyOf.get(key) ?? null;
          const added = newerOf.get(key);
          // Plain where it is (most are): scored from its statuses and last balance alone.
          const plain = held && plainHistory(held);
          const history = !added ? (plain ?? held) : ((plain && mergePlain(plain, added)) ?? mergeHistories(held, added));
          return { borrowerKey: a.borrowerKey, account: { type: a.type, openedOn: a.openedOn, limitFen: a.limitFen, history } };
        }),
        inquiries: inquiriesOf,
      });
      if (bound === null) break;
      after = bound;
    }
  });
}

/** Scores every person who borrows on an account, as of the local date of `now`. */
export async function scoreEveryPerson(db: Database, policy: Policy, now: Date, options: BulkScoreOptions = {}): Promise<EveryPersonScored> {
  const asOf = localDate(now, policy.manifest.timeZone);
  const card = policy.personalScorecardOn(asOf);
  const out: EveryPersonScored = { asOf, persons: 0, accounts: 0, bands: {}, notScored: {} };
  await forEachScorePart(db, asOf, now, options.part ?? 5000, async ({ accounts, inquiries }) => {
    const scores: PersonScored[] = [];
    let person: string | null = null;
    let own: PackedAccount[] = [];
    const scoreOwn = () => {
      if (person === null) return;
      const opened = own.filter((a) => a.openedOn <= asOf);
      const score: PersonalScore | NoScore = !card
        ? { scored: false, asOf, reason: 'no-scorecard' }
        : opened.length === 0
          ? { scored: false, asOf, reason: 'no-accounts' }
          : scoreFromValues(card, asOf, packedScoreValues({ asOf, accounts: opened, inquiries: inquiries.get(person) ?? [] }));
      if (score.scored) out.bands[score.band.band] = (out.bands[score.band.band] ?? 0) + 1;
      else out.notScored[score.reason] = (out.notScored[score.reason] ?? 0) + 1;
      out.persons++;
      scores.push({ subjectKey: person, score });
    };
    for (const { borrowerKey, account } of accounts) {
      if (!isPersonKey(borrowerKey)) continue;
      if (borrowerKey !== person) {
        scoreOwn();
        person = borrowerKey;
        own = [];
      }
      own.push(account);
      out.accounts++;
    }
    scoreOwn();
    if (scores.length > 0) await options.onScores?.(scores);
  });
  return out;
}
