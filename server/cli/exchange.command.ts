import { createWriteStream, readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BILAN_STATUTS } from '../domain/statuts.ts';
import { SYSTEM_USER } from '../domain/access.ts';
import { readAnnee, readChoice } from './args.ts';
import { UsageError, type RegisterCommand } from './program.ts';

export const importCommand: RegisterCommand = (program, ctx) => {
  program
    .command('import')
    .description('Importe des bilans (colonnes du codebook, « ; » ou « , ») : tout ou rien')
    .argument('<fichier>', 'fichier CSV')
    .option('--statut <statut>', BILAN_STATUTS.join(', '), 'valide')
    .option('--remplacer', 'remplace les bilans déjà enregistrés')
    .option('--version <version>', 'version du questionnaire du fichier, pour les années sans campagne (défaut : la plus récente qui a toutes ses colonnes)')
    .action((file: string, options: { statut: string; remplacer?: boolean; version?: string }) => {
      const statut = readChoice('Statut', options.statut, BILAN_STATUTS);
      return ctx.withServices(async (services) => {
        const report = await services.exchange.importCsv(SYSTEM_USER, readFileSync(file), { statut, replace: options.remplacer === true, questionnaire_version: options.version });
        if (!report.ok) {
          ctx.io.err(`Import refusé, rien n'a été importé (${report.errors.length} erreur(s)) :\n${report.errors.map((i) => `ligne ${i.ligne} : ${i.message}\n`).join('')}`);
          return ctx.exit(1);
        }
        ctx.io.out(`${report.imported} bilan(s) importé(s), ${report.replaced} remplacé(s) (années ${report.years.join(', ')}).\n`);
        for (const note of report.notes) ctx.io.err(`${note}\n`);
      });
    });
};

export const exportCommand: RegisterCommand = (program, ctx) => {
  program
    .command('export')
    .description('Exporte les bilans (CSV « ; » UTF-8 avec BOM, ou XLSX avec le codebook)')
    .option('--format <format>', 'csv ou xlsx', 'csv')
    .option('--annee <année>')
    .option('--region <code>')
    .option('--departement <code>')
    .option('--out <fichier>', 'fichier à écrire (obligatoire pour xlsx ; sinon la sortie standard)')
    .option('--inclure-donnees-personnelles', 'garde le profil du ou de la coordonnateur·rice et les textes libres (retirés par défaut ; journalisé)')
    .action((options: { format: string; annee?: string; region?: string; departement?: string; out?: string; inclureDonneesPersonnelles?: boolean }) => {
      const format = readChoice('Format', options.format, ['csv', 'xlsx'] as const);
      const annee = readAnnee(options.annee);
      if (format === 'xlsx' && !options.out) throw new UsageError('--out FICHIER.xlsx est obligatoire pour le format xlsx');
      return ctx.withServices(async (services) => {
        const filters = { annee, region: options.region, departement: options.departement };
        const exportOptions = { personalData: options.inclureDonneesPersonnelles === true };
        const stream = format === 'xlsx' ? await services.exchange.exportXlsx(SYSTEM_USER, filters, exportOptions) : await services.exchange.exportCsv(SYSTEM_USER, filters, exportOptions);
        const sink = options.out ? createWriteStream(options.out) : new Writable({ write: (chunk: Buffer, _e, done) => (ctx.io.out(chunk), done()) });
        await pipeline(stream, sink);
        if (options.out) ctx.io.err(`Export écrit : ${options.out}\n`);
        if (!exportOptions.personalData) ctx.io.err('Sans données personnelles (profil du ou de la coordonnateur·rice, textes libres) : --inclure-donnees-personnelles pour les garder.\n');
      });
    });
};
