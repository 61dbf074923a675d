// The access log: who looked at a subject's data beyond what is public, and every view of a
// natural person's data. The subject reads its own log.
import type { Database } from '../../store/database.ts';
import type { Clock } from '../../kernel/clock.ts';
import type { Actor } from '../../kernel/principal.ts';

export interface AccessEntry {
  at: string;
  actor: string;
  action: string;
  detail: string | null;
}

export class AccessLog {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  async write(subjectKey: string, actor: Actor, action: string, detail: string | null = null, requestId: string | null = null): Promise<void> {
    await this.db.query('INSERT INTO access_log (subject_key, at, actor, action, detail, request_id) VALUES ($1, $2, $3, $4, $5, $6)', [
      subjectKey,
      this.clock.now(),
      `${actor.type}:${actor.id}`,
      action,
      detail,
      requestId,
    ]);
  }

  /** One entry per subject, in one statement (a page that shows several persons). */
  async writeMany(subjectKeys: readonly string[], actor: Actor, action: string, detail: string | null = null, requestId: string | null = null): Promise<void> {
    if (subjectKeys.length === 0) return;
    await this.db.query(
      `INSERT INTO access_log (subject_key, at, actor, action, detail, request_id)
       SELECT k, $2, $3, $4, $5, $6 FROM unnest($1::text[]) AS k`,
      [subjectKeys, this.clock.now(), `${actor.type}:${actor.id}`, action, detail, requestId],
    );
  }

  async of(subjectKey: string, limit = 500): Promise<AccessEntry[]> {
    const rows = await this.db.query<{ at: Date; actor: string; action: string; detail: string | null }>(
      'SELECT at, actor, action, detail FROM access_log WHERE subject_key = $1 ORDER BY at DESC, id DESC LIMIT $2',
      [subjectKey, limit],
    );
    return rows.map((r) => ({ at: new Date(r.at).toISOString(), actor: r.actor, action: r.action, detail: r.detail }));
  }
}
