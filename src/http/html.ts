// A small HTML template helper: values are escaped unless wrapped in raw(); arrays are joined.
// Pages are plain functions of data, rendered on the server; they work without JavaScript.

export class Raw {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export const raw = (s: string): Raw => new Raw(s);

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESC[c]!);
}

function render(v: unknown): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof Raw) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(String(v));
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Raw {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return new Raw(out);
}

/** A table cell that needs a class (e.g. the colour of a negative or positive entry). */
export class Td {
  constructor(
    readonly className: string,
    readonly content: unknown,
  ) {}
}
export const td = (className: string, content: unknown): Td => new Td(className, content);

/** A data table: column headers (scoped for screen readers), an optional caption, one row per item. */
export function table<T>(headers: readonly unknown[], items: readonly T[], cells: (item: T) => readonly unknown[], caption?: unknown): Raw {
  const cell = (c: unknown) => (c instanceof Td ? html`<td class="${c.className}">${c.content}</td>` : html`<td>${c}</td>`);
  return html`<table>
    ${
      caption === undefined
        ? ''
        : html`<caption class="note">
            ${caption}
          </caption>`
    }
    <thead>
      <tr>
        ${headers.map((h) => html`<th scope="col">${h}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${items.map(
        (item) =>
          html`<tr>
            ${cells(item).map(cell)}
          </tr>`,
      )}
    </tbody>
  </table>`;
}
