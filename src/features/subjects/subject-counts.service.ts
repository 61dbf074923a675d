// The platform's size as the home page states it: how many subjects and records it holds. Both
// counts are public and name no one.
import type { Database } from '../../store/database.ts';
import { countProjections } from '../../ledger/projection.ts';

export class SubjectCounts {
  constructor(private readonly db: Database) {}

  async counts(): Promise<{ subjects: number; records: number }> {
    const { subjects, records } = await countProjections(this.db);
    return { subjects, records };
  }
}
