import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SPLIT_VARIABLES } from '../../analytics/index.ts';
import { etatDesLieuxDocument } from '../../web/pages/etat-des-lieux.page.ts';
import { SYSTEM_USER } from '../domain/access.ts';
import { readAnnee, readChoice } from './args.ts';
import { UsageError, type RegisterCommand } from './program.ts';

export const indicatorsCommand: RegisterCommand = (program, ctx) => {
  program
    .command('indicators')
    .description('Catalogue des indicateurs (bilans soumis ou validés)')
    .option('--annee <année>')
    .option('--region <code>')
    .option('--departement <code>')
    .option('--split <découpage>', SPLIT_VARIABLES.join(', '))
    .option('--format <format>', 'json ou csv', 'json')
    .action((options: { annee?: string; region?: string; departement?: string; split?: string; format: string }) => {
      const format = readChoice('Format', options.format, ['json', 'csv'] as const);
      const annee = readAnnee(options.annee);
      const split = options.split === undefined ? undefined : readChoice('Découpage', options.split, SPLIT_VARIABLES);
      return ctx.withServices(async ({ analytics }) => {
        const query = { annee, region: options.region, departement: options.departement, split };
        ctx.io.out(format === 'csv' ? await analytics.csv(SYSTEM_USER, query) : `${JSON.stringify(await analytics.json(SYSTEM_USER, query))}\n`);
      });
    });
};

export const reportCommand: RegisterCommand = (program, ctx) => {
  program
    .command('report')
    .description('État des lieux d’une année : HTML (le document de la page /etat-des-lieux) et CSV des indicateurs')
    .option('--annee <année>', 'obligatoire')
    .option('--region <code>')
    .option('--out <dossier>', 'obligatoire')
    .action((options: { annee?: string; region?: string; out?: string }) => {
      const annee = readAnnee(options.annee);
      if (annee === undefined || !options.out) throw new UsageError(`${annee === undefined ? '--annee est obligatoire. ' : ''}${!options.out ? '--out est obligatoire.' : ''}`.trim());
      return ctx.withServices(async ({ analytics }) => {
        const { report, svgs } = await analytics.report(SYSTEM_USER, annee, options.region);
        const dir = resolve(options.out!);
        mkdirSync(dir, { recursive: true });
        const base = join(dir, `etat-des-lieux-${annee}`);
        writeFileSync(`${base}.html`, etatDesLieuxDocument(report, svgs, { generatedAt: new Date().toISOString().slice(0, 10) }));
        writeFileSync(`${base}.csv`, report.csv);
        ctx.io.err(`État des lieux ${annee}${options.region ? ` (région ${options.region})` : ''} : ${report.bilans} bilans ; écrit ${base}.html et ${base}.csv\n`);
      });
    });
};
