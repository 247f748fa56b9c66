/** Personal data (RGPD): `purge [--dry-run]` (retention, for cron), `user anonymise <id>`, `donnees-personnelles` (the inventory in Markdown). */
import { DEFAULT_RETENTION } from '../config.ts';
import { SYSTEM_USER } from '../domain/access.ts';
import { personalDataInventory, personalDataMarkdown } from '../domain/personal-data.ts';
import { FIXED_PERIODS } from '../services/personal-data.service.ts';
import { purgeText } from './purge-text.ts';
import { UsageError, type RegisterCommand } from './program.ts';

export const personalDataCommand: RegisterCommand = (program, ctx) => {
  program
    .command('purge')
    .description('Applique les durées de conservation (RETENTION_*) : comptes désactivés ou invitations anciennes anonymisés, détail ancien du journal retiré, anciens courriels et fichiers .eml supprimés, sessions et liens expirés oubliés. À lancer chaque nuit (cron).')
    .option('--dry-run', 'affiche ce qui serait supprimé, sans rien modifier')
    .option('--json', 'le rapport en JSON (identifiants compris)')
    .option('--au <date>', 'avec --dry-run : ce qu’une purge supprimerait à cette date (AAAA-MM-JJ), pour voir venir')
    .action((options: { dryRun?: boolean; json?: boolean; au?: string }) => {
      let now: Date | undefined;
      if (options.au !== undefined) {
        if (!options.dryRun) throw new UsageError('--au ne s’emploie qu’avec --dry-run : une purge réelle compte les durées depuis maintenant.');
        now = new Date(`${options.au}T00:00:00Z`);
        if (!/^\d{4}-\d{2}-\d{2}$/.test(options.au) || Number.isNaN(now.getTime())) throw new UsageError(`Date invalide : ${options.au} (attendu : AAAA-MM-JJ)`);
      }
      return ctx.withServices(async (services) => {
        const report = await services.personalData.purge(SYSTEM_USER, { dryRun: options.dryRun === true, now });
        ctx.io.out(options.json ? JSON.stringify(report, null, 2) + '\n' : purgeText(report));
      });
    });

  program
    .command('donnees-personnelles')
    .description('L’inventaire des données personnelles en Markdown (durées par défaut ; docs/personal-data.md le reprend)')
    .action(() => {
      ctx.io.out(personalDataMarkdown(personalDataInventory(DEFAULT_RETENTION, FIXED_PERIODS)));
    });
};

/** `user anonymise <id>`, registered under `user`. */
export const anonymiseSubcommand: RegisterCommand = (program, ctx) => {
  const user = program.commands.find((c) => c.name() === 'user');
  if (!user) throw new Error('la commande user doit être enregistrée avant');
  user
    .command('anonymise')
    .description('Anonymise un compte (RGPD) : adresse remplacée par « Compte anonymisé n° ID », sessions, liens et courriels supprimés ; les bilans et le journal restent')
    .argument('<id>', 'identifiant du compte')
    .action((id: string) => {
      const n = Number(id);
      if (!Number.isInteger(n) || n <= 0) throw new UsageError(`Identifiant de compte invalide : ${id}`);
      return ctx.withServices(async (services) => {
        const done = await services.personalData.anonymise(SYSTEM_USER, n);
        ctx.io.out(`Compte ${done.id} anonymisé : il s’appelle désormais « ${done.pseudonyme} ».\n`);
      });
    });
};
