import type { CliCommand } from './command.ts';
import { withDatabase } from './database.ts';

export const backupCommand: CliCommand = {
  name: 'backup',
  summary: 'Sauvegarde à chaud de la base SQLite dans FICHIER (le serveur peut tourner)',
  async run({ positionals }) {
    const [file] = positionals;
    if (!file) {
      process.stderr.write('Usage : npm run cli -- backup FICHIER.sqlite\n');
      return 2;
    }
    return withDatabase(async ({ sqlite }) => {
      const { totalPages } = await sqlite.backup(file);
      process.stdout.write(`Sauvegarde écrite : ${file} (${totalPages} pages)\n`);
      return 0;
    });
  },
};
