/**
 * A plain horizontal bar chart in SVG, for the dashboards: one bar per
 * category (and per group when the view is split), its percentage written
 * next to it. Every text is escaped; the chart is described for screen
 * readers (title, desc) and the table beside it carries the same figures.
 */
import { escapeHtml } from './html.ts';

export interface Bar {
  label: string;
  group?: string;
  /** Percentage (0-100) or, for statistics, the value itself. */
  value: number | null;
  note?: string;
}

const fmt = (n: number, unit: string) => `${new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format(n)}${unit}`;

export function barChartSvg(title: string, bars: Bar[], options: { unit?: string; id: string }): string {
  const unit = options.unit ?? ' %';
  const max = unit === ' %' ? 100 : Math.max(1, ...bars.map((b) => b.value ?? 0));
  const rowH = 24;
  const labelW = 300;
  const barW = 300;
  const width = labelW + barW + 90;
  const groups = [...new Set(bars.map((b) => b.group ?? ''))];
  let y = 8;
  const parts: string[] = [];
  for (const group of groups) {
    if (group) {
      parts.push(`<text x="0" y="${y + 14}" font-weight="700" font-size="13">${escapeHtml(group)}</text>`);
      y += rowH;
    }
    for (const b of bars.filter((x) => (x.group ?? '') === group)) {
      const w = b.value === null ? 0 : Math.max(1, (barW * b.value) / max);
      const label = b.label.length > 48 ? `${b.label.slice(0, 46)}…` : b.label;
      parts.push(
        `<text x="${labelW - 8}" y="${y + 15}" text-anchor="end" font-size="12">${escapeHtml(label)}</text>`,
        `<rect x="${labelW}" y="${y + 4}" width="${w.toFixed(1)}" height="${rowH - 8}" fill="#000091"/>`,
        `<text x="${labelW + w + 6}" y="${y + 15}" font-size="12">${b.value === null ? 'masqué' : escapeHtml(fmt(b.value, unit))}${b.note ? escapeHtml(` ${b.note}`) : ''}</text>`,
      );
      y += rowH;
    }
  }
  const height = y + 8;
  const desc = bars.map((b) => `${b.group ? `${b.group}, ` : ''}${b.label} : ${b.value === null ? 'masqué' : fmt(b.value, unit)}`).join(' ; ');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${options.id}-t ${options.id}-d" font-family="Marianne, Arial, sans-serif">
<title id="${options.id}-t">${escapeHtml(title)}</title><desc id="${options.id}-d">${escapeHtml(desc)}</desc>
<rect width="100%" height="100%" fill="#fff"/>
${parts.join('\n')}
</svg>`;
}
