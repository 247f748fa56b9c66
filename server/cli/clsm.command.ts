import { readFileSync } from 'node:fs';
import { importRegistryCsv } from '../exchange/registry-import.ts';
import type { CliCommand } from './command.ts';
import { printIssues, withDatabase } from './database.ts';

export const clsmImportCommand: CliCommand = {
  name: 'clsm import',
  summary: 'Importe le registre des CLSM (clsm_id;nom;region;departement;annee_creation;statut) : tout ou rien',
  async run({ positionals }) {
    const [file] = positionals;
    if (!file) {
      process.stderr.write('Usage : npm run cli -- clsm import FICHIER.csv\n');
      return 2;
    }
    const text = readFileSync(file);
    return withDatabase(async ({ db }) => {
      const report = await importRegistryCsv(db, text);
      if (!report.ok) {
        process.stderr.write(`Import refusé, rien n'a été importé (${report.errors.length} erreur(s)) :\n`);
        printIssues(report.errors);
        return 1;
      }
      process.stdout.write(`Registre importé : ${report.created} CLSM ajouté(s), ${report.updated} mis à jour.\n`);
      return 0;
    });
  },
};
