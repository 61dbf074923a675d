// The statistics the platform publishes about its records: decisions per category and year since
// the start of the fifth year back, beside the lists' sizes. Counting them reads every record of
// five years and every list, so one count serves everyone for a minute.
import type { Database } from '../../store/database.ts';
import type { Policy } from '../../domain/policy/policy.ts';
import type { Clock } from '../../kernel/clock.ts';
import { SharedAnswer } from '../../kernel/shared-answer.ts';
import { localDateTime } from '../../domain/time-zone.ts';
import { STATISTICS_TTL_MS } from '../../kernel/constants.ts';
import type { ListSummary } from '../lists/list.service.ts';
import { countByCategoryAndYear, type CategoryYearCount } from './record-statistics.store.ts';

export interface PublishedRecordStatistics {
  byCategoryYear: CategoryYearCount[];
  lists: ListSummary[];
  /** When the counts were taken (local time of the pack). */
  countedAt: string;
}

export class RecordStatistics {
  private readonly answer: SharedAnswer<PublishedRecordStatistics>;

  constructor(
    private readonly db: Database,
    private readonly policy: Policy,
    private readonly clock: Clock,
    private readonly lists: { summaries(): Promise<ListSummary[]> },
  ) {
    this.answer = new SharedAnswer(() => this.count(), STATISTICS_TTL_MS);
  }

  /** The counts of the last minute (taken now if there are none). */
  published(): Promise<PublishedRecordStatistics> {
    return this.answer.get();
  }

  private async count(): Promise<PublishedRecordStatistics> {
    const from = `${Number(this.policy.localDate(this.clock.now()).slice(0, 4)) - 5}-01-01`;
    const byCategoryYear = await countByCategoryAndYear(this.db, from);
    const countedAt = localDateTime(this.clock.now(), this.policy.manifest.timeZone);
    return { byCategoryYear, lists: await this.lists.summaries(), countedAt };
  }
}
