// Server-rendered SVG bar charts: readable without JavaScript, with a text title and the
// numbers in the picture so that screen readers and print get the same facts.
import { html, type Raw } from '../html.ts';

export function barChart(rows: ReadonlyArray<{ label: string; value: number }>, title: string): Raw {
  const width = 720;
  const barH = 22;
  const labelW = 260;
  const max = Math.max(1, ...rows.map((r) => r.value));
  const height = rows.length * (barH + 6) + 10;
  return html`<svg role="img" aria-label="${title}" width="100%" viewBox="0 0 ${width} ${height}" preserveAspectRatio="xMinYMin meet">
    <title>${title}</title>
    ${rows.map((r, i) => {
      const y = 5 + i * (barH + 6);
      const w = Math.max(1, Math.round(((width - labelW - 80) * r.value) / max));
      return html`<text x="${labelW - 8}" y="${y + 15}" text-anchor="end">${r.label.length > 22 ? `${r.label.slice(0, 21)}…` : r.label}</text>
        <rect x="${labelW}" y="${y}" width="${w}" height="${barH}" fill="#0b4f9c"></rect>
        <text x="${labelW + w + 6}" y="${y + 15}">${r.value.toLocaleString()}</text>`;
    })}
  </svg>`;
}
