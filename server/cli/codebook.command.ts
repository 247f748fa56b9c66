import { spreadsheetCsv } from '../../analytics/index.ts';
import { buildCodebook, codebookMarkdown, codebookTable, getQuestionnaire, questionnaires } from '../../survey-schema/index.ts';
import { instruments } from '../../survey-schema/instruments/index.ts';
import { readChoice } from './args.ts';
import { UsageError, type RegisterCommand } from './program.ts';

export const codebookCommand: RegisterCommand = (program, ctx) => {
  program
    .command('codebook')
    .description('Dictionnaire des variables')
    .option('--format <format>', 'csv, json ou md', 'md')
    .option('--version <version>', 'version du questionnaire (AAAA.N ; défaut : la plus récente)')
    .action((options: { format: string; version?: string }) => {
      const format = readChoice('Format', options.format, ['csv', 'json', 'md'] as const);
      if (options.version !== undefined && !questionnaires.has(options.version)) {
        throw new UsageError(`Version de questionnaire inconnue : ${options.version} (versions : ${[...questionnaires.keys()].join(', ')})`);
      }
      const entries = buildCodebook(getQuestionnaire(options.version), instruments);
      if (format === 'json') ctx.io.out(JSON.stringify(entries, null, 2) + '\n');
      else if (format === 'csv') ctx.io.out(spreadsheetCsv(codebookTable(entries)));
      else ctx.io.out(codebookMarkdown(entries));
    });
};
