/**
 * The campaign follow-up (suivi): who is expected, who started, submitted,
 * was returned or validated, per CLSM and per région and département, with
 * the response rate. One implementation for the page, its CSV and the API.
 *
 * The rules, written once:
 * - Expected (attendus): the CLSM of the registry whose statut is `actif`,
 *   plus any CLSM that has a bilan for the year whatever its statut (a CLSM
 *   `en_projet` or `en_sommeil` is not chased, but a bilan it sends counts).
 * - Received (reçus): bilans submitted at least once — soumis, renvoyé pour
 *   correction, validé. Response rate = reçus / attendus.
 * - The date of the last reminder (relance) of each CLSM for the year.
 * - Who sees what: the ARS its région (or département), the CCOMS and the
 *   admin every CLSM; the coordinator nothing (403). Statuts and dates are
 *   campaign facts, not the bilan's content: the CCOMS sees them for every
 *   CLSM. The completeness is computed from answers: the CCOMS sees it only
 *   for bilans shared with it (consented and received), otherwise null.
 */
import { spreadsheetCsv } from '../../analytics/index.ts';
import { SUIVI_STATUTS, type SuiviStatut } from '../domain/statuts.ts';
import { CCOMS_STATUTS, canReadSuivi, clsmScopeFilter, type AuthUser } from '../domain/access.ts';
import { forbidden } from '../errors.ts';
import type { Campagne } from '../repositories/campagne.repository.ts';
import { listSuiviRows } from '../repositories/suivi.repository.ts';
import type { CampagneService } from './campagne.service.ts';
import type { ServiceDeps } from './deps.ts';

export interface SuiviRow {
  clsm_id: string;
  nom: string;
  region: string;
  departement: string;
  statut: SuiviStatut;
  /** 0-100 among the questions that apply; null when not started, or not shared with the CCOMS. */
  completude: number | null;
  /** Last save, submission or review; null when not started. */
  derniere_activite: string | null;
  /** First or latest submission. */
  envoye_le: string | null;
  /** When the last reminder (relance) about this bilan was sent. */
  derniere_relance: string | null;
}

export interface SuiviCounts {
  attendus: number;
  non_commence: number;
  brouillon: number;
  soumis: number;
  renvoye: number;
  valide: number;
  /** soumis + renvoye + valide. */
  recus: number;
  /** recus / attendus, in %, one decimal. */
  taux_reponse: number;
}

export interface Suivi {
  campagne: Campagne;
  /** The rows of the selection (filters région, département and statut). */
  clsm: SuiviRow[];
  /** Counts over the région and département filters, whatever the statut filter (so the page can offer each statut's count). */
  total: SuiviCounts;
  regions: Array<SuiviCounts & { region: string }>;
  departements: Array<SuiviCounts & { region: string; departement: string }>;
}

export interface SuiviFilters {
  region?: string | undefined;
  departement?: string | undefined;
  statut?: SuiviStatut | undefined;
}

export const RECUS: readonly SuiviStatut[] = ['soumis', 'renvoye', 'valide'];

const emptyCounts = (): SuiviCounts => ({ attendus: 0, non_commence: 0, brouillon: 0, soumis: 0, renvoye: 0, valide: 0, recus: 0, taux_reponse: 0 });

function withRate(c: SuiviCounts): SuiviCounts {
  const recus = c.soumis + c.renvoye + c.valide;
  return { ...c, recus, taux_reponse: c.attendus ? Math.round((1000 * recus) / c.attendus) / 10 : 0 };
}

/** The rows of a follow-up as a French-Excel CSV (analytics/spreadsheet.ts). */
export function suiviCsv(suivi: Suivi): string {
  const columns = ['clsm_id', 'nom', 'region', 'departement', 'annee', 'statut', 'completude_pct', 'derniere_activite', 'envoye_le', 'derniere_relance'];
  const rows = suivi.clsm.map((r) => [r.clsm_id, r.nom, r.region, r.departement, suivi.campagne.annee, r.statut, r.completude ?? '', r.derniere_activite ?? '', r.envoye_le ?? '', r.derniere_relance ?? '']);
  return spreadsheetCsv([columns, ...rows]);
}

export function suiviService({ db }: ServiceDeps, campagnes: CampagneService) {
  return {
    async get(user: AuthUser, annee: number, filters: SuiviFilters = {}): Promise<Suivi> {
      if (!canReadSuivi(user)) throw forbidden('Le suivi de campagne est réservé aux ARS, au CCOMS et à l’administration.');
      const campagne = await campagnes.get(annee);
      const rows = await listSuiviRows(db, clsmScopeFilter(user), annee, { clsmStatuts: ['actif'], region: filters.region, departement: filters.departement });
      const all: SuiviRow[] = rows.map((r) => {
        const statut = r.statut ?? 'non_commence';
        const shared = user.role !== 'ccoms' || (r.consentement_ccoms === 'oui' && r.statut !== null && CCOMS_STATUTS.includes(r.statut));
        return {
          clsm_id: r.clsm_id,
          nom: r.nom,
          region: r.region,
          departement: r.departement,
          statut,
          completude: r.statut === null || !shared ? null : (r.completude ?? 0),
          derniere_activite: r.updated_at,
          envoye_le: r.submitted_at,
          derniere_relance: r.derniere_relance,
        };
      });
      const total = emptyCounts();
      const regions = new Map<string, SuiviCounts>();
      const departements = new Map<string, SuiviCounts & { region: string; departement: string }>();
      for (const row of all) {
        const region = regions.get(row.region) ?? emptyCounts();
        regions.set(row.region, region);
        const key = `${row.region}\u0000${row.departement}`;
        const dep = departements.get(key) ?? { ...emptyCounts(), region: row.region, departement: row.departement };
        departements.set(key, dep);
        for (const c of [total, region, dep]) {
          c.attendus++;
          c[row.statut]++;
        }
      }
      return {
        campagne,
        clsm: filters.statut ? all.filter((r) => r.statut === filters.statut) : all,
        total: withRate(total),
        regions: [...regions].map(([region, c]) => ({ region, ...withRate(c) })),
        departements: [...departements.values()].map((d) => ({ ...d, ...withRate(d) })),
      };
    },
  };
}

export { SUIVI_STATUTS };
export type SuiviService = ReturnType<typeof suiviService>;
