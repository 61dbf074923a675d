// The platform's size as the home page states it: how many subjects and records it holds. Both
// counts are public and name no one.
import type { Database } from '../../store/database.ts';
import { countSubjectsAndRecords } from './subject-counts.store.ts';

export class SubjectCounts {
  constructor(private readonly db: Database) {}

  counts(): Promise<{ subjects: number; records: number }> {
    return countSubjectsAndRecords(this.db);
  }
}
