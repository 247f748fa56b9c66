/** Personal data (RGPD): `purge [--dry-run]` (retention, for cron), `user anonymise <id>`, `donnees-personnelles` (the inventory in Markdown). */
import { DEFAULT_RETENTION } from '../config.ts';
import { SYSTEM_USER } from '../domain/access.ts';
import { personalDataInventory, personalDataMarkdown } from '../domain/personal-data.ts';
import { FIXED_PERIODS, PURGE_KIND_LABEL, PURGE_KINDS, type PurgeReport } from '../services/personal-data.service.ts';
import { UsageError, type RegisterCommand } from './program.ts';

const day = (iso: string) => iso.slice(0, 10);

/** What a purge removes (or would remove), counted per kind, in French. */
export function purgeText(report: PurgeReport): string {
  const lines = [
    report.dryRun ? `Simulation (--dry-run) au ${day(report.at)} : rien n’a été modifié. Une purge réelle maintenant :` : `Purge du ${day(report.at)} :`,
    `  (comptes désactivés avant le ${day(report.cutoffs.comptes_desactives)}, invitations envoyées avant le ${day(report.cutoffs.invitations)}, détail du journal avant le ${day(report.cutoffs.journal)}, courriels avant le ${day(report.cutoffs.courriels)})`,
  ];
  const counts = report.applied ?? report.counts;
  for (const kind of PURGE_KINDS) lines.push(`  ${String(counts[kind]).padStart(6)} ${PURGE_KIND_LABEL[kind]}`);
  if (report.accounts.length) lines.push(`  Comptes : ${report.accounts.map((a) => `n° ${a.id} (${a.role}, ${a.reason === 'desactive' ? 'désactivé le' : 'invité le'} ${day(a.since)})`).join(', ')}`);
  const byAction = Object.entries(report.journalByAction);
  if (byAction.length) lines.push(`  Détail du journal retiré, par action : ${byAction.map(([k, n]) => `${k} ${n}`).join(', ')}`);
  if (PURGE_KINDS.every((k) => counts[k] === 0)) lines.push('  Rien à supprimer.');
  return lines.join('\n') + '\n';
}

export const personalDataCommand: RegisterCommand = (program, ctx) => {
  program
    .command('purge')
    .description('Applique les durées de conservation (RETENTION_*) : comptes désactivés ou invitations anciennes anonymisés, détail ancien du journal retiré, anciens courriels et fichiers .eml supprimés, sessions et liens expirés oubliés. À lancer chaque nuit (cron).')
    .option('--dry-run', 'affiche ce qui serait supprimé, sans rien modifier')
    .option('--json', 'le rapport en JSON (identifiants compris)')
    .action((options: { dryRun?: boolean; json?: boolean }) =>
      ctx.withServices(async (services) => {
        const report = await services.personalData.purge(SYSTEM_USER, { dryRun: options.dryRun === true });
        ctx.io.out(options.json ? JSON.stringify(report, null, 2) + '\n' : purgeText(report));
      }),
    );

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
