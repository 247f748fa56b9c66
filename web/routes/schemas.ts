/**
 * The zod schemas of the web routes' input, as the API's: a repeated or
 * malformed parameter is a French 400 page, never a 500. Empty form values
 * ("Tous" in a filter) read as absent.
 */
import { z } from 'zod';
import { SPLIT_VARIABLES } from '../../analytics/index.ts';
import { SUIVI_STATUTS } from '../../server/domain/statuts.ts';
import { Annee, BilanParams, Departement, Region } from '../../server/routes/schemas.ts';

const blankAsAbsent = (v: unknown) => (v === '' ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankAsAbsent, schema.optional());

export { BilanParams };
export const OptionalAnnee = optional(Annee);
export const OptionalRegion = optional(Region);
export const OptionalDepartement = optional(Departement);

export const SectionQuery = z.strictObject({ section: z.string().max(100).optional() });
export const BilanPageQuery = SectionQuery.extend({ envoye: z.string().max(5).optional(), enregistre: z.string().max(5).optional() }).strict();

/** A form post: field name → value(s). */
export const PostedForm = z.record(z.string().max(200), z.union([z.string().max(100_000), z.array(z.string().max(100_000)).max(500)]));

export const SuiviPageQuery = z.strictObject({
  annee: OptionalAnnee,
  region: OptionalRegion,
  departement: OptionalDepartement,
  statut: optional(z.enum(SUIVI_STATUTS)),
  renvoye: z.string().max(100).optional(),
});

export const DashboardQuery = z.strictObject({
  annee: OptionalAnnee,
  region: OptionalRegion,
  departement: OptionalDepartement,
  split: optional(z.enum(SPLIT_VARIABLES as [string, ...string[]])),
});

export const EtatDesLieuxParams = z.strictObject({ annee: Annee });
export const EtatDesLieuxQuery = z.strictObject({ region: OptionalRegion });

export const LoginQuery = z.strictObject({ suite: z.string().max(2000).optional() });
/** The login form (its `_csrf` field is checked by the route itself, before the session exists: kept). */
export const LoginForm = z.looseObject({ email: z.string().max(320).optional(), password: z.string().max(200).optional(), suite: z.string().max(2000).optional() });
