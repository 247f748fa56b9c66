/**
 * French number and date formats, in one place: pages, mails, reports,
 * charts' tables and CSV cells all write numbers and dates through these.
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

// Date formats built once: building an Intl.DateTimeFormat costs more than an autosave's checks (bench:rush profile).
const PARIS_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });
const LONG_DATE = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'UTC' });
const LONG_DATE_TIME = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Paris' });
const TIME = new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Paris' });

/** The calendar day (YYYY-MM-DD) of an instant in France. */
export const parisDay = (instant: Date): string => PARIS_DAY.format(instant);
/** "31 mars 2026" for "2026-03-31" (a calendar day, or the day of an ISO timestamp). */
export const frenchDate = (isoDate: string): string => LONG_DATE.format(new Date(`${isoDate.slice(0, 10)}T00:00:00Z`));
/** "31 mars 2026 à 14:05", Paris time. */
export const frenchDateTime = (iso: string): string => LONG_DATE_TIME.format(new Date(iso));
/** "14:05", Paris time. */
export const frenchTime = (iso: string): string => TIME.format(new Date(iso));
