// The access log's table: one row per view of a subject's data by one actor.
import type { Queryable } from '../../store/database.ts';

export interface AccessEntry {
  at: string;
  actor: string;
  action: string;
  detail: string | null;
}

/** One row per subject, in one statement. */
export async function insertAccess(
  q: Queryable,
  subjectKeys: readonly string[],
  view: { at: Date; actor: string; action: string; detail: string | null; requestId: string | null },
): Promise<void> {
  await q.query(
    `INSERT INTO access_log (subject_key, at, actor, action, detail, request_id)
     SELECT k, $2, $3, $4, $5, $6 FROM unnest($1::text[]) AS k`,
    [subjectKeys, view.at, view.actor, view.action, view.detail, view.requestId],
  );
}

export async function readAccess(q: Queryable, subjectKey: string, limit: number): Promise<AccessEntry[]> {
  const rows = await q.query<{ at: Date; actor: string; action: string; detail: string | null }>(
    'SELECT at, actor, action, detail FROM access_log WHERE subject_key = $1 ORDER BY at DESC, id DESC LIMIT $2',
    [subjectKey, limit],
  );
  return rows.map((r) => ({ at: new Date(r.at).toISOString(), actor: r.actor, action: r.action, detail: r.detail }));
}
