// The history of each person's credit score (migration 39): a row whenever the score computed for
// the person differs from their latest row. Scores served are recorded as they leave, each in the
// transaction that serves it (a lender's inquiry, inquiry.service.ts; the person's own report,
// credit-rights.service.ts); from the first on, the scheduler's daily rescoring records what data
// furnished since, or time alone, changed. Every writer holds the person's score (holdScoreOf)
// from before it reads what the score is computed from until it commits, so a person's rows are
// written one writer at a time, each from data read after the row before it was committed. A
// report does not read the history: it computes its score from the data as of its date
// (credit-report.service.ts), so the history is a record, not a source.
import type { Queryable } from '../../store/database.ts';
import type { NoScore, PersonalScore } from '../../domain/credit-reporting/personal-score.ts';
import { dateText } from '../../store/row-values.ts';

const SCORE_LOCK = 7262024;

/**
 * Holds a person's score for the rest of the transaction: taken before anything the score is
 * computed from is read, and before the person's log (takeLogs), by every writer of the history.
 * On a Citus cluster the lock is the coordinator's, released when the coordinator commits: the
 * next writer reads the rows of the one before because that one's writes lie on the person's
 * shard alone and commit there in one phase, before the coordinator; a writer that also wrote
 * another shard would commit in two phases, its rows visible only after the lock is free.
 */
export async function holdScoreOf(tx: Queryable, subjectKey: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [SCORE_LOCK, subjectKey]);
}

/** What recorded a row: a score served to a lender or to the person, or the daily rescoring. */
export type ScoreCause = 'inquiry' | 'own-report' | 'rescoring';

export interface ScoreHistoryRow {
  n: number;
  recordedAt: string;
  asOf: string;
  cause: ScoreCause;
  scored: boolean;
  model: string | null;
  effectiveFrom: string | null;
  score: number | null;
  band: string | null;
  reasons: string[];
  notScored: string | null;
}

type Row = Record<string, unknown>;
const instantText = (v: unknown): string => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());

function fromRow(r: Row): ScoreHistoryRow {
  return {
    n: Number(r.n),
    recordedAt: instantText(r.recorded_at),
    asOf: dateText(r.as_of)!,
    cause: r.cause as ScoreCause,
    scored: Boolean(r.scored),
    model: (r.model as string | null) ?? null,
    effectiveFrom: dateText(r.effective_from),
    score: r.score === null || r.score === undefined ? null : Number(r.score),
    band: (r.band as string | null) ?? null,
    reasons: (r.reasons as string[] | null) ?? [],
    notScored: (r.not_scored as string | null) ?? null,
  };
}

/** What a row keeps of a score: two scores with the same are the same in the history. */
function kept(s: PersonalScore | NoScore) {
  return s.scored
    ? {
        scored: true,
        model: s.model,
        effectiveFrom: s.effectiveFrom,
        score: s.score,
        band: s.band.band,
        reasons: s.reasons.map((r) => r.code),
        notScored: null,
      }
    : { scored: false, model: null, effectiveFrom: null, score: null, band: null, reasons: [] as string[], notScored: s.reason };
}

const same = (a: ReturnType<typeof kept>, b: ScoreHistoryRow) =>
  a.scored === b.scored &&
  a.model === b.model &&
  a.score === b.score &&
  a.band === b.band &&
  a.notScored === b.notScored &&
  a.reasons.join(',') === b.reasons.join(',');

/** A person's history, newest first: `limit` rows, those numbered below `before` when given. */
export async function scoreHistory(q: Queryable, subjectKey: string, limit = 100, before?: number): Promise<ScoreHistoryRow[]> {
  const rows = await q.query<Row>('SELECT * FROM personal_score_history WHERE subject_key = $1 AND ($3::integer IS NULL OR n < $3) ORDER BY n DESC LIMIT $2', [
    subjectKey,
    limit,
    before ?? null,
  ]);
  return rows.map(fromRow);
}

/**
 * Adds a row for the score, computed at `at`, when it differs from the person's latest (its
 * score, band, version, reason codes or why unscored); returns whether it did. The caller holds
 * the person's score (holdScoreOf) and read the score's data after taking it, at `at` or later.
 * Should a writer that does not hold it have taken the next n first, the score is compared with
 * that row and added after it if it still differs; a score computed before the latest row was
 * recorded is not added: the rows' instants never go backwards as n grows.
 */
export async function recordScore(q: Queryable, subjectKey: string, score: PersonalScore | NoScore, cause: ScoreCause, at: Date): Promise<boolean> {
  const k = kept(score);
  for (;;) {
    const [latest] = await scoreHistory(q, subjectKey, 1);
    if (latest && (same(k, latest) || Date.parse(latest.recordedAt) > at.getTime())) return false;
    const rows = await q.query(
      `INSERT INTO personal_score_history (subject_key, n, recorded_at, as_of, cause, scored, model, effective_from, score, band, reasons, not_scored)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::text[], $12)
       ON CONFLICT DO NOTHING RETURNING n`,
      [subjectKey, (latest?.n ?? 0) + 1, at.toISOString(), score.asOf, cause, k.scored, k.model, k.effectiveFrom, k.score, k.band, k.reasons, k.notScored],
    );
    if (rows.length > 0) return true;
  }
}

/** The next page of persons with a history, after `after` in key order. */
export async function scoredPersonsAfter(q: Queryable, after: string, limit: number): Promise<string[]> {
  const rows = await q.query<{ subject_key: string }>(
    'SELECT DISTINCT subject_key FROM personal_score_history WHERE subject_key > $1 ORDER BY subject_key LIMIT $2',
    [after, limit],
  );
  return rows.map((r) => r.subject_key);
}
