// A batch that repeats its lines: every repeat names the first line of its key, in its own kind
// (a notice and a statement of one account are not repeats of each other), however many copies
// of the batch the file holds and wherever the first repeat falls.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BatchCheck, type FurnishedBefore } from '../../src/domain/credit-reporting/batch.ts';
import { LineStandard } from '../../src/domain/credit-reporting/lines.ts';
import { loadPolicyPack } from '../../src/kernel/policy-pack.ts';
import { PACK } from '../support/pack-edits.ts';

const std = new LineStandard(loadPolicyPack(PACK).furnishing);
const nothingBefore: FurnishedBefore = { unknownAccounts: new Set(), borrowerKinds: new Map(), noticed: new Set(), consents: new Map() };

describe('repeated lines of a batch', () => {
  it('name the first line of their key and kind, for every copy of a repeated batch', () => {
    const N = 2000;
    const check = new BatchCheck();
    const found: Array<string | undefined> = [];
    let line = 0;
    for (let copy = 0; copy < 3; copy++) {
      for (let i = 0; i < N; i++) {
        found.push(check.addStatement(++line, `ACC-${i}`, i % 7 === 0)?.message);
        found.push(check.addNotice(++line, `ACC-${i}`)?.message);
      }
    }
    for (let copy = 0; copy < 3; copy++) {
      for (let i = 0; i < N; i++) {
        const at = copy * 2 * N + 2 * i;
        expect(found[at]).toBe(copy === 0 ? undefined : `line ${2 * i + 1} already furnishes this statement; a batch holds one of each`);
        expect(found[at + 1]).toBe(copy === 0 ? undefined : `line ${2 * i + 2} already furnishes this notice; a batch holds one of each`);
      }
    }
  });

  it('name the first line of their key whatever the order of keys and repeats (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 200 }), (keys) => {
        const check = new BatchCheck();
        const first = new Map<number, number>();
        keys.forEach((k, i) => {
          const error = check.addStatement(i + 1, `A${k}`, false);
          if (first.has(k)) expect(error?.message).toBe(`line ${first.get(k)} already furnishes this statement; a batch holds one of each`);
          else {
            expect(error).toBeUndefined();
            first.set(k, i + 1);
          }
        });
      }),
    );
  });

  it('are named the same when the store refuses repeated statements and the batch is refused for another reason (property)', () => {
    // A check that leaves repeated statements to the store, asked to find them at any point of the
    // batch (when its first other error shows), names the same lines as one that looks each up.
    fc.assert(
      fc.property(
        fc.array(fc.record({ notice: fc.boolean(), key: fc.integer({ min: 0, max: 20 }), adverse: fc.boolean() }), { maxLength: 150 }),
        fc.nat(),
        (lines, at) => {
          const split = lines.length === 0 ? 0 : at % (lines.length + 1);
          const each = new BatchCheck();
          const left = new BatchCheck(true);
          const add = (check: BatchCheck, l: (typeof lines)[number], n: number) =>
            l.notice ? check.addNotice(n, `A${l.key}`) : check.addStatement(n, `A${l.key}`, l.adverse);
          lines.forEach((l, i) => {
            add(each, l, i + 1);
            if (i === split) left.findRepeatedStatements();
            const error = add(left, l, i + 1);
            if (!l.notice && i < split) expect(error).toBeUndefined();
          });
          left.findRepeatedStatements();
          expect(left.errors(std, nothingBefore, '2026-12-02')).toEqual(each.errors(std, nothingBefore, '2026-12-02'));
        },
      ),
    );
  });
});
