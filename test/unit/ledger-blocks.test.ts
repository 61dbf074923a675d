// How the ledger stores events: a block gives back exactly the bytes it was given (the leaf
// hashes cover them), a block written with the first dictionary decodes for good, and an
// event's subject and type are read from its canonical bytes as a full parse reads them.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BLOCK_EVENTS, blockCopyLines, decodeBlock, encodeBlock, rawEventsOfBlock, rawInstant, rawLeafHash, rawSubject, subjectOfPayload, subjectTag, typeOfPayload } from '../../src/ledger/blocks.ts';
import { leafHashOfText } from '../../src/ledger/tlog/merkle.ts';
import { canonicalJson } from '../../src/kernel/canonical-json.ts';

const event = fc.record({
  actor: fc.record({ id: fc.string(), type: fc.constantFrom('agency', 'system', 'subject') }),
  at: fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
  data: fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.dictionary(fc.string(), fc.string()))),
  subject: fc.option(fc.string({ minLength: 1 }), { nil: null }),
  type: fc.string({ minLength: 1 }),
});

describe('ledger blocks', () => {
  it('give back every payload byte for byte, in order', () => {
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 40 }), (events) => {
        const payloads = events.map((e) => canonicalJson(e));
        expect(decodeBlock(encodeBlock(payloads))).toEqual(payloads);
      }),
    );
  });

  it('decode a block written with the first dictionary (the dictionary is fixed for good)', () => {
    const stored = Buffer.from(
      'ASO7/jIDz0PjDge0dG5gaGRsYmpmbmGZmJSckpoG42MNCLRBJ0NDXUPsA0eg4WonY2cTF1NyBo6Iim38vszLB1d50P7JjrVPZ+9VeL5mjSG0LsM+LQQpKPQQ2aEWAA==',
      'base64',
    );
    expect(decodeBlock(stored)).toEqual([
      '{"actor":{"id":"samr-hangzhou","type":"agency"},"at":"2026-11-20T02:00:00.000Z","data":{"recordId":"rec_0123456789abcdef01234567","reason":"expiry","endedOn":"2026-11-19"},"subject":"91330100MA2B3C4D5E","type":"record.publicity-ended"}',
      '{"actor":{"id":"xinyong","type":"system"},"at":"2026-11-20T02:00:00.000Z","data":{"note":"信用中国 第1号"},"subject":null,"type":"policy.published"}',
    ]);
  });

  it('refuse an event holding a newline (it would read back as two)', () => {
    expect(() => encodeBlock(['{"a":1}', '{"a":\n2}'])).toThrow(/holds a newline/);
  });

  it('refuse a block of an unknown codec', () => {
    expect(() => decodeBlock(Buffer.of(9, 1, 2, 3))).toThrow(/unknown codec 9/);
  });

  it('read an event’s subject and type as a full parse does, whatever its data holds', () => {
    fc.assert(
      fc.property(event, (e) => {
        const payload = canonicalJson(e);
        expect(subjectOfPayload(payload)).toBe(e.subject);
        expect(typeOfPayload(payload)).toBe(e.type);
      }),
    );
  });

  it('give the audit each event in place: its leaf hash, subject and instant as from its text', () => {
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 20 }), fc.nat(1000), (events, first) => {
        const payloads = events.map((e) => canonicalJson(e));
        const raw = rawEventsOfBlock(encodeBlock(payloads), first);
        expect(raw.map((r) => r.index)).toEqual(payloads.map((_, i) => first + i));
        raw.forEach((r, i) => {
          expect(rawSubject(r)).toBe(events[i]!.subject);
          expect(rawInstant(r)).toBe(Date.parse(events[i]!.at));
          expect(rawLeafHash(r).equals(leafHashOfText(payloads[i]!))).toBe(true);
        });
      }),
    );
  });

  it(`are at most ${BLOCK_EVENTS} events, each listing its subjects once`, () => {
    const events = Array.from({ length: 150 }, (_, i) => ({ subject: i % 3 === 0 ? null : `s"${i % 5}\\`, payload: `{"n":${i}}` }));
    const lines = blockCopyLines(3, 1000, events).trimEnd().split('\n');
    expect(lines.map((l) => l.split('\t').slice(0, 3))).toEqual([
      ['3', '1000', '64'],
      ['3', '1064', '64'],
      ['3', '1128', '22'],
    ]);
    // The first block's subjects by their tags, once each, in the order first seen.
    expect(lines[0]!.split('\t')[3]).toBe(`{${[1, 2, 4, 0, 3].map((n) => subjectTag(`s"${n}\\`)).join(',')}}`);
  });
});
