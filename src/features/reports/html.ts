// The report as one self-contained, accessible HTML page: a lang attribute, a title, one h1 and
// a heading per section, tables with captions and th scope, marks in words (never colour
// alone), dark text on white (contrast above 12:1), no script, printable.
import type { Block, ReportLayout } from './layout.ts';
import { assertNever } from '../../domain/assert-never.ts';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #fff; color: #1a1a1a; font: 16px/1.6 "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif; }
.page { max-width: 60rem; margin: 0 auto; padding: 1.5rem; }
header { border-bottom: 3px solid #8b0000; margin-bottom: 1.5rem; }
.platform { margin: 0; color: #4a4a4a; }
h1 { font-size: 1.75rem; margin: .25rem 0 .5rem; }
h2 { font-size: 1.35rem; margin: 2rem 0 .75rem; padding-bottom: .25rem; border-bottom: 1px solid #767676; }
h3 { font-size: 1.1rem; margin: 1.25rem 0 .5rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; color: #333; }
th, td { border: 1px solid #8c8c8c; padding: .4rem .6rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #f0f0f0; font-weight: 600; }
th[scope="row"] { width: 30%; }
.code { font: 700 1.6rem/1.2 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; letter-spacing: .08em; }
.verification { border: 2px solid #1a1a1a; padding: 1rem; margin: 1rem 0; }
.badge { display: inline-block; border: 1px solid #8b0000; color: #8b0000; padding: 0 .4rem; margin-left: .5rem; font-size: .9rem; font-weight: 600; }
.mono { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .9rem; }
footer { margin-top: 2rem; padding-top: 1rem; border-top: 1px solid #767676; color: #333; }
a { color: #0b4f9c; }
a:focus-visible { outline: 3px solid #0b4f9c; outline-offset: 2px; }
@media print { .actions { display: none; } .page { max-width: none; padding: 0; } h2, h3 { break-after: avoid; } table, .verification { break-inside: avoid; } }
`;

function pairs(rows: ReadonlyArray<readonly [string, string, boolean?]>, caption: string | undefined): string {
  return `<table>${caption ? `<caption>${escapeHtml(caption)}</caption>` : ''}<tbody>${rows
    .map(([k, v, mono]) => `<tr><th scope="row">${escapeHtml(k)}</th><td${mono ? ' class="mono"' : ''}>${escapeHtml(v)}</td></tr>`)
    .join('')}</tbody></table>`;
}

function block(b: Block, level: number): string {
  switch (b.kind) {
    case 'pairs':
      return pairs(b.rows, b.caption);
    case 'table':
      return `<table><caption>${escapeHtml(b.caption)}</caption><thead><tr>${b.head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${b.rows
        .map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`)
        .join('')}</tbody></table>`;
    case 'para':
      return `<p>${escapeHtml(b.text)}</p>`;
    case 'list':
      return `<ul>${b.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;
    case 'group': {
      const h = `h${Math.min(level, 6)}`;
      const badges = b.badges.map((x) => `<span class="badge">${escapeHtml(x)}</span>`).join('');
      return `<section><${h}>${escapeHtml(b.heading)}${badges}</${h}>${b.blocks.map((x) => block(x, level + 1)).join('')}</section>`;
    }
    default:
      return assertNever(b, 'report block');
  }
}

export function renderHtml(l: ReportLayout): string {
  return `<!doctype html>
<html lang="${l.langTag}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(`${l.title} — ${l.summary[0]?.[1] ?? ''} — ${l.code}`)}</title>
<style>${STYLE}</style>
</head>
<body>
<div class="page">
<header>
<p class="platform">${escapeHtml(l.platform)}</p>
<h1>${escapeHtml(l.title)}</h1>
<p>${escapeHtml(l.intro)}</p>
<p class="actions"><a href="${escapeHtml(l.pdfUrl)}" download>${escapeHtml(l.pdfLabel)}</a></p>
</header>
<main>
<section aria-labelledby="summary">
<h2 id="summary">${escapeHtml(l.summaryHeading)}</h2>
${pairs(l.summary, undefined)}
</section>
<section class="verification" aria-labelledby="verification">
<h2 id="verification">${escapeHtml(l.verificationHeading)}</h2>
<p class="code" data-verification-code="${escapeHtml(l.code)}">${escapeHtml(l.code)}</p>
<p><a href="${escapeHtml(l.portalUrl)}">${escapeHtml(l.portalUrl)}</a></p>
${pairs(l.verification, undefined)}
<p>${escapeHtml(l.verifyHow)}</p>
</section>
${l.sections
  .map((s) => `<section aria-labelledby="${s.id}">\n<h2 id="${s.id}">${escapeHtml(s.heading)}</h2>\n${s.blocks.map((b) => block(b, 3)).join('\n')}\n</section>`)
  .join('\n')}
</main>
<footer><p>${escapeHtml(l.footer)}</p><p class="mono">${escapeHtml(l.code)}</p></footer>
</div>
</body>
</html>
`;
}
