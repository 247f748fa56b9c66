/**
 * Campaign follow-up: who is expected, who started, submitted, was returned or
 * validated, per CLSM and per region and département, with the response rate.
 *
 * Expected = the CLSM of the registry whose status is `actif`, plus any CLSM
 * that has a bilan for the year anyway. Response rate = bilans received
 * (submitted, returned for correction or validated) / expected.
 * The follow-up shows statuses and completeness, never answers: the CCOMS sees
 * it nationally, consent or not.
 */
import type { Kysely } from 'kysely';
import { completeness, getQuestionnaire } from '../../survey-schema/index.ts';
import { FOLLOW_UP_STATUSES, type Database, type FollowUpStatus } from '../db/database.ts';
import { canFollowUp, clsmScopeFilter, type AuthUser } from '../domain/access.ts';
import { forbidden } from '../errors.ts';
import { msg } from '../messages.ts';
import { getCampaign, type Campaign } from './campaign.repository.ts';
import { readAnswersOfBilans } from './bilan-answers.repository.ts';

export interface FollowUpRow {
  clsm_id: string;
  nom: string;
  region: string;
  departement: string;
  status: FollowUpStatus;
  /** Last save, submission or review; null when not started. */
  derniere_activite: string | null;
  /** 0-100 among the questions that apply. */
  completude: number;
}

export interface FollowUpCounts {
  attendus: number;
  non_commence: number;
  brouillon: number;
  soumis: number;
  renvoye: number;
  valide: number;
  /** Received (soumis + renvoye + valide) / attendus, in %, one decimal. */
  taux_reponse: number;
}

export interface FollowUp {
  campagne: Campaign;
  clsm: FollowUpRow[];
  total: FollowUpCounts;
  regions: Array<FollowUpCounts & { region: string }>;
  departements: Array<FollowUpCounts & { region: string; departement: string }>;
}

const emptyCounts = (): FollowUpCounts => ({ attendus: 0, non_commence: 0, brouillon: 0, soumis: 0, renvoye: 0, valide: 0, taux_reponse: 0 });

function withRate(c: FollowUpCounts): FollowUpCounts {
  const received = c.soumis + c.renvoye + c.valide;
  return { ...c, taux_reponse: c.attendus ? Math.round((1000 * received) / c.attendus) / 10 : 0 };
}

export async function campaignFollowUp(
  db: Kysely<Database>,
  user: AuthUser,
  annee: number,
  filters: { region?: string | undefined; departement?: string | undefined } = {},
): Promise<FollowUp> {
  if (!canFollowUp(user)) throw forbidden(msg.interdit);
  const campagne = await getCampaign(db, annee);
  let q = db
    .selectFrom('clsm')
    .leftJoin('bilans', (join) => join.onRef('bilans.clsm_id', '=', 'clsm.id').on('bilans.annee', '=', annee))
    .select(['clsm.id', 'clsm.nom', 'clsm.region', 'clsm.departement', 'bilans.id as bilan_id', 'bilans.status', 'bilans.updated_at', 'bilans.questionnaire_version'])
    .where(clsmScopeFilter(user))
    .where((eb) => eb.or([eb('clsm.statut', '=', 'actif'), eb('bilans.id', 'is not', null)]));
  if (filters.region) q = q.where('clsm.region', '=', filters.region);
  if (filters.departement) q = q.where('clsm.departement', '=', filters.departement);
  const rows = await q.orderBy('clsm.region').orderBy('clsm.departement').orderBy('clsm.nom').execute();
  const answers = await readAnswersOfBilans(db, rows.flatMap((r) => (r.bilan_id === null ? [] : [r.bilan_id])));

  const clsm: FollowUpRow[] = rows.map((r) => ({
    clsm_id: r.id,
    nom: r.nom,
    region: r.region,
    departement: r.departement,
    status: r.status ?? 'non_commence',
    derniere_activite: r.updated_at,
    completude: r.bilan_id === null ? 0 : completeness(getQuestionnaire(r.questionnaire_version ?? campagne.questionnaire_version), answers.get(r.bilan_id) ?? {}, { annee }).pct,
  }));

  const total = emptyCounts();
  const regions = new Map<string, FollowUpCounts>();
  const departements = new Map<string, FollowUpCounts & { region: string; departement: string }>();
  for (const row of clsm) {
    const region = regions.get(row.region) ?? emptyCounts();
    regions.set(row.region, region);
    const key = `${row.region}\u0000${row.departement}`;
    const dep = departements.get(key) ?? { ...emptyCounts(), region: row.region, departement: row.departement };
    departements.set(key, dep);
    for (const c of [total, region, dep]) {
      c.attendus++;
      c[row.status]++;
    }
  }
  return {
    campagne,
    clsm,
    total: withRate(total),
    regions: [...regions].map(([region, c]) => ({ region, ...withRate(c) })),
    departements: [...departements.values()].map((d) => ({ ...d, ...withRate(d) })),
  };
}

export { FOLLOW_UP_STATUSES };
