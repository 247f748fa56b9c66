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
import type { Readable } from 'node:stream';
import { spreadsheetCsvStream } from '../../analytics/index.ts';
import { SUIVI_STATUTS, type SuiviStatut } from '../domain/statuts.ts';
import { CCOMS_STATUTS, canReadSuivi, clsmScopeFilter, type AuthUser } from '../domain/access.ts';
import { forbidden } from '../errors.ts';
import type { Campagne } from '../repositories/campagne.repository.ts';
import { DEFAULT_PAGE, type PageRequest } from '../repositories/pagination.ts';
import { allSuiviRows, countSuivi, pageSuiviRows, type SuiviQueryRow } from '../repositories/suivi.repository.ts';
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
  /** A page of the rows of the selection (filters région, département and statut): started bilans first. */
  clsm: SuiviRow[];
  /** Counts over the région and département filters, whatever the statut filter (so the page can offer each statut's count). */
  total: SuiviCounts;
  regions: Array<SuiviCounts & { region: string }>;
  departements: Array<SuiviCounts & { region: string; departement: string }>;
  /** The rows of the whole selection (with the statut filter), and where the next page starts. */
  page: { lignes: number; next_cursor: string | null };
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

/** Rows of the selection, as many as a statut filter keeps. */
const linesOf = (total: SuiviCounts, statut: SuiviStatut | undefined) => (statut ? total[statut] : total.attendus);

const SUIVI_CSV_COLUMNS = ['clsm_id', 'nom', 'region', 'departement', 'annee', 'statut', 'completude_pct', 'derniere_activite', 'envoye_le', 'derniere_relance'];

export function suiviService({ db }: ServiceDeps, campagnes: CampagneService) {
  const refuse = () => forbidden('Le suivi de campagne est réservé aux ARS, au CCOMS et à l’administration.');
  const selection = (filters: SuiviFilters) => ({ clsmStatuts: ['actif'] as const, region: filters.region, departement: filters.departement });

  /** A row as the user may see it: the CCOMS sees the completeness of shared bilans only. */
  function rowFor(user: AuthUser, r: SuiviQueryRow): SuiviRow {
    const shared = user.role !== 'ccoms' || (r.consentement_ccoms === 'oui' && r.statut !== null && CCOMS_STATUTS.includes(r.statut));
    return {
      clsm_id: r.clsm_id,
      nom: r.nom,
      region: r.region,
      departement: r.departement,
      statut: r.statut ?? 'non_commence',
      completude: r.statut === null || !shared ? null : (r.completude ?? 0),
      derniere_activite: r.updated_at,
      envoye_le: r.submitted_at,
      derniere_relance: r.derniere_relance,
    };
  }

  return {
    /** The follow-up of a campagne: counts over the whole selection, one page of its rows. */
    async get(user: AuthUser, annee: number, filters: SuiviFilters = {}, page: PageRequest = { limit: DEFAULT_PAGE }): Promise<Suivi> {
      if (!canReadSuivi(user)) throw refuse();
      const campagne = await campagnes.get(annee);
      const scope = clsmScopeFilter(user);
      const total = emptyCounts();
      const regions = new Map<string, SuiviCounts>();
      const departements = new Map<string, SuiviCounts & { region: string; departement: string }>();
      for (const { region: r, departement: d, statut, n } of await countSuivi(db, scope, annee, selection(filters))) {
        const region = regions.get(r) ?? emptyCounts();
        regions.set(r, region);
        const key = `${r}\u0000${d}`;
        const dep = departements.get(key) ?? { ...emptyCounts(), region: r, departement: d };
        departements.set(key, dep);
        for (const c of [total, region, dep]) {
          c.attendus += n;
          c[statut] += n;
        }
      }
      const rows = await pageSuiviRows(db, scope, annee, { ...selection(filters), statut: filters.statut }, page);
      return {
        campagne,
        clsm: rows.items.map((r) => rowFor(user, r)),
        total: withRate(total),
        regions: [...regions].map(([region, c]) => ({ region, ...withRate(c) })),
        departements: [...departements.values()].map((d) => ({ ...d, ...withRate(d) })),
        page: { lignes: linesOf(total, filters.statut), next_cursor: rows.next_cursor },
      };
    },

    /** Every row of the selection as a French-Excel CSV (analytics/spreadsheet.ts), streamed page by page. */
    async csv(user: AuthUser, annee: number, filters: SuiviFilters = {}): Promise<Readable> {
      if (!canReadSuivi(user)) throw refuse();
      await campagnes.get(annee);
      const rows = allSuiviRows(db, clsmScopeFilter(user), annee, { ...selection(filters), statut: filters.statut });
      return spreadsheetCsvStream(
        (async function* () {
          yield SUIVI_CSV_COLUMNS;
          for await (const q of rows) {
            const r = rowFor(user, q);
            yield [r.clsm_id, r.nom, r.region, r.departement, annee, r.statut, r.completude, r.derniere_activite, r.envoye_le, r.derniere_relance];
          }
        })(),
      );
    },
  };
}

export { SUIVI_STATUTS };
export type SuiviService = ReturnType<typeof suiviService>;
