import { UsageError, type RegisterCommand } from './program.ts';

export const backupCommand: RegisterCommand = (program, ctx) => {
  program
    .command('backup')
    .description('Sauvegarde à chaud de la base SQLite dans FICHIER (le serveur peut tourner)')
    .argument('<fichier>', 'fichier de sauvegarde (.sqlite)')
    .action((file: string) =>
      ctx.withServices(async (_services, { sqlite }) => {
        if (!sqlite) throw new UsageError('Sur PostgreSQL, sauvegardez avec pg_dump (voir docs/operations-postgresql.md) : « backup » copie une base SQLite.');
        const { totalPages } = await sqlite.backup(file);
        ctx.io.out(`Sauvegarde écrite : ${file} (${totalPages} pages)\n`);
      }),
    );
};
