/**
 * French number formats, in one place: pages, reports, charts' tables and
 * CSV cells all write numbers through these.
 */
const numberFormats = new Map<number, Intl.NumberFormat>();
const numberFormat = (digits: number) => {
  let f = numberFormats.get(digits);
  if (!f) numberFormats.set(digits, (f = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: digits })));
  return f;
};

/**
 * A number for reading: thousands grouped, decimal comma.
 *
 * @example formatNumber(12345.678); // '12 345,68'
 */
export function formatNumber(x: number | null | undefined, maxDigits = 2): string {
  return x === null || x === undefined || Number.isNaN(x) ? '–' : numberFormat(maxDigits).format(x);
}

/**
 * A percentage for reading (one decimal at most; a narrow no-break space before %, as French typography wants).
 *
 * @example formatPct(71.43); // '71,4 %'
 */
export function formatPct(x: number | null | undefined): string {
  return x === null || x === undefined || Number.isNaN(x) ? '–' : `${numberFormat(1).format(x)}\u202f%`;
}

/**
 * A change between two percentages, in points (signed, one decimal).
 *
 * @example formatPoints(3.25); // '+3,3 pts'
 */
export function formatPoints(x: number | null | undefined): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '–';
  const rounded = Math.round(x * 10) / 10;
  return `${rounded > 0 ? '+' : rounded < 0 ? '−' : '±'}${numberFormat(1).format(Math.abs(rounded))}\u00a0pt${Math.abs(rounded) >= 2 ? 's' : ''}`;
}

/**
 * A decimal for a spreadsheet cell: comma, fixed digits, no grouping (French Excel reads it as a number).
 *
 * @example formatDecimalCell(0.5, 2); // '0,50'
 */
export function formatDecimalCell(x: number | null | undefined, digits: number): string {
  return x === null || x === undefined ? '' : x.toFixed(digits).replace('.', ',');
}

/** Rounded to 2 decimals (half up), for outputs; exact values stay in the results. */
export function round2(x: number): number {
  return Math.round(Number((x * 100).toPrecision(12))) / 100;
}
