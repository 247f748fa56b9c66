/** Request schemas shared by the routes (zod; they also make the OpenAPI document). */
import { z } from 'zod';
import { SPLIT_VARIABLES } from '../../analytics/index.ts';
import { textProblem } from '../../survey-schema/index.ts';
import { codeRule, DEPARTEMENT_CODE, REGION_CODE } from '../domain/codes.ts';
import { BILAN_STATUTS, CAMPAGNE_STATUTS, CLSM_STATUTS, RELANCE_STATUTS, ROLES, SUIVI_STATUTS } from '../domain/statuts.ts';

export const Annee = z.coerce.number().int().min(1990).max(2100).describe('Année d’activité (campagne)');
export const ClsmId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_.-]+$/, 'identifiant de CLSM : lettres, chiffres, « - », « _ » ou « . »');
export const BilanParams = z.strictObject({ clsmId: ClsmId, annee: Annee });
export const Version = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).describe('Le `version` lu avec le bilan (0 s’il n’existe pas encore)');
const Text = (max: number) => z.string().trim().min(1).max(max);

export const Region = z.string().trim().regex(REGION_CODE, codeRule.region).describe('Code de la région (INSEE), par exemple 11');
export const Departement = z.string().trim().regex(DEPARTEMENT_CODE, codeRule.departement).describe('Code du département, par exemple 93');
/** A text stored and shown again: no control character (but tab and line breaks), no half surrogate pair (survey-schema's rule for answers). */
const safe = (schema: z.ZodString) =>
  schema.superRefine((text, ctx) => {
    const problem = textProblem(text);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
const SafeText = (max: number) => safe(Text(max));

export const ScopeFilters = z.strictObject({
  annee: Annee.optional(),
  region: Region.optional(),
  departement: Departement.optional(),
});

export const SuiviQuery = z.strictObject({ region: Region.optional(), departement: Departement.optional(), statut: z.enum(SUIVI_STATUTS).optional() });

const Oui = z.enum(['oui', 'non', 'true', 'false', '1', '0']).transform((v) => v === 'oui' || v === 'true' || v === '1');

/** The parameters of every indicator view (API, dashboards, CLI). */
export const IndicatorQuery = ScopeFilters.extend({
  split: z.enum(SPLIT_VARIABLES as [string, ...string[]]).optional().describe('Découpage : periode_creation, region, departement ou annee'),
  public: Oui.optional().describe('Sortie publique : les cases de moins de 5 bilans sont masquées'),
  periode: z.coerce.number().int().min(1990).max(2100).optional().describe('Première année de la période « depuis » (défaut 2016)'),
}).strict();

export const ClsmBody = z.strictObject({
  id: ClsmId.optional().describe('Administration seulement (sinon attribué par la plateforme : <département>-<6 caractères>)'),
  nom: SafeText(300),
  region: Region,
  departement: Departement,
  autres_departements: safe(z.string().max(200)).nullable().optional(),
  communes: safe(z.string().max(5000)).nullable().optional(),
  annee_creation: z.number().int().min(1950).max(2100).nullable().optional(),
  statut: z.enum(CLSM_STATUTS),
});
export const ClsmPatch = ClsmBody.omit({ id: true }).partial().strict();

export const RelancesJours = z.array(z.number().int().min(0).max(365)).max(10).nullable().describe('Relances automatiques : jours avant la clôture (par exemple [14, 3])');
export const CampagneBody = z.strictObject({
  annee: z.number().int().min(1990).max(2100),
  questionnaire_version: z.string().max(20).optional(),
  opens_on: z.iso.date().nullable().optional(),
  closes_on: z.iso.date().nullable().optional(),
  statut: z.enum(CAMPAGNE_STATUTS).optional(),
  relances_jours: RelancesJours.optional(),
});
export const CampagnePatch = CampagneBody.omit({ annee: true, statut: true }).strict();
export const ProlongationBody = z.strictObject({ jusqu_au: z.iso.date().describe('Dernier jour (inclus) où le bilan peut encore être enregistré et soumis') });
export const RelanceBody = z.strictObject({
  clsm_ids: z.array(ClsmId).min(1).max(2000).optional().describe('Les CLSM à relancer ; absent : tous ceux du périmètre dont le bilan a un des statuts'),
  statuts: z.array(z.enum(RELANCE_STATUTS)).min(1).max(3).optional().describe('non_commence, brouillon, renvoye (défaut : les trois)'),
  region: Region.optional(),
  message: z.string().trim().max(2000).optional().describe('Quelques mots ajoutés au courriel'),
  dry_run: z.boolean().optional().describe('true : rien n’est envoyé, la réponse dit à qui ce serait'),
});

export const DraftBody = z.strictObject({
  answers: z.record(z.string().max(100), z.unknown()).describe('Réponses modifiées, par variable ; null efface une réponse ; les autres réponses enregistrées sont conservées (fusion)'),
  version: Version,
  confirm_sections: z.array(z.string().max(100)).max(50).optional().describe('Sections reprises de l’an dernier confirmées « rien n’a changé »'),
  confirm_variables: z
    .array(z.string().max(200))
    .max(2000)
    .optional()
    .describe('Réponses reprises « à confirmer » confirmées telles quelles ; absent : toutes les variables de `answers` (une réponse envoyée est confirmée)'),
});

export const ActionBody = z.strictObject({ version: Version.optional() }).optional();

export const ReturnBody = z.strictObject({
  comments: z
    .array(z.strictObject({ variable: z.string().max(100).nullable(), message: SafeText(2000) }))
    .min(1)
    .max(200),
  version: Version.optional(),
});

export const BilanListQuery = ScopeFilters.extend({ statut: z.enum(BILAN_STATUTS).optional() }).strict();

export const LoginBody = z.strictObject({ email: z.string().trim().min(3).max(320), password: z.string().min(1).max(200) });
/** A new password: the policy (length, common passwords, identifier) is checked by the service, with its French messages. */
export const Password = z.string().min(1).max(200);
export const PasswordResetBody = z.strictObject({ email: z.string().trim().min(3).max(320) });
export const LinkPasswordBody = z.strictObject({ token: z.string().min(1).max(200), password: Password, password_confirmation: Password });
export const ChangePasswordBody = z.strictObject({ current_password: z.string().min(1).max(200), password: Password, password_confirmation: Password });

const UserScopeFields = {
  role: z.enum(ROLES),
  region: Region.nullable().optional(),
  departement: Departement.nullable().optional(),
  clsm_ids: z.array(ClsmId).max(50).optional(),
};
export const UserBody = z.strictObject({ email: z.email().max(320), password: Password, ...UserScopeFields });
export const InvitationBody = z.strictObject({ email: z.email().max(320), ...UserScopeFields });
export const UserPatch = z.strictObject(UserScopeFields);
export const UserId = z.strictObject({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });
