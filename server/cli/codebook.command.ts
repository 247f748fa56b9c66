import { stringify } from 'csv-stringify/sync';
import { buildCodebook, codebookMarkdown, codebookTable, getQuestionnaire, questionnaires } from '../../survey-schema/index.ts';
import { instruments } from '../../survey-schema/instruments/index.ts';
import type { CliCommand } from './command.ts';

export const codebookCommand: CliCommand = {
  name: 'codebook',
  summary: 'Dictionnaire des variables (--format csv|json|md, --version AAAA.N)',
  options: { format: { type: 'string' }, version: { type: 'string' } },
  async run({ values }) {
    const format = (values.format as string | undefined) ?? 'md';
    const version = values.version as string | undefined;
    if (version !== undefined && !questionnaires.has(version)) {
      process.stderr.write(`Version de questionnaire inconnue : ${version} (versions : ${[...questionnaires.keys()].join(', ')})\n`);
      return 2;
    }
    const entries = buildCodebook(getQuestionnaire(version), instruments);
    if (format === 'json') process.stdout.write(JSON.stringify(entries, null, 2) + '\n');
    else if (format === 'csv') process.stdout.write('\uFEFF' + stringify(codebookTable(entries), { delimiter: ';', record_delimiter: '\r\n' }));
    else if (format === 'md') process.stdout.write(codebookMarkdown(entries));
    else {
      process.stderr.write(`Format inconnu : ${format} (csv, json ou md)\n`);
      return 2;
    }
    return 0;
  },
};
