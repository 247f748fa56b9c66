import { buildCatalogue, computeIndicators, categoriesFor, indicatorsCsv, indicatorsJson, SPLIT_VARIABLES, type SplitVariable } from '../../analytics/index.ts';
import { getQuestionnaire } from '../../survey-schema/index.ts';
import { loadAnalyticsRows } from '../routes/analytics.routes.ts';
import type { CliCommand } from './command.ts';
import { CLI_USER, withDatabase } from './database.ts';

const USAGE = 'Usage : npm run cli -- indicators [--annee AAAA] [--region R] [--departement D] [--split periode_creation|region|departement|annee] [--format json|csv]\n';

/** Writes to stdout and waits until it is flushed (the CLI exits right after: a pipe would be cut at 64 KiB). */
export function writeStdout(text: string): Promise<void> {
  return new Promise((resolve, reject) => process.stdout.write(text, (error) => (error ? reject(error) : resolve())));
}

/** Reads `--annee`; undefined when absent, NaN when not a year. */
export function readAnnee(value: string | boolean | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isInteger(n) && n >= 1990 && n <= 2100 ? n : Number.NaN;
}

export const indicatorsCommand: CliCommand = {
  name: 'indicators',
  summary: 'Catalogue des indicateurs (bilans soumis ou validés) [--annee AAAA] [--region R] [--departement D] [--split …] [--format json|csv]',
  options: { annee: { type: 'string' }, region: { type: 'string' }, departement: { type: 'string' }, split: { type: 'string' }, format: { type: 'string' } },
  async run({ values }) {
    const format = (values.format as string | undefined) ?? 'json';
    const annee = readAnnee(values.annee);
    const split = values.split as string | undefined;
    if (!['json', 'csv'].includes(format)) {
      process.stderr.write(`Format inconnu : ${format} (json ou csv)\n${USAGE}`);
      return 2;
    }
    if (annee !== undefined && Number.isNaN(annee)) {
      process.stderr.write(`Année invalide : ${String(values.annee)} (attendu : une année sur quatre chiffres)\n${USAGE}`);
      return 2;
    }
    if (split !== undefined && !SPLIT_VARIABLES.includes(split as SplitVariable)) {
      process.stderr.write(`Découpage inconnu : ${split} (${SPLIT_VARIABLES.join(', ')})\n${USAGE}`);
      return 2;
    }
    return withDatabase(async ({ db }) => {
      const filters = { annee, region: values.region as string | undefined, departement: values.departement as string | undefined };
      const rows = await loadAnalyticsRows(db, CLI_USER, filters);
      const q = getQuestionnaire();
      const catalogue = buildCatalogue(q);
      const results = computeIndicators(rows, catalogue, { ...(split ? { split: split as SplitVariable } : {}) }, categoriesFor(q));
      await writeStdout(format === 'csv' ? indicatorsCsv(results, catalogue, q) : `${JSON.stringify(indicatorsJson(results))}\n`);
      return 0;
    });
  },
};
