// The furnisher's accounts held in the process (FurnishedAccounts) answer as a Set of them would,
// whatever the order they are asked in: in the accounts' order (walked in step), scrambled (the
// hash table), and both mixed; with each account's borrower kind and key and its notice, notices in
// order or not.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FurnishedAccounts } from '../../src/features/credit-reporting/furnishing-accounts.ts';

const id = (i: number) => `ACC-${String(i).padStart(6, '0')}`;
/** A borrower's key per account: a person's begins `p:` (personKey), an organisation's is its code. */
const keyOf = (a: string, person: boolean) => (person ? `p:${a.toLowerCase()}` : `91110000${a.slice(4)}X`);

function held(ids: readonly string[], persons: ReadonlySet<string>, notices: readonly string[]): FurnishedAccounts {
  return new FurnishedAccounts(ids.map((a) => `${a}\t${keyOf(a, persons.has(a))}`).join('\n'), ids.length, notices.join('\n'));
}

describe('the accounts held for a batch', () => {
  it('finds every account and no other, in order, scrambled and mixed, with its kind, key and notice', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.nat({ max: 2_000 }), { maxLength: 300 }),
        fc.array(fc.nat({ max: 2_100 }), { maxLength: 400 }),
        fc.boolean(),
        (numbers, asked, noticesInOrder) => {
          const ids = [...numbers].sort((a, b) => a - b).map(id);
          const known = new Set(ids);
          const persons = new Set(ids.filter((_, i) => i % 3 !== 0));
          const noticed = ids.filter((_, i) => i % 4 === 1);
          const accounts = held(ids, persons, noticesInOrder ? noticed : [...noticed].reverse());
          expect(accounts.size).toBe(ids.length);
          // In the accounts' order (with gaps and strays), then as drawn.
          for (const a of [...ids.filter((_, i) => i % 5 !== 2), 'NONE', ...asked.map(id)]) {
            const at = accounts.indexOf(a);
            expect(at >= 0, a).toBe(known.has(a));
            if (at < 0) continue;
            expect(accounts.kindAt(at)).toBe(persons.has(a) ? 'person' : 'organisation');
            expect(accounts.keyAt(at)).toBe(keyOf(a, persons.has(a)));
            expect(accounts.noticedAt(at)).toBe(noticed.includes(a));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('holds accounts read in descending order as in ascending order, walked in step again after rewind', () => {
    const ids = Array.from({ length: 50 }, (_, i) => id(i * 3));
    const persons = new Set(ids.filter((_, i) => i % 2 === 0));
    const lines = (order: readonly string[]) => order.map((a) => `${a}\t${keyOf(a, persons.has(a))}\n`).join('');
    const down = new FurnishedAccounts(lines([...ids].reverse()), ids.length, `${ids[4]}\n${ids[7]}\n`, 'descending');
    const up = new FurnishedAccounts(lines(ids), ids.length, `${ids[4]}\n${ids[7]}\n`);
    for (const accounts of [down, up])
      for (let pass = 0; pass < 2; pass++) {
        accounts.rewind();
        ids.forEach((a, i) => {
          expect(accounts.indexOf(a)).toBe(i);
          expect(accounts.keyAt(i)).toBe(keyOf(a, persons.has(a)));
          expect(accounts.kindAt(i)).toBe(persons.has(a) ? 'person' : 'organisation');
          expect(accounts.noticedAt(i)).toBe(i === 4 || i === 7);
        });
        expect(accounts.indexOf(id(1))).toBe(-1);
      }
    expect(() => new FurnishedAccounts(lines(ids.slice(1)), ids.length, '', 'descending')).toThrow(/account lines/);
  });

  it('refuses text that is not its account lines', () => {
    expect(() => new FurnishedAccounts('A\tp:a\nB', 2, '')).toThrow(/account lines/);
    expect(() => new FurnishedAccounts('A\tp:a\nB\t91X', 1, '')).toThrow(/account lines/);
    // A line without its borrower's key.
    expect(() => new FurnishedAccounts('A', 1, '')).toThrow(/account lines/);
    expect(() => new FurnishedAccounts('A\t', 1, '')).toThrow(/account lines/);
  });
});
