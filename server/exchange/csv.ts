/**
 * Reading CSV files from users: `;` or `,` separated, every cell a string.
 *
 * - Encoding: valid UTF-8 (with or without BOM) is read as UTF-8; a file with
 *   a UTF-16 BOM as UTF-16; anything else as Windows-1252, what French Excel
 *   writes for "CSV (séparateur : point-virgule)". The table says which, so
 *   the import report can tell. A cell holding U+FFFD (a character already
 *   lost by a bad conversion) is refused: it is never stored.
 * - Cells written by our exports with a leading `'` (analytics/spreadsheet.ts)
 *   get it taken off.
 * - Large files are read in slices, yielding to the event loop between them
 *   (other requests keep being served), and refused once they exceed
 *   `maxRecords`, before the rest is even read.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { parse } from 'csv-parse';
import { restoreCell } from '../../analytics/index.ts';
import type { Issue } from '../errors.ts';

export type TextEncoding = 'utf-8' | 'utf-16' | 'windows-1252';

export interface CsvTable {
  header: string[];
  /** Each record with the line of the file where it starts (the header is line 1). */
  records: Array<{ line: number; cells: Record<string, string> }>;
  encoding: TextEncoding;
}

export interface ReadOptions {
  /** Records (lines after the header) allowed; more is refused with `tooMany`. */
  maxRecords?: number;
  tooMany?: (max: number) => string;
}

/** How the report tells that a file was not UTF-8. */
export const ENCODING_NOTE: Record<Exclude<TextEncoding, 'utf-8'>, string> = {
  'windows-1252':
    'Fichier lu en Windows-1252 (le « CSV » d’Excel) : les caractères accentués ont été convertis. Pour éviter toute ambiguïté, enregistrez le fichier en « CSV UTF-8 ».',
  'utf-16': 'Fichier lu en UTF-16 (« texte Unicode » d’Excel).',
};

/** What an import report says of the file read: its encoding, and in French what the user should know. */
export interface ReadReport {
  encoding: TextEncoding;
  /** Notes in French (empty for a UTF-8 file). */
  notes: string[];
}

export const readReport = (encoding: TextEncoding): ReadReport => ({ encoding, notes: encoding === 'utf-8' ? [] : [ENCODING_NOTE[encoding]] });

/** Rows written per batch of an import's transaction. */
export const BATCH = 250;

/** Milliseconds a long loop may hold the event loop before other requests get a turn. */
const SLICE_MS = 20;

/**
 * A pause for long loops (reading, checking, preparing an import): call it
 * at each step; every SLICE_MS it gives other requests a turn.
 *
 * @example const pause = pauser(); for (const line of lines) { await pause(); check(line); }
 */
export function pauser(): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < SLICE_MS) return;
    await nextTurn();
    since = performance.now();
  };
}

/**
 * The text of an uploaded file, and the encoding it was read with.
 *
 * @example decodeText(Buffer.from([0x43, 0xe9])).encoding; // 'windows-1252' ("Cé")
 */
export function decodeText(input: string | Buffer): { text: string; encoding: TextEncoding } {
  if (typeof input === 'string') return { text: input.replace(/^\uFEFF/, ''), encoding: 'utf-8' };
  if (input[0] === 0xff && input[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(input), encoding: 'utf-16' };
  if (input[0] === 0xfe && input[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(input), encoding: 'utf-16' };
  try {
    // fatal: an invalid byte sequence throws instead of becoming U+FFFD; the BOM is dropped.
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(input), encoding: 'utf-8' };
  } catch {
    return { text: decodeWindows1252(input), encoding: 'windows-1252' };
  }
}

/**
 * Windows-1252 bytes 0x80-0x9F (WHATWG's table; the five unassigned bytes
 * stay C1 controls, which text checks refuse). Node 20's TextDecoder
 * ('windows-1252') decodes them as ISO-8859-1 controls instead: `’` (0x92)
 * would become U+0092.
 */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

function decodeWindows1252(bytes: Buffer): string {
  const latin1 = bytes.toString('latin1');
  return /[\u0080-\u009F]/.test(latin1) ? latin1.replace(/[\u0080-\u009F]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!) : latin1;
}

/**
 * The delimiter of the header line: the more frequent of `;` and `,`.
 * csv-parse accepts a list of delimiters, but then treats both as separators
 * everywhere, and a French free text such as « Paris, 14e » in a `;` file
 * would split: the header decides once for the whole file.
 */
function delimiterOf(text: string): ';' | ',' {
  const first = text.slice(0, text.search(/\r?\n|$/));
  return (first.match(/,/g)?.length ?? 0) > (first.match(/;/g)?.length ?? 0) ? ',' : ';';
}

const SLICE = 64 * 1024;

export async function readCsv(input: string | Buffer, options: ReadOptions = {}): Promise<{ ok: true; table: CsvTable } | { ok: false; issues: Issue[] }> {
  const { text, encoding } = decodeText(input);
  if (!text.trim()) return { ok: false, issues: [{ ligne: 1, message: 'Le fichier est vide.' }] };
  const parser = parse({ delimiter: delimiterOf(text), skip_empty_lines: true, info: true, relax_column_count: true, trim: true });
  // Written slice by slice as the records are read: a large file never blocks the server for long.
  const feed = (async () => {
    for (let at = 0; at < text.length && !parser.destroyed; at += SLICE) {
      if (!parser.write(text.slice(at, at + SLICE))) await new Promise((resolve) => parser.once('drain', resolve));
      await nextTurn();
    }
    parser.end();
  })();
  feed.catch(() => {}); // its errors come out of the parser's loop below
  let header: string[] | undefined;
  const issues: Issue[] = [];
  const records: CsvTable['records'] = [];
  try {
    const pause = pauser();
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      await pause();
      if (!header) {
        header = record;
        const dup = header.filter((h, i) => header!.indexOf(h) !== i);
        if (dup.length) issues.push({ ligne: 1, message: `Colonnes en double : ${[...new Set(dup)].join(', ')}` });
        continue;
      }
      if (options.maxRecords !== undefined && records.length >= options.maxRecords) {
        parser.destroy();
        const message = options.tooMany?.(options.maxRecords) ?? `Le fichier dépasse ${options.maxRecords} lignes : découpez-le en plusieurs fichiers.`;
        return { ok: false, issues: [{ ligne: info.lines, message }] };
      }
      const joined = record.join('');
      const line = info.lines - (joined.includes('\n') ? joined.split('\n').length - 1 : 0);
      if (record.length !== header.length) issues.push({ ligne: line, message: `${record.length} cellules au lieu de ${header.length} (une par colonne de l'en-tête)` });
      const unreadable = header.filter((_h, i) => record[i]?.includes('\uFFFD'));
      if (unreadable.length) {
        issues.push({
          ligne: line,
          message: `caractère illisible « \uFFFD » (colonne${unreadable.length > 1 ? 's' : ''} ${unreadable.join(', ')}) : le fichier a perdu des caractères lors d’une conversion ; enregistrez-le en « CSV UTF-8 » depuis le fichier d’origine`,
        });
      }
      records.push({ line, cells: Object.fromEntries(header.map((h, i) => [h, restoreCell(record[i] ?? '')])) });
    }
    await feed;
  } catch (error) {
    parser.destroy();
    const e = error as { lines?: number; message?: string };
    return { ok: false, issues: [{ ligne: e.lines ?? 1, message: `Fichier CSV illisible : ${e.message ?? String(error)}` }] };
  }
  if (!header) return { ok: false, issues: [{ ligne: 1, message: 'Le fichier est vide.' }] };
  return issues.length ? { ok: false, issues } : { ok: true, table: { header, records, encoding } };
}
