// Bit arithmetic on tree sizes beyond 32 bits agrees with BigInt's, which has no such limit.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bitLength, isPowerOfTwo, lowBits, onesCount, shiftLeft, shiftRight, trailingZeros, xor } from '../../../src/ledger/tlog/bits.ts';

const count = fc.oneof(
  fc.nat(300),
  fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  fc.integer({ min: 0, max: 52 }).map((k) => 2 ** k),
);

describe('bits of safe integers up to 2^53', () => {
  it('bit length, trailing zeros, ones and xor are those of the same number as a BigInt', () => {
    fc.assert(
      fc.property(count, count, (a, b) => {
        const A = BigInt(a);
        expect(bitLength(a)).toBe(A.toString(2).replace(/^0$/, '').length);
        expect(onesCount(a)).toBe([...A.toString(2)].filter((c) => c === '1').length);
        if (a > 0) expect(trailingZeros(a)).toBe(A.toString(2).length - 1 - A.toString(2).lastIndexOf('1'));
        expect(xor(a, b)).toBe(Number(A ^ BigInt(b)));
        expect(isPowerOfTwo(a)).toBe(a > 0 && (A & (A - 1n)) === 0n);
      }),
      { numRuns: 2000 },
    );
  });

  it('shifts and low bits are those of BigInt', () => {
    fc.assert(
      fc.property(count, fc.integer({ min: 0, max: 52 }), (a, k) => {
        expect(shiftRight(a, k)).toBe(Number(BigInt(a) >> BigInt(k)));
        expect(lowBits(a, k)).toBe(Number(BigInt(a) & ((1n << BigInt(k)) - 1n)));
        if (a < 2 ** (53 - k)) expect(shiftLeft(a, k)).toBe(Number(BigInt(a) << BigInt(k)));
      }),
      { numRuns: 2000 },
    );
  });

  it('works across the 32-bit boundary', () => {
    expect(bitLength(2 ** 32)).toBe(33);
    expect(bitLength(2 ** 32 - 1)).toBe(32);
    expect(trailingZeros(2 ** 40)).toBe(40);
    expect(trailingZeros(2 ** 31)).toBe(31);
    expect(onesCount(2 ** 52 + 2 ** 31 + 1)).toBe(3);
    expect(xor(2 ** 40 + 1, 1)).toBe(2 ** 40);
  });
});
