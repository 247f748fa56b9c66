/** Accounts: sign-in, creation, role and scope, passwords. Managed by the admin; every change is logged. */
import { hash, verify } from '@node-rs/argon2';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { Role } from '../domain/statuts.ts';
import type { AuthUser } from '../domain/access.ts';
import { AppError, forbidden, invalid, notFound } from '../errors.ts';
import { msg } from '../messages.ts';
import { recordAudit } from '../repositories/audit.repository.ts';
import { existingClsmIds } from '../repositories/clsm.repository.ts';
import {
  findAuthUser,
  findUserByEmail,
  insertUser,
  listAuthUsers,
  replaceUserClsm,
  updatePasswordHash,
  updateUserScopeRow,
  type UserScopeColumns,
} from '../repositories/user.repository.ts';
import type { ServiceDeps } from './deps.ts';

export interface Argon2Cost {
  memoryCost: number;
  timeCost: number;
}

export interface UserScope {
  role: Role;
  region?: string | null | undefined;
  departement?: string | null | undefined;
  clsmIds?: string[] | undefined;
}

export interface UserInput extends UserScope {
  email: string;
  password: string;
}

/** The password rule, in one place (API, pages, command line). */
function checkPassword(password: string): void {
  if (password.length < 10) throw invalid('Le mot de passe doit compter au moins 10 caractères.');
}

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

const hashPassword = (password: string, cost: Argon2Cost) => hash(password, { ...cost, parallelism: 1 });

/** A hash to verify against when the e-mail is unknown, so that timing does not tell which accounts exist. */
const dummyHashes = new Map<string, Promise<string>>();
function dummyHash(cost: Argon2Cost) {
  const key = `${cost.memoryCost}/${cost.timeCost}`;
  if (!dummyHashes.has(key)) dummyHashes.set(key, hashPassword('mot-de-passe-factice', cost));
  return dummyHashes.get(key)!;
}

/** The scope a role needs: ARS a region, coordinators at least one existing CLSM. */
async function checkScope(db: Kysely<Database>, scope: UserScope): Promise<void> {
  if (scope.role === 'ars' && !scope.region) throw invalid('Un compte ARS doit avoir une région (--region).');
  if (scope.role === 'coordinateur') {
    if (!scope.clsmIds?.length) throw invalid('Un compte coordonnateur·rice doit être rattaché à au moins un CLSM (--clsm).');
    const found = await existingClsmIds(db, scope.clsmIds);
    const missing = scope.clsmIds.filter((id) => !found.has(id));
    if (missing.length) throw invalid(msg.clsmIntrouvable(missing.join(', ')));
  }
}

function scopeColumns(scope: UserScope): UserScopeColumns {
  return { role: scope.role, region: scope.role === 'ars' ? (scope.region ?? null) : null, departement: scope.role === 'ars' ? (scope.departement ?? null) : null };
}
const clsmIdsOf = (scope: UserScope) => (scope.role === 'coordinateur' ? [...new Set(scope.clsmIds ?? [])].sort() : []);

export function userService({ db, config }: ServiceDeps) {
  const requireAdmin = (user: AuthUser) => {
    if (user.role !== 'admin') throw forbidden(user.role === 'ccoms' ? msg.lectureSeule : msg.interdit);
  };
  return {
    /** The signed-in user of a session (null when the account no longer exists). */
    async sessionUser(id: number): Promise<AuthUser | null> {
      return (await findAuthUser(db, id)) ?? null;
    },

    /** The account matching the credentials, or null. */
    async authenticate(email: string, password: string): Promise<AuthUser | null> {
      const row = await findUserByEmail(db, normalizeEmail(email));
      if (!row) {
        await verify(await dummyHash(config.argon2), password).catch(() => false);
        return null;
      }
      const ok = await verify(row.password_hash, password).catch(() => false);
      return ok ? ((await findAuthUser(db, row.id)) ?? null) : null;
    },

    async list(user: AuthUser): Promise<AuthUser[]> {
      requireAdmin(user);
      return listAuthUsers(db);
    },

    async create(user: AuthUser, input: UserInput): Promise<AuthUser> {
      requireAdmin(user);
      const email = normalizeEmail(input.email);
      checkPassword(input.password);
      await checkScope(db, input);
      const passwordHash = await hashPassword(input.password, config.argon2);
      return db.transaction().execute(async (trx) => {
        if (await findUserByEmail(trx, email)) throw new AppError('conflit', msg.utilisateurExiste(email));
        const now = new Date().toISOString();
        const columns = scopeColumns(input);
        const clsmIds = clsmIdsOf(input);
        const id = await insertUser(trx, { email, password_hash: passwordHash, ...columns }, now);
        await replaceUserClsm(trx, id, clsmIds);
        await recordAudit(trx, [{ userId: user.id, entity: 'user', entityId: String(id), action: 'role', old: null, new: { ...columns, clsmIds } }], now);
        return { id, email, ...columns, clsmIds };
      });
    },

    /** Changes the role or scope of an account (admin), with an audit entry. */
    async updateScope(user: AuthUser, id: number, scope: UserScope): Promise<AuthUser> {
      requireAdmin(user);
      await checkScope(db, scope);
      return db.transaction().execute(async (trx) => {
        const before = await findAuthUser(trx, id);
        if (!before) throw notFound(msg.utilisateurIntrouvable(id));
        const now = new Date().toISOString();
        const columns = scopeColumns(scope);
        const clsmIds = clsmIdsOf(scope);
        await updateUserScopeRow(trx, id, columns, now);
        await replaceUserClsm(trx, id, clsmIds);
        const { id: _i, email: _e, ...old } = before;
        await recordAudit(trx, [{ userId: user.id, entity: 'user', entityId: String(id), action: 'role', old, new: { ...columns, clsmIds } }], now);
        return { id, email: before.email, ...columns, clsmIds };
      });
    },

    async setPassword(user: AuthUser, id: number, password: string): Promise<void> {
      if (user.id !== id) requireAdmin(user);
      checkPassword(password);
      const passwordHash = await hashPassword(password, config.argon2);
      await db.transaction().execute(async (trx) => {
        const now = new Date().toISOString();
        if (!(await updatePasswordHash(trx, id, passwordHash, now))) throw notFound(msg.utilisateurIntrouvable(id));
        await recordAudit(trx, [{ userId: user.id, entity: 'user', entityId: String(id), action: 'mot_de_passe' }], now);
      });
    },
  };
}

export type UserService = ReturnType<typeof userService>;
