/**
 * Bilans in and out: streamed exports of the user's scope (CSV `;` UTF-8
 * with BOM, or XLSX with a codebook sheet), and the all-or-nothing CSV
 * import of past bilans (admin).
 */
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { flatRowOf, spreadsheetCsvStream } from '../../analytics/index.ts';
import { buildCodebook, codebookTable, flatColumnNames, getQuestionnaire, type Answers, type FlatCell } from '../../survey-schema/index.ts';
import { instruments } from '../../survey-schema/instruments/index.ts';
import type { BilanStatut } from '../domain/statuts.ts';
import { bilanScope, type AuthUser } from '../domain/access.ts';
import { forbidden, type Issue } from '../errors.ts';
import { msg } from '../messages.ts';
import { parseBilansCsv } from '../exchange/bilans-csv.ts';
import { readReport, yieldEvery, type ReadReport } from '../exchange/csv.ts';
import { recordAudit } from '../repositories/audit.repository.ts';
import { readAnswers, readAnswersOfBilans, replaceAnswers } from '../repositories/bilan-answers.repository.ts';
import { bilanKeys, findBilanRef, insertBilan, pageBilans, updateBilanAtVersion, type BilanFilters } from '../repositories/bilan.repository.ts';
import { listCampagnes } from '../repositories/campagne.repository.ts';
import { existingClsmIds } from '../repositories/clsm.repository.ts';
import { ensureCampagne } from './campagne.service.ts';
import { refreshDerived } from './derived-data.ts';
import type { ServiceDeps } from './deps.ts';

export interface ImportOptions {
  statut?: BilanStatut;
  /** Replace bilans that already exist (default: a line error). */
  replace?: boolean;
}

export type ImportReport = ({ ok: true; imported: number; replaced: number; years: number[] } & ReadReport) | { ok: false; errors: Issue[] };

export function exchangeService({ db }: ServiceDeps) {
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
    exportCsv(user: AuthUser, filters: BilanFilters): Readable {
      const columns = flatColumnNames(getQuestionnaire());
      return spreadsheetCsvStream(
        (async function* () {
          yield columns;
          yield* cellRows(user, filters, columns);
        })(),
      );
    },

    exportXlsx(user: AuthUser, filters: BilanFilters): Readable {
      const stream = new PassThrough();
      const questionnaire = getQuestionnaire();
      const columns = flatColumnNames(questionnaire);
      const pump = async () => {
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
     * Imports bilans (admin), all or nothing: every line is checked first; the
     * bilans are written in one transaction only when no line has an error.
     * Imported bilans get the statut given (default `valide`: past years);
     * campagnes missing for a year are created closed.
     */
    async importCsv(user: AuthUser, input: string | Buffer, options: ImportOptions = {}): Promise<ImportReport> {
      if (user.role !== 'admin') throw forbidden(user.role === 'ccoms' ? msg.lectureSeule : msg.interdit);
      const versions = new Map((await listCampagnes(db)).map((c) => [c.annee, c.questionnaire_version]));
      const existing = await bilanKeys(db);
      const parsed = await parseBilansCsv(input, { clsmIds: await existingClsmIds(db), existing, questionnaireOf: (annee) => getQuestionnaire(versions.get(annee)), replace: options.replace ?? false });
      if (!parsed.ok) return parsed;
      const statut = options.statut ?? 'valide';
      let replaced = 0;
      await db.transaction().execute(async (trx) => {
        const now = new Date().toISOString();
        for (const annee of new Set(parsed.bilans.map((p) => p.annee))) await ensureCampagne(trx, annee);
        for (const [i, p] of parsed.bilans.entries()) {
          await yieldEvery(i);
          const values = {
            statut,
            questionnaire_version: p.questionnaire.version,
            consentement_ccoms: typeof p.answers.consentement_ccoms === 'string' ? p.answers.consentement_ccoms : null,
            updated_at: now,
            carried_forward: null,
            submitted_at: statut === 'brouillon' ? null : now,
            submitted_by: null,
            reviewed_at: statut === 'valide' ? now : null,
            reviewed_by: null,
          };
          let id: number;
          let old: Answers | null = null;
          const stored = p.exists ? await findBilanRef(trx, p.clsm_id, p.annee) : undefined;
          if (stored) {
            await updateBilanAtVersion(trx, stored.id, stored.version, { ...values, version: stored.version + 1 });
            id = stored.id;
            old = await readAnswers(trx, id);
            replaced++;
          } else {
            id = (await insertBilan(trx, { clsm_id: p.clsm_id, annee: p.annee, version: 1, created_at: now, ...values }))!;
          }
          await replaceAnswers(trx, id, p.questionnaire, p.answers);
          await refreshDerived(trx, { id, clsm_id: p.clsm_id, annee: p.annee, questionnaire_version: p.questionnaire.version, statut }, p.answers);
          // One entry per bilan (not per variable): an import is one change of the whole answer set.
          await recordAudit(trx, [{ userId: user.id, entity: 'bilan', entityId: String(id), action: 'import', old, new: { statut, answers: p.answers } }], now);
        }
      });
      return { ok: true, imported: parsed.bilans.length - replaced, replaced, years: [...new Set(parsed.bilans.map((p) => p.annee))].sort(), ...readReport(parsed.encoding) };
    },
  };
}

export type ExchangeService = ReturnType<typeof exchangeService>;
