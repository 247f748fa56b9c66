/**
 * CSV files for French spreadsheets, one convention for every file the
 * application writes (bilans, registry, follow-up, indicators, codebook):
 * UTF-8 with a BOM, `;` between cells, CRLF between lines, and text cells
 * made safe to open.
 *
 * Safe to open: a spreadsheet runs a cell that starts with `=`, `+`, `-` or
 * `@` as a formula (and tab or carriage return can hide one), so such a text
 * cell is written with a leading `'`. Plain numbers (`-3`, `-1,5`) are left
 * alone: a spreadsheet reads them as numbers, never as formulas. The imports
 * take the `'` off again (`restoreCell`), so export → import gives back the
 * text as typed.
 */
import { once } from 'node:events';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Readable } from 'node:stream';
import { stringify, type Stringifier } from 'csv-stringify';
import { stringify as stringifySync } from 'csv-stringify/sync';

/** A cell as the writers give it; null and undefined are empty cells. */
export type SheetCell = string | number | null | undefined;

const FORMULA_START = /^'*[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(?:[.,]\d+)?$/;
const NEUTRALISED = /^'+[=+\-@\t\r]/;

/**
 * A text cell as written to a CSV: a leading `'` when it could run as a formula.
 * Also prefixes a text that already starts with `'` before such a character,
 * so that `restoreCell` is its exact inverse.
 *
 * @example safeCell('=HYPERLINK("http://x")'); // "'=HYPERLINK(\"http://x\")"
 * @example safeCell('-3'); // '-3'
 */
export function safeCell(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/**
 * A cell read from an imported CSV, the `'` added by `safeCell` taken off.
 *
 * @example restoreCell("'=1+1"); // '=1+1'
 * @example restoreCell("'aujourd'hui"); // "'aujourd'hui" (not one of ours: kept)
 */
export function restoreCell(text: string): string {
  return NEUTRALISED.test(text) ? text.slice(1) : text;
}

const options = () => ({ delimiter: ';', record_delimiter: '\r\n', bom: true, cast: { string: (value: string) => safeCell(value), number: (value: number) => String(value) } });

/**
 * Rows (the first one the header) as the text of a CSV file.
 *
 * @example spreadsheetCsv([['nom'], ['=1+1']]); // '\uFEFFnom\r\n\'=1+1\r\n'
 */
export function spreadsheetCsv(rows: ReadonlyArray<readonly SheetCell[]>): string {
  return stringifySync(rows.map(cellsOf), options());
}

const cellsOf = (row: readonly SheetCell[]) => row.map((c) => (c === null || c === undefined ? '' : c));

/** How long a CSV stream writes before letting other requests run. */
const YIELD_EVERY_MS = 5;

/**
 * The same CSV as a stream, from rows read as it goes (long exports: the
 * whole file is never in memory; a slow reader slows the reading down).
 */
export function spreadsheetCsvStream(rows: AsyncIterable<readonly SheetCell[]>): Readable {
  const out: Stringifier = stringify(options());
  const pump = async () => {
    let since = performance.now();
    for await (const row of rows) {
      if (!out.write(cellsOf(row))) await once(out, 'drain');
      // Rows read and written in microtasks never let the event loop run: a national follow-up held it for 40-130 ms
      // (bench:rush), every autosave waiting. Every few milliseconds the requests waiting meanwhile go first.
      if (performance.now() - since > YIELD_EVERY_MS) {
        await yieldToEventLoop();
        since = performance.now();
      }
    }
    out.end();
  };
  pump().catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
  return out;
}
