import type { RegisterCommand } from './program.ts';

export const backupCommand: RegisterCommand = (program, ctx) => {
  program
    .command('backup')
    .description('Sauvegarde à chaud de la base SQLite dans FICHIER (le serveur peut tourner)')
    .argument('<fichier>', 'fichier de sauvegarde (.sqlite)')
    .action((file: string) =>
      ctx.withServices(async (_services, { sqlite }) => {
        const { totalPages } = await sqlite.backup(file);
        ctx.io.out(`Sauvegarde écrite : ${file} (${totalPages} pages)\n`);
      }),
    );
};
