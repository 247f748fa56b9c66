/**
 * `relances`: reminders from the command line (a cron), and `courriels
 * envoyer`: one pass of the mail queue. Both act as the system (national),
 * like every command.
 */
import { SYSTEM_USER } from '../domain/access.ts';
import type { RelanceResult } from '../services/relance.service.ts';
import type { Services } from '../services/index.ts';
import { readAnnee } from './args.ts';
import { UsageError, type RegisterCommand } from './program.ts';

function describe(r: RelanceResult, dryRun: boolean): string {
  const lines = r.clsm.map((c) => `  ${c.clsm_id} (${c.statut}) : ${c.destinataires.length ? c.destinataires.join(', ') : 'aucun compte actif'}\n`);
  const head = dryRun
    ? `Simulation : ${r.clsm.length} CLSM seraient relancés, ${r.destinataires.length} destinataire(s). Rien n’a été envoyé.\n`
    : `${r.clsm.length} CLSM relancés : ${r.envoyes} courriel(s) pour ${r.destinataires.length} destinataire(s)${r.sans_destinataire.length ? ` ; ${r.sans_destinataire.length} CLSM sans compte actif` : ''}.\n`;
  return head + lines.join('');
}

/** Sends what was just queued (the server's worker would otherwise do it on its next pass). */
async function flush(services: Services): Promise<string> {
  await services.notifications.processDigests();
  const run = await services.mail.processQueue();
  return `Courriels : ${run.sent} envoyé(s)${run.retried ? `, ${run.retried} à réessayer` : ''}${run.failed ? `, ${run.failed} en échec` : ''}.\n`;
}

export const relancesCommand: RegisterCommand = (program, ctx) => {
  program
    .command('relances')
    .description('Relance par courriel les coordonnateur·rices des CLSM dont le bilan n’est pas reçu (non commencé, en cours) ou renvoyé pour correction')
    .option('--annee <année>', 'la campagne (obligatoire sans --planifiees)')
    .option('--region <code>', 'seulement les CLSM de cette région')
    .option('--planifiees', 'les étapes dues des relances automatiques des campagnes ouvertes (chacune une seule fois) : pour un cron quotidien')
    .option('--dry-run', 'n’envoie rien : dit qui serait relancé')
    .action((options: { annee?: string; region?: string; planifiees?: boolean; dryRun?: boolean }) => {
      const annee = readAnnee(options.annee);
      if (!options.planifiees && annee === undefined) throw new UsageError('--annee est obligatoire (ou --planifiees pour les relances automatiques).');
      if (options.planifiees && (annee !== undefined || options.region)) throw new UsageError('--planifiees relance toutes les campagnes ouvertes qui ont des relances automatiques : sans --annee ni --region.');
      const dryRun = options.dryRun === true;
      return ctx.withServices(async (services) => {
        if (options.planifiees) {
          const report = await services.relances.runScheduled({ dryRun });
          if (report.length === 0) ctx.io.out('Aucune relance automatique due aujourd’hui.\n');
          for (const r of report) ctx.io.out(`Campagne ${r.annee} — ${r.note}\n${r.result ? describe(r.result, dryRun) : ''}`);
        } else {
          const result = await services.relances.send(SYSTEM_USER, annee!, { region: options.region }, { dryRun });
          ctx.io.out(describe(result, dryRun));
        }
        if (!dryRun) ctx.io.out(await flush(services));
      });
    });
};

export const mailCommand: RegisterCommand = (program, ctx) => {
  const mail = program.command('courriels').description('File des courriels');
  mail
    .command('envoyer')
    .description('Envoie les courriels dus (le serveur le fait de lui-même toutes les quelques secondes)')
    .action(() => ctx.withServices(async (services) => ctx.io.out(await flush(services))));
};
