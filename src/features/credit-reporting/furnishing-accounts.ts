// The accounts a furnisher furnished before, held in this process for a large batch: whether an
// account was furnished, its borrower's kind and key (current version) and whether a notice was
// furnished for it (art. 15). Read once from the store as COPY text in the order of the ids, they are kept as
// that text and where each account's id lies in it: no string or Set entry per account.
//
// A month-end file usually lists its statements in account order, the order the accounts are read
// in: each statement's account is then found at, or a few accounts after, the previous one's, by
// comparing characters in memory read in sequence. An account found nowhere near is looked up in a
// hash table of every account, made the first time one is needed (a lookup and an insert there
// cost cache misses, which walking the accounts in order does not).
const EMPTY = -1;
/** How a person's subject key begins (personKey). */
const PERSON_KEY = 'p:';
const PERSON = 1;
const NOTICED = 2;
/** Accounts after the last one found that a lookup compares before it hashes (accounts without a statement this month). */
const NEARBY = 4;

/** FNV-1a over the UTF-16 code units of text[from, to), mixed (MurmurHash3's finaliser) so that its low bits pick a slot. */
function hashOf(text: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export class FurnishedAccounts {
  /** By account, in the order read: where its id starts and ends in `text`, and where its line ends. */
  private readonly start: Int32Array;
  private readonly end: Int32Array;
  private readonly lineEnd: Int32Array;
  /** By account: PERSON and NOTICED bits. */
  private readonly flags: Uint8Array;
  private readonly count: number;
  /** The account after the one last found. */
  private next = 0;
  /** No notice has been found out of the accounts' order. */
  private inOrder = true;
  /** Open addressing: account index + 1 by slot (0 when empty); made when first needed. */
  private slots: Int32Array | undefined;

  /**
   * `accounts` holds one line per account, `id \t key` (its borrower's subject key, current version,
   * a person's beginning `p:` as isPersonKey says), `count` lines; `notices` one account id per line. Either may come in any order; in
   * the order of the ids, lookups in that order are the fast ones. Accounts `descending` are held
   * in the reverse order of their lines (so that ids read in descending order are walked ascending).
   * Identifiers hold neither tabs nor line ends (IDENTIFIER of lines.ts).
   */
  constructor(
    private readonly text: string,
    count: number,
    notices: string,
    order: 'as-read' | 'descending' = 'as-read',
  ) {
    this.start = new Int32Array(count);
    this.end = new Int32Array(count);
    this.lineEnd = new Int32Array(count);
    this.flags = new Uint8Array(count);
    const t = text;
    let n = 0;
    for (let i = 0; i < t.length; n++) {
      const tab = t.indexOf('\t', i);
      let nl = t.indexOf('\n', tab);
      if (nl < 0) nl = t.length;
      if (n >= count || tab < 0 || nl <= tab + 1) throw new Error(`not ${count} account lines: ${t.slice(i, i + 80)}`);
      this.start[n] = i;
      this.end[n] = tab;
      this.lineEnd[n] = nl;
      if (t.startsWith(PERSON_KEY, tab + 1)) this.flags[n] = PERSON;
      i = nl + 1;
    }
    this.count = n;
    if (order === 'descending') {
      if (n !== count) throw new Error(`not ${count} account lines: ${n}`);
      this.start.reverse();
      this.end.reverse();
      this.lineEnd.reverse();
      this.flags.reverse();
    }
    for (let i = 0; i < notices.length;) {
      let nl = notices.indexOf('\n', i);
      if (nl < 0) nl = notices.length;
      if (nl > i) {
        const a = this.find(notices, i, nl, true);
        if (a !== EMPTY) this.flags[a]! |= NOTICED;
      }
      i = nl + 1;
    }
    this.next = 0;
  }

  /** Accounts held (each once, whatever its versions). */
  get size(): number {
    return this.count;
  }

  private sameAs(a: number, text: string, from: number, to: number): boolean {
    const s = this.start[a]!;
    const len = to - from;
    if (this.end[a]! - s !== len) return false;
    const own = this.text;
    let i = 0;
    while (i < len && own.charCodeAt(s + i) === text.charCodeAt(from + i)) i++;
    return i === len;
  }

  /**
   * The account whose id is text[from, to), or EMPTY. `onward`: the ids asked are in the order of
   * the accounts (as the notices are), so the accounts after the last one found are compared up to
   * the last, until an id is not found there (an order of ids the store's collation does not
   * keep), after which every id is hashed.
   */
  private find(text: string, from: number, to: number, onward = false): number {
    const stop = onward && this.inOrder ? this.count : Math.min(this.count, this.next + NEARBY);
    for (let a = this.next; a < stop; a++) {
      if (this.sameAs(a, text, from, to)) {
        this.next = a + 1;
        return a;
      }
    }
    if (onward) this.inOrder = false;
    const slots = (this.slots ??= this.hashAll());
    const mask = slots.length - 1;
    for (let s = hashOf(text, from, to) & mask; ; s = (s + 1) & mask) {
      const a = slots[s]! - 1;
      if (a === EMPTY) return EMPTY;
      if (this.sameAs(a, text, from, to)) {
        this.next = a + 1;
        return a;
      }
    }
  }

  private hashAll(): Int32Array {
    let size = 16;
    while (size < this.count * 2) size *= 2;
    const slots = new Int32Array(size);
    const mask = size - 1;
    for (let a = 0; a < this.count; a++) {
      let s = hashOf(this.text, this.start[a]!, this.end[a]!) & mask;
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = a + 1;
    }
    return slots;
  }

  /** The next lookup starts walking at the first account: for another pass over ids in order. */
  rewind(): void {
    this.next = 0;
  }

  /** The account's index, or -1 when the furnisher never furnished it. */
  indexOf(account: string): number {
    return this.find(account, 0, account.length);
  }

  /** The borrower's kind of an account's current version. */
  kindAt(index: number): 'person' | 'organisation' {
    return this.flags[index]! & PERSON ? 'person' : 'organisation';
  }

  /** The borrower's key of an account's current version. */
  keyAt(index: number): string {
    return this.text.slice(this.end[index]! + 1, this.lineEnd[index]!);
  }

  /** Whether a notice was furnished for an account before. */
  noticedAt(index: number): boolean {
    return (this.flags[index]! & NOTICED) !== 0;
  }
}
