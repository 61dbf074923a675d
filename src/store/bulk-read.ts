// Reading many rows at once as COPY text: the database writes the rows of a query (columns
// separated by tabs, rows ended by newlines, \N for null, backslash escapes inside values) and
// they are split here. Row by row, both drivers decode every field of every row in JavaScript,
// which dominates large reads; COPY is the database's own fastest output, faster than rows or
// one string_agg value. COPY takes no parameters, so the query's values are literals made by
// `literal`.
import type { Queryable } from './database.ts';

const UNESCAPE: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/**
 * A SQL literal for a value of ours in a COPY query: a string, a text array or NULL. Quotes are
 * doubled; a backslash makes it an E'' string with backslashes doubled, so the literal reads the
 * same whatever standard_conforming_strings says.
 */
export function literal(value: string | readonly string[] | null): string {
  if (value === null) return 'NULL';
  if (typeof value !== 'string') return `ARRAY[${value.map((v) => literal(v)).join(', ')}]::text[]`;
  if (value.includes('\u0000')) throw new RangeError('a literal cannot hold a NUL character');
  const quoted = value.replace(/'/g, "''");
  return value.includes('\\') ? `E'${quoted.replace(/\\/g, '\\\\')}'` : `'${quoted}'`;
}

/** The value of one COPY text field: null for \N, escapes undone. */
function field(raw: string): string | null {
  if (raw === '\\N') return null;
  return raw.includes('\\') ? raw.replace(/\\(.)/g, (_, c: string) => UNESCAPE[c] ?? c) : raw;
}

/** The rows of COPY text, as strings (null for SQL NULL). */
export function splitCopy(text: string, width: number): Array<Array<string | null>> {
  const out: Array<Array<string | null>> = [];
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const parts: Array<string | null> = text.slice(start, end).split('\t');
    if (parts.length !== width) throw new Error(`splitCopy: a row has ${parts.length} fields, not ${width}`);
    for (let i = 0; i < parts.length; i++) parts[i] = field(parts[i]!);
    out.push(parts);
    start = end + 1;
  }
  return out;
}

/**
 * SELECT columns FROM ... ORDER BY ... as COPY text. `from` is the rest of the statement after
 * the column list (FROM, WHERE) with its values as literals; `orderBy` orders the rows.
 */
export function selectCopy(q: Queryable, columns: readonly string[], from: string, orderBy: string): Promise<string> {
  return q.copyOut(`SELECT ${columns.join(', ')} ${from} ORDER BY ${orderBy}`);
}

/** SELECT columns FROM ... as rows of strings (null for SQL NULL): selectCopy, split. */
export async function selectText(q: Queryable, columns: readonly string[], from: string, orderBy: string): Promise<Array<Array<string | null>>> {
  return splitCopy(await selectCopy(q, columns, from, orderBy), columns.length);
}
