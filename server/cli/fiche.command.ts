/** The yearly fiches published by a public link: list them, publish one, withdraw one (an admin acting for a CLSM, or at night on a leak). */
import { SYSTEM_USER } from '../domain/access.ts';
import { readAnnee } from './args.ts';
import type { RegisterCommand } from './program.ts';

export const ficheCommand: RegisterCommand = (program, ctx) => {
  const fiche = program.command('fiche').description('Fiches annuelles publiées par un lien public');
  fiche
    .command('liste')
    .description('Les fiches publiées (liens actifs), d’un CLSM ou de tous')
    .option('--clsm <id>', 'un seul CLSM')
    .action((options: { clsm?: string }) =>
      ctx.withServices(async (services) => {
        const list = await services.fiche.list(SYSTEM_USER, options.clsm);
        for (const p of list) ctx.io.out(`${p.clsm_id}\t${p.annee}\t${p.url}\t${p.created_at}${p.suspendue ? '\tsuspendue (bilan en correction)' : ''}\n`);
        ctx.io.err(`${list.length} fiche(s) publiée(s).\n`);
      }),
    );
  fiche
    .command('publier')
    .description('Publie la fiche d’un bilan envoyé ou validé : affiche le nouveau lien')
    .argument('<clsm>', 'identifiant du CLSM')
    .argument('<annee>', 'année du bilan')
    .action((clsm: string, annee: string) =>
      ctx.withServices(async (services) => {
        const p = await services.fiche.publish(SYSTEM_USER, clsm, readAnnee(annee)!);
        ctx.io.out(`${p.url}\n`);
      }),
    );
  fiche
    .command('retirer')
    .description('Retire la publication : le lien répond « introuvable » dès maintenant')
    .argument('<clsm>', 'identifiant du CLSM')
    .argument('<annee>', 'année du bilan')
    .action((clsm: string, annee: string) =>
      ctx.withServices(async (services) => {
        await services.fiche.revoke(SYSTEM_USER, clsm, readAnnee(annee)!);
        ctx.io.err(`Publication de la fiche ${annee} du CLSM ${clsm} retirée.\n`);
      }),
    );
};
