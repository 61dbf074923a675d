// The report as a PDF: the same blocks as the HTML page, set in Noto Sans CJK (embedded as a
// subset, so Chinese renders anywhere), with the verification code on every page. The
// document info carries the code, the content digest and the signature, and the signed
// canonical JSON is attached to the PDF, so the file can be verified without the platform.
import { existsSync, readFileSync } from 'node:fs';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import type { Block, ReportLayout, Signed } from './layout.ts';
import { assertNever } from '../../domain/assert-never.ts';

export class ReportFontError extends Error {}

export interface FontFiles {
  regular: string;
  bold?: string;
}

/** Where distributions install Noto Sans CJK (a TrueType/OpenType collection). */
const FONT_CANDIDATES: FontFiles[] = [
  // Debian and Ubuntu: apt-get install fonts-noto-cjk
  { regular: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', bold: '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc' },
  // Arch: noto-fonts-cjk
  { regular: '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc', bold: '/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc' },
  // Fedora: google-noto-sans-cjk-fonts
  { regular: '/usr/share/fonts/google-noto-sans-cjk-fonts/NotoSansCJK-Regular.ttc', bold: '/usr/share/fonts/google-noto-sans-cjk-fonts/NotoSansCJK-Bold.ttc' },
  { regular: '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc', bold: '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Bold.ttc' },
];

/** The CJK font files to use: the configured ones, or the first installed candidate; a clear error otherwise. */
export function findCjkFont(configured?: FontFiles, candidates: readonly FontFiles[] = FONT_CANDIDATES): FontFiles {
  if (configured) {
    if (!existsSync(configured.regular)) throw new ReportFontError(`the configured report font ${configured.regular} does not exist`);
    return { regular: configured.regular, ...(configured.bold && existsSync(configured.bold) ? { bold: configured.bold } : {}) };
  }
  for (const c of candidates) {
    if (existsSync(c.regular)) return { regular: c.regular, ...(c.bold && existsSync(c.bold) ? { bold: c.bold } : {}) };
  }
  throw new ReportFontError(
    `PDF reports need the Noto Sans CJK font, and it is not installed (looked for ${candidates.map((c) => c.regular).join(', ')}). ` +
      'Install the Debian/Ubuntu package fonts-noto-cjk (apt-get install fonts-noto-cjk), or your distribution’s Noto Sans CJK package.',
  );
}

// Parsing a CJK collection takes a few hundred milliseconds: each face is parsed once per process.
const faces = new Map<string, fontkit.Font>();

function face(path: string, postscriptName: string): fontkit.Font {
  const key = `${path}#${postscriptName}`;
  let f = faces.get(key);
  if (!f) {
    const collection = /\.(ttc|otc)$/i.test(path);
    const loaded = fontkit.create(readFileSync(path), collection ? postscriptName : undefined);
    if (!('layout' in loaded)) throw new ReportFontError(`${path} has no face named ${postscriptName}`);
    f = loaded;
    faces.set(key, f);
  }
  return f;
}

const INK = '#1a1a1a';
const MUTED = '#4a4a4a';
const RULE = '#8c8c8c';
const FILL = '#f0f0f0';
const ACCENT = '#8b0000';

export interface PdfInput {
  layout: ReportLayout;
  signed: Signed;
  /** The signed bytes (canonical JSON of the content), attached to the PDF. */
  canonical: string;
  publicKeyPem: string;
  subjectName: string;
  generatedAt: Date;
}

export async function renderPdf(input: PdfInput, fonts?: FontFiles): Promise<Buffer> {
  const files = findCjkFont(fonts);
  const regular = face(files.regular, 'NotoSansCJKsc-Regular');
  const bold = files.bold ? face(files.bold, 'NotoSansCJKsc-Bold') : regular;
  const { layout: l, signed } = input;

  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 64, left: 56, right: 56 },
    bufferPages: true,
    lang: l.lang === 'zh' ? 'zh-CN' : 'en',
    displayTitle: true,
    pdfVersion: '1.7',
    info: {
      Title: `${l.title} — ${input.subjectName} — ${l.code}`,
      Author: l.platform,
      Subject: `${l.code}; sha256=${signed.digest}`,
      Keywords: `xinyong-credit-report; code=${l.code}; sha256=${signed.digest}; ed25519=${signed.signature}; key=${signed.keyId}`,
      Creator: 'xinyong',
      CreationDate: input.generatedAt,
      ModDate: input.generatedAt,
    },
  });
  Object.assign(doc.info as Record<string, unknown>, {
    XinyongReportCode: l.code,
    XinyongContentDigest: signed.digest,
    XinyongSignature: signed.signature,
    XinyongKeyId: signed.keyId,
    XinyongKeyFingerprint: signed.fingerprint,
    XinyongVerifyUrl: l.apiUrl,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  // pdfkit accepts a parsed fontkit face in place of a file (the types only name files).
  doc.registerFont('cjk', regular as unknown as Buffer);
  doc.registerFont('cjk-bold', bold as unknown as Buffer);

  const left = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const ensure = (h: number) => {
    if (doc.y + h > bottom()) doc.addPage();
  };

  const heading = (text: string, size: number, badges: string[] = []) => {
    doc.font('cjk-bold').fontSize(size);
    ensure(size * 2 + 72); // a heading never ends a page: keep it with a few lines of what follows
    doc.fillColor(INK).text(text, left, doc.y, { width, continued: badges.length > 0 });
    if (badges.length) {
      const b = badges.map((x) => (l.lang === 'zh' ? `【${x}】` : ` [${x}]`)).join('');
      doc.fillColor(ACCENT).text(` ${b}`, { continued: false });
    }
    doc.fillColor(INK).moveDown(0.35);
  };

  const para = (text: string, size = 10, color = INK) => {
    doc.font('cjk').fontSize(size);
    ensure(size * 2);
    doc.fillColor(color).text(text, left, doc.y, { width, lineGap: 2 });
    doc.moveDown(0.5);
  };

  const PAD = 4;
  /** One table row: cells of the given widths, text wrapped; the first `headerCells` cells shaded. */
  const row = (cells: Array<{ text: string; font: string; size: number; fill?: boolean }>, widths: number[]) => {
    const heights = cells.map((c, i) => {
      doc.font(c.font).fontSize(c.size);
      return doc.heightOfString(c.text || ' ', { width: widths[i]! - 2 * PAD, lineGap: 1 }) + 2 * PAD;
    });
    const h = Math.max(...heights);
    ensure(h);
    const y = doc.y;
    let x = left;
    cells.forEach((c, i) => {
      const w = widths[i]!;
      if (c.fill) doc.rect(x, y, w, h).fill(FILL);
      doc.lineWidth(0.5).strokeColor(RULE).rect(x, y, w, h).stroke();
      doc
        .font(c.font)
        .fontSize(c.size)
        .fillColor(INK)
        .text(c.text || ' ', x + PAD, y + PAD, { width: w - 2 * PAD, lineGap: 1 });
      x += w;
    });
    doc.x = left;
    doc.y = y + h;
  };

  const pairs = (rows: ReadonlyArray<readonly [string, string, boolean?]>) => {
    const lw = Math.round(width * 0.3);
    for (const [k, v, mono] of rows) {
      row(
        [
          { text: k, font: 'cjk-bold', size: 9, fill: true },
          { text: v, font: mono ? 'Courier' : 'cjk', size: mono ? 8.5 : 9 },
        ],
        [lw, width - lw],
      );
    }
    doc.moveDown(0.6);
  };

  const table = (head: string[], rows: string[][], weights?: number[]) => {
    const w = weights && weights.length === head.length ? weights : head.map((_, i) => (i === 0 ? 30 : 70 / Math.max(1, head.length - 1)));
    const total = w.reduce((a, b) => a + b, 0);
    const widths = w.map((x) => (width * x) / total);
    row(
      head.map((t) => ({ text: t, font: 'cjk-bold', size: 9, fill: true })),
      widths,
    );
    for (const r of rows)
      row(
        r.map((t) => ({ text: t, font: 'cjk', size: 9 })),
        widths,
      );
    doc.moveDown(0.6);
  };

  const block = (b: Block, level: number) => {
    switch (b.kind) {
      case 'pairs':
        return pairs(b.rows);
      case 'table':
        return table(b.head, b.rows, b.widths);
      case 'para':
        return para(b.text);
      case 'list':
        doc.font('cjk').fontSize(9.5).fillColor(INK);
        for (const item of b.items) {
          ensure(20);
          doc.text(`•  ${item}`, left + 8, doc.y, { width: width - 8, lineGap: 2 });
        }
        doc.moveDown(0.6);
        return;
      case 'group':
        heading(b.heading, level === 3 ? 11.5 : 10.5, b.badges);
        for (const x of b.blocks) block(x, level + 1);
        return;
      default:
        return assertNever(b, 'report block');
    }
  };

  // Title block.
  doc.font('cjk').fontSize(10).fillColor(MUTED).text(l.platform, left, doc.y, { width });
  doc.moveDown(0.2);
  doc.font('cjk-bold').fontSize(18).fillColor(INK).text(l.title, { width });
  doc.moveDown(0.3);
  para(l.intro, 9.5, MUTED);

  // Verification: the code large, then how to check it.
  heading(l.verificationHeading, 14);
  doc.font('Courier-Bold').fontSize(22).fillColor(INK).text(l.code, left, doc.y, { width, characterSpacing: 1 });
  doc.moveDown(0.4);
  pairs(l.verification);
  para(l.verifyHow, 8.5, MUTED);

  heading(l.summaryHeading, 14);
  pairs(l.summary);

  for (const s of l.sections) {
    heading(s.heading, 14);
    for (const b of s.blocks) block(b, 3);
  }
  doc.moveDown(0.5);
  para(l.footer, 8.5, MUTED);

  // Every page: the code and the page number in the bottom margin.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const m = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const text = `${l.code}    ${l.lang === 'zh' ? `第 ${i + 1} 页，共 ${range.count} 页` : `Page ${i + 1} of ${range.count}`}`;
    doc
      .font('cjk')
      .fontSize(8)
      .fillColor(MUTED)
      .text(text, left, doc.page.height - m + 24, { width, align: 'center', lineBreak: false });
    doc.page.margins.bottom = m;
  }

  // The signed content and how to check it travel inside the file.
  doc.file(Buffer.from(input.canonical, 'utf8'), {
    name: `xinyong-report-${l.code}.json`,
    type: 'application/json',
    description: 'the signed report content (canonical JSON, UTF-8)',
    creationDate: input.generatedAt,
    modifiedDate: input.generatedAt,
  });
  doc.file(
    Buffer.from(
      JSON.stringify(
        {
          algorithm: 'Ed25519',
          signed: `xinyong-report-${l.code}.json (its bytes as attached)`,
          digest: { algorithm: 'SHA-256', hex: signed.digest },
          signature: signed.signature,
          keyId: signed.keyId,
          publicKeyFingerprint: signed.fingerprint,
          publicKeyPem: input.publicKeyPem,
          verify: l.apiUrl,
        },
        null,
        2,
      ),
      'utf8',
    ),
    {
      name: 'signature.json',
      type: 'application/json',
      description: 'signature of the report content',
      creationDate: input.generatedAt,
      modifiedDate: input.generatedAt,
    },
  );

  doc.end();
  return done;
}
