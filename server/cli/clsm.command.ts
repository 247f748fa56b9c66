import { readFileSync, writeFileSync } from 'node:fs';
import { SYSTEM_USER } from '../domain/access.ts';
import type { RegisterCommand } from './program.ts';

export const clsmCommand: RegisterCommand = (program, ctx) => {
  const clsm = program.command('clsm').description('Registre des CLSM');
  clsm
    .command('import')
    .description('Importe le registre (clsm_id;nom;region;departement;annee_creation;statut) : tout ou rien')
    .argument('<fichier>', 'fichier CSV')
    .action((file: string) =>
      ctx.withServices(async (services) => {
        const report = await services.clsm.importCsv(SYSTEM_USER, readFileSync(file));
        if (!report.ok) {
          ctx.io.err(`Import refusé, rien n'a été importé (${report.errors.length} erreur(s)) :\n${report.errors.map((i) => `ligne ${i.ligne} : ${i.message}\n`).join('')}`);
          return ctx.exit(1);
        }
        ctx.io.out(`Registre importé : ${report.created} CLSM ajouté(s), ${report.updated} mis à jour.\n`);
        for (const note of report.notes) ctx.io.err(`${note}\n`);
      }),
    );
  clsm
    .command('export')
    .description('Exporte le registre en CSV (UTF-8 avec BOM, « ; »)')
    .option('--out <fichier>', 'fichier à écrire (sinon la sortie standard)')
    .action((options: { out?: string }) =>
      ctx.withServices(async (services) => {
        const csv = await services.clsm.exportCsv(SYSTEM_USER);
        if (options.out) writeFileSync(options.out, csv);
        else ctx.io.out(csv);
      }),
    );
};
