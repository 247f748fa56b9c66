/**
 * Streamed exports of the bilans in the caller's scope: CSV (`;`, UTF-8 with
 * BOM, codebook columns) and XLSX (a `bilans` sheet and a `codebook` sheet).
 * Rows are read page by page and written as they come.
 */
import { PassThrough, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import { buildCodebook, codebookTable, flatColumnNames, flattenAnswers, getQuestionnaire, type FlatCell } from '../../survey-schema/index.ts';
import { instruments } from '../../survey-schema/instruments/index.ts';
import type { Database } from '../db/database.ts';
import type { AuthUser } from '../domain/access.ts';
import { iterateBilans, type BilanFilters } from '../repositories/bilan.repository.ts';

async function* flatRows(db: Kysely<Database>, user: AuthUser, filters: BilanFilters, columns: string[]): AsyncGenerator<FlatCell[]> {
  for await (const b of iterateBilans(db, user, filters)) {
    const row = flattenAnswers(getQuestionnaire(b.questionnaire_version), b.answers, b);
    yield columns.map((c) => row[c] ?? null);
  }
}

export function exportCsv(db: Kysely<Database>, user: AuthUser, filters: BilanFilters): Readable {
  const columns = flatColumnNames(getQuestionnaire());
  const out = stringify({ delimiter: ';', record_delimiter: '\r\n', bom: true, cast: { number: (n) => String(n) } });
  const pump = async () => {
    out.write(columns);
    for await (const cells of flatRows(db, user, filters, columns)) {
      if (!out.write(cells.map((c) => (c === null ? '' : c)))) await new Promise((r) => out.once('drain', r));
    }
    out.end();
  };
  pump().catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
  return out;
}

export function exportXlsx(db: Kysely<Database>, user: AuthUser, filters: BilanFilters): Readable {
  const stream = new PassThrough();
  const questionnaire = getQuestionnaire();
  const columns = flatColumnNames(questionnaire);
  const pump = async () => {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: false, useStyles: false });
    const sheet = workbook.addWorksheet('bilans');
    sheet.addRow(columns).commit();
    for await (const cells of flatRows(db, user, filters, columns)) sheet.addRow(cells).commit();
    sheet.commit();
    const codebook = workbook.addWorksheet('codebook');
    for (const line of codebookTable(buildCodebook(questionnaire, instruments))) codebook.addRow(line).commit();
    codebook.commit();
    await workbook.commit();
  };
  pump().catch((error: unknown) => stream.destroy(error instanceof Error ? error : new Error(String(error))));
  return stream;
}
