// What the check log is read for, and the agencies' feedback on checks: the asking agency and
// the measures of one check, the feedback table, the published counts and the checks run about a
// subject. The log itself is written by check-log.store.ts.
import type { Queryable } from '../../store/database.ts';
import type { CheckFeedback } from './checks.schemas.ts';
import type { CheckLogEntry } from './check-log.store.ts';

/**
 * The subject of a check, who asked it and which measures its answer applied; undefined for an
 * unknown check. Found by id alone (on a Citus cluster a read of every shard, once a feedback).
 */
export async function loggedCheck(q: Queryable, checkId: string): Promise<{ subjectKey: string; askedBy: string; measures: string[] } | undefined> {
  const [c] = await q.query<{ subject_key: string; asked_by: string; measures: string[] }>(
    'SELECT subject_key, asked_by, measures FROM check_log WHERE check_id = $1',
    [checkId],
  );
  return c && { subjectKey: c.subject_key, askedBy: c.asked_by, measures: c.measures };
}

export async function hasFeedback(q: Queryable, subjectKey: string, checkId: string): Promise<boolean> {
  return (await q.query('SELECT 1 FROM check_feedback WHERE subject_key = $1 AND check_id = $2', [subjectKey, checkId])).length > 0;
}

export async function insertFeedback(
  q: Queryable,
  f: { subjectKey: string; checkId: string; action: CheckFeedback['action']; measures: string[]; note: string | null; reportedBy: string; reportedAt: Date },
): Promise<void> {
  await q.query('INSERT INTO check_feedback (subject_key, check_id, action, measures, note, reported_by, reported_at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
    f.subjectKey,
    f.checkId,
    f.action,
    f.measures,
    f.note,
    f.reportedBy,
    f.reportedAt,
  ]);
}

/** Every check ever logged, counted by scenario and outcome. */
export function countChecks(q: Queryable): Promise<Array<{ scenario: string; outcome: string; checks: number }>> {
  return q.query<{ scenario: string; outcome: string; checks: number }>(
    'SELECT scenario, outcome, count(*)::int AS checks FROM check_log GROUP BY scenario, outcome ORDER BY scenario, outcome',
  );
}

/** How often agencies reported each measure applied, most often first. */
export function countMeasuresApplied(q: Queryable): Promise<Array<{ measure: string; times: number }>> {
  return q.query<{ measure: string; times: number }>(
    `SELECT m AS measure, count(*)::int AS times FROM check_feedback f, unnest(f.measures) AS m WHERE f.action = 'measures-applied' GROUP BY m ORDER BY times DESC, m`,
  );
}

/** A logged check as its subject sees it: what was asked and answered, and the feedback on it. */
export type CheckAbout = Omit<CheckLogEntry, 'subjectKey' | 'policyVersion'> & { feedbackAction: string | null };

/** The checks run about a subject, newest first, with the feedback on each. */
export function checksAbout(q: Queryable, subjectKey: string, limit: number): Promise<CheckAbout[]> {
  return q.query<CheckAbout>(
    `SELECT l.check_id AS "checkId", l.scenario, l.as_of AS "asOf", l.asked_at AS "askedAt", l.asked_by AS "askedBy", l.outcome, l.measures,
            f.action AS "feedbackAction"
     FROM check_log l LEFT JOIN check_feedback f ON f.subject_key = l.subject_key AND f.check_id = l.check_id
     WHERE l.subject_key = $1 ORDER BY l.asked_at DESC LIMIT $2`,
    [subjectKey, limit],
  );
}
