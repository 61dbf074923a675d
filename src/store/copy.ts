// The text format of COPY: one line per row, columns separated by tabs, \N for null, and
// backslash escapes for backslash, newline, carriage return and tab. Values are encoded by
// their JavaScript type; table and column names are always constants in our code.

const ESCAPE_RE = /[\\\n\r\t]/;
const ESCAPE_ALL = /[\\\n\r\t]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function copyText(value: string): string {
  return ESCAPE_RE.test(value) ? value.replace(ESCAPE_ALL, (c) => ESCAPES[c]!) : value;
}

/** Encodes one value: null, string, number, boolean, Buffer (bytea) or an object (as JSON). */
export function copyValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  switch (typeof value) {
    case 'string':
      return copyText(value);
    case 'number':
      return String(value);
    case 'boolean':
      return value ? 't' : 'f';
    default:
      if (Buffer.isBuffer(value)) return `\\\\x${value.toString('hex')}`;
      return copyText(JSON.stringify(value));
  }
}

/** Encodes rows for copyIn. */
export function copyRows(rows: readonly (readonly unknown[])[]): string {
  let out = '';
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) out += (i === 0 ? '' : '\t') + copyValue(row[i]);
    out += '\n';
  }
  return out;
}
