// Credit reports carry ledger proofs (issue 19), on both stores. A report cites one signed
// checkpoint of the ledger and, for each record it shows, the events that determine what it shows
// (the event holding the version shown, the filing of a corrected version, the end of publicity
// or withdrawal it shows): their positions, leaf hashes and inclusion proofs at the log's size in
// the checkpoint, and their bytes (in a public report, only where they hold nothing the public may
// not see). Verifying a report checks the checkpoint's signature with the log's keys and every
// proof, reads each proven event from the ledger, and binds every field shown to its event: a
// report is refused (bad-proof, unproven, record-mismatch naming the record and field) even though
// the platform's key signed it. A record's public page links its proof. The offline script of
// examples/ checks a report with node:crypto alone and says OK only for what it fully checked.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STORES } from '../support/stores.ts';
import { ADMIN, addAgency, asActor, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { ORG_A, ORG_B, penalty, registration } from '../support/records.ts';
import { callJson } from '../support/http.ts';
import { startServer, type RunningServer } from '../../src/app/http/server.ts';
import {
  generateSigningKeyPem,
  keyRingOf,
  loadOrCreateSigningKey,
  noteSignerOf,
  noteVerifierKeyOf,
  noteVerifierOf,
  parseRetiredKeys,
  parseSigningKey,
  type SigningKey,
} from '../../src/features/reports/signing-key.ts';
import { ReportService, sha256Hex } from '../../src/features/reports/report.service.ts';
import { insertReport } from '../../src/features/reports/report.store.ts';
import type { ReportContent, ReportEvent, ReportRecord } from '../../src/features/reports/content.ts';
import { newVerificationCode } from '../../src/features/reports/verification-code.ts';
import { canonicalJson } from '../../src/kernel/canonical-json.ts';
import { logOf, partitionsOf, placementOf } from '../../src/ledger/ledger.ts';
import { tick } from '../../src/features/scheduler/tick.ts';
import { eventAt } from '../../src/ledger/blocks.ts';
import { checkpointById, headOfCheckpoint } from '../../src/ledger/checkpoints.ts';
import { openCheckpoint } from '../../src/ledger/tlog/checkpoint.ts';
import { leafHash, verifyInclusion } from '../../src/ledger/tlog/merkle.ts';
import { parseNote, sign } from '../../src/ledger/tlog/note.ts';

const SCRIPT = resolve(import.meta.dirname, '../../examples/verify-offline.mjs');

/** A base64 hash with one bit of its first byte flipped. */
function flipped(b64: string): string {
  const bytes = Buffer.from(b64, 'base64');
  bytes[0] = bytes[0]! ^ 1;
  return bytes.toString('base64');
}

/** Runs the offline script; its exit code and output. */
function verifyOffline(args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [SCRIPT, ...args], (err, stdout, stderr) => {
      done({ code: err ? ((err as { code?: number }).code ?? -1) : 0, out: stdout + stderr });
    });
  });
}

describe.each(ALL_STORES)('ledger proofs in credit reports on %s', (store) => {
  let t: TestPlatform;
  let server: RunningServer;
  let url: string;
  let key: SigningKey;
  let origin: string;
  let samr: string;
  let orgA: string;
  /** Corrected once: version 2 is a record.corrected event. */
  let correctedId: string;
  /** Filed once: version 1, public fields only. */
  let plainId: string;
  /** A minor penalty: never published. */
  let minorId: string;
  /** A penalty whose publicity ran out: a record.publicity-ended event follows its filing. */
  let endedId: string;
  let registrationId: string;
  let publicCode: string;
  let dir: string;

  beforeAll(async () => {
    // An origin of its own: reports must cite the platform's log, not a default.
    t = await openTestPlatform(store, '2026-03-02T02:00:00Z', { logOrigin: 'xinyong.test/ledger' });
    const p = t.platform;
    key = loadOrCreateSigningKey(t.location.dataDir, p.config.reportSigningKey, { required: store !== 'pglite' });
    origin = p.config.logOrigin;
    server = await startServer(p, { host: '127.0.0.1', port: 0, scheduler: false });
    url = server.url;
    dir = mkdtempSync(join(tmpdir(), 'xinyong-offline-'));

    samr = (await addAgency(p, 'samr-hangzhou', 'market-regulation')).apiKey;
    const reg = await call('POST', '/v1/records', samr, [registration(ORG_A), registration(ORG_B, '深圳示例有限公司')]);
    expect(reg.status).toBe(201);
    registrationId = reg.body.records[0].recordId;
    t.clock.set('2026-06-10T02:00:00Z');
    const filed = await call('POST', '/v1/records', samr, [
      penalty(1, { date: '2026-06-01' }),
      penalty(2, { date: '2026-06-02', fields: { fineAmount: 8000 } }),
      penalty(3, { date: '2026-06-03', severity: 'minor' }),
    ]);
    expect(filed.status).toBe(201);
    [correctedId, plainId, minorId] = filed.body.records.map((r: { recordId: string }) => r.recordId);
    // A general penalty's publicity lasts a year: this one's ran out before it was filed, and the daily run ends it.
    const old = await call('POST', '/v1/records', samr, [penalty(4, { date: '2025-05-01' })]);
    expect(old.status).toBe(201);
    endedId = old.body.records[0].recordId;
    expect((await tick(p.db, p.policy, p.clock)).publicityEnded).toBe(1);
    t.clock.set('2026-07-01T02:00:00Z');
    const corrected = await call('POST', `/v1/records/${correctedId}/corrections`, samr, { reason: '金额录入错误', fields: { fineAmount: 20000 } });
    expect(corrected.status).toBe(200);
    t.clock.set('2026-07-02T02:00:00Z');
    await asActor(ADMIN, () => p.accounts.create({ username: 'org-a', role: 'subject', subjectKey: ORG_A, password: 'a long password' }));
    orgA = (await call('POST', '/v1/session', null, { username: 'org-a', password: 'a long password' })).body.token;
  });
  afterAll(async () => {
    await server?.stop();
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const call = (method: string, path: string, token: string | null, body?: unknown) => callJson(url, method, path, token, body);

  const issue = async (body: Record<string, string>, token: string | null = null) => {
    const issued = await call('POST', '/v1/reports', token, { subject: ORG_A, ...body });
    expect(issued.status).toBe(201);
    const read = await call('GET', `/v1/reports/${issued.body.code}`, token);
    expect(read.status).toBe(200);
    return read.body as { code: string; content: ReportContent } & Record<string, unknown>;
  };

  const recordOf = (c: ReportContent, id: string) => c.records.find((r) => r.recordId === id)!;

  /** An event as its log holds it: its canonical bytes, the leaf, read by position through the ledger's blocks. */
  const storedEvent = async (log: number, index: number) => (await eventAt(t.platform.db, log, index))!.payload;

  /** The logs of a checkpoint note opened with the platform's key (throws if it does not verify). */
  const logsOf = (note: string) => headOfCheckpoint(openCheckpoint(note, origin, [noteVerifierOf(key, origin)]).text).head.logs;

  /** Checks one proven event independently of the service: it is the ledger's event at its position, hashes to its leaf, and is in the checkpoint. */
  const expectEventProved = async (c: ReportContent, e: ReportEvent) => {
    expect(e.log).toBe(logOf(ORG_A, await placementOf(t.platform.db)));
    const bytes = await storedEvent(e.log, e.index);
    expect(e.leafHash).toBe(leafHash(Buffer.from(bytes, 'utf8')).toString('base64'));
    if (e.payload !== null) expect(e.payload).toBe(bytes);
    const log = logsOf(c.checkpoint!.note)[e.log]!;
    expect(() =>
      verifyInclusion(
        e.index,
        log.size,
        Buffer.from(e.leafHash, 'base64'),
        e.inclusionProof.map((h) => Buffer.from(h, 'base64')),
        Buffer.from(log.root, 'base64'),
      ),
    ).not.toThrow();
    return { bytes, event: JSON.parse(bytes) as { type: string; data: { recordId: string; version?: number } } };
  };

  /** Checks a record's proofs: the event of the version shown, its filing where that is a correction, the later events. */
  const expectProved = async (c: ReportContent, r: ReportRecord) => {
    const { bytes, event } = await expectEventProved(c, r.event!);
    expect(event.data.recordId).toBe(r.recordId);
    expect(event.type === 'record.filed' ? 1 : event.data.version).toBe(r.version);
    if (event.type === 'record.corrected') {
      expect((await expectEventProved(c, r.filing!)).event).toMatchObject({ type: 'record.filed', data: { recordId: r.recordId } });
      expect(r.filing!.index).toBeLessThan(r.event!.index);
    } else expect(r.filing).toBeUndefined();
    for (const l of r.later ?? []) expect((await expectEventProved(c, l)).event.data.recordId).toBe(r.recordId);
    return { bytes, type: event.type };
  };

  it('cites a signed checkpoint and proves each record of a public report; it carries the event bytes only where they hold nothing the public may not see', async () => {
    const report = await issue({});
    publicCode = report.code;
    const c = report.content;
    expect(c.format).toBe('xinyong-credit-report/2');
    // The checkpoint is the platform's, whole, and signed by its key under the log's origin.
    const stored = await checkpointById(t.platform.db, c.checkpoint!.id);
    expect(c.checkpoint).toEqual({ id: stored!.id, madeAt: stored!.madeAt, note: stored!.note });
    expect(logsOf(c.checkpoint!.note).length).toBe((await partitionsOf(t.platform.db)) + 1);

    expect(c.records.map((r) => `${r.recordId}@${r.version}`).sort()).toEqual([`${correctedId}@2`, `${plainId}@1`, `${registrationId}@1`].sort());
    const corrected = await expectProved(c, recordOf(c, correctedId));
    expect(corrected.type).toBe('record.corrected');
    const plain = await expectProved(c, recordOf(c, plainId));
    const registered = await expectProved(c, recordOf(c, registrationId));
    // A filing whose every field the report shows: its bytes, exactly as the log holds them.
    expect(recordOf(c, plainId).event!.payload).toBe(plain.bytes);
    // A correction holds its reason, the superseded filing the corrected amount, the registration the keyed hash of the legal representative's identity number.
    expect(recordOf(c, correctedId).event!.payload).toBeNull();
    expect(recordOf(c, correctedId).filing!.payload).toBeNull();
    expect(recordOf(c, registrationId).event!.payload).toBeNull();
    const keyedHash = (JSON.parse(registered.bytes) as { data: { fields: { legalRepresentativeId: { hash: string } } } }).data.fields.legalRepresentativeId
      .hash;
    expect(JSON.stringify(report)).not.toContain(keyedHash);
    expect(JSON.stringify(report)).not.toContain('金额录入错误');
  });

  let fullCode: string;

  it("carries in the subject's full report the bytes of all its events proved, the filing of a corrected record and the end of publicity it shows", async () => {
    const report = await issue({ scope: 'full' }, orgA);
    fullCode = report.code;
    const c = report.content;
    for (const r of c.records) {
      await expectProved(c, r);
      for (const e of [r.event!, r.filing, ...(r.later ?? [])]) if (e) expect(e.payload, r.recordId).not.toBeNull();
    }
    expect(recordOf(c, correctedId).filing).toBeDefined();
    // The record whose publicity ran out proves the event that ended it.
    const ended = recordOf(c, endedId);
    expect(ended.publicityEndedOn).toBe('2026-05-01');
    expect(ended.later).toHaveLength(1);
    expect(JSON.parse(ended.later![0]!.payload!)).toMatchObject({ type: 'record.publicity-ended', data: { recordId: endedId, endedOn: '2026-05-01' } });
    expect(recordOf(c, plainId).later).toBeUndefined();
    const v = await call('GET', `/v1/reports/${report.code}/verify`, null);
    expect(v.body).toMatchObject({ valid: true, scope: 'full' });
    expect(v.body.proofs.records).toHaveLength(5);
    expect(v.body.proofs.records.every((r: { payload: string }) => r.payload === 'checked')).toBe(true);
    expect(v.body.proofs.records.find((r: { recordId: string }) => r.recordId === endedId).events.map((e: { role: string }) => e.role)).toEqual([
      'version',
      'later',
    ]);
    expect(v.body.proofs.records.find((r: { recordId: string }) => r.recordId === correctedId).events.map((e: { role: string }) => e.role)).toEqual([
      'version',
      'filing',
    ]);
  });

  it('proves, in a report as of a past day, the version shown then: the filing, not the later correction', async () => {
    const now = await issue({});
    const past = (await issue({ asOf: '2026-06-20' })).content;
    const then = recordOf(past, correctedId);
    expect(then.version).toBe(1);
    const filing = await expectProved(past, then);
    expect(filing.type).toBe('record.filed');
    expect(then.event!.index).toBeLessThan(recordOf(now.content, correctedId).event!.index);
    expect(then.event!.payload).toBe(filing.bytes);
  });

  it('verifies the checkpoint and every proof, and says which records verified, by the API and on the portal', async () => {
    const v = await call('GET', `/v1/reports/${publicCode}/verify`, null);
    expect(v.body.valid).toBe(true);
    const c = (await call('GET', `/v1/reports/${publicCode}`, null)).body.content as ReportContent;
    expect(v.body.proofs).toEqual({
      checkpoint: { id: c.checkpoint!.id, origin, size: logsOf(c.checkpoint!.note).reduce((n, l) => n + l.size, 0) },
      records: c.records.map((r) => ({
        recordId: r.recordId,
        log: r.event!.log,
        index: r.event!.index,
        events: [
          { log: r.event!.log, index: r.event!.index, role: 'version' },
          ...(r.filing ? [{ log: r.filing.log, index: r.filing.index, role: 'filing' }] : []),
        ],
        verified: true,
        payload: r.recordId === plainId ? 'checked' : 'withheld',
      })),
    });
    const page = await (await fetch(`${url}/reports/verify?code=${publicCode}&lang=en`)).text();
    expect(page).toContain(`Ledger checkpoint #${c.checkpoint!.id}`);
    for (const r of c.records) expect(page).toContain(`<td>${r.recordId}</td>`);
    expect(page.match(/<td>verified<\/td>/g)).toHaveLength(c.records.length);
  });

  /** Stores a copy of a report (the public one by default), changed and signed again with the platform's key, under a new code. */
  const forge = async (change: (c: ReportContent) => void, base = publicCode, token: string | null = null): Promise<string> => {
    const c = structuredClone((await call('GET', `/v1/reports/${base}`, token)).body.content) as ReportContent;
    change(c);
    c.code = newVerificationCode();
    const canonical = canonicalJson(c);
    const inserted = await insertReport(t.platform.db, {
      code: c.code,
      subjectKey: ORG_A,
      scope: c.scope,
      lang: c.lang,
      issuedAt: new Date(c.generatedAt),
      asOf: new Date(c.asOf),
      content: canonical,
      digest: sha256Hex(canonical),
      signature: key.sign(Buffer.from(canonical, 'utf8')),
      keyId: key.keyId,
    });
    expect(inserted).toBe(true);
    return c.code;
  };

  const verifyCode = async (code: string) => (await call('GET', `/v1/reports/${code}/verify`, null)).body;

  it("refuses a report whose proofs do not hold, though the platform's key signed it, naming the record that fails", async () => {
    const cases: Array<[string, (c: ReportContent) => void, string, string, RegExp]> = [
      [
        'a proof hash changed',
        (c) => (recordOf(c, correctedId).event!.inclusionProof[0] = flipped(recordOf(c, correctedId).event!.inclusionProof[0]!)),
        correctedId,
        'bad-proof',
        /root/,
      ],
      [
        "a proof hash of a corrected record's filing changed",
        (c) => (recordOf(c, correctedId).filing!.inclusionProof[0] = flipped(recordOf(c, correctedId).filing!.inclusionProof[0]!)),
        correctedId,
        'bad-proof',
        /filing.*root|root/,
      ],
      [
        'a byte of the event changed',
        (c) => (recordOf(c, plainId).event!.payload = recordOf(c, plainId).event!.payload!.replace('8000', '8001')),
        plainId,
        'bad-proof',
        /do not hash/,
      ],
      [
        'the event, its leaf hash and the field shown changed together',
        (c) => {
          const r = recordOf(c, plainId);
          r.event!.payload = r.event!.payload!.replace('8000', '8001');
          r.event!.leafHash = leafHash(Buffer.from(r.event!.payload, 'utf8')).toString('base64');
          r.fields.find((f) => f.name === 'fineAmount')!.value = 8001;
        },
        plainId,
        'bad-proof',
        /not the ledger's/,
      ],
      [
        'another event of the log cited',
        (c) => (recordOf(c, correctedId).event!.index = recordOf(c, registrationId).event!.index),
        correctedId,
        'bad-proof',
        /not that of the ledger's event/,
      ],
      [
        'a shown field changed beside the true event',
        (c) => (recordOf(c, plainId).fields.find((f) => f.name === 'fineAmount')!.value = 800),
        plainId,
        'record-mismatch',
        /fineAmount/,
      ],
      ['the version shown is not the event’s', (c) => (recordOf(c, plainId).version = 2), plainId, 'record-mismatch', /version/],
      ['a record without its proof', (c) => delete recordOf(c, plainId).event, plainId, 'unproven', /no proof/],
      ["a corrected record without its filing's proof", (c) => delete recordOf(c, correctedId).filing, correctedId, 'unproven', /filing/],
    ];
    for (const [what, change, failing, reason, detail] of cases) {
      const v = await verifyCode(await forge(change));
      expect(v, what).toMatchObject({ valid: false, reason, record: failing, detail: expect.stringContaining(failing) });
      const checks = v.proofs.records as Array<{ recordId: string; verified: boolean; problem?: string; detail?: string }>;
      expect(
        checks.filter((r) => !r.verified).map((r) => r.recordId),
        what,
      ).toEqual([failing]);
      expect(
        checks.find((r) => r.recordId === failing),
        what,
      ).toMatchObject({ problem: reason, detail: expect.stringMatching(detail) });
    }
  });

  it('refuses a report of format /2 that cites no checkpoint: unproven, not valid', async () => {
    const v = await verifyCode(await forge((c) => delete c.checkpoint));
    expect(v).toMatchObject({ valid: false, reason: 'unproven', detail: expect.stringContaining('cites no checkpoint') });
    const page = await (await fetch(`${url}/reports/verify?code=${v.code}&lang=en`)).text();
    expect(page).toContain('Not verified');
    expect(page).toContain('cites no checkpoint');
  });

  /**
   * One altered field of each kind the brief names, each returning the record that must fail: on a
   * record whose bytes a public report carries (plain) and on a corrected one whose bytes it
   * withholds, which the platform binds from its own copy of the ledger.
   */
  const ALTERATIONS: Array<[string, string, (c: ReportContent) => string]> = [
    ['catalogue item', 'item', (c) => ((recordOf(c, plainId).item = 'administrative-penalty-serious'), plainId)],
    ["catalogue item of a corrected record (its filing's)", 'item', (c) => ((recordOf(c, correctedId).item = 'administrative-penalty-serious'), correctedId)],
    ['category', 'category', (c) => ((recordOf(c, plainId).category = 'commendation'), plainId)],
    ['polarity', 'polarity', (c) => ((recordOf(c, plainId).polarity = 'positive'), plainId)],
    ['polarity of a corrected record', 'polarity', (c) => ((recordOf(c, correctedId).polarity = 'positive'), correctedId)],
    ['agency', 'agency', (c) => ((recordOf(c, correctedId).agency = 'sat-hangzhou'), correctedId)],
    ['decision number', 'decision.number', (c) => ((recordOf(c, plainId).decision.number = '杭市监罚〔2026〕99号'), plainId)],
    ['decision number of a correction', 'decision.number', (c) => ((recordOf(c, correctedId).decision.number = '杭市监罚〔2026〕99号'), correctedId)],
    ['decision date', 'decision.date', (c) => ((recordOf(c, plainId).decision.date = '2026-05-02'), plainId)],
    ['publicity start', 'publicity.start', (c) => ((recordOf(c, plainId).publicity.start = '2026-06-11'), plainId)],
    ['publicity end', 'publicity.end', (c) => ((recordOf(c, correctedId).publicity.end = '2026-12-31'), correctedId)],
    [
      "a corrected record's field shown as its filing had it",
      'fields.fineAmount',
      (c) => ((recordOf(c, correctedId).fields.find((f) => f.name === 'fineAmount')!.value = 50000), correctedId),
    ],
    ['subject', 'subject', (c) => ((c.subject.code = ORG_B), c.records[0]!.recordId)],
    ['a field nothing binds', 'note', (c) => (((recordOf(c, plainId) as unknown as Record<string, unknown>).note = 'verified by the agency'), plainId)],
  ];

  it('refuses a public report that shows any field of a record otherwise than its proven event: record-mismatch, naming the record and the field', async () => {
    for (const [what, field, change] of ALTERATIONS) {
      let failing = '';
      const v = await verifyCode(await forge((c) => (failing = change(c))));
      expect(v, what).toMatchObject({ valid: false, reason: 'record-mismatch', record: failing, field, detail: expect.stringContaining(failing) });
    }
  });

  /** The verifier key the log publishes. */
  const verifierKey = async () => {
    const keys = (await call('GET', '/v1/log/keys', null)).body as { origin: string; keys: Array<{ verifierKey: string; current: boolean }> };
    expect(keys.origin).toBe(origin);
    return keys.keys.find((k) => k.current)!.verifierKey;
  };

  const write = (name: string, body: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(body));
    return path;
  };

  it('refuses a full report that shows a field otherwise than its proven events, on the platform and offline (exit 1, naming the record and field)', async () => {
    const vkey = await verifierKey();
    const fullOnly: Array<[string, string, (c: ReportContent) => string]> = [
      ['end of publicity', 'publicityEndedOn', (c) => ((recordOf(c, endedId).publicityEndedOn = '2026-09-01'), endedId)],
      ['end of publicity without its event', 'publicityEndedOn', (c) => (delete recordOf(c, endedId).later, endedId)],
      ['end reason', 'publicityEndReason', (c) => ((recordOf(c, endedId).publicityEndReason = 'repair'), endedId)],
      ['status', 'status', (c) => ((recordOf(c, plainId).status = 'withdrawn'), plainId)],
      ['in publicity', 'inPublicity', (c) => ((recordOf(c, endedId).inPublicity = true), endedId)],
      ['minimum end', 'publicityMinimumEnd', (c) => ((recordOf(c, plainId).publicityMinimumEnd = '2026-06-11'), plainId)],
      ['repairable', 'repairable', (c) => ((recordOf(c, plainId).repairable = false), plainId)],
    ];
    for (const [what, field, change] of [...ALTERATIONS, ...fullOnly]) {
      let failing = '';
      const code = await forge((c) => (failing = change(c)), fullCode, orgA);
      expect(await verifyCode(code), what).toMatchObject({ valid: false, reason: 'record-mismatch', record: failing, field });
      const forged = (await call('GET', `/v1/reports/${code}`, orgA)).body;
      const run = await verifyOffline([write(`full-${code}.json`, forged), vkey]);
      expect(run.code, `${what}: ${run.out}`).toBe(1);
      expect(run.out, what).toMatch(new RegExp(`FAIL record ${failing} version \\d+: record-mismatch \\(${field.replace('.', '\\.')}\\)`));
      expect(run.out, what).not.toContain(`OK   record ${failing}`);
    }
  });

  it("refuses a report whose checkpoint is not the log's: signed by another key, or its lines changed", async () => {
    const other = noteSignerOf(parseSigningKey(generateSigningKeyPem()), origin);
    const byOther = await forge((c) => (c.checkpoint!.note = sign(parseNote(c.checkpoint!.note).text, [other])));
    expect((await call('GET', `/v1/reports/${byOther}/verify`, null)).body).toMatchObject({
      valid: false,
      reason: 'bad-proof',
      detail: expect.stringMatching(/does not verify with the platform's log keys: no known key signed the note/),
    });
    // A log's line changed and signed again by the platform's own key: the root over the lines no longer holds.
    const signer = noteSignerOf(key, origin);
    const changed = await forge((c) => {
      const text = parseNote(c.checkpoint!.note).text.replace(/^log 0 (\d+) /m, (_, n: string) => `log 0 ${Number(n) + 1} `);
      c.checkpoint!.note = sign(text, [signer]);
    });
    expect((await call('GET', `/v1/reports/${changed}/verify`, null)).body).toMatchObject({ valid: false, reason: 'bad-proof' });
  });

  it('keeps verifying the checkpoints of reports signed before a key rotation', async () => {
    const p = t.platform;
    const [retired] = parseRetiredKeys([{ publicKeyPem: key.publicKeyPem, retiredAt: p.clock.now().toISOString() }], 'the old key');
    const rotated = new ReportService(p.db, p.policy, p.clock, p.subjects, p.evaluations, keyRingOf(parseSigningKey(generateSigningKeyPem()), [retired!]), {
      log: p.log,
    });
    try {
      expect(await rotated.verify(publicCode)).toMatchObject({ valid: true, proofs: { checkpoint: { origin } } });
    } finally {
      await rotated.close();
    }
  });

  it("links a public record's page to its proof, which proves the version against the latest checkpoint; a record not public has none", async () => {
    const profile = await (await fetch(`${url}/subjects/${ORG_A}`)).text();
    expect(profile).toContain(`href="/records/${correctedId}/proof?version=2"`);
    expect(profile).toContain(`href="/records/${plainId}/proof?version=1"`);
    expect(profile).not.toContain(minorId);

    const proof = await t.platform.reports.recordProof(correctedId);
    expect(proof).toMatchObject({ recordId: correctedId, version: 2, currentVersion: 2 });
    const log = logsOf(proof.checkpoint.note)[proof.event.log]!;
    expect(log.size).toBe(proof.checkpoint.logSize);
    const bytes = await storedEvent(proof.event.log, proof.event.index);
    expect(proof.event.leafHash).toBe(leafHash(Buffer.from(bytes, 'utf8')).toString('base64'));
    verifyInclusion(
      proof.event.index,
      log.size,
      Buffer.from(proof.event.leafHash, 'base64'),
      proof.event.inclusionProof.map((h) => Buffer.from(h, 'base64')),
      Buffer.from(log.root, 'base64'),
    );

    const page = await fetch(`${url}/records/${correctedId}/proof?version=2&lang=en`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const { log: l, index: i } = proof.event;
    expect(html).toContain(`href="/v1/log/proofs/inclusion?log=${l}&amp;index=${i}&amp;size=${log.size}"`);
    expect(html).toContain(`href="/v1/log/entries/${l}/${i}"`);
    expect(html).toContain(proof.event.leafHash);
    for (const h of proof.event.inclusionProof) expect(html).toContain(h);
    // The first version's proof: the filing event, earlier in the log.
    const first = await t.platform.reports.recordProof(correctedId, 1);
    expect(first.event.index).toBeLessThan(i);
    expect(await (await fetch(`${url}/records/${correctedId}/proof?version=1&lang=en`)).text()).toContain('1 (now version 2)');

    // A record never published, an unknown one and a version that does not exist are answered alike.
    for (const path of [`/records/${minorId}/proof`, '/records/rec_unknown/proof', `/records/${correctedId}/proof?version=3`]) {
      const res = await fetch(`${url}${path}`);
      expect(res.status, path).toBe(404);
    }
    await expect(t.platform.reports.recordProof(minorId)).rejects.toMatchObject({ code: 'record-not-found' });
  });

  it('verifies offline with node:crypto alone: OK only for what it checked whole; a tampered or unproven report fails', async () => {
    const vkey = await verifierKey();
    expect(vkey).toBe(noteVerifierKeyOf(key, origin));
    // The full report carries every event's bytes: every record is checked, field by field.
    const full = (await call('GET', `/v1/reports/${fullCode}`, orgA)).body as { content: ReportContent };
    const fullRun = await verifyOffline([write('full.json', full), vkey]);
    expect(fullRun.code, fullRun.out).toBe(0);
    expect(fullRun.out).not.toMatch(/FAIL|PART/);
    for (const r of full.content.records) expect(fullRun.out).toContain(`OK   record ${r.recordId} version ${r.version}`);

    // The public report withholds some events' bytes: those records are in the log, but not checked field by field, and never said OK.
    const report = (await call('GET', `/v1/reports/${publicCode}`, null)).body as { content: ReportContent };
    const part = await verifyOffline([write('report.json', report), vkey]);
    expect(part.code, part.out).toBe(3);
    expect(part.out).not.toContain('FAIL');
    expect(part.out).toContain(`OK   report ${publicCode}: signature`);
    expect(part.out).toContain(`OK   checkpoint ${report.content.checkpoint!.id}: signature and root`);
    expect(part.out).toContain(`OK   record ${plainId} version 1`);
    for (const id of [correctedId, registrationId]) {
      expect(part.out).toMatch(new RegExp(`PART record ${id} .*withholds the bytes`));
      expect(part.out).not.toContain(`OK   record ${id}`);
    }
    expect(part.out).toContain('INCOMPLETE');

    // A field of a public report altered where it carries the bytes: FAIL, exit 1.
    const altered = await forge((c) => (recordOf(c, plainId).item = 'administrative-penalty-serious'));
    const alteredRun = await verifyOffline([write('altered.json', (await call('GET', `/v1/reports/${altered}`, null)).body), vkey]);
    expect(alteredRun.code).toBe(1);
    expect(alteredRun.out).toContain(`FAIL record ${plainId} version 1: record-mismatch (item)`);

    // A report of format /2 without its checkpoint: nothing it shows is proved.
    const bareRun = await verifyOffline([
      write('no-checkpoint.json', (await call('GET', `/v1/reports/${await forge((c) => delete c.checkpoint, fullCode, orgA)}`, orgA)).body),
      vkey,
    ]);
    expect(bareRun.code).toBe(1);
    expect(bareRun.out).toMatch(/FAIL report .*unproven: it cites no checkpoint/);
    expect(bareRun.out).not.toMatch(/^OK {3}record/m);

    // A changed byte of an event the report carries: that record fails, whatever else holds.
    const tampered = structuredClone(full);
    recordOf(tampered.content, plainId).event!.payload = recordOf(tampered.content, plainId).event!.payload!.replace('8000', '8001');
    const bad = await verifyOffline([write('tampered-payload.json', tampered), vkey]);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(new RegExp(`FAIL record ${plainId} .*do not hash to its leaf hash`));
    expect(bad.out).toContain(`OK   record ${correctedId}`);

    // A changed hash of an inclusion proof.
    const badProof = structuredClone(full);
    const e = recordOf(badProof.content, correctedId).event!;
    e.inclusionProof[0] = flipped(e.inclusionProof[0]!);
    const badRun = await verifyOffline([write('tampered-proof.json', badProof), vkey]);
    expect(badRun.code).toBe(1);
    expect(badRun.out).toMatch(new RegExp(`FAIL record ${correctedId} .*inclusion proof of event .* does not lead to the root`));

    // Another key: neither the report nor its checkpoint verifies.
    const stranger = noteVerifierKeyOf(parseSigningKey(generateSigningKeyPem()), origin);
    const strangerRun = await verifyOffline([join(dir, 'full.json'), stranger]);
    expect(strangerRun.code).toBe(1);
    expect(strangerRun.out).toContain('FAIL checkpoint');
    expect(strangerRun.out).not.toMatch(/^OK {3}record/m);
  });
});
