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
    .option('--public', 'les données ouvertes : France et régions, bilans partagés avec le CCOMS, secret statistique appliqué (année : la plus récente par défaut)')
    .action((options: { annee?: string; region?: string; departement?: string; split?: string; format: string; public?: boolean }) => {
      const format = readChoice('Format', options.format, ['json', 'csv'] as const);
      const annee = readAnnee(options.annee);
      const split = options.split === undefined ? undefined : readChoice('Découpage', options.split, SPLIT_VARIABLES);
      if (options.public && (options.region || options.departement || split)) throw new UsageError('--public publie la France et ses régions : sans --region, --departement ni --split.');
      if (options.public)
        return ctx.withServices(async ({ analytics }) => {
          const years = await analytics.publicYears();
          const year = annee ?? years[0]?.annee;
          if (year === undefined || !years.some((y) => y.annee === year)) throw new UsageError(`Aucune donnée publiée pour ${year ?? 'aucune année'} (années : ${years.map((y) => y.annee).join(', ') || 'aucune'}).`);
          ctx.io.out(format === 'csv' ? await analytics.publicCsv(year) : `${JSON.stringify({ annee: year, ...(await analytics.publicJson(year)) })}\n`);
        });
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
    .option('--pdf', 'écrit aussi le PDF (Chromium du serveur, CHROMIUM_PATH)')
    .action((options: { annee?: string; region?: string; out?: string; pdf?: boolean }) => {
      const annee = readAnnee(options.annee);
      if (annee === undefined || !options.out) throw new UsageError(`${annee === undefined ? '--annee est obligatoire. ' : ''}${!options.out ? '--out est obligatoire.' : ''}`.trim());
      return ctx.withServices(async ({ analytics, pdf }) => {
        const generatedAt = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' }).format(new Date());
        const { report, svgs } = await analytics.report(SYSTEM_USER, annee, options.region);
        const dir = resolve(options.out!);
        mkdirSync(dir, { recursive: true });
        const base = join(dir, `etat-des-lieux-${annee}${options.region ? `-${options.region}` : ''}`);
        const html = etatDesLieuxDocument(report, svgs, { generatedAt });
        writeFileSync(`${base}.html`, html);
        writeFileSync(`${base}.csv`, report.csv);
        const written = [`${base}.html`, `${base}.csv`];
        if (options.pdf) {
          if (!pdf.available()) throw new UsageError('--pdf : Chromium introuvable (CHROMIUM_PATH).');
          try {
            writeFileSync(`${base}.pdf`, await pdf.render(html));
            written.push(`${base}.pdf`);
          } finally {
            await pdf.close();
          }
        }
        ctx.io.err(`État des lieux ${annee}${options.region ? ` (région ${options.region})` : ''} : ${report.bilans} bilans ; écrit ${written.join(', ')}\n`);
      });
    });
};
