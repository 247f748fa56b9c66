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
 * returned, and only while the campaign is open and within its dates (admin
 * excepted): see `editingRefusal`.
 */
import { msg } from '../messages.ts';
import type { BilanStatut, CampagneStatut, SuiviStatut, Role } from './statuts.ts';
import { frenchDate, parisDay } from '../../analytics/format.ts';

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

/** Today's date (YYYY-MM-DD) in France: the campagne's dates are French calendar days. */
export function todayInFrance(now = new Date()): string {
  return parisDay(now);
}


export interface EditingWindow {
  campagne: { annee: number; statut: CampagneStatut; opens_on: string | null; closes_on: string | null };
  /** The CLSM's later closing date, if granted. */
  prolongation: string | null;
  statut: SuiviStatut;
  /** Set once the bilan was submitted: a draft with it was reopened by the ARS. */
  submittedAt: string | null;
}

/**
 * Why the answers may not change now (French), or null when they may. The
 * closing date is inclusive. After it, a coordinator may still save and
 * submit when the CLSM was granted a later date (prolongation), when the ARS
 * returned the bilan for correction, or when it reopened it. The admin is
 * never held by the dates.
 */
export function editingRefusal(w: EditingWindow, role: Role, today: string): string | null {
  if (role === 'admin') return null;
  const { annee, statut, opens_on, closes_on } = w.campagne;
  if (statut !== 'ouverte') return msg.campagneFermee(annee);
  if (opens_on && today < opens_on) return msg.campagnePasEncoreOuverte(annee, frenchDate(opens_on));
  if (closes_on && today > closes_on) {
    if (w.prolongation && today <= w.prolongation) return null;
    if (w.statut === 'renvoye' || (w.statut === 'brouillon' && w.submittedAt)) return null;
    return msg.campagneClose(annee, frenchDate(closes_on), w.prolongation ? frenchDate(w.prolongation) : null);
  }
  return null;
}

/** The last day a coordinator may send the bilan (the CLSM's prolongation, else the closing date). */
export function deadlineOf(w: Pick<EditingWindow, 'campagne' | 'prolongation'>): string | null {
  const { closes_on } = w.campagne;
  if (w.prolongation && (!closes_on || w.prolongation > closes_on)) return w.prolongation;
  return closes_on;
}

/**
 * What the questionnaire reads besides the answers, for every validation
 * and completeness of a bilan: the campaign year, and the CLSM's région and
 * département from the registry (Île-de-France items are asked in région 11
 * only).
 *
 * @example bilanContext({ region: '11', departement: '93' }, 2025); // { annee: 2025, region: '11', departement: '93' }
 */
export function bilanContext(clsm: { region: string | null; departement: string | null }, annee: number): { annee: number; region: string | null; departement: string | null } {
  return { annee, region: clsm.region, departement: clsm.departement };
}
