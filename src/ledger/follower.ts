// Follows the ledger for a derived in-memory or table state (the check index, the evaluations):
// on every NOTIFY of a new append, and by polling as a fallback for a lost notification, it
// reads the events after the last one applied and hands the subjects they touched to
// `onTouched`, one batch at a time, in ledger order. A failing refresh leaves `lastSeq` where it
// was, so the same events are tried again on the next notification or poll.
import type { Database } from '../store/database.ts';
import { LEDGER_CHANNEL } from './write.ts';

const PAGE = 10_000;

export class LedgerFollower {
  /** The last ledger sequence number whose effects have been applied. */
  lastSeq = 0;
  private following: Promise<void> = Promise.resolve();
  private stopListening: (() => Promise<void>) | null = null;
  private poll: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Database,
    /** Event types that can change the derived state. */
    private readonly relevant: RegExp,
    private readonly onTouched: (subjectKeys: string[]) => Promise<void>,
  ) {}

  /** The ledger's current head. */
  async head(): Promise<number> {
    const rows = await this.db.query<{ seq: number }>('SELECT coalesce(max(seq), 0) AS seq FROM ledger_event');
    return rows[0]!.seq;
  }

  /** Starts following: on every notification, and at least every `pollMs`. */
  async start(pollMs: number): Promise<void> {
    if (this.poll) return;
    this.stopListening = await this.db.listen(LEDGER_CHANNEL, () => void this.catchUp());
    this.poll = setInterval(() => void this.catchUp(), pollMs);
    this.poll.unref();
  }

  async stop(): Promise<void> {
    if (this.poll) clearInterval(this.poll);
    this.poll = null;
    await this.stopListening?.();
    this.stopListening = null;
    await this.following;
  }

  /** Applies every event after lastSeq; calls are queued so one runs at a time. */
  catchUp(): Promise<void> {
    this.following = this.following.then(() => this.applyNewEvents()).catch(() => undefined);
    return this.following;
  }

  private async applyNewEvents(): Promise<void> {
    await this.applySince(this.lastSeq, (seq) => (this.lastSeq = seq));
  }

  /**
   * Hands `onTouched` the subjects of every relevant event after `seq`, a page at a time (each
   * page's last seq to `onPage`); returns the last seq seen. A failing `onTouched` throws here.
   */
  async applySince(seq: number, onPage?: (seq: number) => void): Promise<number> {
    for (;;) {
      const rows = await this.db.query<{ seq: number; type: string; subject_key: string | null }>(
        `SELECT seq, type, subject_key FROM ledger_event WHERE seq > $1 ORDER BY seq LIMIT ${PAGE}`,
        [seq],
      );
      if (rows.length === 0) return seq;
      const touched = new Set<string>();
      for (const r of rows) if (r.subject_key && this.relevant.test(r.type)) touched.add(r.subject_key);
      if (touched.size > 0) await this.onTouched([...touched]);
      seq = rows[rows.length - 1]!.seq;
      onPage?.(seq);
      if (rows.length < PAGE) return seq;
    }
  }
}
