// Credit reports, the parts without a store: verification codes (format, typing leniency, the
// check character), the signing key (generated once beside idHashSecret, configured for
// PostgreSQL, Ed25519 only) and the renderings of a report's content.
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CODE_ALPHABET, checkCharacter, newCodeInShard, newVerificationCode, parseVerificationCode } from '../../src/features/reports/verification-code.ts';
import { shardLogOf } from '../../src/ledger/placement.ts';
import {
  generateSigningKeyPem,
  keyRingOf,
  loadKeyRing,
  loadOrCreateSigningKey,
  parseRetiredKeys,
  parseSigningKey,
  rotateSigningKey,
  SigningKeyError,
} from '../../src/features/reports/signing-key.ts';
import { canonicalJson } from '../../src/kernel/canonical-json.ts';
import { REPORT_FORMAT, type ReportContent } from '../../src/features/reports/content.ts';
import { layoutReport } from '../../src/features/reports/layout.ts';
import { renderHtml } from '../../src/features/reports/html.ts';
import { findCjkFont, renderPdf, ReportFontError } from '../../src/features/reports/pdf.ts';
import { ReportService } from '../../src/features/reports/report.service.ts';
import { AppError } from '../../src/kernel/problems.ts';

const FORMAT = new RegExp(`^XY-[${CODE_ALPHABET}]{4}-[${CODE_ALPHABET}]{4}-[${CODE_ALPHABET}]{4}$`);

describe('verification codes', () => {
  it('are XY- and three groups of four from an alphabet without 0, O, 1 or I', () => {
    expect(CODE_ALPHABET).toHaveLength(32);
    expect(CODE_ALPHABET).not.toMatch(/[01OI]/);
    for (let i = 0; i < 200; i++) {
      const code = newVerificationCode();
      expect(code).toMatch(FORMAT);
      expect(code).toHaveLength(17);
      expect(parseVerificationCode(code)).toEqual({ valid: true, code });
    }
  });

  it('do not repeat', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) seen.add(newVerificationCode());
    expect(seen.size).toBe(20_000);
  });

  it('read back as people type them: lower case, spaces, no dashes, no prefix, 1 or I for L', () => {
    const code = newVerificationCode(() => Buffer.from([9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19])); // BCDEFGHJKLM
    expect(code.startsWith('XY-BCDE-FGHJ-KLM')).toBe(true);
    const body = code.slice(3).replace(/-/g, '');
    expect(parseVerificationCode(code.toLowerCase())).toEqual({ valid: true, code });
    expect(parseVerificationCode(` xy ${body.slice(0, 4)} ${body.slice(4, 8)} ${body.slice(8)} `)).toEqual({ valid: true, code });
    expect(parseVerificationCode(body)).toEqual({ valid: true, code });
    expect(parseVerificationCode(code.replace('L', '1'))).toEqual({ valid: true, code });
    expect(parseVerificationCode(code.replace('L', 'i'))).toEqual({ valid: true, code });
  });

  it('refuse what cannot be a code, saying why', () => {
    expect(parseVerificationCode('hello')).toMatchObject({ valid: false, message: expect.stringContaining('12 characters') });
    expect(parseVerificationCode('XY-0BCD-EFGH-JKLM')).toMatchObject({ valid: false, message: expect.stringContaining("'0'") });
    expect(parseVerificationCode('')).toMatchObject({ valid: false });
  });

  it('catch every single mistyped character by the check character', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 11 }), fc.integer({ min: 1, max: 31 }), (pos, shift) => {
        const code = newVerificationCode();
        const body = code.slice(3).replace(/-/g, '');
        const wrong = CODE_ALPHABET[(CODE_ALPHABET.indexOf(body[pos]!) + shift) % 32]!;
        const typo = body.slice(0, pos) + wrong + body.slice(pos + 1);
        expect(parseVerificationCode(typo)).toMatchObject({ valid: false, message: expect.stringContaining('check character') });
      }),
      { numRuns: 500 },
    );
  });

  it('catch swapped neighbours (all but the one pair Luhn mod 32 cannot see)', () => {
    let caught = 0;
    let swaps = 0;
    for (let i = 0; i < 300; i++) {
      const body = newVerificationCode().slice(3).replace(/-/g, '');
      for (let p = 0; p < 11; p++) {
        if (body[p] === body[p + 1]) continue;
        const swapped = body.slice(0, p) + body[p + 1] + body[p] + body.slice(p + 2);
        swaps++;
        if (!parseVerificationCode(swapped).valid) caught++;
        else expect(new Set([body[p], body[p + 1]])).toEqual(new Set(['2', 'Z'])); // values 0 and 31
      }
    }
    expect(caught / swaps).toBeGreaterThan(0.99);
  });

  it('compute the check character as Luhn mod N', () => {
    // Every payload plus its check character sums to 0 mod 32 with doubling from the right of the check.
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 31 }), { minLength: 11, maxLength: 11 }), (values) => {
        const payload = values.map((v) => CODE_ALPHABET[v]).join('');
        const all = payload + checkCharacter(payload);
        let sum = 0;
        [...all].reverse().forEach((c, i) => {
          const v = CODE_ALPHABET.indexOf(c) * (i % 2 === 1 ? 2 : 1);
          sum += Math.floor(v / 32) + (v % 32);
        });
        expect(sum % 32).toBe(0);
      }),
    );
  });

  it("drawn for a Citus cluster, lie in their subject's shard and read back as themselves", () => {
    // The lowest hash of each of 4 and of 32 shards, as Citus splits the int4 range.
    const boundsOf = (n: number) => Array.from({ length: n }, (_, i) => -(2 ** 31) + Math.floor((2 ** 32 / n) * i));
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), fc.constantFrom(1, 4, 32), (subjectKey, shards) => {
        const bounds = boundsOf(shards);
        const code = newCodeInShard(subjectKey, bounds);
        expect(shardLogOf(code, bounds)).toBe(shardLogOf(subjectKey, bounds));
        expect(parseVerificationCode(code)).toEqual({ valid: true, code });
      }),
    );
    // A source of randomness that never reaches the subject's shard still gives a code, once it has tried long enough.
    const bounds = boundsOf(32);
    const stuck = newVerificationCode(() => Buffer.alloc(11));
    const elsewhere = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].find((k) => shardLogOf(k, bounds) !== shardLogOf(stuck, bounds))!;
    expect(newCodeInShard(elsewhere, bounds, () => Buffer.alloc(11))).toBe(stuck);
  });
});

describe('the report signing key', () => {
  const dirs: string[] = [];
  const dir = () => {
    const d = mkdtempSync(join(tmpdir(), 'xinyong-key-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('is generated once into secrets.json beside idHashSecret, mode 0600, and read back the same', () => {
    const d = dir();
    writeFileSync(join(d, 'secrets.json'), JSON.stringify({ idHashSecret: 'keep-me' }), { mode: 0o644 });
    const first = loadOrCreateSigningKey(d);
    const file = JSON.parse(readFileSync(join(d, 'secrets.json'), 'utf8')) as Record<string, string>;
    expect(file.idHashSecret).toBe('keep-me');
    expect(file.reportSigningKey).toContain('-----BEGIN PRIVATE KEY-----');
    expect(statSync(join(d, 'secrets.json')).mode & 0o777).toBe(0o600);
    const again = loadOrCreateSigningKey(d);
    expect(again.fingerprint).toBe(first.fingerprint);
    expect(again.keyId).toBe(first.fingerprint.replace(/:/g, '').slice(0, 16));
    expect(first.fingerprint).toMatch(/^[0-9a-f]{4}(:[0-9a-f]{4}){15}$/);
  });

  it('creates the data directory and the file when neither exists', () => {
    const d = join(dir(), 'nested', 'data');
    const k = loadOrCreateSigningKey(d);
    expect(JSON.parse(readFileSync(join(d, 'secrets.json'), 'utf8'))).toEqual({ reportSigningKey: expect.any(String) });
    expect(loadOrCreateSigningKey(d).fingerprint).toBe(k.fingerprint);
  });

  it('prefers a configured key (PEM, PEM with \\n escapes, or JWK) and writes nothing', () => {
    const d = dir();
    const pem = generateSigningKeyPem();
    const a = loadOrCreateSigningKey(d, pem);
    expect(loadOrCreateSigningKey(d, pem.replace(/\n/g, '\\n')).fingerprint).toBe(a.fingerprint);
    const { privateKey } = generateKeyPairSync('ed25519');
    const jwk = JSON.stringify(privateKey.export({ format: 'jwk' }));
    expect(loadOrCreateSigningKey(d, jwk).publicKeyPem).toBe(createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }));
    expect(() => readFileSync(join(d, 'secrets.json'))).toThrow();
  });

  it('is required when configured keys are (PostgreSQL), and must be Ed25519', () => {
    expect(() => loadOrCreateSigningKey(dir(), undefined, { required: true })).toThrow(/XINYONG_REPORT_SIGNING_KEY must be set/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => parseSigningKey(rsa)).toThrow(SigningKeyError);
    expect(() => parseSigningKey(rsa)).toThrow(/Ed25519/);
    expect(() => parseSigningKey('not a key')).toThrow(/not a usable Ed25519 private key/);
    const d = dir();
    writeFileSync(join(d, 'secrets.json'), '{ broken');
    chmodSync(join(d, 'secrets.json'), 0o600);
    expect(() => loadOrCreateSigningKey(d)).toThrow(/not valid JSON/);
  });

  it('can be loaded on first use, so that commands which never touch reports need no key', () => {
    let loads = 0;
    const lazy = () => {
      loads++;
      return loadKeyRing(dir(), undefined, undefined, { required: true });
    };
    const none = null as never;
    const reports = new ReportService(none, none, none, none, none, lazy);
    expect(loads).toBe(0);
    expect(() => reports.publicKey()).toThrow(AppError);
    expect(() => reports.publicKey()).toThrow(/reports are not available: XINYONG_REPORT_SIGNING_KEY must be set/);
    const pem = generateSigningKeyPem();
    const ok = new ReportService(none, none, none, none, none, () => (loads++, keyRingOf(parseSigningKey(pem), [])));
    expect(ok.publicKey().fingerprint).toBe(ok.publicKey().fingerprint);
    expect(loads).toBe(3); // twice failing, once for the working key however often it is used
  });

  it('is rotated: the old public key is kept as retired with the instant, a new key signs, idHashSecret stays', () => {
    const d = dir();
    writeFileSync(join(d, 'secrets.json'), JSON.stringify({ idHashSecret: 'keep-me' }), { mode: 0o600 });
    const first = loadOrCreateSigningKey(d);
    const oldPem = (JSON.parse(readFileSync(join(d, 'secrets.json'), 'utf8')) as Record<string, string>).reportSigningKey!;
    const r1 = rotateSigningKey(d, new Date('2026-12-01T00:00:00Z'));
    expect(r1.retired).toMatchObject({
      keyId: first.keyId,
      fingerprint: first.fingerprint,
      publicKeyPem: first.publicKeyPem,
      retiredAt: '2026-12-01T00:00:00.000Z',
    });
    expect(r1.current.keyId).not.toBe(first.keyId);
    const file = JSON.parse(readFileSync(join(d, 'secrets.json'), 'utf8')) as Record<string, unknown>;
    expect(file.idHashSecret).toBe('keep-me');
    // The old private key is gone: only its public half is kept.
    expect(readFileSync(join(d, 'secrets.json'), 'utf8')).not.toContain(oldPem.split('\n')[1]!);
    expect(Object.keys(file).sort()).toEqual(['idHashSecret', 'reportSigningKey', 'retiredReportSigningKeys']);
    expect(statSync(join(d, 'secrets.json')).mode & 0o777).toBe(0o600);
    const r2 = rotateSigningKey(d, new Date('2027-06-01T00:00:00Z'));
    const ring = loadKeyRing(d);
    expect(ring.current.keyId).toBe(r2.current.keyId);
    expect(ring.retired.map((k) => [k.keyId, k.retiredAt])).toEqual([
      [first.keyId, '2026-12-01T00:00:00.000Z'],
      [r1.current.keyId, '2027-06-01T00:00:00.000Z'],
    ]);
    // What a retired key signed still verifies with the ring's public half.
    const data = Buffer.from('{"a":1}');
    const pem = generateSigningKeyPem();
    const signer = parseSigningKey(pem);
    const [retired] = parseRetiredKeys([{ publicKeyPem: signer.publicKeyPem, retiredAt: '2026-12-01T08:00:00+08:00' }], 'test');
    expect(retired!.verify(data, signer.sign(data))).toBe(true);
    expect(retired!.retiredAt).toBe('2026-12-01T00:00:00.000Z');
    expect(() => rotateSigningKey(dir(), new Date())).toThrow(/holds no report signing key to rotate/);
  });

  it('reads retired keys from the configuration, and refuses what is not one', () => {
    const a = parseSigningKey(generateSigningKeyPem());
    const b = parseSigningKey(generateSigningKeyPem());
    const configured = JSON.stringify([{ publicKeyPem: a.publicKeyPem.replace(/\n/g, '\\n'), retiredAt: '2026-10-01T00:00:00Z' }]);
    const ring = loadKeyRing(dir(), generateSigningKeyPem(), configured);
    expect(ring.retired.map((k) => k.keyId)).toEqual([a.keyId]);
    const where = 'XINYONG_REPORT_RETIRED_KEYS';
    expect(() => parseRetiredKeys('{ broken', where)).toThrow(/XINYONG_REPORT_RETIRED_KEYS is not valid JSON/);
    expect(() => parseRetiredKeys('{}', where)).toThrow(/must be a list/);
    expect(() => parseRetiredKeys([{ retiredAt: '2026-10-01T00:00:00Z' }], where)).toThrow(/\[0\]: publicKeyPem is required/);
    expect(() => parseRetiredKeys([{ publicKeyPem: a.publicKeyPem, retiredAt: 'soon' }], where)).toThrow(/retiredAt must be an ISO 8601 instant/);
    // Without its offset an instant would be read in the server's time zone.
    expect(() => parseRetiredKeys([{ publicKeyPem: a.publicKeyPem, retiredAt: '2026-10-01T00:00:00' }], where)).toThrow(/with its offset/);
    expect(() => parseRetiredKeys([{ publicKeyPem: a.publicKeyPem, retiredAt: '2026-10-01' }], where)).toThrow(/with its offset/);
    expect(() => parseRetiredKeys([{ publicKeyPem: a.publicKeyPem, retiredAt: '2026-10-01T00:00:00Z', compromised: 'yes' }], where)).toThrow(
      /compromised is true or false/,
    );
    expect(() => parseRetiredKeys([{ publicKeyPem: 'nonsense', retiredAt: '2026-10-01T00:00:00Z' }], where)).toThrow(/not a usable Ed25519 public key/);
    expect(() => parseRetiredKeys([{ publicKeyPem: a.publicKeyPem, keyId: b.keyId, retiredAt: '2026-10-01T00:00:00Z' }], where)).toThrow(/is not the key's/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(() => parseRetiredKeys([{ publicKeyPem: rsa, retiredAt: '2026-10-01T00:00:00Z' }], where)).toThrow(/Ed25519/);
    const [retiredA] = parseRetiredKeys([{ publicKeyPem: a.publicKeyPem, retiredAt: '2026-10-01T00:00:00Z' }], where);
    expect(() => keyRingOf(a, [retiredA!])).toThrow(/listed as retired but is the current signing key/);
    // The same key listed twice is one key.
    expect(keyRingOf(b, [retiredA!, retiredA!]).retired).toHaveLength(1);
  });

  it('signs and verifies; any change to the bytes or another key fails', () => {
    const k = parseSigningKey(generateSigningKeyPem());
    const other = parseSigningKey(generateSigningKeyPem());
    const content = Buffer.from(canonicalJson({ subject: { name: '杭州示例科技有限公司' }, records: [1, 2] }), 'utf8');
    const sig = k.sign(content);
    expect(Buffer.from(sig, 'base64')).toHaveLength(64);
    expect(k.verify(content, sig)).toBe(true);
    // Anyone can check with the published PEM alone.
    expect(verify(null, content, createPublicKey(k.publicKeyPem), Buffer.from(sig, 'base64'))).toBe(true);
    const changed = Buffer.from(content);
    changed[5] = changed[5]! ^ 1;
    expect(k.verify(changed, sig)).toBe(false);
    expect(other.verify(content, sig)).toBe(false);
    expect(k.verify(content, 'AAAA')).toBe(false);
    expect(k.fingerprint).not.toBe(other.fingerprint);
  });
});

function sampleContent(lang: 'zh' | 'en', scope: 'public' | 'full'): ReportContent {
  const code = 'XY-BCDE-FGHJ-KLMN';
  return {
    format: REPORT_FORMAT,
    code,
    scope,
    lang,
    generatedAt: '2026-11-20T02:00:00.000Z',
    asOf: '2026-11-20T02:00:00.000Z',
    date: '2026-11-20',
    timeZone: 'Asia/Shanghai',
    policyVersion: 'cn-national@2026.11',
    issuer: { platform: 'xinyong', keyId: '0123456789abcdef', publicKeyFingerprint: '0123:4567' },
    verification: { code, apiPath: `/v1/reports/${code}/verify`, portalPath: `/reports/verify?code=${code}` },
    subject: { code: '91330100716105852F', kind: 'enterprise', name: '杭州<示例>科技有限公司', divisionCode: '330100', codeFlags: [] },
    records: [
      {
        recordId: 'rec_1',
        item: 'administrative-penalty-general',
        itemName: { zh: '行政处罚信息（一般）', en: 'Administrative penalty (general)' },
        category: 'administrative-penalty',
        polarity: 'negative',
        agency: 'samr-hangzhou',
        version: 1,
        decision: { number: '杭市监罚〔2026〕1号', date: '2026-06-01', authority: '杭州市市场监督管理局', basis: '《中华人民共和国反不正当竞争法》第二十条' },
        fields: [
          { name: 'facts', label: { zh: '违法事实', en: 'Facts' }, type: 'text', disclosure: 'public', value: '发布虚假广告' },
          { name: 'fineAmount', label: { zh: '罚款金额（元）', en: 'Fine (yuan)' }, type: 'money', disclosure: 'public', value: 50000 },
          ...(scope === 'full'
            ? [
                {
                  name: 'legalRepresentativeId',
                  label: { zh: '法定代表人身份证号码', en: 'Identity number' },
                  type: 'resident-id',
                  disclosure: 'restricted',
                  value: '4405**********0014',
                },
              ]
            : []),
        ],
        publicity: { class: 'penalty-general', ruleVersion: 'ndrc-58', start: '2026-06-01', end: '2027-06-01' },
        disputed: true,
        underRepair: false,
      },
    ],
    listEntries: [],
    evaluations: [],
    marks: { disputed: [{ type: 'record', id: 'rec_1' }], underRepair: [] },
    legalBases: [
      {
        kind: 'item',
        code: 'administrative-penalty-general',
        name: { zh: '行政处罚信息（一般）', en: 'Administrative penalty (general)' },
        basis: [{ instrument: { zh: '中华人民共和国行政处罚法', en: 'Administrative Penalty Law' }, articles: '第四十八条' }],
      },
    ],
  };
}

const SIGNED = { digest: 'ab'.repeat(32), signature: 'c2lnbmF0dXJl'.repeat(7), keyId: '0123456789abcdef', fingerprint: '0123:4567' };

describe('report renderings', () => {
  it('HTML: language, title, headings, th scope, the code, both verification paths, escaped text, marks in words', () => {
    const html = renderHtml(layoutReport(sampleContent('zh', 'public'), SIGNED, { baseUrl: 'https://credit.example.cn/' }));
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<html lang="zh-Hans">');
    expect(html).toMatch(/<title>[^<]*信用[^<]*XY-BCDE-FGHJ-KLMN<\/title>/);
    expect(html.match(/<h1>/g)).toHaveLength(1);
    expect(html).toContain('<h2 id="records">');
    expect(html).toContain('<th scope="row">');
    expect(html).toContain('https://credit.example.cn/reports/verify?code=XY-BCDE-FGHJ-KLMN');
    expect(html).toContain('https://credit.example.cn/v1/reports/XY-BCDE-FGHJ-KLMN/verify');
    expect(html).toContain('0123:4567');
    expect(html).toContain(SIGNED.digest);
    expect(html).toContain('杭州&lt;示例&gt;科技有限公司');
    expect(html).not.toContain('<示例>');
    expect(html).toContain('异议处理中');
    expect(html).toContain('50,000 元');
    expect(html).toContain('《中华人民共和国行政处罚法》第四十八条');
    expect(html).not.toContain('<script');
  });

  it('HTML in English, and a full report marks the disclosure level of non-public fields', () => {
    const html = renderHtml(layoutReport(sampleContent('en', 'full'), SIGNED));
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Identity number (restricted)');
    expect(html).toContain('4405**********0014');
    expect(html).toContain('href="/reports/verify?code=XY-BCDE-FGHJ-KLMN"');
    expect(html).toContain('<th scope="col">');
  });

  it('PDF: Chinese set in the embedded CJK font, code and digest in the document info, signed content attached', async () => {
    const content = sampleContent('zh', 'public');
    const pdf = await renderPdf({
      layout: layoutReport(content, SIGNED),
      signed: SIGNED,
      canonical: canonicalJson(content),
      publicKeyPem: 'PEM',
      subjectName: content.subject.name,
      generatedAt: new Date(content.generatedAt),
    });
    const text = pdf.toString('latin1');
    expect(text.startsWith('%PDF-')).toBe(true);
    expect(text).toMatch(/\/FontFile[23]?\b/);
    expect(text).toContain('NotoSansCJKsc');
    // Document info values are indirect objects: /XinyongReportCode 12 0 R ... 12 0 obj (XY-...) endobj
    expect(text).toMatch(/\/XinyongReportCode \d+ 0 R/);
    expect(text).toMatch(/\/XinyongContentDigest \d+ 0 R/);
    expect(text).toContain('(XY-BCDE-FGHJ-KLMN)');
    expect(text).toContain(`(${SIGNED.digest})`);
    expect(text).toContain('/EmbeddedFile');
    expect(text).toContain('(xinyong-report-XY-BCDE-FGHJ-KLMN.json)');
    expect(pdf.length).toBeGreaterThan(20_000);
  });

  it('names the package to install when the CJK font is missing', () => {
    expect(() => findCjkFont({ regular: '/nonexistent/NotoSansCJK-Regular.ttc' })).toThrow(ReportFontError);
    expect(() => findCjkFont({ regular: '/nonexistent/NotoSansCJK-Regular.ttc' })).toThrow(/does not exist/);
    expect(() => findCjkFont(undefined, [{ regular: '/nonexistent/NotoSansCJK-Regular.ttc' }])).toThrow(/apt-get install fonts-noto-cjk/);
    expect(findCjkFont().regular).toMatch(/NotoSansCJK-Regular\.ttc$/);
  });
});
