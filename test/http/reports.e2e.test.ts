// Signed credit reports end to end on both stores: anyone issues a public report and anyone
// verifies it by its code; the HTML and PDF carry the code, the verification URL and the key
// fingerprint (the PDF with its CJK font embedded); a changed row is detected on verification
// and never served; a full report goes only to the subject itself and shows identity numbers
// masked, never raw.
import { createPublicKey, verify as verifySignature } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STORES } from '../support/stores.ts';
import { ADMIN, addAgency, asActor, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { ORG_A, ORG_B, penalty, registration } from '../support/records.ts';
import { startServer, type RunningServer } from '../../src/app/http/server.ts';
import { generateSigningKeyPem, keyRingOf, loadOrCreateSigningKey, parseRetiredKeys, parseSigningKey, type SigningKey } from '../../src/features/reports/signing-key.ts';
import { ReportService } from '../../src/features/reports/report.service.ts';
import { callJson } from '../support/http.ts';
import { canonicalJson } from '../../src/kernel/canonical-json.ts';
import { CODE_ALPHABET, newVerificationCode } from '../../src/features/reports/verification-code.ts';

const LEGAL_REP_ID = '440524188001010014'; // in registration()
const MASKED = '4405**********0014';
const CODE = new RegExp(`^XY-[${CODE_ALPHABET}]{4}-[${CODE_ALPHABET}]{4}-[${CODE_ALPHABET}]{4}$`);

/** The text of every compressed stream of a PDF (content streams, the attached files). */
function inflatedStreams(pdf: Buffer): string {
  const s = pdf.toString('latin1');
  let out = '';
  const re = /stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    const start = m.index + m[0].length;
    const end = s.indexOf('endstream', start);
    try {
      out += inflateSync(pdf.subarray(start, end)).toString('utf8') + '\n';
    } catch {
      // not a Flate stream (or the font program): skip
    }
  }
  return out;
}

describe.each(ALL_STORES)('signed credit reports over HTTP on %s', (store) => {
  let t: TestPlatform;
  let server: RunningServer;
  let url: string;
  let key: SigningKey;
  let samr: string;
  let orgA: string;
  let orgB: string;
  let publicCode: string;

  beforeAll(async () => {
    // Registered in March; penalised in June, filed in November (so a report as of May shows the registration only).
    t = await openTestPlatform(store, '2026-03-02T02:00:00Z');
    // PGlite: generated into DIR/secrets.json; PostgreSQL: configured (XINYONG_REPORT_SIGNING_KEY).
    const p = t.platform;
    key = loadOrCreateSigningKey(t.location.dataDir, p.config.reportSigningKey, { required: store !== 'pglite' });
    server = await startServer(p, { host: '127.0.0.1', port: 0, scheduler: false });
    url = server.url;

    samr = (await addAgency(p, 'samr-hangzhou', 'market-regulation')).apiKey;
    expect((await call('POST', '/v1/records', samr, [registration(ORG_A), registration(ORG_B, '深圳示例有限公司')])).status).toBe(201);
    await p.evaluations.catchUp(); // evaluated in March, as registered
    t.clock.set('2026-11-20T02:00:00Z');
    const filed = await call('POST', '/v1/records', samr, [penalty(1, { date: '2026-06-01' })]);
    expect(filed.status).toBe(201);
    await p.evaluations.evaluateAll();
    await asActor(ADMIN, () => p.accounts.create({ username: 'org-a', role: 'subject', subjectKey: ORG_A, password: 'a long password' }));
    await asActor(ADMIN, () => p.accounts.create({ username: 'org-b', role: 'subject', subjectKey: ORG_B, password: 'a long password' }));
    orgA = (await call('POST', '/v1/session', null, { username: 'org-a', password: 'a long password' })).body.token;
    orgB = (await call('POST', '/v1/session', null, { username: 'org-b', password: 'a long password' })).body.token;
    // The subject disputes its penalty: the report must say so.
    const penaltyId = filed.body.records[0].recordId;
    const objection = await call('POST', '/v1/objections', orgA, { target: { type: 'record', id: penaltyId }, reasons: '处罚事实认定有误' });
    expect(objection.status).toBe(201);
  });
  afterAll(async () => {
    await server?.stop();
    await t?.close();
  });

  const call = (method: string, path: string, token: string | null, body?: unknown) => callJson(url, method, path, token, body);

  const raw = async (path: string, token: string | null = null) => {
    const res = await fetch(url + path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: res.status, type: res.headers.get('content-type') ?? '', headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
  };

  it('issues a public report to anyone, and anyone verifies it by its code', async () => {
    const issued = await call('POST', '/v1/reports', null, { subject: ORG_A });
    expect(issued.status).toBe(201);
    publicCode = issued.body.code;
    expect(publicCode).toMatch(CODE);
    expect(issued.body).toMatchObject({
      scope: 'public',
      lang: 'zh',
      issuedAt: '2026-11-20T02:00:00.000Z',
      asOf: '2026-11-20T02:00:00.000Z',
      keyId: key.keyId,
      verifyUrl: `/v1/reports/${publicCode}/verify`,
      htmlUrl: `/v1/reports/${publicCode}/html`,
      pdfUrl: `/v1/reports/${publicCode}/pdf`,
    });
    const v = await call('GET', `/v1/reports/${publicCode}/verify`, null);
    expect(v.status).toBe(200);
    expect(v.body).toEqual({
      valid: true,
      code: publicCode,
      subject: { code: ORG_A, name: '杭州示例科技有限公司', kind: 'enterprise' },
      scope: 'public',
      lang: 'zh',
      issuedAt: '2026-11-20T02:00:00.000Z',
      asOf: '2026-11-20T02:00:00.000Z',
      date: '2026-11-20',
      policyVersion: 'cn-national@2026.11',
      digest: issued.body.digest,
      keyId: key.keyId,
      publicKeyFingerprint: key.fingerprint,
      proofs: {
        checkpoint: { id: expect.any(Number), origin: expect.any(String), size: expect.any(Number) },
        records: [expect.objectContaining({ verified: true }), expect.objectContaining({ verified: true })],
      },
    });
    // As typed from paper: lower case, no dashes.
    const typed = await call('GET', `/v1/reports/${publicCode.toLowerCase().replace(/-/g, '')}/verify`, null);
    expect(typed.body).toMatchObject({ valid: true, code: publicCode });
  });

  it('says what the portal says: public fields of records in publicity, marks, evaluations, legal bases', async () => {
    const r = await call('GET', `/v1/reports/${publicCode}`, null);
    expect(r.status).toBe(200);
    const c = r.body.content;
    expect(c).toMatchObject({ format: 'xinyong-credit-report/2', code: publicCode, scope: 'public', date: '2026-11-20', timeZone: 'Asia/Shanghai' });
    expect(c.subject).toMatchObject({ code: ORG_A, name: '杭州示例科技有限公司' });
    const items = c.records.map((x: { item: string }) => x.item).sort();
    expect(items).toEqual(['administrative-penalty-general', 'registration-basics']);
    const reg = c.records.find((x: { item: string }) => x.item === 'registration-basics');
    const names = reg.fields.map((f: { name: string }) => f.name);
    expect(names).toContain('legalRepresentative');
    expect(names).not.toContain('legalRepresentativeId'); // restricted: never in a public report
    expect(reg.fields.every((f: { disclosure: string }) => f.disclosure === 'public')).toBe(true);
    const pen = c.records.find((x: { item: string }) => x.item === 'administrative-penalty-general');
    expect(pen).toMatchObject({ disputed: true, underRepair: false, decision: { number: '杭市监罚〔2026〕1号' } });
    expect(c.marks.disputed).toEqual([{ type: 'record', id: pen.recordId }]);
    expect(c.legalBases.map((b: { kind: string; code: string }) => `${b.kind}:${b.code}`)).toContain('item:administrative-penalty-general');
    for (const e of c.evaluations) {
      expect(e).not.toHaveProperty('score');
      expect(e).not.toHaveProperty('factors');
    }
    expect(c.evaluations.length).toBeGreaterThan(0);
    // Anyone can check the signature with the published key alone.
    const pk = await call('GET', '/v1/reports/public-key', null);
    expect(pk.body).toMatchObject({ algorithm: 'Ed25519', keyId: key.keyId, fingerprint: key.fingerprint });
    const ok = verifySignature(null, Buffer.from(canonicalJson(c), 'utf8'), createPublicKey(pk.body.publicKeyPem), Buffer.from(r.body.signature, 'base64'));
    expect(ok).toBe(true);
  });

  it('renders an accessible HTML page with the code, both verification URLs and the key fingerprint', async () => {
    const h = await raw(`/v1/reports/${publicCode}/html`);
    expect(h.status).toBe(200);
    expect(h.type).toMatch(/^text\/html/);
    expect(h.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = h.bytes.toString('utf8');
    expect(html).toContain('<html lang="zh-Hans">');
    expect(html).toMatch(/<title>[^<]+<\/title>/);
    expect(html).toContain('<h1>');
    expect(html).toContain('<th scope="row">');
    expect(html).toContain(publicCode);
    expect(html).toContain(`${url}/reports/verify?code=${publicCode}`);
    expect(html).toContain(`${url}/v1/reports/${publicCode}/verify`);
    expect(html).toContain(key.fingerprint);
    expect(html).toContain('杭州示例科技有限公司');
    expect(html).toContain('异议处理中');
    const suffix = await raw(`/v1/reports/${publicCode}.html`);
    expect(suffix.bytes.toString('utf8')).toBe(html);
  });

  it('renders a PDF with the CJK font embedded, the code printed, digest and signature in its metadata', async () => {
    const p = await raw(`/v1/reports/${publicCode}/pdf`);
    expect(p.status).toBe(200);
    expect(p.type).toBe('application/pdf');
    expect(p.headers.get('content-disposition')).toContain(`xinyong-report-${publicCode}.pdf`);
    const pdf = p.bytes;
    const text = pdf.toString('latin1');
    expect(text.startsWith('%PDF-')).toBe(true);
    expect(text).toMatch(/\/FontFile[23]?\b/); // the font program is embedded
    expect(text).toContain('NotoSansCJKsc-Regular');
    expect(text).toContain('/ToUnicode'); // so the Chinese text can be searched and copied
    expect(pdf.length).toBeGreaterThan(20_000);
    const verify = await call('GET', `/v1/reports/${publicCode}/verify`, null);
    expect(text).toContain(`(${publicCode})`); // document info
    expect(text).toContain(`sha256=${verify.body.digest}`);
    const streams = inflatedStreams(pdf);
    // The code is printed (Courier, hex-encoded in the content stream) ...
    expect(streams).toContain(`<${Buffer.from(publicCode).toString('hex')}>`);
    // ... and the signed content is attached, byte for byte.
    const json = await call('GET', `/v1/reports/${publicCode}`, null);
    expect(streams).toContain(canonicalJson(json.body.content));
    const suffix = await raw(`/v1/reports/${publicCode}.pdf`);
    expect(suffix.type).toBe('application/pdf');
  });

  it('renders PDFs in its worker thread, two at once, and says plainly when the CJK font is missing', async () => {
    // The same report rendered by a service whose font does not exist: the worker thread's
    // failure comes back as the operator's problem, not as an anonymous error.
    const p = t.platform;
    const broken = new ReportService(p.db, p.policy, p.clock, p.subjects, p.evaluations, keyRingOf(key, []), {
      fonts: { regular: '/nonexistent/NotoSansCJK-Regular.ttc' },
    });
    try {
      await expect(broken.pdf(publicCode)).rejects.toMatchObject({ code: 'internal-error', detail: expect.stringMatching(/does not exist/) });
      // A service with the font renders, two PDFs at once in its thread.
      const fine = new ReportService(p.db, p.policy, p.clock, p.subjects, p.evaluations, keyRingOf(key, []));
      try {
        const [a, b] = await Promise.all([fine.pdf(publicCode), fine.pdf(publicCode)]);
        expect(a.subarray(0, 5).toString()).toBe('%PDF-');
        expect(Buffer.isBuffer(b)).toBe(true);
      } finally {
        await fine.close();
      }
    } finally {
      await broken.close();
    }
  });

  it('answers unknown-code for a code never issued, and 404 for its content', async () => {
    let other = newVerificationCode();
    while (other === publicCode) other = newVerificationCode();
    const v = await call('GET', `/v1/reports/${other}/verify`, null);
    expect(v.status).toBe(200);
    expect(v.body).toMatchObject({ valid: false, reason: 'unknown-code', code: other });
    const junk = await call('GET', '/v1/reports/not-a-code/verify', null);
    expect(junk.body).toMatchObject({ valid: false, reason: 'unknown-code' });
    for (const path of [`/v1/reports/${other}`, `/v1/reports/${other}/html`, `/v1/reports/${other}/pdf`, `/v1/reports/${other}.pdf`]) {
      const r = await call('GET', path, null);
      expect(r.status).toBe(404);
      expect(r.type).toContain('application/problem+json');
      expect(r.body.type).toBe('/problems/not-found');
    }
  });

  it('issues a full report only to the subject itself', async () => {
    const anonymous = await call('POST', '/v1/reports', null, { subject: ORG_A, scope: 'full' });
    expect(anonymous.status).toBe(401);
    const otherSubject = await call('POST', '/v1/reports', orgB, { subject: ORG_A, scope: 'full' });
    expect(otherSubject.status).toBe(403);
    expect(otherSubject.body.type).toBe('/problems/forbidden');
    const agency = await call('POST', '/v1/reports', samr, { subject: ORG_A, scope: 'full' });
    expect(agency.status).toBe(403);
    const badToken = await call('POST', '/v1/reports', 'xys.not-a-token', { subject: ORG_A });
    expect(badToken.status).toBe(401);
    // Anyone, logged in or not, may have a public report.
    expect((await call('POST', '/v1/reports', orgB, { subject: ORG_A })).status).toBe(201);
  });

  it('shows the subject everything in its full report, identity numbers masked and never raw', async () => {
    const issued = await call('POST', '/v1/reports', orgA, { subject: ORG_A, scope: 'full', lang: 'en' });
    expect(issued.status).toBe(201);
    const code = issued.body.code;
    const r = await call('GET', `/v1/reports/${code}`, orgA);
    expect(r.status).toBe(200);
    const c = r.body.content;
    expect(c.scope).toBe('full');
    const reg = c.records.find((x: { item: string }) => x.item === 'registration-basics');
    const id = reg.fields.find((f: { name: string }) => f.name === 'legalRepresentativeId');
    expect(id).toMatchObject({ disclosure: 'restricted', value: MASKED });
    expect(reg).toMatchObject({ status: 'active', inPublicity: true });
    const evaluation = c.evaluations.find((e: { scorecard: string }) => e.scorecard === 'public-credit-comprehensive');
    expect(evaluation.score).toEqual(expect.any(Number));
    expect(evaluation.factors.length).toBeGreaterThan(0);

    const html = (await raw(`/v1/reports/${code}/html`, orgA)).bytes.toString('utf8');
    expect(html).toContain('<html lang="en">');
    expect(html).toContain(MASKED);
    const pdf = (await raw(`/v1/reports/${code}/pdf`, orgA)).bytes;
    for (const text of [JSON.stringify(r.body), html, pdf.toString('latin1'), inflatedStreams(pdf)]) {
      expect(text).not.toContain(LEGAL_REP_ID);
      expect(text).not.toMatch(/"hash":/);
    }
    expect(inflatedStreams(pdf)).toContain(MASKED);

    // Read only by the subject; verified by anyone.
    expect((await call('GET', `/v1/reports/${code}`, null)).status).toBe(401);
    expect((await call('GET', `/v1/reports/${code}/html`, orgB)).status).toBe(403);
    expect((await call('GET', `/v1/reports/${code}/pdf`, samr)).status).toBe(403);
    const v = await call('GET', `/v1/reports/${code}/verify`, null);
    expect(v.body).toMatchObject({ valid: true, scope: 'full', lang: 'en' });
    // Issuing it is in the subject's access log (a public report about an organisation is not).
    const log = (await t.platform.accessLog.of(ORG_A)).filter((e) => e.action === 'report.issued');
    expect(log).toEqual([expect.objectContaining({ actor: 'subject:org-a@' + ORG_A, detail: `full report ${code}` })]);
  });

  it('reports as of a past day what the platform showed then', async () => {
    const issued = await call('POST', '/v1/reports', null, { subject: ORG_A, asOf: '2026-05-01' });
    expect(issued.status).toBe(201);
    expect(issued.body.asOf).toBe('2026-05-01T15:59:59.999Z');
    const c = (await call('GET', `/v1/reports/${issued.body.code}`, null)).body.content;
    expect(c.date).toBe('2026-05-01');
    expect(c.records.map((x: { item: string }) => x.item)).toEqual(['registration-basics']);
    // The evaluations then in force: those of the registration in March, not November's (no tax
    // credit grade: the tax authority filed none).
    expect(c.evaluations.map((e: { scorecard: string; date: string; tier: string }) => [e.scorecard, e.date, e.tier])).toEqual([
      ['public-credit-comprehensive', '2026-03-02', 'A'],
    ]);
    const shown = await call('GET', `/v1/evaluations/${ORG_A}?asOf=2026-05-01`, null);
    expect(c.evaluations).toEqual(
      shown.body.evaluations.map((e: Record<string, unknown>) => ({
        scorecard: e.scorecard,
        name: e.name,
        version: e.version,
        date: e.date,
        published: e.published,
        overridden: e.overridden,
        tier: e.tier,
        tierLabel: e.tierLabel,
      })),
    );
    const bad = await call('POST', '/v1/reports', null, { subject: ORG_A, asOf: 'yesterday' });
    expect(bad.status).toBe(422);
    const unknown = await call('POST', '/v1/reports', null, { subject: '91440300708461136T' });
    expect(unknown.status).toBe(404);
    const invalid = await call('POST', '/v1/reports', null, { subject: 'nonsense' });
    expect(invalid.status).toBe(400);
  });

  it('detects a changed row: tampered content, or content re-hashed without the key', async () => {
    const a = (await call('POST', '/v1/reports', null, { subject: ORG_A })).body.code;
    const b = (await call('POST', '/v1/reports', null, { subject: ORG_A })).body.code;
    const db = t.platform.db;
    await expect(db.query("UPDATE report SET content = replace(content, '50000', '5') WHERE code = $1", [a])).rejects.toThrow(/UPDATE on report is refused/);
    // Someone with the rights to switch the trigger off changes the fine ...
    await db.exec('ALTER TABLE report DISABLE TRIGGER report_no_update');
    try {
      const changed = await db.query('UPDATE report SET content = replace(content, \'"value":50000\', \'"value":5\') WHERE code = $1 RETURNING code', [a]);
      expect(changed).toHaveLength(1);
      const v = await call('GET', `/v1/reports/${a}/verify`, null);
      expect(v.body).toMatchObject({ valid: false, reason: 'tampered', code: a });
      // ... and a changed report is never served as if it were genuine.
      const served = await call('GET', `/v1/reports/${a}/html`, null);
      expect(served.status).toBe(500);
      expect(served.body.detail).toContain('integrity');

      // Changing the content and its digest together does not help without the private key.
      const row = (await db.query<{ content: string }>('SELECT content FROM report WHERE code = $1', [b]))[0]!;
      const forged = row.content.replace('"value":50000', '"value":5');
      const { createHash } = await import('node:crypto');
      await db.query('UPDATE report SET content = $2, digest = $3 WHERE code = $1', [b, forged, createHash('sha256').update(forged).digest('hex')]);
      const w = await call('GET', `/v1/reports/${b}/verify`, null);
      expect(w.body).toMatchObject({ valid: false, reason: 'bad-signature' });

      // Relabelling a genuine full report as public is caught too.
      const full = (await call('POST', '/v1/reports', orgA, { subject: ORG_A, scope: 'full' })).body.code;
      await db.query("UPDATE report SET scope = 'public' WHERE code = $1", [full]);
      expect((await call('GET', `/v1/reports/${full}/verify`, null)).body).toMatchObject({ valid: false, reason: 'tampered' });
      expect((await call('GET', `/v1/reports/${full}`, null)).status).toBe(500);
    } finally {
      await db.exec('ALTER TABLE report ENABLE TRIGGER report_no_update');
    }
    expect((await call('GET', `/v1/reports/${publicCode}/verify`, null)).body.valid).toBe(true);
  });

  it('keeps verifying what a retired key signed after a rotation, and nothing it signed after its retirement', async () => {
    const p = t.platform;
    const rotatedAt = p.clock.now();
    const [retired] = parseRetiredKeys([{ publicKeyPem: key.publicKeyPem, retiredAt: rotatedAt.toISOString() }], 'the old key');
    const next = parseSigningKey(generateSigningKeyPem());
    const service = (ring: ReturnType<typeof keyRingOf>) => new ReportService(p.db, p.policy, p.clock, p.subjects, p.evaluations, ring);
    const rotated = service(keyRingOf(next, [retired!]));
    // A server left running with the old key after the rotation, and one that lost the old key.
    const stale = service(keyRingOf(key, []));
    const forgetful = service(keyRingOf(next, []));
    try {
      expect(await rotated.verify(publicCode)).toMatchObject({ valid: true, keyId: key.keyId, publicKeyFingerprint: key.fingerprint });
      // The PDF of an old report carries the key that signed it, not the current one.
      const attached = inflatedStreams(await rotated.pdf(publicCode));
      expect(attached).toContain(JSON.stringify(key.publicKeyPem).slice(1, -1));
      expect(attached).not.toContain(JSON.stringify(next.publicKeyPem).slice(1, -1));
      const fresh = await rotated.issue(ORG_A, { scope: 'public', lang: 'zh' });
      expect(fresh.keyId).toBe(next.keyId);
      expect(await rotated.verify(fresh.code)).toMatchObject({ valid: true, keyId: next.keyId });
      expect(rotated.publicKey()).toMatchObject({
        keyId: next.keyId,
        retired: [{ keyId: key.keyId, fingerprint: key.fingerprint, publicKeyPem: key.publicKeyPem, retiredAt: rotatedAt.toISOString() }],
      });
      t.clock.set(new Date(rotatedAt.getTime() + 60_000));
      const late = await stale.issue(ORG_A, { scope: 'public', lang: 'zh' });
      expect(await rotated.verify(late.code)).toMatchObject({
        valid: false,
        reason: 'bad-signature',
        detail: expect.stringContaining('after that key was retired'),
      });
      expect(await forgetful.verify(publicCode)).toMatchObject({
        valid: false,
        reason: 'bad-signature',
        detail: expect.stringContaining('nor one it retired'),
      });
      // A key retired because it may have leaked proves nothing, even for what it signed before.
      const [leaked] = parseRetiredKeys([{ publicKeyPem: key.publicKeyPem, retiredAt: rotatedAt.toISOString(), compromised: true }], 'the leaked key');
      const revoked = service(keyRingOf(next, [leaked!]));
      try {
        expect(await revoked.verify(publicCode)).toMatchObject({ valid: false, reason: 'bad-signature', detail: expect.stringContaining('may have leaked') });
        expect(revoked.publicKey().retired).toEqual([expect.objectContaining({ keyId: key.keyId, compromised: true })]);
      } finally {
        await revoked.close();
      }
      // The server's own ring (no rotation) still verifies the first report.
      expect((await call('GET', `/v1/reports/${publicCode}/verify`, null)).body).toMatchObject({ valid: true });
    } finally {
      t.clock.set(rotatedAt);
      await Promise.all([rotated.close(), stale.close(), forgetful.close()]);
    }
  });

  it('issues a report from the portal only on a form posted with its CSRF token: a link (GET), from this site or another, issues nothing', async () => {
    const count = async () => (await t.platform.db.query<{ n: number }>('SELECT count(*)::int AS n FROM report'))[0]!.n;
    const before = await count();
    // Following a link shows the form and changes nothing, whoever follows it.
    for (const cookie of ['', `xy_session=${encodeURIComponent(orgA)}`]) {
      for (const path of [`/reports/new?subject=${ORG_A}`, `/reports/new?subject=${ORG_A}&scope=full`]) {
        const res = await fetch(`${url}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });
        expect(res.status, path).toBe(200);
        const page = await res.text();
        expect(page).toContain('<form method="post" action="/reports/new"');
        expect(page).toContain(`name="subject" value="${ORG_A}"`);
      }
    }
    expect(await count()).toBe(before);
    const post = (cookie: string, body: Record<string, string>) =>
      fetch(`${url}/reports/new`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
        body: new URLSearchParams(body).toString(),
      });
    // A visitor without a session: the form's token must be the pre-session cookie's (a page of another site knows neither).
    const form = await fetch(`${url}/subjects/${ORG_A}`);
    const pre = /xy_csrf=([^;]+)/.exec(form.headers.getSetCookie().join('\n'))![1]!;
    expect(await form.text()).toContain(`name="_csrf" value="${decodeURIComponent(pre)}"`);
    for (const [cookie, token] of [
      ['', ''],
      ['', decodeURIComponent(pre)],
      [`xy_csrf=${pre}`, ''],
      [`xy_csrf=${pre}`, 'forged'],
    ] as const) {
      const refused = await post(cookie, { _csrf: token, subject: ORG_A });
      expect(refused.status, `${cookie} / ${token}`).toBe(403);
      expect(refused.headers.get('content-type')).toMatch(/^text\/html/);
    }
    expect(await count()).toBe(before);
    const issued = await post(`xy_csrf=${pre}`, { _csrf: decodeURIComponent(pre), subject: ORG_A });
    expect(issued.status).toBe(303);
    expect(issued.headers.get('location')).toMatch(/^\/v1\/reports\/XY-[^/]+\/html$/);
    expect(await count()).toBe(before + 1);
    // A session posts with the session's token; a full report is still only the subject's own.
    const csrfA = (await t.platform.accounts.authenticate(orgA)).csrfToken;
    const session = `xy_session=${encodeURIComponent(orgA)}`;
    expect((await post(session, { _csrf: 'forged', subject: ORG_A, scope: 'full' })).status).toBe(403);
    const full = await post(session, { _csrf: csrfA, subject: ORG_A, scope: 'full' });
    expect(full.status).toBe(303);
    expect((await fetch(`${url}${full.headers.get('location')}`, { headers: { cookie: session } })).status).toBe(200);
    const notOwn = await post(session, { _csrf: csrfA, subject: ORG_B, scope: 'full' });
    expect(notOwn.status).toBe(403);
    expect(await count()).toBe(before + 2);
  });

  it('limits reports issued and PDFs rendered per client, with a problem that says when to retry, and stores nothing refused', async () => {
    const p = t.platform;
    const before = p.config.reportsPerMinute;
    p.config.reportsPerMinute = 2; // read when a server is built
    const limited = await startServer(p, { host: '127.0.0.1', port: 0, scheduler: false });
    p.config.reportsPerMinute = before;
    try {
      const count = async () => (await p.db.query<{ n: number }>('SELECT count(*)::int AS n FROM report'))[0]!.n;
      const issue = (token: string | null) => callJson(limited.url, 'POST', '/v1/reports', token, { subject: ORG_B });
      expect((await issue(null)).status).toBe(201);
      expect((await issue(null)).status).toBe(201);
      const stored = await count();
      const refused = await issue(null);
      expect(refused.status).toBe(429);
      expect(refused.body).toMatchObject({ type: '/problems/rate-limited', status: 429 });
      expect(refused.body.retryAfterSeconds).toBeGreaterThan(0);
      expect(refused.body.detail).toMatch(/try again in \d+ s/);
      expect(Number(refused.headers.get('retry-after'))).toBe(refused.body.retryAfterSeconds);
      expect(await count()).toBe(stored);
      // Another client (an agency, counted by its code rather than the address) has its own budget.
      expect((await issue(samr)).status).toBe(201);
      // Rendering a PDF draws on the same budget; reading the JSON, HTML or verifying does not.
      expect((await fetch(`${limited.url}/v1/reports/${publicCode}/verify`)).status).toBe(200);
      expect((await fetch(`${limited.url}/v1/reports/${publicCode}/html`)).status).toBe(200);
      const pdf = await fetch(`${limited.url}/v1/reports/${publicCode}/pdf`);
      expect(pdf.status).toBe(429);
      expect(pdf.headers.get('content-type')).toMatch(/application\/problem\+json/);
    } finally {
      await limited.stop();
    }
  });
});
