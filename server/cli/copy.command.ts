import { resolve } from 'node:path';
import { databaseLabel } from '../config.ts';
import { openDatabase, targetOf, type OpenedDatabase } from '../db/connection.ts';
import { CopyRefused, copyDatabase } from '../db/copy.ts';
import { prepareDatabase } from '../db/prepare.ts';
import { UsageError, type RegisterCommand } from './program.ts';

/** A database of the command line, for messages (never a password). */
const describe = (location: string) => {
  const target = targetOf(location);
  return target.databaseUrl ? databaseLabel(target) : `SQLite ${resolve(location)}`;
};

export const copyCommand: RegisterCommand = (program, ctx) => {
  program
    .command('copy')
    .description('Copie toute une base dans une base vide (SQLite ↔ PostgreSQL), puis vérifie lignes et réponses')
    .requiredOption('--from <source>', 'fichier SQLite ou adresse postgres://…')
    .requiredOption('--to <cible>', 'fichier SQLite ou adresse postgres://… (base vide)')
    .action(async (options: { from: string; to: string }) => {
      if (describe(options.from) === describe(options.to)) throw new UsageError('La source et la cible sont la même base.');
      const opened: OpenedDatabase[] = [];
      try {
        const [source, target] = [options.from, options.to].map((location) => {
          const db = openDatabase(targetOf(location));
          opened.push(db);
          return db;
        }) as [OpenedDatabase, OpenedDatabase];
        // Both at the same schema version (the target empty: nothing derived to fill).
        await prepareDatabase(source);
        await prepareDatabase(target);
        ctx.io.err(`Copie de ${describe(options.from)} vers ${describe(options.to)}…\n`);
        const report = await copyDatabase(source, target, (line) => ctx.io.err(`  ${line}\n`));
        const rows = report.tables.reduce((n, t) => n + t.rows, 0);
        ctx.io.out(`Copie terminée et vérifiée : ${report.tables.length} tables, ${rows} lignes ; réponses de ${report.bilans} bilans identiques (empreinte sha256 ${report.answersDigest.slice(0, 16)}…).\n`);
      } catch (error) {
        if (!(error instanceof CopyRefused)) throw error;
        ctx.io.err(`${error.message}\n`);
        ctx.exit(1);
      } finally {
        for (const { db } of opened) await db.destroy();
      }
    });
};
