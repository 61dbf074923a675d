// Importing a file of records (NDJSON, or CSV with dotted column names) through the intake
// service, in batches. Each batch commits together with the byte offset reached, so a rerun
// after a crash resumes after the last committed batch; intake's idempotency covers the rest.
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { parse as parseCsv } from 'csv-parse';
import type { Policy } from '../../domain/policy/policy.ts';
import type { FieldType } from '../../domain/policy/schema.ts';
import { assertNever } from '../../domain/assert-never.ts';
import type { Database, Queryable } from '../../store/database.ts';
import type { AgencyPrincipal } from '../../kernel/principal.ts';
import type { IntakeService, SubmissionLine } from './intake.service.ts';
import { importProgress, saveImportProgress } from './records.store.ts';

export type ImportFormat = 'ndjson' | 'csv';

export interface ImportOptions {
  format?: ImportFormat;
  batchSize?: number;
  lenientCodes?: boolean;
  /** Stop after this many batches (import a large file in slices; a rerun continues). */
  maxBatches?: number;
  onProgress?: (p: { bytes: number; totalBytes: number; records: number; duplicates: number }) => void;
}

export interface ImportResult {
  source: string;
  digest: string;
  format: ImportFormat;
  resumedFromLine: number;
  lines: number;
  created: number;
  duplicates: number;
  alreadyComplete: boolean;
  /** False when stopped by maxBatches before the end of the file. */
  complete: boolean;
}

export function detectFormat(path: string): ImportFormat {
  return /\.csv$/i.test(path) ? 'csv' : 'ndjson';
}

async function fileDigest(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

interface SourceLine {
  line: number;
  /** Byte offset just after this line. */
  end: number;
  value: SubmissionLine;
}

/** NDJSON lines from a byte offset, with the offset after each line. */
async function* ndjsonLines(path: string, offset: number, firstLine: number): AsyncGenerator<SourceLine> {
  let pending: Buffer = Buffer.alloc(0);
  let pos = offset;
  let line = firstLine;
  for await (const chunk of createReadStream(path, { start: offset })) {
    pending = pending.length ? Buffer.concat([pending, chunk as Buffer]) : (chunk as Buffer);
    let nl: number;
    while ((nl = pending.indexOf(10)) >= 0) {
      const raw = pending.subarray(0, nl).toString('utf8').replace(/\r$/, '');
      pending = pending.subarray(nl + 1);
      pos += nl + 1;
      const n = line++;
      if (raw.trim() === '') continue;
      yield { line: n, end: pos, value: jsonLine(n, raw) };
    }
  }
  if (pending.length > 0 && pending.toString('utf8').trim() !== '') {
    pos += pending.length;
    yield { line, end: pos, value: jsonLine(line, pending.toString('utf8')) };
  }
}

/** A line of an NDJSON file as a submission line: its value, or why it is not JSON. */
function jsonLine(line: number, raw: string): SubmissionLine {
  try {
    return { line, value: JSON.parse(raw) };
  } catch (err) {
    return { line, errors: [{ field: '', message: `not valid JSON: ${(err as Error).message}` }] };
  }
}

/** Turns a CSV row with dotted headers into a record, typing field values by the catalogue. */
export function csvRowToRecord(row: Record<string, string>, policy: Policy): unknown {
  const record: Record<string, Record<string, unknown> | string> = {};
  const item = policy.item(row.item ?? '');
  for (const [col, rawValue] of Object.entries(row)) {
    const value = rawValue.trim();
    if (value === '') continue;
    if (col === 'item') {
      record.item = value;
      continue;
    }
    const dot = col.indexOf('.');
    if (dot < 0) {
      record[col] = value;
      continue;
    }
    const group = col.slice(0, dot);
    const name = col.slice(dot + 1);
    const target = (record[group] ??= {}) as Record<string, unknown>;
    if (group !== 'fields') {
      target[name] = value;
      continue;
    }
    const def = item?.fields.find((f) => f.name === name);
    // A column the item does not have stays text; the intake service names it.
    target[name] = def ? csvValue(def.type, value) : value;
  }
  return record;
}

/** A CSV cell typed by its field's type (a cell that does not parse stays text, for intake to refuse). */
function csvValue(type: FieldType, value: string): unknown {
  switch (type) {
    case 'money':
    case 'number':
    case 'integer':
      return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
    case 'boolean':
      return value === 'true' ? true : value === 'false' ? false : value;
    case 'enum-list':
      return value.split('|').map((v) => v.trim());
    case 'text':
    case 'date':
    case 'enum':
    case 'uscc':
    case 'resident-id':
    case 'person-name':
      return value;
    default:
      return assertNever(type, 'field type');
  }
}

/** CSV rows from a byte offset (the header is read from the start of the file). */
async function* csvLines(path: string, offset: number, firstLine: number, policy: Policy): AsyncGenerator<SourceLine> {
  const headerParser = createReadStream(path).pipe(parseCsv({ to_line: 1, bom: true, info: true }));
  let header: string[] = [];
  let headerBytes = 0;
  for await (const r of headerParser as AsyncIterable<{ record: string[]; info: { bytes: number } }>) {
    header = r.record.map((h) => h.trim());
    headerBytes = r.info.bytes;
  }
  if (header.length === 0) return;
  const start = Math.max(offset, headerBytes);
  const parser = createReadStream(path, { start }).pipe(
    parseCsv({ columns: header, info: true, relax_column_count: false, skip_empty_lines: true, bom: start === 0 }),
  );
  let line = Math.max(firstLine, 2);
  try {
    for await (const r of parser as AsyncIterable<{ record: Record<string, string>; info: { bytes: number; lines: number } }>) {
      const n = line++;
      yield { line: n, end: start + r.info.bytes, value: { line: n, value: csvRowToRecord(r.record, policy) } };
    }
  } catch (err) {
    yield { line, end: -1, value: { line, errors: [{ field: '', message: `not valid CSV: ${(err as Error).message}` }] } };
  }
}

export async function importFile(
  db: Database,
  intake: IntakeService,
  policy: Policy,
  agency: AgencyPrincipal,
  path: string,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const format = options.format ?? detectFormat(path);
  const batchSize = options.batchSize ?? 5000;
  const totalBytes = statSync(path).size;
  const digest = await fileDigest(path);
  const progress = (await importProgress(db, digest, agency.code)) ?? { byteOffset: 0, line: 0, records: 0, duplicates: 0, completed: false };
  const result: ImportResult = {
    source: basename(path),
    digest,
    format,
    resumedFromLine: progress.line,
    lines: progress.line,
    created: progress.records,
    duplicates: progress.duplicates,
    alreadyComplete: progress.completed,
    complete: progress.completed,
  };
  if (progress.completed) return result;

  const source =
    format === 'csv' ? csvLines(path, progress.byteOffset, progress.line + 1, policy) : ndjsonLines(path, progress.byteOffset, progress.line + 1);
  let batch: SourceLine[] = [];
  const flush = async (final: boolean) => {
    if (batch.length === 0 && !final) return;
    const last = batch[batch.length - 1];
    const offset = last ? last.end : progress.byteOffset;
    const lineNo = last ? last.line : result.lines;
    const save = (tx: Queryable, created: number, duplicates: number) =>
      saveImportProgress(
        tx,
        { digest, agencyCode: agency.code, name: result.source },
        { byteOffset: offset, line: lineNo, records: result.created + created, duplicates: result.duplicates + duplicates, completed: final },
      );
    if (batch.length === 0) {
      await db.transaction((tx) => save(tx, 0, 0));
    } else {
      const r = await intake.submit(
        agency,
        batch.map((b) => b.value),
        { lenientCodes: options.lenientCodes ?? false, inTransaction: (tx, res) => save(tx, res.created, res.duplicates) },
      );
      result.created += r.created;
      result.duplicates += r.duplicates;
    }
    result.lines = lineNo;
    progress.byteOffset = offset;
    // A batch was committed (a final flush with no lines only marks the import complete).
    if (batch.length > 0) options.onProgress?.({ bytes: offset, totalBytes, records: result.created, duplicates: result.duplicates });
    batch = [];
  };
  let batches = 0;
  for await (const l of source) {
    batch.push(l);
    if (batch.length >= batchSize) {
      await flush(false);
      if (options.maxBatches !== undefined && ++batches >= options.maxBatches) return result;
    }
  }
  await flush(true);
  result.complete = true;
  return result;
}
