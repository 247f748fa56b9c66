/**
 * The registry's geography: a CLSM's région, département and other
 * départements are codes of the official geography (code officiel
 * géographique, survey-schema/geography.ts). Pure.
 */
import { checkRegionDepartement, departement as officialDepartement, departementLabel } from '../../survey-schema/index.ts';
import type { Issue } from '../errors.ts';

interface Place {
  region: string;
  departement: string;
  autres_departements: string | null;
}

/** The other départements of a CLSM as listed in the registry ("92, 94" → ['92', '94']). */
export const otherDepartements = (text: string | null): string[] => (text ? text.split(/[\s,;]+/).filter(Boolean) : []);

/**
 * A registry entry's région, département and other départements, checked
 * against the official geography (code officiel géographique): French
 * messages naming the field, empty when the entry is consistent. The one
 * check of creation, update and CSV import.
 */
export function geographyIssues(row: Place): Issue[] {
  const issues: Issue[] = checkRegionDepartement(row.region, row.departement).map((message) => ({
    message: message.charAt(0).toUpperCase() + message.slice(1),
    variable: message.startsWith('la région') ? 'region' : 'departement',
  }));
  for (const code of otherDepartements(row.autres_departements)) {
    if (!officialDepartement(code)) issues.push({ message: `Autres départements : « ${code} » n’existe pas dans le code officiel géographique`, variable: 'autres_departements' });
    else if (code === row.departement) issues.push({ message: `Autres départements : ${departementLabel(code)} est déjà le département principal`, variable: 'autres_departements' });
  }
  return issues;
}

/**
 * Every département a CLSM covers: its own, then the others of the registry
 * (the territory question searches their communes first).
 *
 * @example clsmDepartements({ departement: '93', autres_departements: '94' }); // ['93', '94']
 */
export function clsmDepartements(clsm: Pick<Place, 'departement' | 'autres_departements'>): string[] {
  return [...new Set([clsm.departement, ...otherDepartements(clsm.autres_departements)])];
}
