/**
 * The zod schemas of the web routes' input, as the API's: a repeated or
 * malformed parameter is a French 400 page, never a 500. Empty form values
 * ("Tous" in a filter) read as absent.
 */
import { z } from 'zod';
import { REPORT_SECTIONS, SPLIT_VARIABLES } from '../../analytics/index.ts';
import { ACCOUNT_STATUTS, CLSM_STATUTS, ROLES, SUIVI_STATUTS } from '../../server/domain/statuts.ts';
import { Annee, BilanParams, ClsmId, Departement, Region } from '../../server/routes/schemas.ts';

const blankAsAbsent = (v: unknown) => (v === '' ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankAsAbsent, schema.optional());

export { BilanParams };
export const OptionalAnnee = optional(Annee);
export const OptionalRegion = optional(Region);
export const OptionalDepartement = optional(Departement);

export const SectionQuery = z.strictObject({ section: z.string().max(100).optional() });
/** The territory's commune search: a name or a code, and whether to search all of France. */
export const CommunesQuery = z.strictObject({
  q: optional(z.string().trim().max(100, 'la recherche tient en 100 caractères au plus')),
  partout: optional(z.enum(['1'])),
});
export const BilanPageQuery = SectionQuery.extend({ envoye: z.string().max(5).optional(), enregistre: z.string().max(5).optional() }).strict();

/** A form post: field name → value(s). */
export const PostedForm = z.record(z.string().max(200), z.union([z.string().max(100_000), z.array(z.string().max(100_000)).max(500)]));

export const SuiviPageQuery = z.strictObject({
  annee: OptionalAnnee,
  region: OptionalRegion,
  departement: OptionalDepartement,
  statut: optional(z.enum(SUIVI_STATUTS)),
  renvoye: z.string().max(100).optional(),
  /** After a reminder: how many mails were queued. */
  relance: optional(z.coerce.number().int().min(0).max(1_000_000)),
  page: optional(z.coerce.number().int().min(1).max(1_000_000)),
});

const Split = optional(z.enum(SPLIT_VARIABLES as [string, ...string[]]));
const IndicatorId = z.string().max(120).regex(/^[a-z0-9_]+$/, 'identifiant d’indicateur : lettres minuscules, chiffres et « _ »');

/** The overview: a year (default: the latest with bilans in the scope), a place for the national roles. */
export const DashboardQuery = z.strictObject({
  annee: OptionalAnnee,
  region: OptionalRegion,
  departement: OptionalDepartement,
});

export const IndicatorListQuery = DashboardQuery.extend({
  q: optional(z.string().trim().max(200)),
  chapitre: optional(z.enum(REPORT_SECTIONS.map((s) => s.id) as [string, ...string[]])),
}).strict();

export const IndicatorParams = z.strictObject({ id: IndicatorId });
export const IndicatorPageQuery = DashboardQuery.extend({ split: Split }).strict();
/** Downloads of the dashboards: every indicator, or one (`indicateur`). */
export const DashboardDataQuery = IndicatorPageQuery.extend({ indicateur: optional(IndicatorId) }).strict();

/** `/etat-des-lieux/2024` (the page) or `/etat-des-lieux/2024.pdf`. */
export const EtatDesLieuxParams = z.strictObject({ fichier: z.string().max(20).regex(/^\d{4}(\.pdf)?$/, 'attendu : une année, par exemple 2024, ou 2024.pdf') });
export const EtatDesLieuxQuery = z.strictObject({ region: OptionalRegion });
export const ComparisonQuery = z.strictObject({ de: Annee, a: Annee, region: OptionalRegion });
export const OpenDataQuery = z.strictObject({ annee: OptionalAnnee });

export const LoginQuery = z.strictObject({ suite: z.string().max(2000).optional() });
/** The login form (its `_csrf` field is checked by the route itself, before the session exists: kept). */
export const LoginForm = z.looseObject({ email: z.string().max(320).optional(), password: z.string().max(200).optional(), suite: z.string().max(2000).optional() });

const Field = (max: number) => z.string().max(max).optional();
/** Forms posted before a session exists: their `_csrf` field is checked by the route itself (kept). */
export const ForgotPasswordForm = z.looseObject({ email: Field(320) });
export const ChoosePasswordQuery = z.strictObject({ jeton: z.string().max(200).optional() });
export const ChoosePasswordForm = z.looseObject({ jeton: Field(200), password: Field(200), password_confirmation: Field(200), email: Field(320) });
export const ChangePasswordForm = z.strictObject({ current_password: Field(200), password: Field(200), password_confirmation: Field(200), email: Field(320) });
/** What a page says after a redirect (`?modifie=1`…): short flags, never free text shown as is. */
export const MyAccountQuery = z.strictObject({ modifie: Field(5) });

const Many = (max: number) => z.union([z.string().max(max), z.array(z.string().max(max)).max(5000)]).optional();
export const asList = (v: string | string[] | undefined): string[] => (v === undefined ? [] : [v].flat().filter((x) => x !== ''));

export const AccountsQuery = z.strictObject({
  role: optional(z.enum(ROLES)),
  statut: optional(z.enum(ACCOUNT_STATUTS)),
  fait: optional(z.enum(['invitation', 'renvoi', 'desactive', 'reactive', 'modifie', 'anonymise'])),
  compte: optional(z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER)),
  page: optional(z.coerce.number().int().min(1).max(1_000_000)),
});
export const AccountParams = z.strictObject({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });
/** The invitation and scope forms (role checked by the route, scope by the service). */
export const ScopeForm = z.strictObject({ email: Field(320), role: Field(20), region: Field(100), departement: Field(10), clsm_ids: Many(64) });
export const EmptyForm = z.strictObject({});
export const EmptyQuery = z.strictObject({});

/** The fiche's page: the notice after publishing or withdrawing. */
export const FicheQuery = z.strictObject({ fait: optional(z.enum(['publiee', 'retiree'])) });
/** A public fiche's link (its format is checked by the service: anything else is a 404 like a withdrawn link). */
export const PublicFicheParams = z.strictObject({ token: z.string().max(64) });

export const RegistryQuery = z.strictObject({
  region: OptionalRegion,
  departement: OptionalDepartement,
  statut: optional(z.enum(CLSM_STATUTS)),
  q: optional(z.string().trim().max(100)),
  fait: optional(z.enum(['creation', 'modification', 'import'])),
  clsm: optional(ClsmId),
  crees: optional(z.coerce.number().int().min(0)),
  modifies: optional(z.coerce.number().int().min(0)),
  page: optional(z.coerce.number().int().min(1).max(1_000_000)),
});
export const RegistryParams = z.strictObject({ id: ClsmId });
export const ClsmForm = z.strictObject({
  id: Field(64),
  nom: Field(300),
  region: Field(100),
  departement: Field(10),
  autres_departements: Field(200),
  communes: Field(5000),
  annee_creation: Field(10),
  statut: Field(20),
});
export const RegistryImportForm = z.strictObject({
  fichier: z.string().max(20 * 1024 * 1024).optional(),
  fichier_nom: Field(300),
  fichier_encodage: optional(z.enum(['utf-8', 'utf-16', 'windows-1252'])),
  contenu: z.string().max(20 * 1024 * 1024).optional(),
});

export const CampagnesQuery = z.strictObject({ fait: optional(z.enum(['creation', 'modification', 'ouverture', 'fermeture'])), annee: OptionalAnnee });
export const CampagneParams = z.strictObject({ annee: Annee });
export const CampagneForm = z.strictObject({ annee: Field(10), questionnaire_version: Field(20), opens_on: Field(10), closes_on: Field(10), relances_jours: Field(100) });
export const ProlongationsQuery = z.strictObject({ fait: optional(z.enum(['ajout', 'retrait'])), clsm: optional(ClsmId) });
export const ProlongationForm = z.strictObject({ clsm_id: Field(64), jusqu_au: Field(10) });
export const ProlongationParams = z.strictObject({ annee: Annee, clsmId: ClsmId });

export const MailsQuery = z.strictObject({ statut: optional(z.enum(['pending', 'sending', 'sent', 'failed'])), fait: optional(z.enum(['renvoi'])), page: optional(z.coerce.number().int().min(1).max(1_000_000)) });
export const MailParams = z.strictObject({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });

export const RelanceQuery = z.strictObject({ annee: OptionalAnnee, clsm: Many(64), tous: Field(5), message: Field(2000) });
export const RelanceForm = z.strictObject({ annee: Field(10), clsm: Many(64), tous: Field(5), message: Field(2000) });
