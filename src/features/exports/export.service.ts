// Bulk exports of the lists: who is on a list on a day, as one file in NDJSON, CSV or
// FollowTheMoney entities, with no cap on its size, its SHA-256, and the signed checkpoint of the
// ledger it reflects; and the delta between two days' exports. A list's export of a day is kept
// as first made once the day has ended (by the scheduler's first run of the next day, or the
// first request for it that day; migration 43), so that a consumer's copy of one day's file, with
// the next day's delta applied, is that day's file byte for byte. Today's export, and a day's
// never kept, are read as known now. Every natural person in a file is access-logged each time it is served.
//
// Files are written to a temporary file first, hashing as they go, so that the answer carries its
// length and digest before its body, and the memory used stays that of a page whatever the size.
// Entry ids ("ent_" and hex) order alike in the store and here, which the merge of a delta needs.
import { randomUUID } from 'node:crypto';
import type { Database } from '../../store/database.ts';
import type { Policy } from '../../domain/policy/policy.ts';
import type { Clock } from '../../kernel/clock.ts';
import { addDays, type IsoDate } from '../../domain/dates.ts';
import type { ListService } from '../lists/list.service.ts';
import type { TransparencyLog } from '../transparency/transparency.service.ts';
import type { AccessLog } from '../access-log/access-log.service.ts';
import { dropExportEntries, dropUnkeptEntries, keepExportHeader, keptEntries, keptExport, writeExportEntries, type KeptExport } from './exports.store.ts';
import { EXTENSIONS, headerOf, linesOf, type ExportFormat, type ExportItem } from './export-formats.ts';
import {
  PAGE,
  PersonsLogged,
  basisOf,
  deltaDays,
  deltaFile,
  exportDay,
  linesOfSource,
  makeOnce,
  personsIn,
  render,
  spooled,
  type DeltaCounts,
  type ExportFile,
  type FileBasis,
  type FileDigest,
  type Source,
} from './export-files.ts';

/** What a list's file reflects: the list, and the day, kept or not, and checkpoint of every file. */
export interface ExportBasis extends FileBasis {
  list: string;
}

/** The exports of a day as a manifest lists them. */
export interface ExportManifest extends ExportBasis {
  files: Record<ExportFormat, FileDigest>;
}

/** An entry in a file, with its subject's key (which the file does not show; the access log needs it). */
interface Exported {
  subjectKey: string;
  entry: ExportItem;
}

type ListSource = Source<Exported> & { list: string };

/** The access log's action for a person in a file. */
const EXPORTED = 'exported on a public list';

/** The item's JSON with its keys in one order, whoever built it: the bytes of NDJSON lines depend on it. */
function canonicalItem(e: ExportItem): ExportItem {
  return {
    entryId: e.entryId,
    list: e.list,
    listName: { zh: e.listName.zh, en: e.listName.en },
    type: e.type,
    area: e.area,
    listedOn: e.listedOn,
    until: e.until,
    decidingAgency: e.decidingAgency,
    basisRecords: e.basisRecords,
    legalBasis: e.legalBasis,
    disputed: e.disputed,
    underRepair: e.underRepair,
    subject: { code: e.subject.code, name: e.subject.name, kind: e.subject.kind },
  };
}

const entryKey = (e: Exported) => e.entry.entryId;
const linesIn = (format: ExportFormat) => (e: Exported) => linesOf(format, e.entry);

export class ExportService {
  constructor(
    private readonly db: Database,
    private readonly policy: Policy,
    private readonly clock: Clock,
    private readonly lists: ListService,
    private readonly log: TransparencyLog,
    private readonly access: AccessLog,
  ) {}

  private today(): IsoDate {
    return this.policy.localDate(this.clock.now());
  }

  /** One list's file of a day, in a format. */
  async file(list: string, date: IsoDate | undefined, format: ExportFormat): Promise<{ basis: ExportBasis; file: ExportFile }> {
    const source = await this.source(list, exportDay(date, this.today(), 'date'));
    try {
      const file = await render(format, `xinyong-${list}-${source.day}.${EXTENSIONS[format]}`, headerOf(format), linesOfSource(source, linesIn(format)));
      return { basis: listBasis(source), file };
    } finally {
      await source.close();
    }
  }

  /** The exports of a day in every format, with their digests (each file is written to hash it). */
  async manifest(list: string, date: IsoDate | undefined): Promise<ExportManifest> {
    const source = await this.source(list, exportDay(date, this.today(), 'date'), false);
    try {
      const files = {} as ExportManifest['files'];
      for (const format of ['ndjson', 'csv', 'ftm'] as const) {
        const file = await render(format, '', headerOf(format), linesOfSource(source, linesIn(format)));
        await file.discard();
        files[format] = { sha256: file.sha256, bytes: file.bytes, url: `/v1/exports/lists/${encodeURIComponent(list)}?date=${source.day}&format=${format}` };
      }
      return { ...listBasis(source), files };
    } finally {
      await source.close();
    }
  }

  /**
   * The delta from one day's export to another's (by default from the day before `to`): each
   * line added, changed (as it is now) or deleted (as it was), in key order. Applied to the
   * `from` file it gives the `to` file. The persons in the delta, not every person of either
   * day, are access-logged.
   */
  async delta(
    list: string,
    from: IsoDate | undefined,
    to: IsoDate | undefined,
    format: ExportFormat,
  ): Promise<{ from: ExportBasis; to: ExportBasis; counts: DeltaCounts; file: ExportFile }> {
    const { fromDay, toDay } = deltaDays(from, to, this.today());
    return deltaFile({
      open: (day) => this.source(list, day, false),
      fromDay,
      toDay,
      format,
      filename: `xinyong-${list}-${fromDay}-${toDay}.delta.${EXTENSIONS[format]}`,
      header: headerOf(format, true),
      keyOf: entryKey,
      lines: linesIn(format),
      persons: new PersonsLogged(this.access, EXPORTED, `${list} ${fromDay} to ${toDay}`),
      basis: listBasis,
    });
  }

  /**
   * A list's export of a day: the kept one; else, for yesterday (the day just ended), one made
   * now and kept (unless another maker kept one first, which is then read); else, today or a day
   * before yesterday never kept, the entries as known now, not kept: a request can make at most
   * one list's day a day permanent, never a copy of any past day it names. With `logged`, each
   * person in it is access-logged as exported; a manifest, which shows no one, reads unlogged.
   */
  private async source(list: string, day: IsoDate, logged = true): Promise<ListSource> {
    this.lists.def(list);
    const today = this.today();
    const kept = day < today ? ((await keptExport(this.db, list, day)) ?? (day === addDays(today, -1) ? await this.keepOnce(list, day) : null)) : null;
    return kept ? this.keptSource(list, day, kept, logged) : this.readNow(list, day, logged);
  }

  /** Makes and keeps a day's export, once at a time in this process per list and day. */
  private keepOnce(list: string, day: IsoDate): Promise<KeptExport> {
    return makeOnce(this.making, `${list} ${day}`, () => this.keep(list, day));
  }

  private readonly making = new Map<string, Promise<KeptExport>>();

  /**
   * Keeps every list's export of yesterday that is not kept yet (the scheduler's daily work, so
   * that a day's file is made soon after it ends rather than when first asked for). Returns how many it made.
   */
  async keepYesterday(): Promise<{ made: number; failures: unknown[] }> {
    const yesterday = addDays(this.today(), -1);
    let made = 0;
    const failures: unknown[] = [];
    for (const def of this.policy.lists) {
      try {
        // Entries no kept export owns, of a day three days gone, which no one makes any more
        // (only yesterday is made; a day's margin for a maker still at work across midnight).
        await dropUnkeptEntries(this.db, def.code, addDays(yesterday, -2));
        if (await keptExport(this.db, def.code, yesterday)) continue;
        await this.keepOnce(def.code, yesterday);
        made++;
      } catch (err) {
        // One list that fails holds no other back; the scheduler's next run tries it again.
        failures.push(err);
      }
    }
    return { made, failures };
  }

  /**
   * Makes a day's export and keeps it: its entries written a page at a time under a token of its
   * own (no transaction holds the store meanwhile), then the checkpoint made after they were read,
   * then the header, which keeps it. A maker that finds another's header first, or fails,
   * removes its own entries.
   */
  private async keep(list: string, day: IsoDate): Promise<KeptExport> {
    // Kept by another meanwhile (a make that ended between the caller's look and this one).
    const already = await keptExport(this.db, list, day);
    if (already) return already;
    const maker = randomUUID();
    try {
      let entries = 0;
      for (let after = ''; ;) {
        const page = await this.lists.exportPage(list, day, after, PAGE, null);
        if (page.length === 0) break;
        await writeExportEntries(
          this.db,
          list,
          day,
          maker,
          page.map((p) => ({ entryId: p.entry.entryId, subjectKey: p.subjectKey, item: JSON.stringify(canonicalItem(p.entry)) })),
        );
        entries += page.length;
        after = page[page.length - 1]!.entry.entryId;
      }
      const checkpoint = await this.log.currentCheckpoint();
      const header: KeptExport = { maker, madeAt: this.clock.now().toISOString(), checkpointId: checkpoint.id, entries };
      if (await keepExportHeader(this.db, list, day, header)) return header;
      await dropExportEntries(this.db, list, day, maker);
    } catch (err) {
      // Left behind if this fails too: the next day's sweep (dropUnkeptEntries) removes them.
      await dropExportEntries(this.db, list, day, maker).catch(() => undefined);
      throw err;
    }
    const kept = await keptExport(this.db, list, day);
    if (!kept) throw new Error(`the export of ${list} on ${day} was kept by another maker and is not there`);
    return kept;
  }

  /** A kept export; the persons on each page are access-logged as it is read to be served. */
  private async keptSource(list: string, day: IsoDate, kept: KeptExport, logged: boolean): Promise<ListSource> {
    const { db, access } = this;
    return {
      list,
      day,
      kept: true,
      madeAt: kept.madeAt,
      entries: kept.entries,
      checkpoint: { id: kept.checkpointId, note: await this.log.checkpointNoteById(kept.checkpointId) },
      async *pages() {
        for (let after = ''; ;) {
          const rows = await keptEntries(db, list, day, kept.maker, after, PAGE);
          if (rows.length === 0) return;
          if (logged) await access.viewed(personsIn(rows), 'public', EXPORTED, `${list} ${day}`);
          yield rows.map((r) => ({ subjectKey: r.subjectKey, entry: JSON.parse(r.item) as ExportItem }));
          after = rows[rows.length - 1]!.entryId;
        }
      },
      close: async () => undefined,
    };
  }

  /** Today's entries on a list (or a day's never kept) as known now. */
  private readNow(list: string, day: IsoDate, logged: boolean): Promise<ListSource> {
    const lists = this.lists;
    async function* pages(): AsyncIterable<Exported[]> {
      for (let after = ''; ;) {
        const page = await lists.exportPage(list, day, after, PAGE, logged ? EXPORTED : null);
        if (page.length === 0) return;
        yield page.map((p) => ({ subjectKey: p.subjectKey, entry: canonicalItem(p.entry) }));
        after = page[page.length - 1]!.entry.entryId;
      }
    }
    return spooled(pages(), async () => {
      const checkpoint = await this.log.currentCheckpoint();
      return { list, day, kept: false, madeAt: this.clock.now().toISOString(), checkpoint: { id: checkpoint.id, note: checkpoint.note } };
    }) as Promise<ListSource>;
  }
}

const listBasis = (s: ListSource): ExportBasis => ({ list: s.list, ...basisOf(s) });
