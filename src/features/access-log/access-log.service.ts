// The access log: who looked at a subject's data beyond what is public, and every view of a
// natural person's data, the public's included. Services record views through viewed(), the one
// way in; the subject (and an auditor) reads the log.
import type { Database, Queryable } from '../../store/database.ts';
import type { Clock } from '../../kernel/clock.ts';
import { currentContext } from '../../kernel/request-context.ts';
import { SYSTEM_ACTOR } from '../../kernel/constants.ts';
import { isPersonKey } from '../../domain/records.ts';
import { insertAccess, readAccess, type AccessEntry } from './access-log.store.ts';

export type { AccessEntry };

/**
 * What was seen: `beyond-public` (a full record, evaluations in full, a full report) is logged for
 * every subject; `public` (a profile, a list page) only for natural persons, whose every view the
 * law has logged.
 */
export type ViewScope = 'beyond-public' | 'public';

export class AccessLog {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  /**
   * Records that the actor of the current request (the platform itself outside one) viewed these
   * subjects' data: one entry per subject the scope logs (in `q`'s transaction when given).
   */
  async viewed(subjectKeys: string | readonly string[], scope: ViewScope, action: string, detail: string | null = null, q: Queryable = this.db): Promise<void> {
    const keys = (typeof subjectKeys === 'string' ? [subjectKeys] : subjectKeys).filter((k) => scope === 'beyond-public' || isPersonKey(k));
    if (keys.length === 0) return;
    const ctx = currentContext();
    const actor = ctx?.actor ?? SYSTEM_ACTOR;
    await insertAccess(q, keys, { at: this.clock.now(), actor: `${actor.type}:${actor.id}`, action, detail, requestId: ctx?.requestId ?? null });
  }

  /** The log of one subject, newest first. */
  of(subjectKey: string, limit = 500): Promise<AccessEntry[]> {
    return readAccess(this.db, subjectKey, limit);
  }
}
