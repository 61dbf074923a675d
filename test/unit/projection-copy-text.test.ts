// The projection's COPY text is built row by row from the columns' getters: over many generated
// rows it is the text copyRows gives for the same values, for every table's columns.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { copyRows } from '../../src/store/copy.ts';
import { rowsText } from '../../src/ledger/projection/store.ts';
import { LIST_ENTRY_TABLE, PERSON_ROLE_TABLE, RECORD_TABLE } from '../../src/ledger/projection/rows.ts';

const value = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', '信', '\t', '\n', '\r', '\\', '"', ',', '{', '}', ' '), maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.array(fc.string({ maxLength: 3 }), { maxLength: 3 }))),
  fc.uint8Array({ maxLength: 8 }).map((b) => Buffer.from(b)),
);

describe("the projection's COPY text", () => {
  for (const spec of [RECORD_TABLE, PERSON_ROLE_TABLE, LIST_ENTRY_TABLE]) {
    it(`is copyRows' text for ${spec.table}`, () => {
      fc.assert(
        fc.property(fc.array(fc.array(value, { minLength: spec.columns.length, maxLength: spec.columns.length }), { maxLength: 8 }), (valueRows) => {
          // A row whose every column reads its own generated value.
          const columns = spec.columns.map(([name, type], i) => [name, type, (r: unknown[]) => r[i]] as const);
          expect(rowsText(valueRows, columns)).toBe(copyRows(valueRows.map((r) => columns.map(([, , get]) => get(r)))));
        }),
        { numRuns: 300 },
      );
    });
  }

  it("is copyRows' text for rows read through the specs' own getters", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ subjectKey: fc.string(), recordId: fc.string(), role: fc.string(), personHash: fc.string(), firstIndex: fc.nat(), lastIndex: fc.nat() }),
          { maxLength: 10 },
        ),
        (rows) => {
          expect(rowsText(rows, PERSON_ROLE_TABLE.columns)).toBe(copyRows(rows.map((r) => PERSON_ROLE_TABLE.columns.map(([, , get]) => get(r)))));
        },
      ),
    );
  });
});
