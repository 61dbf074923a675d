// Bit arithmetic on tree sizes and leaf indices. JavaScript's bitwise operators cut numbers to
// 32 bits and a log outgrows 2^32 leaves, so these work on every non-negative safe integer
// (below 2^53) by splitting it into a high and a low 32-bit half.

const TWO_32 = 2 ** 32;

const high = (n: number) => Math.floor(n / TWO_32);
const low = (n: number) => n % TWO_32;

/** The number of bits needed to write n: 0 for 0, k + 1 for 2^k <= n < 2^(k+1). */
export function bitLength(n: number): number {
  const h = high(n);
  return h > 0 ? 64 - Math.clz32(h) : 32 - Math.clz32(n);
}

/** The number of zero bits below the lowest one bit of n > 0. */
export function trailingZeros(n: number): number {
  const l = low(n);
  return l !== 0 ? 31 - Math.clz32(l & -l) : 32 + trailingZeros(high(n));
}

/** The number of one bits in n. */
export function onesCount(n: number): number {
  return onesCount32(low(n)) + onesCount32(high(n));
}

function onesCount32(n: number): number {
  let v = n >>> 0;
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export function xor(a: number, b: number): number {
  return ((high(a) ^ high(b)) >>> 0) * TWO_32 + ((low(a) ^ low(b)) >>> 0);
}

/** n >> k */
export function shiftRight(n: number, k: number): number {
  return Math.floor(n / 2 ** k);
}

/** n << k */
export function shiftLeft(n: number, k: number): number {
  return n * 2 ** k;
}

/** n mod 2^k: the k lowest bits of n. */
export function lowBits(n: number, k: number): number {
  return n % 2 ** k;
}

export function isPowerOfTwo(n: number): boolean {
  return n > 0 && onesCount(n) === 1;
}
