// Reading a credit record in full (every field, every disclosure level): only the agency that
// filed it may, and each read is in the subject's access log.
import type { Database } from '../../store/database.ts';
import { AppError } from '../../kernel/problems.ts';
import type { AgencyPrincipal } from '../../kernel/principal.ts';
import { loadRecords, type RecordRow } from '../../ledger/projection.ts';
import type { AccessLog } from '../access-log/access-log.service.ts';

export class RecordService {
  constructor(
    private readonly db: Database,
    private readonly access: AccessLog,
  ) {}

  /**
   * A record in full, for the agency that filed it; logged as a view beyond the public. Another
   * agency's record answers exactly as a record that does not exist: whether a record is there
   * is not the asking agency's to learn.
   */
  async fullRecord(agency: AgencyPrincipal, recordId: string): Promise<RecordRow> {
    const [record] = await loadRecords(this.db, [recordId]);
    if (!record || record.agencyCode !== agency.code) throw new AppError('record-not-found', `there is no record ${recordId} filed by ${agency.code}`);
    await this.access.viewed(record.subjectKey, 'beyond-public', 'read a record in full', recordId);
    return record;
  }
}
