/**
 * The life of a bilan within a campaign:
 *
 *   (non commencé) --save--> brouillon --submit--> soumis --validate--> valide
 *                                ^                   |
 *                                |                 return (with comments)
 *                                |                   v
 *                                +---- save ---- renvoye --submit--> soumis
 *   reopen: soumis | renvoye | valide --> brouillon (ARS or admin)
 *
 * The coordinator may change answers only while the bilan is a draft or
 * returned, and only while the campaign is open (admin excepted).
 */
import type { BilanStatut, CampagneStatut, SuiviStatut, Role } from './statuts.ts';

export type BilanAction = 'save' | 'submit' | 'return' | 'validate' | 'reopen';

const ALLOWED_FROM: Record<BilanAction, readonly SuiviStatut[]> = {
  save: ['non_commence', 'brouillon', 'renvoye'],
  submit: ['non_commence', 'brouillon', 'renvoye'],
  return: ['soumis'],
  validate: ['soumis'],
  reopen: ['soumis', 'renvoye', 'valide'],
};

const RESULT: Record<BilanAction, BilanStatut | null> = {
  save: null, // keeps a returned bilan "renvoye" until it is submitted again
  submit: 'soumis',
  return: 'renvoye',
  validate: 'valide',
  reopen: 'brouillon',
};

/** French infinitive of each action, for messages. */
export const ACTION_LABEL: Record<BilanAction, string> = {
  save: 'modifier',
  submit: 'soumettre',
  return: 'renvoyer',
  validate: 'valider',
  reopen: 'rouvrir',
};

export function canTransition(action: BilanAction, from: SuiviStatut): boolean {
  return ALLOWED_FROM[action].includes(from);
}

/** The status after the action (a save keeps `renvoye`, and turns nothing into `brouillon`). */
export function statutAfter(action: BilanAction, from: SuiviStatut): BilanStatut {
  return RESULT[action] ?? (from === 'renvoye' ? 'renvoye' : 'brouillon');
}

/** Answers may change only in an open campaign, except for an admin. */
export function campagneAllowsEditing(campagne: CampagneStatut, role: Role): boolean {
  return campagne === 'ouverte' || role === 'admin';
}
