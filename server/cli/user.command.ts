import { ROLES } from '../domain/statuts.ts';
import { SYSTEM_USER } from '../domain/access.ts';
import { readChoice } from './args.ts';
import type { RegisterCommand } from './program.ts';

type ScopeOptions = { email: string; role: string; region?: string; departement?: string; clsm?: string };

const scopeOf = (options: ScopeOptions) => ({
  role: readChoice('Rôle', options.role, ROLES),
  region: options.region ?? null,
  departement: options.departement ?? null,
  clsmIds: options.clsm?.split(',').map((s) => s.trim()).filter(Boolean) ?? [],
});

const describe = (a: { email: string; role: string; region: string | null; departement: string | null; clsmIds: string[] }) =>
  `${a.email} (${a.role}${a.region ? `, région ${a.region}` : ''}${a.departement ? `, département ${a.departement}` : ''}${a.clsmIds.length ? `, CLSM ${a.clsmIds.join(', ')}` : ''})`;

export const userCommand: RegisterCommand = (program, ctx) => {
  const user = program.command('user').description('Comptes');
  const withScope = (command: ReturnType<typeof user.command>) =>
    command
      .requiredOption('--email <adresse>')
      .requiredOption('--role <rôle>', ROLES.join(', '))
      .option('--region <code>', 'ARS : la région')
      .option('--departement <code>', 'ARS : le département (délégation départementale)')
      .option('--clsm <ids>', 'coordonnateur·rice : identifiants des CLSM, séparés par des virgules');

  withScope(user.command('invite').description('Invite une personne : compte sans mot de passe et courriel avec un lien (7 jours, usage unique) pour le choisir')).action(
    (options: ScopeOptions) => {
      const scope = scopeOf(options);
      return ctx.withServices(async (services, _opened, config) => {
        const { account, invitation_expire_le } = await services.users.invite(SYSTEM_USER, { email: options.email, ...scope });
        // The mail is sent now (the server's worker would otherwise send it on its next pass).
        const run = await services.mail.processQueue();
        ctx.io.out(`Invitation créée : ${describe(account)} ; lien valable jusqu’au ${invitation_expire_le}.\n`);
        ctx.io.out(run.sent ? `Courriel envoyé (${services.mail.transportKind() === 'outbox' ? `boîte d’envoi locale : ${config.mail.outboxDir}` : 'SMTP'}).\n` : 'Courriel en file d’attente : il partira au prochain passage du serveur.\n');
      });
    },
  );

  withScope(
    user
      .command('add')
      .description('Crée un compte avec son mot de passe (sans courriel ; préférez « user invite »)')
      .requiredOption('--password <mot-de-passe>', 'au moins 12 caractères, ni courant, ni contenant l’identifiant'),
  ).action((options: ScopeOptions & { password: string }) => {
    const scope = scopeOf(options);
    return ctx.withServices(async (services) => {
      const created = await services.users.create(SYSTEM_USER, { email: options.email, password: options.password, ...scope });
      ctx.io.out(`Compte créé : ${describe(created)}\n`);
    });
  });
};
