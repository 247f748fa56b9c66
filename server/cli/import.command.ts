import { readFileSync } from 'node:fs';
import { BILAN_STATUSES, type BilanStatus } from '../db/database.ts';
import { importBilansCsv } from '../exchange/bilans-import.ts';
import type { CliCommand } from './command.ts';
import { printIssues, withDatabase } from './database.ts';

export const importCommand: CliCommand = {
  name: 'import',
  summary: 'Importe des bilans (colonnes du codebook, ; ou ,) : tout ou rien [--statut valide|soumis|brouillon] [--remplacer]',
  options: { statut: { type: 'string' }, remplacer: { type: 'boolean' } },
  async run({ values, positionals }) {
    const [file] = positionals;
    const status = (values.statut as string | undefined) ?? 'valide';
    if (!file || !BILAN_STATUSES.includes(status as BilanStatus)) {
      process.stderr.write(`Usage : npm run cli -- import FICHIER.csv [--statut ${BILAN_STATUSES.join('|')}] [--remplacer]\n`);
      return 2;
    }
    const text = readFileSync(file);
    return withDatabase(async ({ db }) => {
      const report = await importBilansCsv(db, text, { status: status as BilanStatus, replace: values.remplacer === true });
      if (!report.ok) {
        process.stderr.write(`Import refusé, rien n'a été importé (${report.errors.length} erreur(s)) :\n`);
        printIssues(report.errors);
        return 1;
      }
      process.stdout.write(`${report.imported} bilan(s) importé(s), ${report.replaced} remplacé(s) (années ${report.years.join(', ')}).\n`);
      return 0;
    });
  },
};
