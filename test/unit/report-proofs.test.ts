// The pieces of a report's ledger proofs that need no store. The report signing key signs the
// log's checkpoints as a C2SP note key named after the origin, readable by any signed-note
// verifier from its verifier key string; a key retired as compromised verifies no checkpoint.
// Which event bytes a report may carry: all of them in the subject's full report; in a public
// report, never a keyed hash nor more than the report shows. And every field a record shows is
// bound to a field of the event it comes from, in the service and in the offline script alike.
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
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { mayCarryEvent, RECORD_FIELD_SOURCES, recordMismatch } from '../../src/features/reports/report-proofs.ts';
import type { ReportContent, ReportRecord } from '../../src/features/reports/content.ts';
import type { LedgerEvent } from '../../src/ledger/events.ts';
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
  it('carries in a public report a filing whose every field and decision part it shows', () => {
    expect(mayCarryEvent('public', shown(), filing())).toBe(true);
  });

  it('keeps out of a public report a field it does not show, a decision part it does not show, a filing by hand, a superseded filing', () => {
    expect(mayCarryEvent('public', shown({ facts: '发布虚假广告' }), filing())).toBe(false);
    expect(mayCarryEvent('public', { ...shown(), decision: { number: '杭市监罚〔2026〕1号' } }, filing())).toBe(false);
    expect(mayCarryEvent('public', shown(), filing({ actor: 'administrator' }))).toBe(false);
    expect(mayCarryEvent('public', { ...shown(), version: 2 }, filing())).toBe(false);
    // The same events are the subject's own in its full report.
    expect(mayCarryEvent('full', shown({ facts: '发布虚假广告' }), filing())).toBe(true);
  });

  it('keeps a correction (its reason) out of a public report, not out of the full one', () => {
    const correction = { ...filing(), type: 'record.corrected', data: { ...filing().data, version: 2, reason: '金额录入错误' } } as LedgerEvent;
    expect(mayCarryEvent('public', { ...shown(), version: 2 }, correction)).toBe(false);
    expect(mayCarryEvent('full', { ...shown(), version: 2 }, correction)).toBe(true);
  });

  it('never carries a keyed hash in a public report (an identity number, the persons a record names, a natural person as subject); the full report is the subject’s own', () => {
    const id = { masked: '4405**********0014', hash: 'k'.repeat(64) };
    for (const event of [
      filing({ fields: { facts: '发布虚假广告', fineAmount: 50000, legalRepresentativeId: id } }),
      filing({ persons: [{ hash: 'k'.repeat(64), role: 'legal-representative' }] }),
      filing({ subject: `p:${'k'.repeat(40)}` }),
    ]) {
      expect(mayCarryEvent('public', shown(), event)).toBe(false);
      expect(mayCarryEvent('full', shown(), event)).toBe(true);
    }
  });
});

describe('a record shown beside the events it proves', () => {
  const REPORT: Pick<ReportContent, 'scope' | 'date' | 'subject'> = {
    scope: 'public',
    date: '2026-07-01',
    subject: { code: '91330100716105852F', kind: 'enterprise', name: '', divisionCode: null, codeFlags: [] },
  };
  const mismatch = (r: ReportRecord, events: { version: LedgerEvent; filing?: LedgerEvent; later?: LedgerEvent[] } = { version: filing() }, report = REPORT) =>
    recordMismatch(r, { version: events.version, filing: events.filing ?? null, later: events.later ?? [] }, report);

  it('says what the event says', () => {
    expect(mismatch(shown())).toBeNull();
  });

  it('names the field that differs: record, version, item, category, polarity, agency, a decision part, a field, a window date, the subject', () => {
    const field = (r: ReportRecord, report = REPORT) => mismatch(r, undefined, report)?.field;
    expect(field({ ...shown(), recordId: 'rec_2' })).toBe('recordId');
    expect(field({ ...shown(), version: 2 })).toBe('version');
    expect(field({ ...shown(), item: 'administrative-penalty-serious' })).toBe('item');
    expect(field({ ...shown(), category: 'commendation' })).toBe('category');
    expect(field({ ...shown(), polarity: 'positive' })).toBe('polarity');
    expect(field({ ...shown(), agency: 'sat-hangzhou' })).toBe('agency');
    expect(field({ ...shown(), decision: { ...shown().decision, number: '杭市监罚〔2026〕2号' } })).toBe('decision.number');
    expect(field({ ...shown(), decision: { ...shown().decision, signedBy: 'x' } })).toBe('decision.signedBy');
    expect(field(shown({ facts: '发布虚假广告', fineAmount: 5 }))).toBe('fields.fineAmount');
    expect(field(shown({ missing: 'x' }))).toBe('fields.missing');
    expect(field({ ...shown(), publicity: { ...shown().publicity, start: '2026-06-11' } })).toBe('publicity.start');
    expect(field({ ...shown(), publicity: { ...shown().publicity, end: '2099-01-01' } })).toBe('publicity.end');
    expect(field(shown(), { ...REPORT, subject: { ...REPORT.subject, code: '914403001922038216' } })).toBe('subject');
    // A public report shows only records in publicity on its date.
    expect(field(shown(), { ...REPORT, date: '2027-07-01' })).toBe('publicity');
  });

  it('binds a corrected version: item, category, polarity, agency and subject to the filing; decision, fields and window to the correction', () => {
    const correction = {
      ...filing(),
      index: 9,
      type: 'record.corrected',
      data: { ...filing().data, version: 2, reason: '金额录入错误', fields: { facts: '发布虚假广告', fineAmount: 20000 } },
    } as LedgerEvent;
    const v2 = { ...shown({ facts: '发布虚假广告', fineAmount: 20000 }), version: 2 };
    expect(mismatch(v2, { version: correction, filing: filing() })).toBeNull();
    expect(mismatch({ ...v2, item: 'administrative-penalty-serious' }, { version: correction, filing: filing() })?.field).toBe('item');
    expect(mismatch(shown({ facts: '发布虚假广告', fineAmount: 50000 }), { version: correction, filing: filing() })?.field).toBe('version');
    expect(mismatch(v2, { version: correction })?.field).toBe('filing');
  });

  it('binds the end of publicity and the withdrawal a full report shows to their events, and what is in publicity to them and the window', () => {
    const full = { ...REPORT, scope: 'full' as const };
    const ended = {
      ...filing(),
      index: 12,
      type: 'record.publicity-ended',
      data: { recordId: 'rec_1', reason: 'repair', endedOn: '2026-06-20' },
    } as LedgerEvent;
    const withdrawn = {
      ...filing(),
      index: 13,
      type: 'record.withdrawn',
      data: { recordId: 'rec_1', reason: 'x', cause: 'agency', withdrawnOn: '2026-06-21' },
    } as LedgerEvent;
    const state = {
      status: 'active',
      inPublicity: true,
      publicityMinimumEnd: '2026-09-10',
      publicityEndedOn: null,
      publicityEndReason: null,
      repairable: true,
    };
    expect(mismatch({ ...shown(), ...state }, undefined, full)).toBeNull();
    const after = { ...shown(), ...state, inPublicity: false, publicityEndedOn: '2026-06-20', publicityEndReason: 'repair' };
    expect(mismatch(after, { version: filing(), later: [ended] }, full)).toBeNull();
    expect(mismatch(after, undefined, full)?.field).toBe('publicityEndedOn');
    expect(mismatch({ ...after, publicityEndedOn: '2026-06-30' }, { version: filing(), later: [ended] }, full)?.field).toBe('publicityEndedOn');
    expect(mismatch({ ...after, publicityEndReason: 'expiry' }, { version: filing(), later: [ended] }, full)?.field).toBe('publicityEndReason');
    expect(mismatch({ ...after, inPublicity: true }, { version: filing(), later: [ended] }, full)?.field).toBe('inPublicity');
    expect(mismatch({ ...shown(), ...state, status: 'withdrawn' }, undefined, full)?.field).toBe('status');
    expect(mismatch({ ...shown(), ...state, status: 'withdrawn', inPublicity: false }, { version: filing(), later: [withdrawn] }, full)).toBeNull();
    expect(mismatch({ ...shown(), ...state, repairable: false }, undefined, full)?.field).toBe('repairable');
    expect(mismatch({ ...shown(), ...state, publicityMinimumEnd: '2026-07-01' }, undefined, full)?.field).toBe('publicityMinimumEnd');
    // A later event of another record binds nothing.
    expect(mismatch(after, { version: filing(), later: [{ ...ended, data: { ...ended.data, recordId: 'rec_2' } } as LedgerEvent] }, full)?.field).toBe('later');
  });

  it('refuses a field that nothing binds, on a record or on a shown field', () => {
    expect(mismatch({ ...shown(), note: 'verified' } as ReportRecord)?.field).toBe('note');
    const r = shown();
    (r.fields[0] as unknown as Record<string, unknown>).remark = 'x';
    expect(mismatch(r)?.field).toBe('fields.facts.remark');
  });

  it('binds the same fields in the offline script as in the service', () => {
    const script = readFileSync(resolve(import.meta.dirname, '../../examples/verify-offline.mjs'), 'utf8');
    const table = /const RECORD_FIELD_SOURCES = (\{[^}]*\});/.exec(script)![1]!;
    const offline = Object.fromEntries([...table.matchAll(/(\w+): '(\w+)'/g)].map((m) => [m[1], m[2]]));
    expect(offline).toEqual(RECORD_FIELD_SOURCES);
  });
});
