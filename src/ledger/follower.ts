// Follows the ledger for a derived in-memory or table state (the check index, the evaluations):
// on every NOTIFY of a new append, and by polling as a fallback for a lost notification, it
// reads the events after the last ones applied and hands the subjects they touched to
// `onTouched`, one batch at a time, each log in its order. Its position is how many events of
// each log it has applied: a log's events become visible in their order (its writers commit one
// after another), so nothing is skipped. A failing refresh leaves the position where it was, so
// the same events are tried again on the next notification or poll.
import type { Database } from '../store/database.ts';
import { logSizes } from './ledger.ts';
import { eventsInRange, subjectOfPayload, typeOfPayload } from './blocks.ts';
import type { LedgerPosition } from './position.ts';
import { LEDGER_CHANNEL } from './write.ts';

const PAGE = 10_000;


export class LedgerFollower {
  /** How many events of each log have had their effects applied. */
  position: LedgerPosition = [];
  private following: Promise<void> = Promise.resolve();
  private stopListening: (() => Promise<void>) | null = null;
  private poll: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Database,
    /** Event types that can change the derived state. */
    private readonly relevant: RegExp,
    private readonly onTouched: (subjectKeys: string[]) => Promise<void>,
  ) {}

  /** The ledger's current head: every log's size. */
  head(): Promise<LedgerPosition> {
    return logSizes(this.db);
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

  /** Applies every event after the position; calls are queued so one runs at a time. */
  catchUp(): Promise<void> {
    this.following = this.following.then(() => this.applyNewEvents()).catch(() => undefined);
    return this.following;
  }

  private async applyNewEvents(): Promise<void> {
    await this.applySince(this.position, (p) => (this.position = p));
  }

  /**
   * Hands `onTouched` the subjects of every relevant event after `from`, a page at a time (the
   * position after each page to `onPage`); returns the position reached. A failing `onTouched`
   * throws here.
   */
  async applySince(from: LedgerPosition, onPage?: (position: LedgerPosition) => void): Promise<LedgerPosition> {
    const position = [...from];
    const sizes = await this.head();
    for (let log = 0; log < sizes.length; log++) {
      position[log] ??= 0;
      while (position[log]! < sizes[log]!) {
        const rows = await eventsInRange(this.db, log, position[log]!, Math.min(position[log]! + PAGE, sizes[log]!));
        if (rows.length === 0) break;
        const touched = new Set<string>();
        for (const r of rows) {
          const subject = subjectOfPayload(r.payload);
          if (subject && this.relevant.test(typeOfPayload(r.payload))) touched.add(subject);
        }
        if (touched.size > 0) await this.onTouched([...touched]);
        position[log] = rows[rows.length - 1]!.index + 1;
        onPage?.([...position]);
      }
    }
    return position;
  }
}
