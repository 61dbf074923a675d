// The pieces of a report's ledger proofs that need no store. The report signing key signs the
// log's checkpoints as a C2SP note key named after the origin, readable by any signed-note
// verifier from its verifier key string; a key retired as compromised verifies no checkpoint.
// Which event bytes a report may carry: never a keyed hash; in a public report, never more than
// the report shows. And a record shown must say what its event says.
import { describe, expect, it } from 'vitest';
import {
  checkpointVerifiers,
  generateSigningKeyPem,
  keyRingOf,
  noteSignerOf,
  noteVerifierKeyOf,
  parseRetiredKeys,
  parseSigningKey,
} from '../../src/features/reports/signing-key.ts';
import { differenceFromEvent, mayCarryEvent } from '../../src/features/reports/report-proofs.ts';
import type { ReportRecord } from '../../src/features/reports/content.ts';
import type { LedgerEvent } from '../../src/ledger/events.ts';
import { canonicalJson } from '../../src/kernel/canonical-json.ts';
import { newVerifier, open, parseVerifierKey, sign } from '../../src/ledger/tlog/note.ts';

const ORIGIN = 'xinyong.example/ledger';
const TEXT = `${ORIGIN}\n3\n${Buffer.alloc(32).toString('base64')}\n`;

describe("the report signing key as the log's note key", () => {
  it('signs notes that a C2SP verifier built from its verifier key string opens', () => {
    const key = parseSigningKey(generateSigningKeyPem());
    const vkey = noteVerifierKeyOf(key, ORIGIN);
    expect(vkey.startsWith(`${ORIGIN}+`)).toBe(true);
    expect(parseVerifierKey(vkey).publicKey).toHaveLength(32);
    const opened = open(sign(TEXT, [noteSignerOf(key, ORIGIN)]), [newVerifier(vkey)]);
    expect(opened.text).toBe(TEXT);
    expect(opened.signatures).toHaveLength(1);
  });

  it('verifies checkpoints with the current key and the retired ones, never with a key retired as compromised', () => {
    const [old, leaked, current] = [0, 1, 2].map(() => parseSigningKey(generateSigningKeyPem())) as [
      ReturnType<typeof parseSigningKey>,
      ReturnType<typeof parseSigningKey>,
      ReturnType<typeof parseSigningKey>,
    ];
    const retired = parseRetiredKeys(
      [
        { publicKeyPem: old.publicKeyPem, retiredAt: '2026-01-01T00:00:00Z' },
        { publicKeyPem: leaked.publicKeyPem, retiredAt: '2026-02-01T00:00:00Z', compromised: true },
      ],
      'retired',
    );
    const verifiers = checkpointVerifiers(keyRingOf(current, retired), ORIGIN);
    const opens = (k: typeof old) => {
      try {
        open(sign(TEXT, [noteSignerOf(k, ORIGIN)]), verifiers);
        return true;
      } catch {
        return false;
      }
    };
    expect([opens(current), opens(old), opens(leaked)]).toEqual([true, true, false]);
  });
});

const filing = (over: { fields?: Record<string, unknown>; persons?: unknown[]; subject?: string; actor?: string } = {}): LedgerEvent =>
  ({
    log: 3,
    index: 7,
    type: 'record.filed',
    at: '2026-06-10T02:00:00.000Z',
    actor: { id: 'samr-hangzhou', type: over.actor ?? 'agency' },
    subject: over.subject ?? '91330100716105852F',
    data: {
      recordId: 'rec_1',
      item: 'administrative-penalty-general',
      category: 'administrative-penalty',
      polarity: 'negative',
      agency: 'samr-hangzhou',
      subject: { key: over.subject ?? '91330100716105852F', code: '91330100716105852F', kind: 'enterprise', name: '杭州示例科技有限公司', flags: [] },
      decision: { number: '杭市监罚〔2026〕1号', date: '2026-06-01', authority: '杭州市市场监督管理局', basis: '第二十条' },
      fields: over.fields ?? { facts: '发布虚假广告', fineAmount: 50000 },
      ...(over.persons ? { persons: over.persons } : {}),
      window: {
        class: 'penalty-general',
        ruleVersion: '1',
        published: true,
        start: '2026-06-10',
        minimumEnd: '2026-09-10',
        end: '2027-06-10',
        repairable: true,
      },
      policyVersion: 'cn-national@2026.11',
    },
  }) as LedgerEvent;

const shown = (fields: Record<string, unknown> = { facts: '发布虚假广告', fineAmount: 50000 }): ReportRecord => ({
  recordId: 'rec_1',
  item: 'administrative-penalty-general',
  itemName: { zh: '行政处罚信息（一般）', en: 'Administrative penalty (general)' },
  category: 'administrative-penalty',
  polarity: 'negative',
  agency: 'samr-hangzhou',
  version: 1,
  decision: { number: '杭市监罚〔2026〕1号', date: '2026-06-01', authority: '杭州市市场监督管理局', basis: '第二十条' },
  fields: Object.entries(fields).map(([name, value]) => ({ name, label: { zh: name, en: name }, type: 'text', disclosure: 'public', value: value as string })),
  publicity: { class: 'penalty-general', ruleVersion: '1', start: '2026-06-10', end: '2027-06-10' },
  disputed: false,
  underRepair: false,
});

describe('the event bytes a report carries', () => {
  it('carries a filing whose every field and decision part the public report shows', () => {
    expect(mayCarryEvent('public', shown(), filing())).toBe(true);
  });

  it('keeps out of a public report a field it does not show, a decision part it does not show, a filing by hand', () => {
    expect(mayCarryEvent('public', shown({ facts: '发布虚假广告' }), filing())).toBe(false);
    expect(mayCarryEvent('public', { ...shown(), decision: { number: '杭市监罚〔2026〕1号' } }, filing())).toBe(false);
    expect(mayCarryEvent('public', shown(), filing({ actor: 'administrator' }))).toBe(false);
    // The same events are the subject's own in its full report.
    expect(mayCarryEvent('full', shown({ facts: '发布虚假广告' }), filing())).toBe(true);
  });

  it('keeps a correction (its reason) out of a public report, not out of the full one', () => {
    const correction = { ...filing(), type: 'record.corrected', data: { ...filing().data, version: 2, reason: '金额录入错误' } } as LedgerEvent;
    expect(mayCarryEvent('public', { ...shown(), version: 2 }, correction)).toBe(false);
    expect(mayCarryEvent('full', { ...shown(), version: 2 }, correction)).toBe(true);
  });

  it('never carries a keyed hash: an identity number, the persons a record names, a natural person as subject', () => {
    const id = { masked: '4405**********0014', hash: 'k'.repeat(64) };
    for (const event of [
      filing({ fields: { facts: '发布虚假广告', fineAmount: 50000, legalRepresentativeId: id } }),
      filing({ persons: [{ hash: 'k'.repeat(64), role: 'legal-representative' }] }),
      filing({ subject: `p:${'k'.repeat(40)}` }),
    ]) {
      expect(mayCarryEvent('full', shown(), event)).toBe(false);
      expect(mayCarryEvent('public', shown(), event)).toBe(false);
    }
  });
});

describe('a record shown beside its event', () => {
  const payload = canonicalJson({ ...filing(), log: undefined, index: undefined });

  it('says what the event says', () => {
    expect(differenceFromEvent(shown(), payload)).toBeNull();
  });

  it('names what differs: the record, the version, a decision part, a field', () => {
    expect(differenceFromEvent({ ...shown(), recordId: 'rec_2' }, payload)).toMatch(/not rec_2 version 1/);
    expect(differenceFromEvent({ ...shown(), version: 2 }, payload)).toMatch(/not rec_1 version 2/);
    expect(differenceFromEvent({ ...shown(), decision: { number: '杭市监罚〔2026〕2号' } }, payload)).toMatch(/decision number/);
    expect(differenceFromEvent(shown({ facts: '发布虚假广告', fineAmount: 5 }), payload)).toMatch(/field fineAmount/);
    expect(differenceFromEvent(shown({ missing: 'x' }), payload)).toMatch(/field missing/);
  });
});
