// Decision, document and case numbers of generated records: counters per prefix (authority,
// document type and year), so that every number the dataset writes is distinct and looks like
// the real ones: 杭西市监罚〔2024〕123号, （2024）浙0106执1234号.
import { hashString } from '../random.ts';

export interface Cell {
  prefix: string;
  n: number;
}

/** An authority or court with its own cache of counters (no string building per number). */
export interface Numbered {
  cells: Map<number, Cell>;
}

/** Decision and document numbers: per prefix counters, so that every number is distinct. */
export class Numbering {
  /** Counters by the full prefix (杭西市监罚〔2024〕), shared by every authority that writes it. */
  private readonly counters = new Map<string, Cell>();
  private readonly types = new Map<string, number>();

  private cell(holder: Numbered | undefined, abbr: string, type: string, year: number, court: boolean): Cell {
    let c: Cell | undefined;
    let key = 0;
    if (holder) {
      let t = this.types.get(type);
      if (t === undefined) this.types.set(type, (t = this.types.size));
      key = (t * 2 + (court ? 1 : 0)) * 8192 + (year & 8191);
      c = holder.cells.get(key);
      if (c) return c;
    }
    const prefix = court ? `（${year}）${abbr}${type}` : `${abbr}${type}〔${year}〕`;
    c = this.counters.get(prefix);
    if (!c) this.counters.set(prefix, (c = { prefix, n: hashString(prefix) % 400 }));
    if (holder) holder.cells.set(key, c);
    return c;
  }

  /** 杭西市监罚〔2024〕123号 */
  doc(a: { abbr: string; cells?: Map<number, Cell> }, type: string, year: number): string {
    const c = this.cell(a.cells ? (a as Numbered) : undefined, a.abbr, type, year, false);
    return `${c.prefix}${++c.n}号`;
  }

  /** （2024）浙0106执1234号 */
  court(court: { code: string; cells?: Map<number, Cell> }, type: string, year: number): string {
    const c = this.cell(court.cells ? (court as Numbered) : undefined, court.code, type, year, true);
    return `${c.prefix}${++c.n}号`;
  }
}

/** The number in `width` digits, zero-padded. */
export function pad(n: number, width: number): string {
  const s = String(n);
  return s.length >= width ? s : '0'.repeat(width - s.length) + s;
}
