/** The registry of CLSM: every CLSM expected to answer a campagne. Reading in the user's scope; changes by the admin, or the ARS in its region. */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { ClsmStatut } from '../domain/statuts.ts';
import { canManageClsm, canSeeClsm, clsmScopeFilter, type AuthUser } from '../domain/access.ts';
import { geographyIssues } from '../domain/registry.ts';
import { AppError, forbidden, invalid, notFound, type Issue } from '../errors.ts';
import { msg } from '../messages.ts';
import { readReport, type ReadReport } from '../exchange/csv.ts';
import { parseRegistryCsv, registryCsv, type RegistryParse } from '../exchange/registry-csv.ts';
import { recordAudit } from '../repositories/audit.repository.ts';
import { allClsm, clsmPlaces, countClsm, findClsm, findClsms, insertClsm, listClsm, pageClsm, updateClsmRow, upsertClsms, type Clsm, type ClsmFilters } from '../repositories/clsm.repository.ts';
import type { Page, PageRequest } from '../repositories/pagination.ts';
import { registryChanged } from './derived-data.ts';
import type { ServiceDeps } from './deps.ts';

export interface ClsmInput {
  /** Chosen by the administration; an ARS may not choose one (the platform assigns it, see `create`). */
  id?: string | undefined;
  nom: string;
  region: string;
  departement: string;
  autres_departements?: string | null | undefined;
  communes?: string | null | undefined;
  annee_creation?: number | null | undefined;
  statut: ClsmStatut;
}

export type RegistryImportReport = ({ ok: true; created: number; updated: number; unchanged: number } & ReadReport) | { ok: false; errors: Issue[] };

export interface RegistryPreviewRow {
  ligne: number;
  clsm: Clsm;
  action: 'creation' | 'modification' | 'inchange';
  /** The fields an update changes. */
  changes: Array<keyof Clsm>;
}

/** What an import would do, line by line (nothing written), or every error. */
export type RegistryPreview = ({ ok: true; rows: RegistryPreviewRow[]; created: number; updated: number; unchanged: number } & ReadReport) | { ok: false; errors: Issue[] };

function normalize(input: ClsmInput & { id: string }): Clsm {
  return {
    id: input.id.trim(),
    nom: input.nom.trim(),
    region: input.region.trim(),
    departement: input.departement.trim(),
    autres_departements: input.autres_departements?.trim() || null,
    communes: input.communes?.trim() || null,
    annee_creation: input.annee_creation ?? null,
    statut: input.statut,
  };
}

function checkGeography(row: Clsm): void {
  const issues = geographyIssues(row);
  if (issues.length) throw invalid(msg.geographieInvalide(row.id || row.nom), issues);
}

/** A new région or département: what applies in its bilans may change. */
const hasMoved = (before: Clsm, after: Clsm) => before.region !== after.region || before.departement !== after.departement;

/** Inserts or updates entries inside the caller's transaction (a few statements per hundred CLSM), one audit entry per CLSM. */
async function upsert(trx: Kysely<Database>, rows: Clsm[], actorId: number | null): Promise<void> {
  const now = new Date().toISOString();
  for (const row of rows) if (!row.id) row.id = await freeClsmId(trx, row.departement);
  const before = await findClsms(trx, rows.map((r) => r.id));
  await upsertClsms(trx, rows, now);
  await recordAudit(
    trx,
    rows.map((row) => ({ userId: actorId, entity: 'clsm' as const, entityId: row.id, action: before.has(row.id) ? 'import_modification' : 'import_creation', old: before.get(row.id) ?? null, new: row })),
    now,
  );
  const moved = rows.filter((row) => before.has(row.id) && hasMoved(before.get(row.id)!, row)).map((row) => row.id);
  if (rows.length) await registryChanged(trx, moved);
}

const FIELDS: Array<keyof Clsm> = ['nom', 'region', 'departement', 'autres_departements', 'communes', 'annee_creation', 'statut'];
/** An identifier no CLSM has: the département, then 6 random lowercase letters and digits. */
async function freeClsmId(trx: Kysely<Database>, departement: string): Promise<string> {
  for (;;) {
    const id = `${departement.toLowerCase()}-${[...randomBytes(6)].map((b) => ID_ALPHABET[b % ID_ALPHABET.length]).join('')}`;
    if (!(await findClsm(trx, id))) return id;
  }
}
const ID_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

export function clsmService({ db }: ServiceDeps) {
  const refuse = (user: AuthUser) => forbidden(user.role === 'ars' ? msg.horsRegion : user.role === 'ccoms' ? msg.lectureSeule : msg.interdit);

  /**
   * What an import would do, from a file already read. An identifier the
   * user cannot see — unknown, or of another région for an ARS — is refused
   * the same way; an empty `clsm_id` adds a CLSM whose identifier the
   * platform assigns (the ARS's only way to add one: see `create`).
   */
  async function previewOf(trx: Kysely<Database>, user: AuthUser, parsed: Extract<RegistryParse, { ok: true }>): Promise<RegistryPreview> {
    const errors: Issue[] = [];
    const rows: RegistryPreviewRow[] = [];
    const stored = await findClsms(trx, parsed.entries.map((e) => e.id).filter(Boolean));
    for (const [i, entry] of parsed.entries.entries()) {
      const ligne = parsed.lines[i]!;
      const row = normalize(entry);
      const before = row.id ? stored.get(row.id) : undefined;
      if (row.id && user.role !== 'admin' && (!before || !canSeeClsm(user, before))) {
        errors.push({ ligne, message: msg.clsmInconnuImport(row.id) });
        continue;
      }
      if (!canManageClsm(user, row) || (before && !canManageClsm(user, before))) {
        errors.push({ ligne, message: `CLSM ${row.id || row.nom} : hors de votre périmètre (région ${before?.region ?? row.region}, département ${before?.departement ?? row.departement}).` });
        continue;
      }
      const geography = geographyIssues(row);
      if (geography.length) {
        errors.push(...geography.map((i) => ({ ligne, message: `CLSM ${row.id || row.nom} : ${i.message}` })));
        continue;
      }
      const changes = before ? FIELDS.filter((k) => row[k] !== before[k]) : [];
      rows.push({ ligne, clsm: row, action: !before ? 'creation' : changes.length ? 'modification' : 'inchange', changes });
    }
    if (errors.length) return { ok: false, errors };
    const count = (a: RegistryPreviewRow['action']) => rows.filter((r) => r.action === a).length;
    return { ok: true, rows, created: count('creation'), updated: count('modification'), unchanged: count('inchange'), ...readReport(parsed.encoding) };
  }

  /** The file read and checked outside any transaction (a large file yields to other requests meanwhile). */
  async function readRegistry(user: AuthUser, input: string | Buffer): Promise<RegistryParse> {
    if (user.role !== 'admin' && user.role !== 'ars') throw refuse(user);
    return parseRegistryCsv(input);
  }

  /** What an import would do, line by line; nothing is written. */
  async function previewImport(user: AuthUser, input: string | Buffer): Promise<RegistryPreview> {
    const parsed = await readRegistry(user, input);
    return parsed.ok ? previewOf(db, user, parsed) : parsed;
  }

  /** The CLSM if the user may see it; 404 otherwise (out of scope looks like absent). */
  async function get(user: AuthUser, id: string): Promise<Clsm> {
    const clsm = await findClsm(db, id);
    if (!clsm || !canSeeClsm(user, clsm)) throw notFound(msg.clsmIntrouvable(id));
    return clsm;
  }

  return {
    /** Every CLSM of the scope: for small scopes (a coordinator's CLSM, the demonstration loader); users see `page`. */
    list: (user: AuthUser, filters: ClsmFilters = {}): Promise<Clsm[]> => listClsm(db, clsmScopeFilter(user), filters),
    /** A page of the registry of the user's scope. */
    page: (user: AuthUser, filters: ClsmFilters, page: PageRequest): Promise<Page<Clsm>> => pageClsm(db, clsmScopeFilter(user), filters, page),
    /** How many CLSM of the user's scope the filters keep. */
    count: (user: AuthUser, filters: ClsmFilters = {}): Promise<number> => countClsm(db, clsmScopeFilter(user), filters),
    get,

    /** The régions and départements of the CLSM the user sees (filters of the pages). */
    async places(user: AuthUser): Promise<{ regions: string[]; departements: string[]; pairs: Array<{ region: string; departement: string }> }> {
      const pairs = await clsmPlaces(db, clsmScopeFilter(user));
      return { regions: [...new Set(pairs.map((p) => p.region))].sort((a, b) => a.localeCompare(b, 'fr')), departements: [...new Set(pairs.map((p) => p.departement))].sort(), pairs };
    },

    /**
     * Adds a CLSM to the registry (admin; ARS in its scope). Identifiers are
     * unique nationally, so an ARS choosing one could learn, from a refusal,
     * that it exists in another région. Hence: the administration may choose
     * the identifier; for an ARS (or when none is given) the platform assigns
     * one (`<département>-<6 random characters>`), and an ARS giving one gets
     * the same 400 whether or not it exists anywhere.
     */
    async create(user: AuthUser, input: ClsmInput): Promise<Clsm> {
      if (user.role !== 'admin' && input.id !== undefined) throw invalid(msg.clsmIdAttribue, [{ variable: 'id', message: msg.clsmIdAttribue }]);
      const row = normalize({ ...input, id: input.id ?? '' });
      if (!canManageClsm(user, row)) throw refuse(user);
      checkGeography(row);
      return db.transaction().execute(async (trx) => {
        if (input.id === undefined) row.id = await freeClsmId(trx, row.departement);
        else if (await findClsm(trx, row.id)) throw new AppError('conflit', msg.clsmExiste(row.id));
        const now = new Date().toISOString();
        await insertClsm(trx, row, now);
        await recordAudit(trx, [{ userId: user.id, entity: 'clsm', entityId: row.id, action: 'creation', new: row }], now);
        await registryChanged(trx);
        return row;
      });
    },

    async update(user: AuthUser, id: string, patch: Partial<Omit<ClsmInput, 'id'>>): Promise<Clsm> {
      return db.transaction().execute(async (trx) => {
        const before = await findClsm(trx, id);
        if (!before || !canSeeClsm(user, before)) throw notFound(msg.clsmIntrouvable(id));
        const after = normalize({ ...before, ...patch, id });
        // An ARS analyst may neither touch nor move a CLSM outside its region.
        if (!canManageClsm(user, before) || !canManageClsm(user, after)) throw refuse(user);
        checkGeography(after);
        const now = new Date().toISOString();
        await updateClsmRow(trx, after, now);
        const changed = (Object.keys(after) as (keyof Clsm)[]).filter((k) => after[k] !== before[k]);
        await recordAudit(trx, changed.map((k) => ({ userId: user.id, entity: 'clsm' as const, entityId: id, action: 'modification', variable: k, old: before[k], new: after[k] })), now);
        if (changed.length) await registryChanged(trx, hasMoved(before, after) ? [id] : []);
        return after;
      });
    },

    previewImport,

    /**
     * Registry CSV import: all or nothing, French errors per line. The admin
     * imports nationally; an ARS only lines of its scope (a line outside it,
     * or moving a CLSM out of it, is an error). Unchanged lines write nothing.
     */
    async importCsv(user: AuthUser, input: string | Buffer): Promise<RegistryImportReport> {
      const parsed = await readRegistry(user, input);
      if (!parsed.ok) return parsed;
      return db.transaction().execute(async (trx) => {
        const preview = await previewOf(trx, user, parsed);
        if (!preview.ok) return preview;
        await upsert(trx, preview.rows.filter((r) => r.action !== 'inchange').map((r) => r.clsm), user.id);
        return { ok: true as const, created: preview.created, updated: preview.updated, unchanged: preview.unchanged, encoding: preview.encoding, notes: preview.notes };
      });
    },

    /** The registry of the user's scope (optionally filtered) as CSV, read page by page. */
    async exportCsv(user: AuthUser, filters: ClsmFilters = {}): Promise<string> {
      const rows: Clsm[] = [];
      for await (const row of allClsm(db, clsmScopeFilter(user), filters)) rows.push(row);
      return registryCsv(rows);
    },
  };
}

export type ClsmService = ReturnType<typeof clsmService>;
