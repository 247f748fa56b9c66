/**
 * `npm run cli -- <command> [options]`. Each command lives in server/cli/<name>.command.ts
 * and is registered below; commands read DATABASE_PATH like the server.
 */
import { parseArgs } from 'node:util';
import type { CliCommand } from './cli/command.ts';
import { codebookCommand } from './cli/codebook.command.ts';
import { indicatorsCommand } from './cli/indicators.command.ts';
import { reportCommand } from './cli/report.command.ts';
import { backupCommand } from './cli/backup.command.ts';
import { clsmImportCommand } from './cli/clsm.command.ts';
import { exportCommand } from './cli/export.command.ts';
import { importCommand } from './cli/import.command.ts';
import { userAddCommand } from './cli/user.command.ts';

const commands: CliCommand[] = [userAddCommand, clsmImportCommand, importCommand, exportCommand, backupCommand, codebookCommand, indicatorsCommand, reportCommand];

async function main(argv: string[]): Promise<number> {
  const [name] = argv;
  // Sub-commands such as `user add` or `clsm import`: the longest registered name wins.
  const command = commands
    .filter((c) => c.name.split(' ').every((word, i) => argv[i] === word))
    .sort((a, b) => b.name.length - a.name.length)[0];
  if (!name || name === 'help' || name === '--help' || !command) {
    if (name && name !== 'help' && name !== '--help') process.stderr.write(`Commande inconnue : ${name}\n\n`);
    process.stdout.write(`Usage : npm run cli -- <commande> [options]\n\n${commands.map((c) => `  ${c.name.padEnd(16)} ${c.summary}`).join('\n')}\n`);
    return name && name !== 'help' && name !== '--help' ? 2 : 0;
  }
  const args = argv.slice(command.name.split(' ').length);
  const { values, positionals } = parseArgs({ args, options: command.options ?? {}, allowPositionals: true, strict: true });
  return command.run({ values: values as Record<string, string | boolean | undefined>, positionals });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`Erreur : ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
