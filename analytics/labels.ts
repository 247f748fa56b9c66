/**
 * French labels of categories and groups, for charts, tables and exports.
 */
import { departement, region, type Questionnaire } from '../survey-schema/index.ts';
import { optionsFor } from './catalogue.ts';
import { SANS_REPONSE, STATS } from './compute.ts';
import type { GroupKey, Indicator, SplitVariable } from './types.ts';

/** INSEE region codes. */
export const REGIONS: Record<string, string> = {
  '01': 'Guadeloupe', '02': 'Martinique', '03': 'Guyane', '04': 'La Réunion', '06': 'Mayotte',
  '11': 'Île-de-France', '24': 'Centre-Val de Loire', '27': 'Bourgogne-Franche-Comté', '28': 'Normandie',
  '32': 'Hauts-de-France', '44': 'Grand Est', '52': 'Pays de la Loire', '53': 'Bretagne',
  '75': 'Nouvelle-Aquitaine', '76': 'Occitanie', '84': 'Auvergne-Rhône-Alpes', '93': "Provence-Alpes-Côte d'Azur", '94': 'Corse',
};

export const SPLIT_LABELS: Record<SplitVariable, string> = {
  periode_creation: 'Période de création',
  region: 'Région',
  departement: 'Département',
  annee: 'Année',
};

/**
 * Names from the official geography: "Seine-Saint-Denis (93)", "Île-de-France"; the bare code when unknown.
 *
 * @example groupLabel({ periode_creation: 'avant_2016' }); // 'Créé avant 2016'
 * @example groupLabel({ departement: '93' }); // 'Seine-Saint-Denis (93)'
 */
export function groupLabel(group: GroupKey): string {
  const entries = Object.entries(group);
  if (entries.length === 0) return 'Ensemble';
  return entries
    .map(([k, v]) => {
      const value = String(v);
      if (k === 'periode_creation') return value.replace(/^avant_/, 'Créé avant ').replace(/^depuis_/, 'Créé depuis ');
      if (k === 'region') return region(value)?.nom ?? REGIONS[value] ?? `Région ${value}`;
      if (k === 'departement') {
        const d = departement(value);
        return d ? `${d.nom} (${d.code})` : `Département ${value}`;
      }
      return value;
    })
    .join(', ');
}

/** The French label of a result category of an indicator. */
export function categoryLabel(q: Questionnaire, indicator: Indicator, category: string): string {
  if (category === SANS_REPONSE) return 'Sans réponse';
  if (indicator.kind === 'share') return indicator.share?.label ?? 'Oui';
  if (indicator.kind === 'seat_share') return 'Sièges occupés';
  if (indicator.kind === 'stats') return STATS.find((s) => s.code === category)?.label ?? category;
  if (indicator.kind === 'multi') {
    const variable = indicator.variables.find((v) => v.endsWith(`__${category}`));
    const label = variable ? optionsLabel(q, variable) : undefined;
    return indicator.optionLabels?.[category] ?? label ?? category;
  }
  const fromClasses = indicator.classes?.find((c) => c.code === category)?.label;
  const fromCategories = indicator.categories?.find((c) => c.code === category)?.label;
  const fromCodebook = optionsFor(q, indicator.variables[0] ?? '').find((o) => o.code === category)?.label;
  return fromClasses ?? fromCategories ?? fromCodebook ?? category;
}

/** The label of a multi-answer option column, from the codebook (text after the question's short label). */
function optionsLabel(q: Questionnaire, variable: string): string | undefined {
  const question = variable.slice(0, variable.lastIndexOf('__'));
  const code = variable.slice(variable.lastIndexOf('__') + 2);
  return optionsFor(q, question).find((o) => o.code === code)?.label ?? questionOptions(q, question, code);
}

function questionOptions(q: Questionnaire, question: string, code: string): string | undefined {
  for (const s of q.sections) for (const x of s.questions) if (x.variable === question && 'options' in x) return x.options.find((o) => o.code === code)?.label;
  return undefined;
}
