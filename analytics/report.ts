/**
 * The état des lieux of a year: HTML (SVG charts and tables with n/N, in the
 * order of the CCOMS 2018 document, then the "effet 2016" split of the
 * mission indicators) and the CSV of every indicator. Pure: rows in, text
 * out (rendering the charts is CPU work, hence async).
 */
import { indexOf, type FlatRow, type Questionnaire } from '../survey-schema/index.ts';
import { buildCatalogue, categoriesFor } from './catalogue.ts';
import { chartSpecFor, familyChartSpec, type IndicatorFamily } from './charts.ts';
import { computeIndicators } from './compute.ts';
import { indicatorsCsv } from './export.ts';
import { categoryLabel, groupLabel, REGIONS } from './labels.ts';
import { renderSvg } from './render.ts';
import type { FlatTable } from './load.ts';
import { REPORT_SECTIONS, type CatalogueParams, type Indicator, type IndicatorResult } from './types.ts';

/** Escapes text for HTML content and attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const pct = (x: number | null): string => (x === null ? '–' : `${x.toFixed(1).replace('.', ',')} %`);
const num = (x: number | null | undefined): string => (x === null || x === undefined ? '–' : Number.isInteger(x) ? String(x) : x.toFixed(2).replace('.', ','));

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
      family = { id, label: familyLabel(id, question?.label), populationLabel: indicator.populationLabel, members: [] };
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
function familyLabel(id: string, fallback: string | undefined): string {
  return FAMILY_LABELS[id] ?? fallback ?? id;
}

const isFamily = (x: IndicatorFamily | Indicator): x is IndicatorFamily => 'members' in x;

function indicatorTable(q: Questionnaire, indicator: Indicator, results: readonly IndicatorResult[]): string {
  const rows = results.filter((r) => r.id === indicator.id);
  const stat = indicator.kind === 'stats';
  const head = stat ? '<th scope="col">Statistique</th><th scope="col">Valeur</th><th scope="col">Réponses (n)</th><th scope="col">Population (N)</th>' : '<th scope="col">Catégorie</th><th scope="col">n</th><th scope="col">N</th><th scope="col">Part</th>';
  const body = rows
    .map((r) => {
      const group = Object.keys(r.group).length ? `${escapeHtml(groupLabel(r.group))} — ` : '';
      const label = `${group}${escapeHtml(categoryLabel(q, indicator, r.category))}`;
      const flag = r.small ? ' <span class="petit" title="Base inférieure à 10 : à interpréter avec prudence">base &lt; 10</span>' : '';
      return stat
        ? `<tr><th scope="row">${label}</th><td>${num(r.value)}</td><td>${num(r.n)}</td><td>${r.N}${flag}</td></tr>`
        : `<tr><th scope="row">${label}</th><td>${num(r.n)}</td><td>${r.N}${flag}</td><td>${pct(r.pct)}</td></tr>`;
    })
    .join('');
  return `<table><caption>${escapeHtml(indicator.label)} — ${escapeHtml(indicator.populationLabel)}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

function familyTable(q: Questionnaire, family: IndicatorFamily, results: readonly IndicatorResult[]): string {
  const first = family.members[0]!.indicator;
  const categories = [...new Set(results.filter((r) => r.id === first.id).map((r) => r.category))];
  const head = categories.map((c) => `<th scope="col">${escapeHtml(categoryLabel(q, first, c))}</th>`).join('');
  const body = family.members
    .map(({ indicator, label }) => {
      const rows = results.filter((r) => r.id === indicator.id);
      const N = rows[0]?.N ?? 0;
      const cells = categories.map((c) => {
        const r = rows.find((x) => x.category === c);
        return `<td>${r ? `${pct(r.pct)} <span class="n">(${num(r.n)})</span>` : '–'}</td>`;
      });
      return `<tr><th scope="row">${escapeHtml(label)}</th>${cells.join('')}<td>${N}${N < 10 ? ' <span class="petit">base &lt; 10</span>' : ''}</td></tr>`;
    })
    .join('');
  return `<table><caption>${escapeHtml(family.label)} — ${escapeHtml(family.populationLabel)} (part et effectif n ; N = base)</caption><thead><tr><th scope="col">Ligne</th>${head}<th scope="col">N</th></tr></thead><tbody>${body}</tbody></table>`;
}

/** Something to show: a base (or, for statistics, answers) in at least one row. */
const hasData = (results: readonly IndicatorResult[], ids: string[]): boolean => results.some((r) => ids.includes(r.id) && (r.value !== undefined ? (r.n ?? 0) > 0 : r.N > 0));

export interface ReportInput {
  /** Flat rows, or the table `flatTableFromBilans` builds. */
  rows: readonly FlatRow[] | FlatTable;
  questionnaire: Questionnaire;
  annee: number;
  region?: string;
  /** Only bilans whose CLSM consented (the CCOMS' état des lieux). */
  consentedOnly?: boolean;
  periodeBoundary?: number;
  /** Shown in the header ("Généré le …"). */
  generatedAt?: string;
}

export interface Report {
  html: string;
  csv: string;
  results: IndicatorResult[];
}

/**
 * The état des lieux of a year (optionally of a region).
 *
 * @example const { html, csv } = await buildReport({ rows, questionnaire: q, annee: 2024 });
 */
export async function buildReport(input: ReportInput): Promise<Report> {
  const q = input.questionnaire;
  const catalogue = buildCatalogue(q, { periodeBoundary: input.periodeBoundary });
  const params: CatalogueParams = {
    annee: input.annee,
    ...(input.region ? { region: input.region } : {}),
    ...(input.consentedOnly ? { consentedOnly: true } : {}),
    ...(input.periodeBoundary ? { periodeBoundary: input.periodeBoundary } : {}),
  };
  const results = computeIndicators(input.rows, catalogue, params, categoriesFor(q));
  const mission = catalogue.filter((i) => i.mission && i.kind !== 'distribution' && !i.id.startsWith('gt_usagers__') && !i.id.startsWith('gt_theme_en_place__'));
  const split = computeIndicators(input.rows, mission, { ...params, split: 'periode_creation' }, categoriesFor(q));
  const bilans = results.find((r) => r.id === 'periode_creation')?.N ?? 0;
  const where = input.region ? ` — ${REGIONS[input.region] ?? `région ${input.region}`}` : ' — France';
  const title = `État des lieux des CLSM, année ${input.annee}${where}`;

  const parts: string[] = [];
  for (const section of REPORT_SECTIONS) {
    const items = families(catalogue.filter((i) => i.section === section.id), q).filter((item) =>
      hasData(results, isFamily(item) ? item.members.map((m) => m.indicator.id) : [item.id]),
    );
    if (items.length === 0) continue;
    parts.push(`<section id="${section.id}"><h2>${escapeHtml(section.title)}</h2>`);
    for (const item of items) {
      const svg = await renderSvg(isFamily(item) ? familyChartSpec(item, results, q) : chartSpecFor(item, results, q));
      const table = isFamily(item) ? familyTable(q, item, results) : indicatorTable(q, item, results);
      parts.push(`<figure>${svg}<figcaption>${escapeHtml(item.label)}</figcaption></figure>${table}`);
    }
    parts.push('</section>');
  }
  parts.push(`<section id="effet-2016"><h2>${escapeHtml(`L'« effet ${input.periodeBoundary ?? 2016} » : indicateurs de mission selon la période de création`)}</h2>`);
  parts.push('<p>Les CLSM sans année de création ne figurent dans aucun des deux groupes. Les petits effectifs ne permettent pas de conclure à une différence.</p>');
  for (const indicator of mission.filter((i) => hasData(split, [i.id]))) {
    const svg = await renderSvg(chartSpecFor(indicator, split, q));
    parts.push(`<figure>${svg}<figcaption>${escapeHtml(indicator.label)}</figcaption></figure>${indicatorTable(q, indicator, split)}`);
  }
  parts.push('</section>');

  const nav = REPORT_SECTIONS.map((s) => `<li><a href="#${s.id}">${escapeHtml(s.title)}</a></li>`).join('') + `<li><a href="#effet-2016">Effet ${input.periodeBoundary ?? 2016}</a></li>`;
  const html = `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: Marianne, Arial, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #161616; line-height: 1.5; }
h1 { font-size: 1.8rem; } h2 { margin-top: 2.5rem; border-bottom: 2px solid #000091; }
figure { margin: 1.5rem 0 0.5rem; overflow-x: auto; } figcaption { font-size: 0.9rem; color: #3a3a3a; }
svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; font-size: 0.9rem; width: 100%; }
caption { text-align: left; font-weight: bold; padding: 0.25rem 0; }
th, td { border: 1px solid #ddd; padding: 0.25rem 0.5rem; text-align: left; } td { text-align: right; }
.petit { color: #b34000; font-size: 0.8rem; } .n { color: #666; }
</style>
</head>
<body>
<header>
<h1>${escapeHtml(title)}</h1>
<p>${bilans} bilan${bilans > 1 ? 's' : ''}${input.consentedOnly ? ' de CLSM ayant accepté le partage avec le CCOMS' : ''}. Chaque part est donnée avec son effectif n et sa base N ; les bases inférieures à 10 sont signalées. Parts calculées exactement, affichées à une décimale.${input.generatedAt ? ` Généré le ${escapeHtml(input.generatedAt)}.` : ''}</p>
<nav aria-label="Sommaire"><ol>${nav}</ol></nav>
</header>
<main>
${parts.join('\n')}
</main>
</body>
</html>
`;
  return { html, csv: indicatorsCsv([...results, ...split], catalogue, q), results };
}
