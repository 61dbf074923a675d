// Text that can spoof, and money that is not money, refused end to end on both stores. A public
// register shows what an authority decided: text whose display order differs from its stored
// order (bidirectional overrides and isolates, "Trojan Source"), text with invisible characters
// or a byte order mark (two names that look the same and are not), and ill-formed Unicode (a lone
// UTF-16 surrogate) are refused with 422 naming the field, and nothing is stored; names are stored
// in NFC; an amount of money is yuan with at most two decimals, stored exactly, within a bound.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STORES } from '../support/stores.ts';
import { ADMIN, addAgency, asActor, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { ORG_A, ORG_B, penalty, registration } from '../support/records.ts';
import { callJson } from '../support/http.ts';
import { startServer, type RunningServer } from '../../src/app/http/server.ts';
import { ledgerCount, ledgerRows } from '../support/ledger-rows.ts';

const RLO = '\u202E';

describe.each(ALL_STORES)('text that can spoof and money that is not money on %s', (store) => {
  let t: TestPlatform;
  let server: RunningServer;
  let samr: string;
  let session: string;
  let n = 100;

  beforeAll(async () => {
    t = await openTestPlatform(store);
    samr = (await addAgency(t.platform, 'samr-hangzhou', 'market-regulation')).apiKey;
    server = await startServer(t.platform, { host: '127.0.0.1', port: 0, scheduler: false });
    expect((await callJson(server.url, 'POST', '/v1/records', samr, [registration(ORG_A), penalty(1)])).status).toBe(201);
    await asActor(ADMIN, () => t.platform.accounts.create({ username: 'hz-example', role: 'subject', subjectKey: ORG_A, password: 'correct horse battery' }));
    session = (await callJson(server.url, 'POST', '/v1/session', null, { username: 'hz-example', password: 'correct horse battery' })).body.token;
  });
  afterAll(async () => {
    await server?.stop();
    await t?.close();
  });

  const ledgerSize = () => ledgerCount(t.platform.db);
  const fieldsOf = (body: Record<string, any>) => (body.errors as Array<{ field: string; message: string }>).map((e) => e.field);

  /** Sends a request that must be refused with 422 naming `field`, and checks that the ledger did not change. */
  async function refused(method: string, path: string, token: string | null, body: unknown, field: string) {
    const before = await ledgerSize();
    const res = await callJson(server.url, method, path, token, body);
    expect(res.status, `${path} ${field}`).toBe(422);
    expect(res.body.type).toBe('/problems/validation-failed');
    expect(fieldsOf(res.body), path).toContain(field);
    expect(await ledgerSize()).toBe(before);
    return res;
  }

  it.each([
    ['a lone surrogate', '\uD83D'],
    ['a right-to-left override', RLO],
    ['a first-strong isolate', '\u2068'],
    ['a zero-width space', '\u200B'],
    ['a word joiner', '\u2060'],
    ['a byte order mark', '\uFEFF'],
  ])('refuses a record with %s in its subject name or a text field, naming the field; nothing is stored', async (_what, ch) => {
    const inName = penalty(++n);
    inName.subject.name = `杭州示例${ch}科技有限公司`;
    await refused('POST', '/v1/records', samr, inName, 'subject.name');
    await refused('POST', '/v1/records', samr, penalty(++n, { fields: { facts: `发布${ch}虚假广告` } }), 'fields.facts');
  });

  it('refuses a spoofing line of an NDJSON batch, and stores none of the batch', async () => {
    const before = await ledgerSize();
    const lines = [penalty(++n), penalty(++n, { fields: { facts: `exe.${RLO}fdp` } })].map((r) => JSON.stringify(r)).join('\n');
    const res = await fetch(`${server.url}/v1/records`, {
      method: 'POST',
      headers: { authorization: `Bearer ${samr}`, 'content-type': 'application/x-ndjson' },
      body: lines,
    });
    expect(res.status).toBe(422);
    const body = (await res.json()) as Record<string, any>;
    expect(body.errors).toContainEqual(expect.objectContaining({ line: 2, field: 'fields.facts' }));
    expect(await ledgerSize()).toBe(before);
  });

  it('refuses spoofing reasons, statements, evidence, notes and signatures in every other request body, naming the field', async () => {
    const recordId = (
      await t.platform.db.query<{ record_id: string }>('SELECT record_id FROM credit_record_view WHERE item = $1 LIMIT 1', ['administrative-penalty-general'])
    )[0]!.record_id;
    const target = { type: 'record', id: recordId };
    await refused('POST', '/v1/objections', session, { target, reasons: `金额有误${RLO}` }, 'body.reasons');
    await refused('POST', '/v1/objections', session, { target, reasons: '金额有误', evidence: ['收据\u200B'] }, 'body.evidence.0');
    const repair = { target, evidence: ['缴款凭证'], commitment: { text: '本企业承诺', signatory: '张三' } };
    await refused('POST', '/v1/repairs', session, { ...repair, commitment: { ...repair.commitment, signatory: '张\uDC00三' } }, 'body.commitment.signatory');
    await refused('POST', '/v1/repairs', session, { ...repair, commitment: { ...repair.commitment, text: `本企业承诺${RLO}` } }, 'body.commitment.text');
    await refused('POST', '/v1/repairs', session, { ...repair, evidence: ['\uFEFF缴款凭证'] }, 'body.evidence.0');
    await refused('POST', '/v1/objections/obj_x/decision', samr, { outcome: 'maintained', reasons: `维持\u2066` }, 'body.reasons');
    await refused('POST', '/v1/repairs/rep_x/decision', samr, { outcome: 'refused', reasons: `不予修复\u202A` }, 'body.reasons');
    await refused('POST', '/v1/list-entries/ent_x/statement', session, { statement: `陈述${RLO}` }, 'body.statement');
    await refused('POST', '/v1/list-entries/ent_x/notice', samr, { facts: `事实\u200D` }, 'body.facts');
    await refused('POST', '/v1/lists/samr-serious-illegal/entries', samr, { basisRecords: [recordId], reasons: `理由\u2069` }, 'body.reasons');
    await refused('POST', `/v1/evaluations/${ORG_A}/override`, samr, { scorecard: 'x', tier: 'A', reason: `理由${RLO}` }, 'body.reason');
    await refused('POST', '/v1/checks/chk_x/feedback', samr, { action: 'no-action-needed', note: `备注\u200B` }, 'body.note');
    await refused('POST', `/v1/records/${recordId}/corrections`, samr, { reason: `更正${RLO}`, fields: { fineAmount: 1 } }, 'reason');
  });

  it('stores a name in NFC: a letter with a combining accent and a CJK compatibility ideograph are stored composed and unified', async () => {
    const filed = await callJson(server.url, 'POST', '/v1/records', samr, registration(ORG_B, 'Cafe\u0301 杭州\uF9F4有限公司'));
    expect(filed.status).toBe(201);
    const profile = await callJson(server.url, 'GET', `/v1/subjects/${ORG_B}`, null);
    expect(profile.status).toBe(200);
    expect(JSON.stringify(profile.body)).toContain('Caf\u00E9 杭州\u6797有限公司');
    expect(JSON.stringify(profile.body)).not.toContain('Cafe\u0301');
  });

  it('stores amounts of money exactly as the decimal sent (0.1, 0.2, 0.3, 0.29, 1234567.89) and refuses 1e-320, 0.1 + 0.2, negative and absurd amounts', async () => {
    for (const text of ['0.1', '0.2', '0.3', '0.29', '1234567.89']) {
      const res = await fetch(`${server.url}/v1/records`, {
        method: 'POST',
        headers: { authorization: `Bearer ${samr}`, 'content-type': 'application/json' },
        // The amount as the JSON text an agency sends.
        body: JSON.stringify(penalty(++n, { fields: { fineAmount: 0 } })).replace('"fineAmount":0', `"fineAmount":${text}`),
      });
      expect(res.status, text).toBe(201);
      const { records } = (await res.json()) as { records: Array<{ recordId: string }> };
      // The ledger holds the canonical JSON of the filing: the amount in it is the decimal sent.
      const [event] = await ledgerRows(t.platform.db, (r) => r.type === 'record.filed' && r.payload.includes(`"recordId":"${records[0]!.recordId}"`));
      expect(event!.payload, text).toContain(`"fineAmount":${text},`);
    }
    for (const text of ['1e-320', '0.30000000000000004', '-0.01', '1e300', '10000000000000.01']) {
      const before = await ledgerSize();
      const res = await fetch(`${server.url}/v1/records`, {
        method: 'POST',
        headers: { authorization: `Bearer ${samr}`, 'content-type': 'application/json' },
        body: JSON.stringify(penalty(++n, { fields: { fineAmount: 0 } })).replace('"fineAmount":0', `"fineAmount":${text}`),
      });
      expect(res.status, text).toBe(422);
      expect(fieldsOf((await res.json()) as Record<string, any>)).toContain('fields.fineAmount');
      expect(await ledgerSize()).toBe(before);
    }
  });
});
