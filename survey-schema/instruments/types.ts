/**
 * An instrument is a historical questionnaire (ARS 2016-2017, CCOMS 2018,
 * Céapsy 2021) mapped onto the canonical variables, so that its datasets land
 * in the same columns.
 */
export interface InstrumentItem {
  /** The item's reference in the instrument ("4g", "5n", "COPIL — Unafam"…). */
  ref: string;
  /** The instrument's own wording. */
  label: string;
  /** Canonical variables (question variables or flat columns) it feeds. */
  variables: string[];
  /** The instrument's option labels → canonical option codes. */
  options?: Record<string, string>;
  /** Ids of the published figures computed from this item (`fixtures/reference/published-*.json`). */
  figures?: string[];
  note?: string;
}

export interface Instrument {
  id: string;
  title: string;
  year: number;
  source: string;
  items: InstrumentItem[];
}
