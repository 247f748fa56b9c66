import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { exportCsv, exportXlsx } from '../exchange/bilans-export.ts';
import type { CliCommand } from './command.ts';
import { CLI_USER, withDatabase } from './database.ts';

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'Exporte les bilans [--format csv|xlsx] [--annee AAAA] [--region R] [--departement D] [--out FICHIER]',
  options: { format: { type: 'string' }, annee: { type: 'string' }, region: { type: 'string' }, departement: { type: 'string' }, out: { type: 'string' } },
  async run({ values }) {
    const format = (values.format as string | undefined) ?? 'csv';
    const annee = values.annee === undefined ? undefined : Number(values.annee);
    if (!['csv', 'xlsx'].includes(format) || (annee !== undefined && !Number.isInteger(annee))) {
      process.stderr.write('Usage : npm run cli -- export [--format csv|xlsx] [--annee AAAA] [--region R] [--departement D] [--out FICHIER]\n');
      return 2;
    }
    if (format === 'xlsx' && !values.out) {
      process.stderr.write('--out FICHIER.xlsx est obligatoire pour le format xlsx\n');
      return 2;
    }
    return withDatabase(async ({ db }) => {
      const filters = { annee, region: values.region as string | undefined, departement: values.departement as string | undefined };
      const stream = format === 'xlsx' ? exportXlsx(db, CLI_USER, filters) : exportCsv(db, CLI_USER, filters);
      await pipeline(stream, values.out ? createWriteStream(values.out as string) : process.stdout);
      if (values.out) process.stderr.write(`Export écrit : ${values.out as string}\n`);
      return 0;
    });
  },
};
