/**
 * The one Vega-Lite configuration every chart uses: the DSFR's Marianne font
 * (its fallback, Arial, when the page has not loaded it), the design
 * system's illustrative colours (eight at most in one chart), "Autre" and
 * "Sans réponse" in grey, and French number formats (`12 345`, `71,4 %`)
 * through Vega's locale, so that axis labels, data labels and tooltips all
 * read French.
 */
import type { Config } from 'vega-lite/types_unstable/config.js';

export const FONT = 'Marianne, arial, sans-serif';

/** Bleu France: the single colour of a chart without groups. */
export const BLUE = '#000091';
/** "Autre", "Sans réponse" (grey 425: 3:1 against white). */
export const GREY = '#929292';
export const TEXT = '#3a3a3a';

/**
 * Eight distinct DSFR illustrative colours, in the order charts take them
 * (bleu France, archipel, terre battue, glycine, bourgeon, moutarde, écume, tuile).
 */
export const PALETTE = ['#000091', '#009099', '#e4794a', '#a558a0', '#68a532', '#c3992a', '#465f9d', '#ce614a'] as const;
export const MAX_COLOURS = PALETTE.length;

/** A sequential ramp of bleu France, for heat maps (share of a category per group). */
export const SEQUENTIAL = ['#f5f5fe', '#cacafb', '#8585f6', '#000091'] as const;

/** French number formats (narrow no-break space for thousands, as Intl writes them). */
export const FRENCH_LOCALE = {
  number: { decimal: ',', thousands: '\u202f', grouping: [3], currency: ['', '\u00a0€'] as [string, string], percent: '\u202f%' },
};

/** Plot width of a chart (labels come on top); pages scale it down to their column. */
export const WIDTH = 520;

export const CHART_CONFIG = {
  font: FONT,
  locale: FRENCH_LOCALE,
  background: '#ffffff',
  padding: 8,
  view: { stroke: null },
  title: { anchor: 'start', fontSize: 15, fontWeight: 700, subtitleFontSize: 12, subtitleColor: TEXT, color: '#161616', offset: 12 },
  axis: { labelFontSize: 12, titleFontSize: 12, labelColor: TEXT, titleColor: TEXT, titleFontWeight: 400, domainColor: '#929292', tickColor: '#929292', gridColor: '#e5e5e5', labelLimit: 280 },
  legend: { labelFontSize: 12, titleFontSize: 12, labelColor: TEXT, titleColor: TEXT, titleFontWeight: 400, labelLimit: 280, orient: 'bottom', direction: 'horizontal', columns: 2 },
  range: { category: [...PALETTE] },
  bar: { color: BLUE },
  line: { color: BLUE, strokeWidth: 2 },
  point: { color: BLUE, filled: true, size: 45 },
  text: { fontSize: 12, color: '#161616' },
} satisfies Config;
