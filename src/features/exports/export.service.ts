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
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Database } from '../../store/database.ts';
import type { Policy } from '../../domain/policy/policy.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError } from '../../kernel/problems.ts';
import { addDays, type IsoDate } from '../../domain/dates.ts';
import type { ListService } from '../lists/list.service.ts';
import type { TransparencyLog } from '../transparency/transparency.service.ts';
import type { AccessLog } from '../access-log/access-log.service.ts';
import { dropExportEntries, dropUnkeptEntries, keepExportHeader, keptEntries, keptExport, writeExportEntries, type KeptExport } from './exports.store.ts';
import { CONTENT_TYPES, EXTENSIONS, deltaLine, entryDelta, headerOf, linesOf, type ExportFormat, type ExportItem } from './export-formats.ts';

/** The earliest day an export is of: before any list, and a date every store holds (year 1's day before is none). */
const EARLIEST_DAY = '1900-01-01';

/** Entries read from the store at a time. */
const PAGE = 1000;

/** What a file reflects: the list, the day, whether the export is kept, and the ledger checkpoint. */
export interface ExportBasis {
  list: string;
  day: IsoDate;
  /** Kept as made on its day (its bytes never change), or read from the entries as known now. */
  kept: boolean;
  madeAt: string;
  entries: number;
  checkpoint: { id: number; note: string };
}

/** A file ready to send: its bytes are in `path` until `discard`. */
export interface ExportFile {
  format: ExportFormat;
  contentType: string;
  filename: string;
  bytes: number;
  sha256: string;
  lines: number;
  path: string;
  discard(): Promise<void>;
}

export interface DeltaCounts {
  added: number;
  modified: number;
  deleted: number;
}

/** The exports of a day as a manifest lists them. */
export interface ExportManifest extends ExportBasis {
  files: Record<ExportFormat, { sha256: string; bytes: number; url: string }>;
}

/** An export's entries, a page at a time, and the basis they carry. */
interface Source extends ExportBasis {
  pages(): AsyncIterable<ExportItem[]>;
  close(): Promise<void>;
}

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

/** A temporary directory for one file, removed with it. */
async function scratch(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'xinyong-export-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Writes text pieces to a file; a failure of the disk is the promise's, never an unhandled event. */
function toFile(path: string, pieces: AsyncIterable<string>): Promise<void> {
  return pipeline(Readable.from(pieces), createWriteStream(path));
}

/** Reads a file of JSON lines back a page at a time. */
async function* pagesOfFile(path: string): AsyncIterable<ExportItem[]> {
  let page: ExportItem[] = [];
  for await (const line of createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity })) {
    if (!line) continue;
    page.push(JSON.parse(line) as ExportItem);
    if (page.length === PAGE) {
      yield page;
      page = [];
    }
  }
  if (page.length > 0) yield page;
}

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

  /** The day of an export: today by default; never a day that has not begun. */
  private day(date: IsoDate | undefined, field: string): IsoDate {
    const today = this.today();
    const day = date ?? today;
    if (day > today) throw new AppError('validation-failed', `${field}: ${day} has not begun (today is ${today}); an export is of a day that has`);
    if (day < EARLIEST_DAY)
      throw new AppError('validation-failed', `${field}: ${day} is before ${EARLIEST_DAY}, before any list`, {
        errors: [{ field, message: `must be ${EARLIEST_DAY} or later` }],
      });
    return day;
  }

  /** One list's file of a day, in a format. */
  async file(list: string, date: IsoDate | undefined, format: ExportFormat): Promise<{ basis: ExportBasis; file: ExportFile }> {
    const source = await this.source(list, this.day(date, 'date'));
    try {
      const file = await this.render(format, `xinyong-${list}-${source.day}.${EXTENSIONS[format]}`, headerOf(format), this.linesOfSource(format, source));
      return { basis: basisOf(source), file };
    } finally {
      await source.close();
    }
  }

  /** The exports of a day in every format, with their digests (each file is written to hash it). */
  async manifest(list: string, date: IsoDate | undefined): Promise<ExportManifest> {
    const source = await this.source(list, this.day(date, 'date'), false);
    try {
      const files = {} as ExportManifest['files'];
      for (const format of ['ndjson', 'csv', 'ftm'] as const) {
        const file = await this.render(format, '', headerOf(format), this.linesOfSource(format, source));
        await file.discard();
        files[format] = { sha256: file.sha256, bytes: file.bytes, url: `/v1/exports/lists/${encodeURIComponent(list)}?date=${source.day}&format=${format}` };
      }
      return { ...basisOf(source), files };
    } finally {
      await source.close();
    }
  }

  /**
   * The delta from one day's export to another's (by default from the day before `to`): each
   * line added, changed (as it is now) or deleted (as it was), in key order. Applied to the
   * `from` file it gives the `to` file.
   */
  async delta(
    list: string,
    from: IsoDate | undefined,
    to: IsoDate | undefined,
    format: ExportFormat,
  ): Promise<{ from: ExportBasis; to: ExportBasis; counts: DeltaCounts; file: ExportFile }> {
    const toDay = this.day(to, 'to');
    const fromDay = this.day(from ?? addDays(toDay, -1), 'from');
    if (fromDay >= toDay) throw new AppError('validation-failed', `from: ${fromDay} is not before to (${toDay}); a delta goes forward`);
    const older = await this.source(list, fromDay);
    try {
      const newer = await this.source(list, toDay);
      try {
        const counts: DeltaCounts = { added: 0, modified: 0, deleted: 0 };
        const lines = this.deltaLines(format, older, newer, counts);
        const file = await this.render(format, `xinyong-${list}-${fromDay}-${toDay}.delta.${EXTENSIONS[format]}`, headerOf(format, true), lines);
        return { from: basisOf(older), to: basisOf(newer), counts, file };
      } finally {
        await newer.close();
      }
    } finally {
      await older.close();
    }
  }

  private async *linesOfSource(format: ExportFormat, source: Source): AsyncIterable<string> {
    for await (const page of source.pages()) for (const item of page) for (const line of linesOf(format, item)) yield line.text;
  }

  /** The delta's lines: both exports are read in entry id order and merged. */
  private async *deltaLines(format: ExportFormat, older: Source, newer: Source, counts: DeltaCounts): AsyncIterable<string> {
    const a = items(older.pages());
    const b = items(newer.pages());
    try {
      let x = await a.next();
      let y = await b.next();
      while (!x.done || !y.done) {
        let before: ExportItem | null = null;
        let after: ExportItem | null = null;
        if (!x.done && (y.done || x.value.entryId <= y.value.entryId)) before = x.value;
        if (!y.done && (x.done || y.value.entryId <= x.value.entryId)) after = y.value;
        for (const { op, line } of entryDelta(format, before, after)) {
          counts[op === 'ADD' ? 'added' : op === 'MOD' ? 'modified' : 'deleted']++;
          yield deltaLine(format, op, line);
        }
        if (before) x = await a.next();
        if (after) y = await b.next();
      }
    } finally {
      await Promise.all([a.return?.(undefined), b.return?.(undefined)]);
    }
  }

  /** Writes a file's lines to a temporary file, counting and hashing them. */
  private async render(format: ExportFormat, filename: string, header: string | null, lines: AsyncIterable<string>): Promise<ExportFile> {
    const { dir, remove } = await scratch();
    try {
      const path = join(dir, 'file');
      const hash = createHash('sha256');
      let bytes = 0;
      let count = 0;
      await toFile(
        path,
        (async function* () {
          const put = (line: string) => {
            const text = `${line}\n`;
            hash.update(text);
            bytes += Buffer.byteLength(text);
            return text;
          };
          if (header !== null) yield put(header);
          for await (const line of lines) {
            count++;
            yield put(line);
          }
        })(),
      );
      return { format, contentType: CONTENT_TYPES[format], filename, bytes, sha256: hash.digest('hex'), lines: count, path, discard: remove };
    } catch (err) {
      await remove();
      throw err;
    }
  }

  /**
   * A list's export of a day: the kept one; else, for yesterday (the day just ended), one made
   * now and kept (unless another maker kept one first, which is then read); else, today or a day
   * before yesterday never kept, the entries as known now, not kept: a request can make at most
   * one list's day a day permanent, never a copy of any past day it names. With `logged`, each
   * person in it is access-logged as exported; a manifest, which shows no one, reads unlogged.
   */
  private async source(list: string, day: IsoDate, logged = true): Promise<Source> {
    this.lists.def(list);
    const today = this.today();
    const kept = day < today ? ((await keptExport(this.db, list, day)) ?? (day === addDays(today, -1) ? await this.keepOnce(list, day) : null)) : null;
    return kept ? this.keptSource(list, day, kept, logged) : this.readNow(list, day, logged);
  }

  /** Makes and keeps a day's export, once at a time in this process per list and day. */
  private keepOnce(list: string, day: IsoDate): Promise<KeptExport> {
    const key = `${list} ${day}`;
    let making = this.making.get(key);
    if (!making) {
      making = this.keep(list, day).finally(() => this.making.delete(key));
      this.making.set(key, making);
    }
    return making;
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
  private async keptSource(list: string, day: IsoDate, kept: KeptExport, logged: boolean): Promise<Source> {
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
          if (logged)
            await access.viewed(
              rows.map((r) => r.subjectKey),
              'public',
              'exported on a public list',
              `${list} ${day}`,
            );
          yield rows.map((r) => JSON.parse(r.item) as ExportItem);
          after = rows[rows.length - 1]!.entryId;
        }
      },
      close: async () => undefined,
    };
  }

  /**
   * Today's entries on a list as known now, spooled to a temporary file (so that every pass over
   * them reads the same entries; each person access-logged once), then the checkpoint made after
   * they were read, which therefore holds every event they reflect.
   */
  private async readNow(list: string, day: IsoDate, logged: boolean): Promise<Source> {
    const { dir, remove } = await scratch();
    try {
      const path = join(dir, 'entries.ndjson');
      let entries = 0;
      const lists = this.lists;
      await toFile(
        path,
        (async function* () {
          for (let after = ''; ;) {
            const page = await lists.exportPage(list, day, after, PAGE, logged ? 'exported on a public list' : null);
            if (page.length === 0) return;
            entries += page.length;
            yield page.map((p) => `${JSON.stringify(canonicalItem(p.entry))}\n`).join('');
            after = page[page.length - 1]!.entry.entryId;
          }
        })(),
      );
      const madeAt = this.clock.now().toISOString();
      const checkpoint = await this.log.currentCheckpoint();
      return {
        list,
        day,
        kept: false,
        madeAt,
        entries,
        checkpoint: { id: checkpoint.id, note: checkpoint.note },
        pages: () => pagesOfFile(path),
        close: remove,
      };
    } catch (err) {
      await remove();
      throw err;
    }
  }
}

function basisOf(s: Source): ExportBasis {
  return { list: s.list, day: s.day, kept: s.kept, madeAt: s.madeAt, entries: s.entries, checkpoint: s.checkpoint };
}

async function* itemsOf(pages: AsyncIterable<ExportItem[]>): AsyncGenerator<ExportItem> {
  for await (const page of pages) yield* page;
}

const items = (pages: AsyncIterable<ExportItem[]>) => itemsOf(pages)[Symbol.asyncIterator]();

/** Sends a file's bytes and removes it once sent (or the client went away). */
export function fileStream(file: ExportFile): NodeJS.ReadableStream {
  const stream = createReadStream(file.path);
  stream.once('close', () => void file.discard());
  return stream;
}
