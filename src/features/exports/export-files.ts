// What every export shares: a file written to a temporary file first, hashing as it goes, so that
// the answer carries its length and digest before its body and the memory used stays that of a
// page whatever the size; what a file reflects (its day, whether it is kept, the ledger
// checkpoint); an export's items spooled to a file to be read more than once; and the delta
// between two exports, merged from both in key order.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { AppError } from '../../kernel/problems.ts';
import type { AccessLog } from '../access-log/access-log.service.ts';
import { addDays, type IsoDate } from '../../domain/dates.ts';
import { CONTENT_TYPES, deltaLine, itemDelta, type ExportFormat, type KeyedLine } from './export-formats.ts';

/** The earliest day an export is of: before any list or record, and a date every store holds (year 1's day before is none). */
export const EARLIEST_DAY = '1900-01-01';

/** Items read from the store at a time. */
export const PAGE = 1000;

/** What a file reflects: the day, whether the export is kept, the items in it and the ledger checkpoint. */
export interface FileBasis {
  day: IsoDate;
  /** Kept as made once its day ended (its bytes never change), or read as known now. */
  kept: boolean;
  madeAt: string;
  /** Items in the export: a list's entries, or public records. */
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

/** An export's items, a page at a time, and the basis they carry. */
export interface Source<T> extends FileBasis {
  pages(): AsyncIterable<T[]>;
  close(): Promise<void>;
}

/** A file's digest, size and address, as a manifest lists it. */
export interface FileDigest {
  sha256: string;
  bytes: number;
  url: string;
}

export function basisOf<T>(s: Source<T>): FileBasis {
  return { day: s.day, kept: s.kept, madeAt: s.madeAt, entries: s.entries, checkpoint: s.checkpoint };
}

/**
 * The day of an export: today by default; never a day that has not begun, nor one before
 * EARLIEST_DAY. `field` names the parameter in the error.
 */
export function exportDay(date: IsoDate | undefined, today: IsoDate, field: string): IsoDate {
  const day = date ?? today;
  if (day > today) throw new AppError('validation-failed', `${field}: ${day} has not begun (today is ${today}); an export is of a day that has`);
  if (day < EARLIEST_DAY)
    throw new AppError('validation-failed', `${field}: ${day} is before ${EARLIEST_DAY}, before any list or record`, {
      errors: [{ field, message: `must be ${EARLIEST_DAY} or later` }],
    });
  return day;
}

/** A delta's two days: `to` (default today) and `from` (default the day before), from before to. */
export function deltaDays(from: IsoDate | undefined, to: IsoDate | undefined, today: IsoDate): { fromDay: IsoDate; toDay: IsoDate } {
  const toDay = exportDay(to, today, 'to');
  const fromDay = exportDay(from ?? addDays(toDay, -1), today, 'from');
  if (fromDay >= toDay) throw new AppError('validation-failed', `from: ${fromDay} is not before to (${toDay}); a delta goes forward`);
  return { fromDay, toDay };
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
async function* pagesOfFile<T>(path: string): AsyncIterable<T[]> {
  let page: T[] = [];
  for await (const line of createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity })) {
    if (!line) continue;
    page.push(JSON.parse(line) as T);
    if (page.length === PAGE) {
      yield page;
      page = [];
    }
  }
  if (page.length > 0) yield page;
}

/** Lines a bucket of inKeyOrder gathers before they are appended to its file. */
const BUCKET_LINES = 256;

/**
 * Items read in any order, given back in key order a page at a time: written as JSON lines to
 * temporary files, one for each first `prefix` characters of their keys (keys whose characters
 * after a fixed head are a hash, such as record ids, spread evenly over them), each file sorted
 * in memory in its turn. Memory holds one file's items, not all of them.
 */
export async function* inKeyOrder<T>(pages: AsyncIterable<T[]>, keyOf: (item: T) => string, prefix: number): AsyncIterable<T[]> {
  const { dir, remove } = await scratch();
  try {
    const pending = new Map<string, string[]>();
    const fileOf = (bucket: string) => join(dir, Buffer.from(bucket).toString('hex'));
    for await (const page of pages) {
      for (const item of page) {
        const bucket = keyOf(item).slice(0, prefix);
        let lines = pending.get(bucket);
        if (!lines) pending.set(bucket, (lines = []));
        lines.push(`${JSON.stringify(item)}\n`);
        if (lines.length >= BUCKET_LINES) {
          await appendFile(fileOf(bucket), lines.join(''));
          lines.length = 0;
        }
      }
    }
    for (const [bucket, lines] of pending) if (lines.length > 0) await appendFile(fileOf(bucket), lines.join(''));
    // A shorter prefix is a key's whole self, which sorts before every key it begins.
    for (const bucket of [...pending.keys()].sort()) {
      const items = (await readFile(fileOf(bucket), 'utf8'))
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => ({ key: '', item: JSON.parse(line) as T }));
      for (const e of items) e.key = keyOf(e.item);
      items.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      for (let i = 0; i < items.length; i += PAGE) yield items.slice(i, i + PAGE).map((e) => e.item);
    }
  } finally {
    await remove();
  }
}

/**
 * Items read now, spooled to a temporary file as JSON lines, so that every pass over them (a
 * manifest writes each format) reads the same items; then the basis, whose checkpoint, made
 * after they were read, holds every event they reflect.
 */
export async function spooled<T>(pages: AsyncIterable<T[]>, basis: (entries: number) => Promise<Omit<FileBasis, 'entries'>>): Promise<Source<T>> {
  const { dir, remove } = await scratch();
  try {
    const path = join(dir, 'items.ndjson');
    let entries = 0;
    await toFile(
      path,
      (async function* () {
        for await (const page of pages) {
          entries += page.length;
          yield page.map((item) => `${JSON.stringify(item)}\n`).join('');
        }
      })(),
    );
    return { ...(await basis(entries)), entries, pages: () => pagesOfFile<T>(path), close: remove };
  } catch (err) {
    await remove();
    throw err;
  }
}

/** Writes a file's lines to a temporary file, counting and hashing them. */
export async function render(format: ExportFormat, filename: string, header: string | null, lines: AsyncIterable<string>): Promise<ExportFile> {
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

/** The lines of every item of a source, in its order. */
export async function* linesOfSource<T>(source: Source<T>, lines: (item: T) => readonly KeyedLine[]): AsyncIterable<string> {
  for await (const page of source.pages()) for (const item of page) for (const line of lines(item)) yield line.text;
}

/**
 * Two sources' items side by side, both read in key order and merged: each key once, with its
 * item in the older source and in the newer (either null where it has none).
 */
export async function* mergeByKey<T>(older: AsyncIterable<T[]>, newer: AsyncIterable<T[]>, keyOf: (item: T) => string): AsyncIterable<[T | null, T | null]> {
  const a = itemsOf(older)[Symbol.asyncIterator]();
  const b = itemsOf(newer)[Symbol.asyncIterator]();
  try {
    let x = await a.next();
    let y = await b.next();
    while (!x.done || !y.done) {
      let before: T | null = null;
      let after: T | null = null;
      if (!x.done && (y.done || keyOf(x.value) <= keyOf(y.value))) before = x.value;
      if (!y.done && (x.done || keyOf(y.value) <= keyOf(x.value))) after = y.value;
      yield [before, after];
      if (before) x = await a.next();
      if (after) y = await b.next();
    }
  } finally {
    await Promise.all([a.return?.(undefined), b.return?.(undefined)]);
  }
}

/**
 * The delta file's lines between two sources: every line added, changed or deleted, in key
 * order. `changed` hears of each item with a line in the delta (as it is in the newer source,
 * or, deleted, in the older) before its lines are written.
 */
export async function* deltaLines<T>(
  format: ExportFormat,
  older: Source<T>,
  newer: Source<T>,
  keyOf: (item: T) => string,
  lines: (item: T) => readonly KeyedLine[],
  counts: DeltaCounts,
  changed?: (item: T) => Promise<void>,
): AsyncIterable<string> {
  for await (const [before, after] of mergeByKey(older.pages(), newer.pages(), keyOf)) {
    const ops = itemDelta(lines, before, after);
    if (ops.length > 0 && changed) await changed((after ?? before)!);
    for (const { op, line } of ops) {
      counts[op === 'ADD' ? 'added' : op === 'MOD' ? 'modified' : 'deleted']++;
      yield deltaLine(format, op, line);
    }
  }
}

async function* itemsOf<T>(pages: AsyncIterable<T[]>): AsyncGenerator<T> {
  for await (const page of pages) yield* page;
}

/** The subjects of a page, each once (the access log has one entry a person a page, however many lines name it). */
export const personsIn = (page: ReadonlyArray<{ subjectKey: string }>) => [...new Set(page.map((p) => p.subjectKey))];

/** The persons a delta shows, access-logged a page at a time (each once a page) as the delta is written. */
export class PersonsLogged {
  private readonly pending = new Set<string>();

  constructor(
    private readonly access: AccessLog,
    private readonly action: string,
    private readonly detail: string,
  ) {}

  async add(subjectKey: string): Promise<void> {
    this.pending.add(subjectKey);
    if (this.pending.size >= PAGE) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const keys = [...this.pending];
    this.pending.clear();
    await this.access.viewed(keys, 'public', this.action, this.detail);
  }
}

/**
 * The delta file between two days' exports, each day's source opened by `open` (unlogged) and
 * closed after: every line added, changed or deleted, in key order, and the persons in it
 * (not every person of either day) access-logged before it is served; a file whose log failed
 * is removed. `basis` says what each day's file reflects.
 */
export async function deltaFile<T extends { subjectKey: string }, S extends Source<T>, B>(spec: {
  open: (day: IsoDate) => Promise<S>;
  fromDay: IsoDate;
  toDay: IsoDate;
  format: ExportFormat;
  filename: string;
  header: string | null;
  keyOf: (item: T) => string;
  lines: (item: T) => readonly KeyedLine[];
  persons: PersonsLogged;
  basis: (source: S) => B;
}): Promise<{ from: B; to: B; counts: DeltaCounts; file: ExportFile }> {
  const older = await spec.open(spec.fromDay);
  try {
    const newer = await spec.open(spec.toDay);
    try {
      const counts: DeltaCounts = { added: 0, modified: 0, deleted: 0 };
      const lines = deltaLines(spec.format, older, newer, spec.keyOf, spec.lines, counts, (item) => spec.persons.add(item.subjectKey));
      const file = await render(spec.format, spec.filename, spec.header, lines);
      await spec.persons.flush().catch(async (err: unknown) => {
        await file.discard();
        throw err;
      });
      return { from: spec.basis(older), to: spec.basis(newer), counts, file };
    } finally {
      await newer.close();
    }
  } finally {
    await older.close();
  }
}

/** One making of a key at a time in this process: a second asker while it is made waits for the same. */
export function makeOnce<K, V>(making: Map<K, Promise<V>>, key: K, make: () => Promise<V>): Promise<V> {
  let made = making.get(key);
  if (!made) {
    made = make().finally(() => making.delete(key));
    making.set(key, made);
  }
  return made;
}

/** Sends a file's bytes and removes it once sent (or the client went away). */
export function fileStream(file: ExportFile): NodeJS.ReadableStream {
  const stream = createReadStream(file.path);
  stream.once('close', () => void file.discard());
  return stream;
}
