/**
 * The vocabulary of the domain, in one place: roles, the statuts of a CLSM,
 * a bilan and a campagne, and how a bilan's statut reads in French.
 */
export const ROLES = ['coordinateur', 'ars', 'ccoms', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_LABEL: Record<Role, string> = {
  coordinateur: 'Coordonnateur·rice de CLSM',
  ars: 'Analyste ARS',
  ccoms: 'CCOMS',
  admin: 'Administration',
};

export const CLSM_STATUTS = ['en_projet', 'actif', 'en_sommeil', 'dissous'] as const;
export type ClsmStatut = (typeof CLSM_STATUTS)[number];

/** Stored statuts of a bilan; `non_commence` is the absence of a row. */
export const BILAN_STATUTS = ['brouillon', 'soumis', 'renvoye', 'valide'] as const;
export type BilanStatut = (typeof BILAN_STATUTS)[number];
/** A bilan's statut as the campaign follow-up (suivi) sees it: a CLSM without a bilan is `non_commence`. */
export const SUIVI_STATUTS = ['non_commence', ...BILAN_STATUTS] as const;
export type SuiviStatut = (typeof SUIVI_STATUTS)[number];
/** The statuts whose bilans feed the indicators (received by the ARS and not sent back). */
export const INDICATEUR_STATUTS = ['soumis', 'valide'] as const satisfies readonly BilanStatut[];

/** A CLSM's statut in the registry, in French. */
export const CLSM_STATUT_LABEL: Record<ClsmStatut, string> = { en_projet: 'En projet', actif: 'Actif', en_sommeil: 'En sommeil', dissous: 'Dissous' };

export const CAMPAGNE_STATUTS = ['ouverte', 'fermee'] as const;
export type CampagneStatut = (typeof CAMPAGNE_STATUTS)[number];

/** A bilan's statut as a title ("Soumis") and inside a sentence ("Le bilan est soumis"). */
export const STATUT_LABEL: Record<SuiviStatut, { titre: string; phrase: string }> = {
  non_commence: { titre: 'Non commencé', phrase: 'non commencé' },
  brouillon: { titre: 'En cours', phrase: 'en brouillon' },
  soumis: { titre: 'Soumis', phrase: 'soumis' },
  renvoye: { titre: 'Renvoyé pour correction', phrase: 'renvoyé pour correction' },
  valide: { titre: 'Validé', phrase: 'validé' },
};

/** What an account is in: invited (no password chosen yet), active, or disabled. */
export const ACCOUNT_STATUTS = ['invite', 'actif', 'desactive', 'anonymise'] as const;
export type AccountStatut = (typeof ACCOUNT_STATUTS)[number];
export const ACCOUNT_STATUT_LABEL: Record<AccountStatut, string> = { invite: 'Invitation en attente', actif: 'Actif', desactive: 'Désactivé', anonymise: 'Anonymisé' };

/** The bilans a reminder (relance) may be about: not received yet, or returned for correction. */
export const RELANCE_STATUTS = ['non_commence', 'brouillon', 'renvoye'] as const satisfies readonly SuiviStatut[];
export type RelanceStatut = (typeof RELANCE_STATUTS)[number];
