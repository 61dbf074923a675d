// A furnishing batch as a file: NDJSON (one line per line; a line that is not JSON is an error of
// the whole line), or CSV (a header row naming the items, with `kind`, then one line per row;
// blank cells are absent items, lists (guarantors, scope) are separated by '|', and each cell is
// typed by its item's type in the pack's standard). Lines are numbered as the file's lines.
import { parse as parseCsv } from 'csv-parse/sync';
import type { FurnishingStandard } from '../../domain/policy/furnishing-schema.ts';
import type { FurnishingLineInput } from './furnishing.service.ts';

function cellValue(type: string | undefined, value: string): unknown {
  switch (type) {
    case 'money':
    case 'integer':
      return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
    case 'boolean':
      return value === 'true' ? true : value === 'false' ? false : value;
    case 'borrower-list':
    case 'enum-list':
      return value.split('|').map((v) => v.trim());
    default:
      return value;
  }
}

export function ndjsonLines(text: string): FurnishingLineInput[] {
  const out: FurnishingLineInput[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') return;
    try {
      out.push({ line: i + 1, value: JSON.parse(line) as unknown });
    } catch (err) {
      out.push({ line: i + 1, errors: [{ field: '', message: `not valid JSON: ${(err as Error).message}` }] });
    }
  });
  return out;
}

export function csvLines(text: string, standard: FurnishingStandard): FurnishingLineInput[] {
  let rows: string[][];
  try {
    rows = parseCsv(text, { bom: true, relax_column_count: false, skip_empty_lines: false }) as string[][];
  } catch (err) {
    return [{ line: 0, errors: [{ field: '', message: `not valid CSV: ${(err as Error).message}` }] }];
  }
  const header = (rows[0] ?? []).map((h) => h.trim());
  if (!header.includes('kind')) return [{ line: 1, errors: [{ field: 'kind', message: 'the header names no kind column' }] }];
  const types = new Map<string, Map<string, string>>(standard.lines.map((l) => [l.kind, new Map(l.fields.map((f) => [f.name, f.type as string]))]));
  const out: FurnishingLineInput[] = [];
  rows.slice(1).forEach((cells, i) => {
    if (cells.every((c) => c.trim() === '')) return;
    const value: Record<string, unknown> = {};
    const kind = cells[header.indexOf('kind')]?.trim() ?? '';
    header.forEach((name, j) => {
      const cell = (cells[j] ?? '').trim();
      if (cell === '') return;
      value[name] = name === 'kind' ? cell : cellValue(types.get(kind)?.get(name), cell);
    });
    out.push({ line: i + 2, value });
  });
  return out;
}
