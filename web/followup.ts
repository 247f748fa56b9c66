/**
 * The campaign follow-up: every CLSM of the registry in the viewer's scope,
 * with the status of its bilan for the year (a CLSM without a bilan is "non
 * commencé": the registry makes those who never started visible).
 */
import type { Kysely } from 'kysely';
import { completeness, getQuestionnaire } from '../survey-schema/index.ts';
import type { Database, FollowUpStatus } from '../server/db/database.ts';
import type { AuthUser } from '../server/domain/access.ts';
import { listClsm, type Clsm } from '../server/repositories/clsm.repository.ts';
import { iterateBilans, listBilans } from '../server/repositories/bilan.repository.ts';

export interface FollowUpRow {
  clsm: Clsm;
  status: FollowUpStatus;
  /** 0-100 among the questions that apply. */
  completeness: number;
  lastActivity: string | null;
  submittedAt: string | null;
}

export interface FollowUpFilters {
  departement?: string | undefined;
  status?: FollowUpStatus | undefined;
}

export async function followUp(db: Kysely<Database>, user: AuthUser, annee: number, filters: FollowUpFilters = {}): Promise<FollowUpRow[]> {
  const registry = await listClsm(db, user, { departement: filters.departement });
  const summaries = new Map((await listBilans(db, user, { annee, departement: filters.departement })).map((b) => [b.clsm_id, b]));
  const pct = new Map<string, number>();
  for await (const record of iterateBilans(db, user, { annee, departement: filters.departement })) {
    pct.set(record.clsm_id, completeness(getQuestionnaire(record.questionnaire_version), record.answers, { annee }).pct);
  }
  const rows = registry
    .filter((clsm) => clsm.statut !== 'en_projet' || summaries.has(clsm.id))
    .map((clsm): FollowUpRow => {
      const summary = summaries.get(clsm.id);
      return {
        clsm,
        status: summary?.status ?? 'non_commence',
        completeness: pct.get(clsm.id) ?? 0,
        lastActivity: summary?.updated_at ?? null,
        submittedAt: summary?.submitted_at ?? null,
      };
    });
  return filters.status ? rows.filter((r) => r.status === filters.status) : rows;
}

export function countByStatus(rows: FollowUpRow[]): Record<FollowUpStatus, number> {
  const counts: Record<FollowUpStatus, number> = { non_commence: 0, brouillon: 0, soumis: 0, renvoye: 0, valide: 0 };
  for (const r of rows) counts[r.status]++;
  return counts;
}
