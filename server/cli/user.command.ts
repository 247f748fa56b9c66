import { ROLES, type Role } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { createUser } from '../repositories/user.repository.ts';
import type { CliCommand } from './command.ts';
import { withDatabase } from './database.ts';

export const userAddCommand: CliCommand = {
  name: 'user add',
  summary: 'Crée un compte : --email --password --role coordinateur|ars|ccoms|admin [--region] [--departement] [--clsm ID,ID]',
  options: { email: { type: 'string' }, password: { type: 'string' }, role: { type: 'string' }, region: { type: 'string' }, departement: { type: 'string' }, clsm: { type: 'string' } },
  async run({ values }) {
    const { email, password, role } = values as Record<string, string | undefined>;
    if (!email || !password || !role) {
      process.stderr.write('--email, --password et --role sont obligatoires\n');
      return 2;
    }
    if (!ROLES.includes(role as Role)) {
      process.stderr.write(`Rôle inconnu : ${role} (${ROLES.join(', ')})\n`);
      return 2;
    }
    if (password.length < 10) {
      process.stderr.write('Le mot de passe doit compter au moins 10 caractères\n');
      return 2;
    }
    return withDatabase(async ({ db }, config) => {
      try {
        const clsmIds = typeof values.clsm === 'string' ? values.clsm.split(',').map((s) => s.trim()).filter(Boolean) : [];
        const user = await createUser(db, config.argon2, { email, password, role: role as Role, region: (values.region as string) ?? null, departement: (values.departement as string) ?? null, clsmIds });
        process.stdout.write(`Compte créé : ${user.email} (${user.role}${user.region ? `, région ${user.region}` : ''}${user.departement ? `, département ${user.departement}` : ''}${user.clsmIds.length ? `, CLSM ${user.clsmIds.join(', ')}` : ''})\n`);
        return 0;
      } catch (error) {
        if (error instanceof AppError) {
          process.stderr.write(`${error.message}\n`);
          return 1;
        }
        throw error;
      }
    });
  },
};
