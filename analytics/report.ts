/**
 * What the dashboards and the état des lieux show, as data: items (an
 * indicator, or a family of them such as every actor of the COPIL) each with
 * its chart spec and its n/N tables, grouped by chapter in the order of the
 * CCOMS 2018 document, then the "effet 2016" split of the mission
 * indicators. Pure: rows in, data out; pages render it (web/pages), charts
 * are rendered to SVG by the caller.
 */
import type { TopLevelSpec } from 'vega-lite';
import { indexOf, type FlatRow, type Questionnaire } from '../survey-schema/index.ts';
import { buildCatalogue, categoriesFor } from './catalogue.ts';
import { chartSpecFor, familyChartSpec, type IndicatorFamily } from './charts.ts';
import { computeIndicators } from './compute.ts';
import { indicatorsCsv } from './export.ts';
import { formatNumber, formatPct } from './format.ts';
import { categoryLabel, groupLabel, REGIONS } from './labels.ts';
import type { FlatTable } from './load.ts';
import { REPORT_SECTIONS, SMALL_BASE, type CatalogueParams, type Indicator, type IndicatorResult, type SplitVariable } from './types.ts';

/** A table of figures, its cells already formatted in French. */
export interface TableData {
  caption: string;
  columns: string[];
  rows: Array<{ header: string; cells: string[]; small: boolean }>;
}

/** One thing to show: an indicator or a family, its chart and its tables. */
export interface ReportItem {
  id: string;
  label: string;
  populationLabel: string;
  section: string;
  spec: TopLevelSpec;
  tables: TableData[];
  /** A base under SMALL_BASE somewhere in the item. */
  small: boolean;
  /** Indicator ids behind the item. */
  indicators: string[];
}

/** Indicators of the catalogue grouped into families (`copil_membre__*` → `copil_membre`); others stand alone. */
export function families(catalogue: readonly Indicator[], q: Questionnaire): (IndicatorFamily | Indicator)[] {
  const out: (IndicatorFamily | Indicator)[] = [];
  const byFamily = new Map<string, IndicatorFamily>();
  for (const indicator of catalogue) {
    const cut = indicator.id.indexOf('__');
    if (cut < 0 || indicator.kind === 'multi') {
      out.push(indicator);
      continue;
    }
    const id = indicator.id.slice(0, cut);
    let family = byFamily.get(id);
    if (!family) {
      const question = indexOf(q).columnsByVariable.get(indicator.variables[0] ?? '');
      family = { id, label: FAMILY_LABELS[id] ?? question?.label ?? id, populationLabel: indicator.populationLabel, members: [] };
      byFamily.set(id, family);
      out.push(family);
    }
    const column = indexOf(q).columnsByVariable.get(indicator.variables[0] ?? '');
    family.members.push({ indicator, label: column?.label.split(' — ').slice(1).join(' — ') || indicator.label });
  }
  return out;
}

const FAMILY_LABELS: Record<string, string> = {
  copil_membre: 'Participation au comité de pilotage, par acteur',
  ap_membre: "Participation à l'assemblée plénière, par acteur",
  gt_theme: 'Thématiques travaillées en groupe de travail',
  gt_theme_en_place: 'Groupes de travail en place ou en cours, par thématique',
  gt_usagers: 'Groupes de travail où des personnes concernées participent',
  participation_usagers: 'Participation des personnes concernées, par espace du CLSM',
};

export const isFamily = (x: IndicatorFamily | Indicator): x is IndicatorFamily => 'members' in x;
const membersOf = (x: IndicatorFamily | Indicator): Indicator[] => (isFamily(x) ? x.members.map((m) => m.indicator) : [x]);

function indicatorTable(q: Questionnaire, indicator: Indicator, results: readonly IndicatorResult[], caption = indicator.label): TableData {
  const rows = results.filter((r) => r.id === indicator.id);
  const stats = indicator.kind === 'stats';
  const split = rows.some((r) => Object.keys(r.group).length > 0);
  return {
    caption: `${caption} — ${indicator.populationLabel}`,
    columns: stats ? ['Statistique', 'Valeur', 'Réponses (n)', 'Base (N)'] : ['Réponse', 'n', 'N', 'Part'],
    rows: rows.map((r) => ({
      header: `${split ? `${groupLabel(r.group)} — ` : ''}${categoryLabel(q, indicator, r.category)}`,
      cells: stats
        ? [formatNumber(r.value), formatNumber(r.n, 0), formatNumber(r.N, 0)]
        : [r.masked ? 'masqué' : formatNumber(r.n, 0), formatNumber(r.N, 0), r.masked ? 'masqué' : formatPct(r.pct)],
      small: r.small,
    })),
  };
}

function familyTable(q: Questionnaire, family: IndicatorFamily, results: readonly IndicatorResult[]): TableData {
  const first = family.members[0]!.indicator;
  const categories = [...new Set(results.filter((r) => r.id === first.id).map((r) => r.category))];
  return {
    caption: `${family.label} — ${family.populationLabel} (part et effectif n ; N = base)`,
    columns: ['Ligne', ...categories.map((c) => categoryLabel(q, first, c)), 'N'],
    rows: family.members.map(({ indicator, label }) => {
      const rows = results.filter((r) => r.id === indicator.id);
      const N = rows[0]?.N ?? 0;
      const cells = categories.map((c) => {
        const r = rows.find((x) => x.category === c);
        return !r ? '–' : r.masked ? 'masqué' : `${formatPct(r.pct)} (${formatNumber(r.n, 0)})`;
      });
      return { header: label, cells: [...cells, formatNumber(N, 0)], small: N < SMALL_BASE };
    }),
  };
}

/** Something to show: a base (or, for statistics, answers) in at least one row. */
const hasData = (results: readonly IndicatorResult[], ids: string[]): boolean => results.some((r) => ids.includes(r.id) && (r.value !== undefined ? (r.n ?? 0) > 0 : r.N > 0));

/** An indicator or a family as a report item. */
export function reportItem(item: IndicatorFamily | Indicator, results: readonly IndicatorResult[], q: Questionnaire): ReportItem {
  const members = membersOf(item);
  const family = isFamily(item) && !results.some((r) => members.some((m) => m.id === r.id) && Object.keys(r.group).length > 0);
  return {
    id: item.id,
    label: item.label,
    populationLabel: item.populationLabel,
    section: members[0]!.section,
    spec: isFamily(item) ? familyChartSpec(item, results, q) : chartSpecFor(item, results, q),
    tables: family ? [familyTable(q, item as IndicatorFamily, results)] : isFamily(item) ? item.members.map((m) => indicatorTable(q, m.indicator, results, m.label)) : [indicatorTable(q, item, results)],
    small: results.some((r) => members.some((m) => m.id === r.id) && r.small),
    indicators: members.map((m) => m.id),
  };
}

/**
 * The items with data, in catalogue order: families when the results are not
 * split (one chart per family), every indicator when they are.
 *
 * @example presentItems(catalogue, results, q).map((i) => i.id);
 */
export function presentItems(catalogue: readonly Indicator[], results: readonly IndicatorResult[], q: Questionnaire, split?: SplitVariable): ReportItem[] {
  const items = split ? [...catalogue] : families(catalogue, q);
  return items.filter((item) => hasData(results, membersOf(item).map((i) => i.id))).map((item) => reportItem(item, results, q));
}

export interface ReportInput {
  /** Flat rows, or the table `flatTable` builds. */
  rows: readonly FlatRow[] | FlatTable;
  questionnaire: Questionnaire;
  annee: number;
  region?: string | undefined;
  /** Only bilans whose CLSM consented (the CCOMS' état des lieux). */
  consentedOnly?: boolean;
  periodeBoundary?: number;
}

export interface Report {
  title: string;
  annee: number;
  region: string | null;
  /** Bilans in the base. */
  bilans: number;
  consentedOnly: boolean;
  periodeBoundary: number;
  sections: Array<{ id: string; title: string; items: ReportItem[] }>;
  /** The mission indicators split by period of creation. */
  effet: { title: string; items: ReportItem[] };
  results: IndicatorResult[];
  /** Every indicator of the report, as the indicators CSV. */
  csv: string;
}

/**
 * The état des lieux of a year (optionally of a region), as data.
 *
 * @example const report = buildReport({ rows, questionnaire: q, annee: 2024 }); report.sections[0].items[0].tables;
 */
export function buildReport(input: ReportInput): Report {
  const q = input.questionnaire;
  const boundary = input.periodeBoundary ?? 2016;
  const catalogue = buildCatalogue(q, { periodeBoundary: input.periodeBoundary });
  const params: CatalogueParams = {
    annee: input.annee,
    ...(input.region ? { region: input.region } : {}),
    ...(input.consentedOnly ? { consentedOnly: true } : {}),
    ...(input.periodeBoundary ? { periodeBoundary: input.periodeBoundary } : {}),
  };
  const categories = categoriesFor(q);
  const results = computeIndicators(input.rows, catalogue, params, categories);
  const mission = catalogue.filter((i) => i.mission && i.kind !== 'distribution' && !i.id.startsWith('gt_usagers__') && !i.id.startsWith('gt_theme_en_place__'));
  const split = computeIndicators(input.rows, mission, { ...params, split: 'periode_creation' }, categories);
  const where = input.region ? ` — ${REGIONS[input.region] ?? `région ${input.region}`}` : ' — France';
  const items = presentItems(catalogue, results, q);
  return {
    title: `État des lieux des CLSM, année ${input.annee}${where}`,
    annee: input.annee,
    region: input.region ?? null,
    bilans: results.find((r) => r.id === 'periode_creation')?.N ?? 0,
    consentedOnly: input.consentedOnly ?? false,
    periodeBoundary: boundary,
    sections: REPORT_SECTIONS.map((s) => ({ id: s.id, title: s.title, items: items.filter((i) => i.section === s.id) })).filter((s) => s.items.length > 0),
    effet: {
      title: `L'« effet ${boundary} » : indicateurs de mission selon la période de création`,
      items: mission.filter((i) => hasData(split, [i.id])).map((i) => reportItem(i, split, q)),
    },
    results,
    csv: indicatorsCsv([...results, ...split], catalogue, q),
  };
}
