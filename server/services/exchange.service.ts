/**
 * Bilans in and out: streamed exports of the user's scope (CSV `;` UTF-8
 * with BOM, or XLSX with a codebook sheet), and the all-or-nothing CSV
 * import of past bilans (admin).
 */
import { PassThrough, Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { flatRowOf, spreadsheetCsvStream } from '../../analytics/index.ts';
import { buildCodebook, codebookTable, exportedColumns, getQuestionnaire, type Answers, type FlatCell } from '../../survey-schema/index.ts';
import { instruments } from '../../survey-schema/instruments/index.ts';
import type { BilanStatut } from '../domain/statuts.ts';
import { bilanScope, type AuthUser } from '../domain/access.ts';
import { forbidden, type Issue } from '../errors.ts';
import { msg } from '../messages.ts';
import { parseBilansCsv, type ParsedBilan } from '../exchange/bilans-csv.ts';
import { BATCH, pauser, readReport, type ReadReport } from '../exchange/csv.ts';
import { recordAudit } from '../repositories/audit.repository.ts';
import { readAnswersOfBilans, replaceAnswersOfBilans, sectionRows } from '../repositories/bilan-answers.repository.ts';
import { bilanKeys, findBilanRef, insertBilans, pageBilans, updateBilanAtVersion, type BilanFilters } from '../repositories/bilan.repository.ts';
import { listCampagnes } from '../repositories/campagne.repository.ts';
import { clsmPlacesById } from '../repositories/clsm.repository.ts';
import { ensureCampagne } from './campagne.service.ts';
import { derivedOf, writeFlatRows, type Derived } from './derived-data.ts';
import type { ServiceDeps } from './deps.ts';
import type { PersonalDataService } from './personal-data.service.ts';

export interface ImportOptions {
  statut?: BilanStatut;
  /**
   * The questionnaire version the file was written with, for its years that
   * have no campagne yet (created closed, in this version). Default: the
   * most recent version having every column of the file.
   */
  questionnaire_version?: string | undefined;
  /** Replace bilans that already exist (default: a line error). */
  replace?: boolean;
}

export type ImportReport = ({ ok: true; imported: number; replaced: number; years: number[] } & ReadReport) | { ok: false; errors: Issue[] };

export interface ExportOptions {
  /** Include the columns holding personal data (the coordinator's profile, free texts): an admin's explicit, audited request. */
  personalData?: boolean;
}

export function exchangeService({ db }: ServiceDeps, personalData: PersonalDataService) {
  /** The columns of an export: personal data only when an admin asked for it (and the request is audited). */
  async function columnsFor(user: AuthUser, filters: BilanFilters, options: ExportOptions, format: string): Promise<string[]> {
    const included = await personalData.exportIncludesPersonalData(user, options.personalData === true, { format, ...filters });
    return exportedColumns(getQuestionnaire(), { personalData: included });
  }

  /** The bilans of the scope as rows of codebook cells, page by page. */
  async function* cellRows(user: AuthUser, filters: BilanFilters, columns: string[]): AsyncGenerator<FlatCell[]> {
    for (let after = 0; ; ) {
      const page = await pageBilans(db, bilanScope(user), filters, after, 200);
      const answers = await readAnswersOfBilans(db, page.map((b) => b.id));
      for (const b of page) {
        const row = flatRowOf({ ...b, answers: answers.get(b.id) ?? {} });
        yield columns.map((c) => row[c] ?? null);
      }
      if (page.length < 200) return;
      after = page[page.length - 1]!.id;
    }
  }

  return {
    async exportCsv(user: AuthUser, filters: BilanFilters, options: ExportOptions = {}): Promise<Readable> {
      const columns = await columnsFor(user, filters, options, 'csv');
      return spreadsheetCsvStream(
        (async function* () {
          yield columns;
          yield* cellRows(user, filters, columns);
        })(),
      );
    },

    async exportXlsx(user: AuthUser, filters: BilanFilters, options: ExportOptions = {}): Promise<Readable> {
      const stream = new PassThrough();
      const questionnaire = getQuestionnaire();
      const columns = await columnsFor(user, filters, options, 'xlsx');
      const pump = async () => {
        const { default: ExcelJS } = await import('exceljs'); // loaded on the first XLSX only (a third of a second)
        const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: false, useStyles: false });
        const sheet = workbook.addWorksheet('bilans');
        sheet.addRow(columns).commit();
        for await (const cells of cellRows(user, filters, columns)) sheet.addRow(cells).commit();
        sheet.commit();
        const codebook = workbook.addWorksheet('codebook');
        for (const line of codebookTable(buildCodebook(questionnaire, instruments))) codebook.addRow(line).commit();
        codebook.commit();
        await workbook.commit();
      };
      pump().catch((error: unknown) => stream.destroy(error instanceof Error ? error : new Error(String(error))));
      return stream;
    },

    /**
     * Imports bilans (admin), all or nothing: every line is checked first,
     * with the questionnaire version of its year's campagne (or the file's,
     * for a year without one) and its CLSM's région; the bilans are written
     * in one transaction only when no line has an error. Imported bilans get
     * the statut given (default `valide`: past years); campagnes missing for
     * a year are created closed, in the file's version.
     *
     * Large files: reading, checking and preparing (completeness, flat rows,
     * JSON) run before the transaction, yielding to other requests between
     * batches; the transaction only writes, a hundred rows per statement.
     */
    async importCsv(user: AuthUser, input: string | Buffer, options: ImportOptions = {}): Promise<ImportReport> {
      if (user.role !== 'admin') throw forbidden(user.role === 'ccoms' ? msg.lectureSeule : msg.interdit);
      const versions = new Map((await listCampagnes(db)).map((c) => [c.annee, c.questionnaire_version]));
      const existing = await bilanKeys(db);
      const places = await clsmPlacesById(db);
      const parsed = await parseBilansCsv(input, {
        clsm: places,
        existing,
        campagneVersion: (annee) => versions.get(annee),
        datasetVersion: options.questionnaire_version,
        replace: options.replace ?? false,
      });
      if (!parsed.ok) return parsed;
      const statut = options.statut ?? 'valide';
      const now = new Date().toISOString();
      const prepared: Array<ParsedBilan & { derived: Derived; sections: Array<{ bilan_id: null; section: string; answers: string }>; auditJson: string }> = [];
      const pause = pauser();
      for (const p of parsed.bilans) {
        await pause();
        prepared.push({
          ...p,
          derived: derivedOf({ clsm_id: p.clsm_id, annee: p.annee, questionnaire_version: p.questionnaire.version, statut, ...places.get(p.clsm_id)! }, p.answers),
          sections: sectionRows(null, p.questionnaire, p.answers),
          auditJson: JSON.stringify({ statut, answers: p.answers }),
        });
      }
      const values = (p: (typeof prepared)[number]) => ({
        statut,
        questionnaire_version: p.questionnaire.version,
        completude: p.derived.completude,
        consentement_ccoms: typeof p.answers.consentement_ccoms === 'string' ? p.answers.consentement_ccoms : null,
        updated_at: now,
        carried_forward: null,
        submitted_at: statut === 'brouillon' ? null : now,
        submitted_by: null,
        reviewed_at: statut === 'valide' ? now : null,
        reviewed_by: null,
      });
      let replaced = 0;
      await db.transaction().execute(async (trx) => {
        for (const annee of new Set(prepared.map((p) => p.annee))) await ensureCampagne(trx, annee, parsed.datasetVersion);
        for (let i = 0; i < prepared.length; i += BATCH) {
          const batch = prepared.slice(i, i + BATCH);
          const ids = await insertBilans(trx, batch.filter((p) => !p.exists).map((p) => ({ clsm_id: p.clsm_id, annee: p.annee, version: 1, created_at: now, ...values(p) })));
          const olds = new Map<number, Answers | null>();
          for (const p of batch.filter((b) => b.exists)) {
            const stored = (await findBilanRef(trx, p.clsm_id, p.annee))!;
            await updateBilanAtVersion(trx, stored.id, stored.version, { ...values(p), version: stored.version + 1 });
            ids.set(`${p.clsm_id}/${p.annee}`, stored.id);
            olds.set(stored.id, null);
            replaced++;
          }
          for (const [id, answers] of await readAnswersOfBilans(trx, [...olds.keys()])) olds.set(id, answers);
          const written = batch.map((p) => ({ ...p, id: ids.get(`${p.clsm_id}/${p.annee}`)! }));
          await replaceAnswersOfBilans(trx, written.flatMap((p) => p.sections.map((row) => ({ ...row, bilan_id: p.id }))));
          await writeFlatRows(trx, written);
          // One entry per bilan (not per variable): an import is one change of the whole answer set.
          await recordAudit(trx, written.map((p) => ({ userId: user.id, entity: 'bilan' as const, entityId: String(p.id), action: 'import', old: olds.has(p.id) ? (olds.get(p.id) ?? {}) : null, newJson: p.auditJson })), now);
          await nextTurn(); // other requests that need no database go on meanwhile
        }
      });
      return { ok: true, imported: prepared.length - replaced, replaced, years: [...new Set(prepared.map((p) => p.annee))].sort(), ...readReport(parsed.encoding) };
    },
  };
}

export type ExchangeService = ReturnType<typeof exchangeService>;
