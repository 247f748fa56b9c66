import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildReport } from '../../analytics/index.ts';
import { getQuestionnaire } from '../../survey-schema/index.ts';
import { loadAnalyticsRows } from '../routes/analytics.routes.ts';
import type { CliCommand } from './command.ts';
import { CLI_USER, withDatabase } from './database.ts';
import { readAnnee } from './indicators.command.ts';

const USAGE = 'Usage : npm run cli -- report --annee AAAA [--region R] --out DOSSIER\n';

export const reportCommand: CliCommand = {
  name: 'report',
  summary: 'État des lieux d’une année (HTML + CSV des indicateurs) --annee AAAA [--region R] --out DOSSIER',
  options: { annee: { type: 'string' }, region: { type: 'string' }, out: { type: 'string' } },
  async run({ values }) {
    const annee = readAnnee(values.annee);
    if (annee === undefined || Number.isNaN(annee) || typeof values.out !== 'string' || values.out === '') {
      process.stderr.write(`${annee === undefined ? '--annee est obligatoire. ' : Number.isNaN(annee) ? `Année invalide : ${String(values.annee)}. ` : ''}${!values.out ? '--out est obligatoire. ' : ''}\n${USAGE}`);
      return 2;
    }
    const region = values.region as string | undefined;
    return withDatabase(async ({ db }) => {
      // Rows of every year (the split by year needs none; the report filters on its year itself).
      const rows = await loadAnalyticsRows(db, CLI_USER, { annee, region });
      const report = await buildReport({ rows, questionnaire: getQuestionnaire(), annee, ...(region ? { region } : {}), generatedAt: new Date().toISOString().slice(0, 10) });
      const dir = resolve(values.out as string);
      mkdirSync(dir, { recursive: true });
      const base = `etat-des-lieux-${annee}`;
      writeFileSync(join(dir, `${base}.html`), report.html);
      writeFileSync(join(dir, `${base}.csv`), report.csv);
      const bilans = report.results.find((r) => r.id === 'periode_creation')?.N ?? 0;
      process.stderr.write(`État des lieux ${annee}${region ? ` (région ${region})` : ''} : ${bilans} bilans ; écrit ${join(dir, `${base}.html`)} et ${join(dir, `${base}.csv`)}\n`);
      return 0;
    });
  },
};
