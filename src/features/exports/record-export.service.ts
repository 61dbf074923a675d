// Bulk exports of the public records: every record public on a day (what the portal shows of it
// while it is in publicity: its public fields, the disclosed parts of its decision, its legal
// basis, whether it is disputed or under repair), as one file in NDJSON or CSV with no cap, its
// SHA-256 and the signed checkpoint of the ledger it reflects; and the delta between two days,
// whose additions are the records that entered publicity, whose deletions left it (expiry,
// repair, withdrawal), and whose changes were corrected, disputed or put under repair.
//
// Once a day has ended, its public records are kept as first made (the scheduler's first run of
// the next day, or the first request for it that day; migration 46), as that day's changes from
// the last day kept: a consumer's copy of a kept day with the next kept day's delta applied is
// the next day's file byte for byte, and the store holds each day's changes, not a copy of every
// public record each day. Today, and a day never kept, are read as known now. Every natural
// person in a file is access-logged each time it is served.
import { randomUUID } from 'node:crypto';
import type { Database } from '../../store/database.ts';
import type { Policy } from '../../domain/policy/policy.ts';
import type { Clock } from '../../kernel/clock.ts';
import { addDays, type IsoDate } from '../../domain/dates.ts';
import type { SubjectService } from '../subjects/subject.service.ts';
import type { TransparencyLog } from '../transparency/transparency.service.ts';
import type { AccessLog } from '../access-log/access-log.service.ts';
import {
  dropPublicationChanges,
  dropUnkeptPublicationChanges,
  keepPublicationHeader,
  keptPublication,
  lastKeptPublication,
  publicationPage,
  recordsPublicOn,
  subjectsOf,
  writePublicationChanges,
  type KeptPublication,
  type PublicationChange,
} from './record-exports.store.ts';
import {
  canonicalRecord,
  recordHeaderOf,
  recordLines,
  RECORD_EXPORT_FORMATS,
  type RecordExportFormat,
  type RecordExportItem,
} from './record-export-formats.ts';
import { EXTENSIONS } from './export-formats.ts';
import {
  PAGE,
  PersonsLogged,
  basisOf,
  deltaDays,
  deltaFile,
  exportDay,
  inKeyOrder,
  linesOfSource,
  makeOnce,
  mergeByKey,
  personsIn,
  render,
  spooled,
  type DeltaCounts,
  type ExportFile,
  type FileBasis,
  type FileDigest,
  type Source,
} from './export-files.ts';

/** The public records of a day as a manifest lists them; a kept day also says what changed on it. */
export interface RecordsManifest extends FileBasis {
  /** For a kept day, its changes from the last day kept before it (`afterDay`; null for the first). */
  changes: (DeltaCounts & { afterDay: IsoDate | null }) | null;
  files: Record<RecordExportFormat, FileDigest>;
}

/** A record as a kept day has it: its id, its subject's key, and its public view as exported (JSON). */
interface KeptView {
  recordId: string;
  subjectKey: string;
  text: string;
}

/** A record in a file, with its subject's key (which the file does not show; the access log needs it). */
interface Exported {
  subjectKey: string;
  record: RecordExportItem;
}

/** The access log's action for a person in a file. */
const EXPORTED = 'exported among the public records';
const byRecordId = (r: { recordId: string }) => r.recordId;
const exportedId = (e: Exported) => e.record.recordId;
const linesIn = (format: RecordExportFormat) => (e: Exported) => recordLines(format, e.record);

export class RecordExportService {
  constructor(
    private readonly db: Database,
    private readonly policy: Policy,
    private readonly clock: Clock,
    private readonly subjects: SubjectService,
    private readonly log: TransparencyLog,
    private readonly access: AccessLog,
  ) {}

  private today(): IsoDate {
    return this.policy.localDate(this.clock.now());
  }

  /** The public records of a day as one file, in a format. */
  async file(date: IsoDate | undefined, format: RecordExportFormat): Promise<{ basis: FileBasis; file: ExportFile }> {
    const source = await this.source(exportDay(date, this.today(), 'date'));
    try {
      const file = await render(
        format,
        `xinyong-public-records-${source.day}.${EXTENSIONS[format]}`,
        recordHeaderOf(format),
        linesOfSource(source, linesIn(format)),
      );
      return { basis: basisOf(source), file };
    } finally {
      await source.close();
    }
  }

  /** The public records of a day in every format, with their digests (each file is written to hash it). */
  async manifest(date: IsoDate | undefined): Promise<RecordsManifest> {
    const day = exportDay(date, this.today(), 'date');
    const source = await this.source(day, false);
    try {
      const files = {} as RecordsManifest['files'];
      for (const format of RECORD_EXPORT_FORMATS) {
        const file = await render(format, '', recordHeaderOf(format), linesOfSource(source, linesIn(format)));
        await file.discard();
        files[format] = { sha256: file.sha256, bytes: file.bytes, url: `/v1/exports/records?date=${source.day}&format=${format}` };
      }
      const kept = source.kept ? await keptPublication(this.db, day) : null;
      const changes = kept && { added: kept.added, modified: kept.modified, deleted: kept.deleted, afterDay: kept.afterDay };
      return { ...basisOf(source), changes, files };
    } finally {
      await source.close();
    }
  }

  /**
   * The delta from one day's public records to another's (by default from the day before `to`):
   * each record that entered publicity, changed (as it is now) or left it (as it was), in record
   * id order. Applied to the `from` file it gives the `to` file. The persons in the delta, not
   * every person in either day, are access-logged.
   */
  async delta(
    from: IsoDate | undefined,
    to: IsoDate | undefined,
    format: RecordExportFormat,
  ): Promise<{ from: FileBasis; to: FileBasis; counts: DeltaCounts; file: ExportFile }> {
    const { fromDay, toDay } = deltaDays(from, to, this.today());
    return deltaFile({
      open: (day) => this.source(day, false),
      fromDay,
      toDay,
      format,
      filename: `xinyong-public-records-${fromDay}-${toDay}.delta.${EXTENSIONS[format]}`,
      header: recordHeaderOf(format, true),
      keyOf: exportedId,
      lines: linesIn(format),
      persons: new PersonsLogged(this.access, EXPORTED, `public records ${fromDay} to ${toDay}`),
      basis: basisOf,
    });
  }

  /**
   * The public records of a day: the kept day; else, for yesterday, kept now (unless a maker
   * kept it first, which is then read); else, today or a day never kept, as known now. With
   * `logged`, each person in it is access-logged as exported; a manifest, which shows no one, reads unlogged.
   */
  private async source(day: IsoDate, logged = true): Promise<Source<Exported>> {
    const today = this.today();
    const kept = day < today ? ((await keptPublication(this.db, day)) ?? (day === addDays(today, -1) ? await this.keepOnce(day) : null)) : null;
    return kept ? this.keptSource(kept, logged) : this.readNow(day, logged);
  }

  /** Keeps a day once at a time in this process. */
  private keepOnce(day: IsoDate): Promise<KeptPublication | null> {
    return makeOnce(this.making, day, () => this.keep(day));
  }

  private readonly making = new Map<IsoDate, Promise<KeptPublication | null>>();

  /** Keeps yesterday's public records if they are not kept yet (the scheduler's daily work). */
  async keepYesterday(): Promise<{ made: number; failures: unknown[] }> {
    const yesterday = addDays(this.today(), -1);
    try {
      // Changes no kept day owns, of a day three days gone, which no one makes any more.
      await dropUnkeptPublicationChanges(this.db, addDays(yesterday, -2));
      if (await keptPublication(this.db, yesterday)) return { made: 0, failures: [] };
      return { made: (await this.keepOnce(yesterday)) ? 1 : 0, failures: [] };
    } catch (err) {
      return { made: 0, failures: [err] };
    }
  }

  /**
   * Keeps a day: the records public on it as known now, merged with those of the last day kept
   * (none before the first), and each difference written under a maker's token a page at a time
   * (no transaction holds the store meanwhile); then the checkpoint made after they were read,
   * then the header, which keeps it. A day at or before the last day kept is never kept (its
   * changes would not chain): null. A maker that finds another's header first, or fails, removes
   * its own changes.
   */
  private async keep(day: IsoDate): Promise<KeptPublication | null> {
    const already = await keptPublication(this.db, day);
    if (already) return already;
    const last = await lastKeptPublication(this.db);
    if (last && last.day >= day) return null;
    const maker = randomUUID();
    try {
      const counts: DeltaCounts = { added: 0, modified: 0, deleted: 0 };
      let records = 0;
      let page: PublicationChange[] = [];
      const older = last ? this.keptViews(last.day) : noPages<KeptView>();
      const newer = (async function* (self: RecordExportService) {
        for await (const page of self.pagesNow(day)) {
          records += page.length;
          yield page.map(({ subjectKey, record }) => ({ recordId: record.recordId, subjectKey, text: JSON.stringify(record) }));
        }
      })(this);
      for await (const [before, after] of mergeByKey(older, newer, byRecordId)) {
        if (before && after && before.text === after.text) continue;
        counts[!before ? 'added' : !after ? 'deleted' : 'modified']++;
        page.push(
          after
            ? { recordId: after.recordId, subjectKey: after.subjectKey, item: after.text }
            : { recordId: before!.recordId, subjectKey: before!.subjectKey, item: null },
        );
        if (page.length === PAGE) {
          await writePublicationChanges(this.db, day, maker, page);
          page = [];
        }
      }
      await writePublicationChanges(this.db, day, maker, page);
      const checkpoint = await this.log.currentCheckpoint();
      const header: KeptPublication = {
        day,
        maker,
        afterDay: last?.day ?? null,
        madeAt: this.clock.now().toISOString(),
        checkpointId: checkpoint.id,
        records,
        ...counts,
      };
      if (await keepPublicationHeader(this.db, header)) return header;
      await dropPublicationChanges(this.db, day, maker);
    } catch (err) {
      // Left behind if this fails too: a later day's sweep (dropUnkeptPublicationChanges) removes them.
      await dropPublicationChanges(this.db, day, maker).catch(() => undefined);
      throw err;
    }
    return keptPublication(this.db, day);
  }

  /** The records public on a kept day, as kept, a page at a time. */
  private async *keptViews(day: IsoDate): AsyncIterable<KeptView[]> {
    for (let after = ''; ;) {
      const rows = await publicationPage(this.db, day, after, PAGE);
      if (rows.length === 0) return;
      yield rows.map((r) => ({ recordId: r.recordId, subjectKey: r.subjectKey, text: r.item }));
      after = rows[rows.length - 1]!.recordId;
    }
  }

  /**
   * The records public on a day as known now, each with its subject's key, a page at a time in
   * record id order: read in subject order (over the subjects' index), and put in record id
   * order through temporary files, one for each first two hex digits of the ids.
   */
  private pagesNow(day: IsoDate): AsyncIterable<Exported[]> {
    return inKeyOrder(this.pagesBySubject(day), exportedId, 'rec_'.length + 2);
  }

  /**
   * Records are read BODY_PAGES pages at a time: their bodies are events of the ledger's blocks,
   * and records read in subject order have theirs scattered over the blocks, a block holding
   * the bodies of records pages apart; read together, a block is read and inflated once for all
   * of them (at 100,000 subjects, 427,235 public records in 17,647 blocks: about 70,000 block
   * reads, against 337,000 a page at a time). What a read holds at once is bounded by the pages.
   */
  private async *pagesBySubject(day: IsoDate): AsyncIterable<Exported[]> {
    for (let after = { subjectKey: '', recordId: '' }; ;) {
      const read = await recordsPublicOn(this.db, day, after, PAGE, BODY_PAGES);
      if (read.length === 0) return;
      const last = read[read.length - 1]!;
      // Each page given up once yielded.
      while (read.length > 0) {
        const rows = read.splice(0, PAGE);
        const subjects = await subjectsOf(
          this.db,
          rows.map((r) => r.subjectKey),
        );
        yield rows.map((r) => {
          const subject = subjects.get(r.subjectKey);
          if (!subject) throw new Error(`record ${r.recordId}: its subject is not in the projections`);
          return { subjectKey: r.subjectKey, record: canonicalRecord({ ...this.subjects.publicView(r), subject }) };
        });
      }
      after = { subjectKey: last.subjectKey, recordId: last.recordId };
    }
  }

  /** A kept day; the persons on each page are access-logged as it is read to be served. */
  private async keptSource(kept: KeptPublication, logged: boolean): Promise<Source<Exported>> {
    const { access } = this;
    const views = () => this.keptViews(kept.day);
    return {
      day: kept.day,
      kept: true,
      madeAt: kept.madeAt,
      entries: kept.records,
      checkpoint: { id: kept.checkpointId, note: await this.log.checkpointNoteById(kept.checkpointId) },
      async *pages() {
        for await (const page of views()) {
          if (logged) await access.viewed(personsIn(page), 'public', EXPORTED, `public records ${kept.day}`);
          yield page.map((v) => ({ subjectKey: v.subjectKey, record: JSON.parse(v.text) as RecordExportItem }));
        }
      },
      close: async () => undefined,
    };
  }

  /** Today's public records (or a day's never kept) as known now, spooled to be read more than once. */
  private readNow(day: IsoDate, logged: boolean): Promise<Source<Exported>> {
    const { access } = this;
    const pages = this.pagesNow(day);
    return spooled(
      (async function* () {
        for await (const page of pages) {
          if (logged) await access.viewed(personsIn(page), 'public', EXPORTED, `public records ${day}`);
          yield page;
        }
      })(),
      async () => {
        const checkpoint = await this.log.currentCheckpoint();
        return { day, kept: false, madeAt: this.clock.now().toISOString(), checkpoint: { id: checkpoint.id, note: checkpoint.note } };
      },
    );
  }
}

async function* noPages<T>(): AsyncIterable<T[]> {}

/** Pages of public records read, with their bodies, at once (pagesBySubject). */
const BODY_PAGES = 40;
