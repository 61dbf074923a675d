// Seeded pseudo-random numbers for the synthetic data generator: sfc32 (Chris Doty-Humphrey's
// Small Fast Counting generator, 128-bit state, passes PractRand), integer hashing for
// per-subject streams, and the helpers the generator draws with. No Math.random, no clock: the
// same seed gives the same sequence on every machine.

/** A 32-bit integer hash (the finaliser of MurmurHash3 with an extra round), avalanche on every bit. */
export function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

/** Hashes a few integers into one 32-bit value. */
export function hash32(a: number, b = 0, c = 0): number {
  let h = mix32((a ^ 0x9e3779b9) >>> 0);
  h = mix32((h ^ Math.imul(b | 0, 0x85ebca6b)) >>> 0);
  h = mix32((h ^ Math.imul(c | 0, 0xc2b2ae35) ^ 0x27d4eb2f) >>> 0);
  return h;
}

/** FNV-1a over a string's UTF-16 code units, finalised with mix32. */
export function hashString(s: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return mix32(h >>> 0);
}

const INV_2_32 = 1 / 4294967296;

/** sfc32 with convenience draws. Mutable; cheap to create. */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** Seeds from up to three integers (e.g. the dataset seed, a stream number and an index). */
  constructor(seed: number, stream = 0, index = 0) {
    this.a = hash32(seed, stream, index);
    this.b = hash32(index, seed, stream ^ 0x5bd1e995);
    this.c = hash32(stream, index ^ 0x1b873593, seed);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.next();
  }

  /** Re-seeds in place (avoids allocating a generator per subject). */
  reseed(seed: number, stream = 0, index = 0): this {
    this.a = hash32(seed, stream, index);
    this.b = hash32(index, seed, stream ^ 0x5bd1e995);
    this.c = hash32(stream, index ^ 0x1b873593, seed);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.next();
    return this;
  }

  /** The next unsigned 32-bit integer. */
  next(): number {
    const a = this.a;
    const b = this.b;
    const c = this.c;
    const d = this.d;
    const t = (((a + b) | 0) + d) | 0;
    this.d = (d + 1) | 0;
    this.a = b ^ (b >>> 9);
    this.b = (c + (c << 3)) | 0;
    const r = (c << 21) | (c >>> 11);
    this.c = (r + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  float(): number {
    return this.next() * INV_2_32;
  }

  /** An integer in [0, n) (n up to 2^32; the bias of the multiply-shift is below 2^-32 * n). */
  below(n: number): number {
    return Math.floor(this.next() * INV_2_32 * n);
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * INV_2_32 * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() * INV_2_32 < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * INV_2_32 * items.length)]!;
  }

  /** Fisher-Yates, in place; returns the array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * INV_2_32 * (i + 1));
      const t = items[i]!;
      items[i] = items[j]!;
      items[j] = t;
    }
    return items;
  }

  /** A weighted pick from a precomputed table. */
  weighted<T>(table: WeightedTable<T>): T {
    return table.pick(this);
  }

  /** A value between min and max skewed towards min (the square of a uniform draw). */
  skewed(min: number, max: number): number {
    const u = this.float();
    return min + Math.floor(u * u * (max - min + 1));
  }
}

/** Items with weights, precomputed for fast picks (binary search over cumulative weights). */
export class WeightedTable<T> {
  readonly items: readonly T[];
  private readonly cumulative: Float64Array;
  private readonly total: number;

  constructor(entries: ReadonlyArray<readonly [T, number]>) {
    if (entries.length === 0) throw new RangeError('a weighted table needs at least one entry');
    this.items = entries.map((e) => e[0]);
    this.cumulative = new Float64Array(entries.length);
    let sum = 0;
    entries.forEach(([, w], i) => {
      if (!(w >= 0)) throw new RangeError(`weight ${w} is not a non-negative number`);
      sum += w;
      this.cumulative[i] = sum;
    });
    if (sum <= 0) throw new RangeError('a weighted table needs a positive total weight');
    this.total = sum;
  }

  pick(rng: Random): T {
    const x = rng.float() * this.total;
    const c = this.cumulative;
    let lo = 0;
    let hi = c.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (c[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo]!;
  }
}

/**
 * A keyed permutation of [0, 10^8) (a four-round balanced Feistel network over two halves of
 * 10^4): distinct inputs always give distinct outputs, so codes derived from it never collide.
 */
export function permute1e8(x: number, key: number): number {
  let l = Math.floor(x / 10_000);
  let r = x % 10_000;
  for (let round = 0; round < 4; round++) {
    const f = hash32(r, key, round) % 10_000;
    const nl = r;
    r = (l + f) % 10_000;
    l = nl;
  }
  return l * 10_000 + r;
}

/**
 * A keyed permutation of [0, n) for n up to 2^24, by cycle-walking a Feistel network over the
 * smallest power of four at least n.
 */
export function permuteBelow(x: number, n: number, key: number): number {
  let bits = 2;
  while (1 << bits < n) bits += 2;
  const half = bits / 2;
  const mask = (1 << half) - 1;
  let v = x;
  do {
    let l = v >>> half;
    let r = v & mask;
    for (let round = 0; round < 4; round++) {
      const f = hash32(r, key, round) & mask;
      const nl = r;
      r = l ^ f;
      l = nl;
    }
    v = (l << half) | r;
  } while (v >= n);
  return v;
}
