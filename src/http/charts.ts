// Server-rendered SVG bar charts: readable without JavaScript, with a text title and the
// numbers in the picture so that screen readers and print get the same facts.
import { html, type Raw } from './html.ts';

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

/** Colours for up to fourteen series (the record categories), each with at least 3:1 contrast against white. */
const PALETTE = [
  '#0b4f9c',
  '#b3261e',
  '#1b7a3a',
  '#8a4b08',
  '#6a3d9a',
  '#00758f',
  '#a0306e',
  '#5b6b00',
  '#4d4d4d',
  '#c2410c',
  '#3949ab',
  '#00796b',
  '#ad1457',
  '#6d4c41',
];

/**
 * One horizontal bar per row, split into coloured parts by series (e.g. decisions per year by
 * category), with a legend; the total is printed after each bar.
 */
export function stackedBarChart(
  rows: ReadonlyArray<{ label: string; parts: ReadonlyMap<string, number> }>,
  series: ReadonlyArray<{ key: string; label: string }>,
  title: string,
): Raw {
  const width = 720;
  const barH = 22;
  const labelW = 80;
  const totals = rows.map((r) => [...r.parts.values()].reduce((a, b) => a + b, 0));
  const max = Math.max(1, ...totals);
  const legendRows = Math.ceil(series.length / 3);
  const chartH = rows.length * (barH + 6) + 10;
  const height = chartH + legendRows * 20 + 10;
  const colour = (i: number) => PALETTE[i % PALETTE.length]!;
  return html`<svg role="img" aria-label="${title}" width="100%" viewBox="0 0 ${width} ${height}" preserveAspectRatio="xMinYMin meet">
    <title>${title}</title>
    ${rows.map((r, i) => {
      const y = 5 + i * (barH + 6);
      let x = labelW;
      const scale = (width - labelW - 80) / max;
      return html`<text x="${labelW - 8}" y="${y + 15}" text-anchor="end">${r.label}</text>
        ${series.map((s, k) => {
          const v = r.parts.get(s.key) ?? 0;
          if (v === 0) return html``;
          const w = Math.max(1, Math.round(v * scale));
          const rect = html`<rect x="${x}" y="${y}" width="${w}" height="${barH}" fill="${colour(k)}"><title>${s.label}: ${v.toLocaleString()}</title></rect>`;
          x += w;
          return rect;
        })}
        <text x="${x + 6}" y="${y + 15}">${totals[i]!.toLocaleString()}</text>`;
    })}
    ${series.map((s, k) => {
      const x = 10 + (k % 3) * 240;
      const y = chartH + 5 + Math.floor(k / 3) * 20;
      return html`<rect x="${x}" y="${y}" width="12" height="12" fill="${colour(k)}"></rect>
        <text x="${x + 18}" y="${y + 11}">${s.label.length > 26 ? `${s.label.slice(0, 25)}…` : s.label}</text>`;
    })}
  </svg>`;
}
