import { ROLES } from '../domain/statuts.ts';
import { SYSTEM_USER } from '../domain/access.ts';
import { readChoice } from './args.ts';
import type { RegisterCommand } from './program.ts';

export const userCommand: RegisterCommand = (program, ctx) => {
  const user = program.command('user').description('Comptes');
  user
    .command('add')
    .description('Crée un compte')
    .requiredOption('--email <adresse>')
    .requiredOption('--password <mot-de-passe>', 'au moins 10 caractères')
    .requiredOption('--role <rôle>', ROLES.join(', '))
    .option('--region <code>', 'ARS : la région')
    .option('--departement <code>', 'ARS : le département (délégation départementale)')
    .option('--clsm <ids>', 'coordonnateur·rice : identifiants des CLSM, séparés par des virgules')
    .action((options: { email: string; password: string; role: string; region?: string; departement?: string; clsm?: string }) => {
      const role = readChoice('Rôle', options.role, ROLES);
      return ctx.withServices(async (services) => {
        const clsmIds = options.clsm?.split(',').map((s) => s.trim()).filter(Boolean) ?? [];
        const created = await services.users.create(SYSTEM_USER, { email: options.email, password: options.password, role, region: options.region ?? null, departement: options.departement ?? null, clsmIds });
        ctx.io.out(
          `Compte créé : ${created.email} (${created.role}${created.region ? `, région ${created.region}` : ''}${created.departement ? `, département ${created.departement}` : ''}${created.clsmIds.length ? `, CLSM ${created.clsmIds.join(', ')}` : ''})\n`,
        );
      });
    });
};
