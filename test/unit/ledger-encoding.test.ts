// The write path's encoding of events, each part against the plain form it replaces, over many
// generated inputs: blocks and leaf hashes written from an event's pieces are those of its whole
// canonical text; a subject's place (log and tag) from one hash is logOf's and subjectTag's; an
// event's pieces join into canonicalJson of the event.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BLOCK_EVENTS, encodeBlock, encodeBlocks, encodeLogEvents, subjectTag } from '../../src/ledger/blocks.ts';
import { leafHashOfText } from '../../src/ledger/tlog/merkle.ts';
import { canonicalJson } from '../../src/kernel/canonical-json.ts';
import { leavesOf, logOf, placeSubjects } from '../../src/ledger/ledger.ts';
import type { NewEvent } from '../../src/ledger/events.ts';

/** Text of every kind: ASCII, CJK, astral characters, lone surrogates, control characters. */
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: fc.constantFrom('信', '用', '中', '国', 'a', '"', '\\', '\u0000', '\ud83d', '\ude00', '😀', ' '), maxLength: 30 }),
);

const event = fc.record({
  actor: fc.record({ id: text, type: fc.constantFrom('agency', 'system') }),
  at: fc.constant('2026-11-20T04:00:00.000Z'),
  data: fc.dictionary(text, fc.oneof(text, fc.integer(), fc.constant(null), fc.dictionary(text, text, { maxKeys: 3 })), { maxKeys: 6 }),
  subject: fc.option(
    text.filter((s) => s.length > 0),
    { nil: null },
  ),
  type: fc.constantFrom('record.filed', 'list.proposed'),
});

/** A canonical text cut into pieces at code unit boundaries that are not inside a surrogate pair. */
function cut(payload: string, at: readonly number[]): string[] {
  const points = [...new Set(at.map((a) => a % (payload.length + 1)))]
    .filter((p) => !(p > 0 && p < payload.length && /[\ud800-\udbff]/.test(payload[p - 1]!) && /[\udc00-\udfff]/.test(payload[p]!)))
    .sort((a, b) => a - b);
  const pieces: string[] = [];
  let from = 0;
  for (const p of points) {
    pieces.push(payload.slice(from, p));
    from = p;
  }
  pieces.push(payload.slice(from));
  return pieces;
}

describe('the encoding of a log run', () => {
  it('writes, from pieces, the blocks and leaf hashes of the joined canonical texts', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(event, fc.array(fc.nat(), { maxLength: 4 })), { minLength: 1, maxLength: 2 * BLOCK_EVENTS + 5 }), (run) => {
        const payloads = run.map(([e]) => canonicalJson(e));
        const hashes: Buffer[] = [];
        const blocks = encodeLogEvents(
          run.map(([e, at], i) => ({ subject: e.subject, pieces: cut(payloads[i]!, at) })),
          hashes,
        );
        expect(hashes).toEqual(payloads.map(leafHashOfText));
        const expected = [];
        for (let i = 0; i < run.length; i += BLOCK_EVENTS) {
          const part = run.slice(i, i + BLOCK_EVENTS);
          const tags = [...new Set(part.flatMap(([e]) => (e.subject === null ? [] : [subjectTag(e.subject)])))];
          expected.push({
            events: part.length,
            columns: `${part.length}\t{${tags.join(',')}}\t\\\\x${encodeBlock(payloads.slice(i, i + BLOCK_EVENTS)).toString('hex')}\n`,
          });
        }
        expect(blocks).toEqual(expected);
        expect(encodeBlocks(run.map(([e], i) => ({ subject: e.subject, payload: payloads[i]! })))).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('takes the tags it is given and computes the others', () => {
    fc.assert(
      fc.property(
        fc.array(
          text.filter((s) => s.length > 0),
          { minLength: 1, maxLength: 80 },
        ),
        fc.array(fc.boolean(), { minLength: 80, maxLength: 80 }),
        (subjects, given) => {
          const events = subjects.map((s, i) => ({ subject: s, payload: `{"n":${i}}` }));
          const withTags = events.map((e, i) => (given[i] ? { ...e, tag: subjectTag(e.subject) } : e));
          expect(encodeBlocks(withTags)).toEqual(encodeBlocks(events));
        },
      ),
    );
  });

  it('refuses a piece holding a newline, wherever it stands', () => {
    expect(() =>
      encodeLogEvents(
        [
          { subject: null, pieces: ['{"a":', '1}'] },
          { subject: 's', pieces: ['{"a":', '\n2}'] },
        ],
        [],
      ),
    ).toThrow(/holds a newline/);
    expect(() => encodeLogEvents([{ subject: null, pieces: ['{"a":1}\n'] }], [])).toThrow(/holds a newline/);
  });
});

describe("an append's leaves", () => {
  it("place each subject in logOf's log under subjectTag's tag", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.option(
            text.filter((s) => s.length > 0),
            { nil: null },
          ),
          { maxLength: 30 },
        ),
        fc.integer({ min: 1, max: 4096 }),
        (subjects, partitions) => {
          const places = placeSubjects(
            subjects.map((subject) => ({ type: 'list.proposed', subject, data: {} }) as unknown as NewEvent),
            partitions,
          );
          for (const s of subjects) {
            expect(places.get(s)!.log).toBe(logOf(s, partitions));
            expect(places.get(s)!.tag).toBe(s === null ? undefined : subjectTag(s));
          }
        },
      ),
    );
  });

  it("join into canonicalJson of each event, in its own actor or the append's", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(event, fc.boolean(), fc.boolean()), { minLength: 1, maxLength: 20 }),
        fc.record({ id: text, type: fc.constantFrom('agency', 'system') }),
        (run, appender) => {
          const events = run.map(
            ([e, own, withJson]) =>
              ({
                type: e.type,
                subject: e.subject,
                data: e.data,
                ...(withJson ? { dataJson: canonicalJson(e.data) } : {}),
                ...(own ? { actor: e.actor } : {}),
              }) as unknown as NewEvent,
          );
          const leaves = leavesOf(events, appender as never, '2026-11-20T04:00:00.000Z', placeSubjects(events, 16));
          leaves.forEach((leaf, i) => {
            const [e, own] = run[i]!;
            expect(leaf.pieces.join('')).toBe(
              canonicalJson({ actor: own ? e.actor : appender, at: '2026-11-20T04:00:00.000Z', data: e.data, subject: e.subject, type: e.type }),
            );
            expect(leaf.log).toBe(logOf(e.subject, 16));
          });
        },
      ),
    );
  });
});
