/** Reading CSV files from users: `;` or `,` separated, UTF-8 with or without BOM, every cell a string. */
import { parse } from 'csv-parse/sync';
import type { Issue } from '../errors.ts';

export interface CsvTable {
  header: string[];
  /** Each record with the line of the file where it starts (the header is line 1). */
  records: Array<{ line: number; cells: Record<string, string> }>;
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

export function readCsv(input: string | Buffer): { ok: true; table: CsvTable } | { ok: false; issues: Issue[] } {
  const text = typeof input === 'string' ? input : input.toString('utf8');
  if (!text.replace(/^\uFEFF/, '').trim()) return { ok: false, issues: [{ ligne: 1, message: 'Le fichier est vide.' }] };
  try {
    const rows = parse(text, { bom: true, delimiter: delimiterOf(text), skip_empty_lines: true, info: true, relax_column_count: true, trim: true }) as unknown as Array<{
      record: string[];
      info: { lines: number };
    }>;
    const [head, ...body] = rows;
    const header = head!.record;
    const issues: Issue[] = [];
    const dup = header.filter((h, i) => header.indexOf(h) !== i);
    if (dup.length) issues.push({ ligne: 1, message: `Colonnes en double : ${[...new Set(dup)].join(', ')}` });
    const records = body.map(({ record, info }) => {
      const line = info.lines - (record.join('').includes('\n') ? record.join('').split('\n').length - 1 : 0);
      if (record.length !== header.length) issues.push({ ligne: line, message: `${record.length} cellules au lieu de ${header.length} (une par colonne de l'en-tête)` });
      return { line, cells: Object.fromEntries(header.map((h, i) => [h, record[i] ?? ''])) };
    });
    return issues.length ? { ok: false, issues } : { ok: true, table: { header, records } };
  } catch (error) {
    const e = error as { lines?: number; message?: string };
    return { ok: false, issues: [{ ligne: e.lines ?? 1, message: `Fichier CSV illisible : ${e.message ?? String(error)}` }] };
  }
}
