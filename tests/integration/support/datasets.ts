/**
 * Loading a dataset of fixtures/ into a test server through its services,
 * as the demonstration does: the campagnes of its years created first in
 * the dataset's questionnaire version, then the registry and the bilans
 * (each line read with its year's version).
 */
import { readFileSync } from 'node:fs';
import { datasetInfo, datasetPath } from '../../../fixtures/index.ts';
import { SYSTEM_USER } from '../../../server/domain/access.ts';
import type { Services } from '../../../server/services/index.ts';

export async function importDataset(services: Services, id: string): Promise<{ registry: boolean; bilans: boolean }> {
  const info = datasetInfo(id);
  const existing = new Set((await services.campagnes.list()).map((c) => c.annee));
  for (const annee of info.years) {
    if (!existing.has(annee)) await services.campagnes.create(SYSTEM_USER, { annee, questionnaire_version: info.version, statut: 'fermee' });
  }
  const registry = await services.clsm.importCsv(SYSTEM_USER, readFileSync(datasetPath(id, 'registry.csv')));
  const bilans = await services.exchange.importCsv(SYSTEM_USER, readFileSync(datasetPath(id, 'bilans.csv')), { statut: 'valide' });
  if (!bilans.ok) throw new Error(`${id} : ${bilans.errors.slice(0, 3).map((e) => `ligne ${e.ligne} : ${e.message}`).join(' ; ')}`);
  return { registry: registry.ok, bilans: bilans.ok };
}
