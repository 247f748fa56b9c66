/**
 * Charts and the état des lieux: every spec of the corpus (each indicator of
 * the catalogue, with no split, split by period and across years, and every
 * family chart) compiles with zero warnings; SVG rendering; the report's
 * order, escaping and CSV.
 */
import { etatDesLieuxDocument, reportDocument, writeReportDocument } from '../../web/pages/etat-des-lieux.page.ts';
import * as vega from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import {
  buildCatalogue,
  buildComparison,
  buildReport,
  categoriesFor,
  chartSpecFor,
  compileSpec,
  computeIndicators,
  dotPlotSpec,
  familyChartSpec,
  families,
  formatNumber,
  formatPct,
  formatPoints,
  MAX_COLOURS,
  trendSpec,
  versionChanges,
  flatRowsFromBilans,
  indicatorsCsv,
  renderSvgWithWarnings,
  REPORT_SECTIONS,
  type IndicatorFamily,
} from '../../analytics/index.ts';
import { loadBilans } from '../../fixtures/index.ts';
import { withTurns } from '../support/event-loop.ts';
import { getQuestionnaire } from '../../survey-schema/index.ts';

const q = getQuestionnaire();
const rows = flatRowsFromBilans(loadBilans('demo', q));
const catalogue = buildCatalogue(q);
const VERSIONS = new Map([[2021, '2026.1'], [2022, '2026.1'], [2023, '2027.1'], [2024, '2027.1']]);

/** Distinct colours a spec's data asks for: the values of every nominal colour field (grey and the bleu France count once each). */
function colours(spec: unknown): number {
  const s = spec as { data?: { values?: Array<Record<string, unknown>> }; encoding?: Record<string, unknown>; layer?: unknown[] };
  const fields = new Set<string>();
  const visit = (node: { encoding?: Record<string, unknown>; layer?: unknown[] }) => {
    const colour = node.encoding?.color as { field?: string; type?: string } | undefined;
    if (colour?.field && colour.type === 'nominal') fields.add(colour.field);
    for (const l of node.layer ?? []) visit(l as typeof node);
  };
  visit(s);
  if (fields.size === 0) return 2;
  return Math.max(...[...fields].map((f) => new Set((s.data?.values ?? []).map((d) => d[f])).size));
}

describe('Vega-Lite corpus', () => {
  // Every chart type: grouped bars (periods, the seven régions of the data), heat maps (more than eight départements), lines (years).
  for (const split of [undefined, 'periode_creation', 'region', 'departement', 'annee'] as const) {
    it(`every indicator's chart compiles without warning, public or not, with eight colours at most (${split ?? 'sans découpage'})`, () => {
      const warnings: string[] = [];
      // Public outputs (masked cells left out) as the open data publishes them: by région.
      for (const isPublic of split === 'region' ? [true] : [false]) {
        const results = computeIndicators(rows, catalogue, { ...(split ? { split } : {}), ...(isPublic ? { public: true } : {}) }, categoriesFor(q));
        for (const indicator of catalogue) {
          const spec = chartSpecFor(indicator, results, q, { versions: VERSIONS });
          expect(spec.$schema).toContain('vega-lite/v6');
          expect(colours(spec), `${indicator.id} (${split})`).toBeLessThanOrEqual(MAX_COLOURS);
          warnings.push(...compileSpec(spec).warnings.map((w) => `${indicator.id}${isPublic ? ' (public)' : ''} : ${w}`));
        }
      }
      expect(warnings).toEqual([]);
    });
  }

  it('every family chart, the key figures\' trends and dot plots compile without warning', () => {
    const results = computeIndicators(rows, catalogue, {}, categoriesFor(q));
    const fams = families(catalogue, q).filter((f): f is IndicatorFamily => 'members' in f);
    expect(fams.map((f) => f.id)).toEqual(expect.arrayContaining(['copil_membre', 'ap_membre', 'gt_theme', 'participation_usagers']));
    for (const family of fams) {
      const spec = familyChartSpec(family, results, q);
      expect(compileSpec(spec).warnings, family.id).toEqual([]);
      expect(colours(spec), family.id).toBeLessThanOrEqual(MAX_COLOURS);
    }
    const points = [2021, 2022, 2023].flatMap((annee, i) => ['Île-de-France', 'France'].map((serie, j) => ({ annee, serie, y: 0.3 + i / 10 + j / 20, etiquette: 'x', court: 'x', petite: j === 0 })));
    expect(compileSpec(trendSpec('tendance', points, { compact: true, versions: VERSIONS })).warnings).toEqual([]);
    expect(compileSpec(trendSpec('médianes', points.map((p) => ({ ...p, y: 2, q1: 1, q3: 3 })), { measure: 'nombre' })).warnings).toEqual([]);
    expect(compileSpec(dotPlotSpec('espaces', points.map((p) => ({ ligne: String(p.annee), serie: p.serie, part: p.y, etiquette: 'x', petite: false })), ['Île-de-France', 'France'])).warnings).toEqual([]);
  });

  it('sorts a distribution by share, "Autre" and "Sans réponse" last in grey, each bar with its n/N', () => {
    const formation = catalogue.find((i) => i.id === 'coord_formation')!;
    const results = computeIndicators(rows, [formation], { annee: 2024 }, categoriesFor(q));
    const spec = chartSpecFor(formation, results, q) as unknown as { encoding: { y: { sort: unknown } }; data: { values: Array<{ categorie: string; part: number; gris: boolean; etiquette: string; n: number; N: number }> } };
    expect(spec.encoding.y.sort).toEqual({ field: 'rang_categorie', op: 'min' });
    const order = shownOrder(spec, 'categorie');
    expect(order.slice(-2)).toEqual(['Autre formation', 'Sans réponse']);
    const share = (label: string) => spec.data.values.find((d) => d.categorie === label)!.part;
    const plain = order.slice(0, -2);
    expect(plain.map(share)).toEqual([...plain.map(share)].sort((a, b) => b - a));
    for (const d of spec.data.values) expect(d.etiquette).toMatch(new RegExp(`\\(${d.n}/${d.N}\\)`));
    expect(spec.data.values.filter((d) => d.gris).map((d) => d.categorie).sort()).toEqual(['Autre formation', 'Sans réponse']);
    // Levels keep their order.
    const etp = catalogue.find((i) => i.id === 'classe_etp')!;
    const etpSpec = chartSpecFor(etp, computeIndicators(rows, [etp], { annee: 2024 }, categoriesFor(q)), q);
    expect(shownOrder(etpSpec, 'categorie')).toEqual(['100 %', '80 %', '50 %', 'Moins de 50 %', 'Sans réponse']);
  });

  it('renders SVG in French (thousands, decimal comma, percent), with the median and interquartile range written out, without runtime warnings', async () => {
    const population = catalogue.find((i) => i.id === 'terr_population')!;
    const results = computeIndicators(rows, [population], { annee: 2024 }, categoriesFor(q));
    const { svg, warnings } = await renderSvgWithWarnings(chartSpecFor(population, results, q));
    expect(warnings).toEqual([]);
    const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
    const median = results.find((r) => r.category === 'mediane')!.value!;
    expect(texts.some((t) => t.startsWith(`médiane ${formatNumber(median)} · écart interquartile`))).toBe(true);
    // Thousands with a narrow no-break space (the axis' ticks follow the populations of the dataset).
    expect(texts.some((t) => /^\d{1,3}(\u202f\d{3})+$/.test(t))).toBe(true);
    for (const t of texts) expect(t, t).not.toMatch(/\d\.\d/);
    const copil = catalogue.find((i) => i.id === 'participation_usagers__copil')!;
    const split = computeIndicators(rows, [copil], { split: 'periode_creation' }, categoriesFor(q));
    const rendered = await renderSvgWithWarnings(chartSpecFor(copil, split, q));
    expect(rendered.warnings).toEqual([]);
    expect(rendered.svg).toContain('Créé avant 2016');
    const r = split[0]!;
    expect(rendered.svg).toContain(`${formatPct(r.pct)} (${r.n}/${r.N})${r.small ? ' *' : ''}`);
    expect(rendered.svg).toContain('100\u202f%');
  });

  it('renders a chart compiled for other data exactly as a fresh compile of its own data', async () => {
    const population = catalogue.find((i) => i.id === 'terr_population')!;
    const spec = (annee: number) => chartSpecFor(population, computeIndicators(rows, [population], { annee }, categoriesFor(q)), q);
    // One spec whatever the data: the chart is compiled once (the order of its bars is a rank in the data).
    const shape = (s: TopLevelSpec) => JSON.stringify({ ...s, data: null });
    expect(shape(spec(2023))).toBe(shape(spec(2024)));
    const first = await renderSvgWithWarnings(spec(2024));
    const other = spec(2023);
    const reused = await renderSvgWithWarnings(other);
    expect(reused.svg).toBe(await fresh(other));
    expect(reused.svg).not.toBe(first.svg);
    expect((await renderSvgWithWarnings(spec(2024))).svg).toBe(first.svg);
  });

  it('draws two series of other names, their legend and their lines, as a fresh compile does', async () => {
    // The same dot plot and trend for one région, then another: legend entries placed for their own labels, the région's line under France's.
    const dots = (region: string) =>
      dotPlotSpec('espaces', ['COPIL', 'Assemblée plénière'].flatMap((ligne, i) => [region, 'France'].map((serie, j) => ({ ligne, serie, part: 0.3 + i / 10 + j / 20, etiquette: 'x', petite: false }))), [region, 'France']);
    const trend = (region: string) => trendSpec('tendance', [2021, 2022].flatMap((annee) => [region, 'France'].map((serie) => ({ annee, serie, y: 0.4, etiquette: 'x', court: 'x', petite: false }))), { compact: true });
    for (const chart of [dots, trend]) {
      await renderSvgWithWarnings(chart('Corse'));
      const next = chart('Provence-Alpes-Côte d’Azur');
      expect(ids((await renderSvgWithWarnings(next)).svg)).toBe(ids(await fresh(next)));
    }
    // The first series is the first listed, even when both have the same name (two years compared: the same year twice).
    const same = dotPlotSpec('deux fois la même année', [{ ligne: 'COPIL', serie: '2024', part: 0.5, etiquette: 'x', petite: false }], ['2024', '2024']) as unknown as { data: { values: Array<{ rang_serie: number }> } };
    expect(same.data.values.map((d) => d.rang_serie)).toEqual([0]);
  });

  it('renders the same chart for many years and scopes at once, each with its own values', async () => {
    const copil = catalogue.find((i) => i.id === 'copil_existe')!;
    const specs = [2021, 2022, 2023, 2024].map((annee) => chartSpecFor(copil, computeIndicators(rows, [copil], { annee }, categoriesFor(q)), q));
    const together = await Promise.all(specs.map((s) => renderSvgWithWarnings(s)));
    for (const [i, s] of specs.entries()) expect(ids(together[i]!.svg)).toBe(ids(await fresh(s)));
  });

  it('marks a change of questionnaire version on a trend\'s axis', async () => {
    const copil = catalogue.find((i) => i.id === 'copil_existe')!;
    const results = computeIndicators(rows, [copil], { split: 'annee' }, categoriesFor(q));
    const { svg, warnings } = await renderSvgWithWarnings(chartSpecFor(copil, results, q, { versions: VERSIONS }));
    expect(warnings).toEqual([]);
    expect(svg).toContain('questionnaire 2027.1');
    expect(svg).toContain('2023 ▲');
    expect(versionChanges([2021, 2022, 2023, 2024], VERSIONS)).toEqual([{ annee: 2023, version: '2027.1' }]);
    const plain = await renderSvgWithWarnings(chartSpecFor(copil, results, q));
    expect(plain.svg).not.toContain('▲');
  });

  it('leaves masked cells out of public charts', () => {
    const indicator = catalogue.find((i) => i.id === 'participation_usagers__cellule')!;
    const results = computeIndicators(rows, [indicator], { split: 'region', public: true }, categoriesFor(q));
    const spec = chartSpecFor(indicator, results, q) as { data: { values: unknown[] } };
    expect(spec.data.values).toHaveLength(results.filter((r) => !r.masked).length);
    expect(results.some((r) => r.masked)).toBe(true);
  });
});

describe('état des lieux', () => {
  it('follows the CCOMS 2018 order, escapes text when rendered and exports every indicator as CSV', async () => {
    const year = 2023;
    const hostile = rows.map((r) => (r.annee === year ? { ...r, region: '<script>alert(1)</script>' } : r));
    const report = buildReport({ rows: hostile, questionnaire: q, annee: year, region: '<script>alert(1)</script>' });
    const order = REPORT_SECTIONS.map((s) => s.id as string).filter((id) => report.sections.some((x) => x.id === id));
    expect(report.sections.map((s) => s.id)).toEqual(order);
    expect(order.length).toBeGreaterThanOrEqual(5);
    const items = report.sections.flatMap((s) => s.items);
    expect(items.length).toBeGreaterThan(30);
    for (const item of items) expect(item.tables.length).toBeGreaterThan(0);
    expect(report.effet.items.length).toBeGreaterThan(3);
    expect(report.csv.startsWith('\uFEFFindicateur;libelle;')).toBe(true);
    const bilans = hostile.filter((r) => r.annee === year).length;
    expect(report.bilans).toBe(bilans);
    expect(report.results.find((r) => r.id === 'periode_creation')!.N).toBe(bilans);
    // The page renders the data escaped (web/pages/etat-des-lieux.page.ts), the chapters in order, the "effet 2016" last.
    const doc = etatDesLieuxDocument(report, new Map(items.map((i) => [i.id, '<svg></svg>'])));
    expect(doc.startsWith('<!doctype html>')).toBe(true);
    expect(doc).not.toContain('<script>');
    expect(doc).toContain('&lt;script&gt;');
    const positions = order.map((id) => doc.indexOf(`<section id="${id}"`));
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(doc.indexOf('id="effet-2016"')).toBeGreaterThan(positions.at(-1)!);
    expect((doc.match(/<svg/g) ?? []).length).toBe(items.length);
    expect(doc).toContain(`${bilans} bilans`);
    // A document: cover, summary of key figures, numbered figures, methodology with each figure's population and base.
    expect(doc.indexOf('class="bc-cover"')).toBeLessThan(doc.indexOf('id="synthese"'));
    expect(report.summary.map((x) => x.figure.id)).toContain('copil_personnes');
    expect(doc).toContain(`Figure 1 — ${items[0]!.label}`);
    expect(doc.indexOf('id="methodologie"')).toBeGreaterThan(doc.indexOf('id="effet-2016"'));
    expect(doc).toContain('Population, base et traitement des non-réponses de chaque figure');
    expect(doc).toMatch(/@page \{ size: A4/);
    expect(doc).toContain('counter(pages)');
    // The standalone document needs nothing from the network: Marianne is embedded.
    expect(doc).toContain('font-family:Marianne');
    expect(doc).toContain('data:font/woff2;base64,');
    expect(doc).not.toMatch(/url\((?!data:)/);
  });

  it('writes the site\'s document a chapter at a time, the event loop free between chapters, the same as written at once', async () => {
    const year = 2024;
    const report = buildReport({ rows, questionnaire: q, annee: year });
    const svgs = new Map(report.sections.flatMap((s) => s.items).map((i) => [i.id, '<svg></svg>']));
    const { value: sliced, turns } = await withTurns(() => writeReportDocument(report, svgs, { generatedAt: '1 janvier 2026' }));
    // Other work ran between the chapters (one turn at least per chapter).
    expect(turns).toBeGreaterThanOrEqual(report.sections.length);
    expect(sliced.value).toBe(reportDocument(report, svgs, { generatedAt: '1 janvier 2026' }).value);
  });

  it('compares two years, the change in points', () => {
    const comparison = buildComparison({ rows, questionnaire: q, from: 2021, to: 2024 });
    const line = comparison.sections.flatMap((s) => s.lines).find((l) => l.indicator === 'copil_existe')!;
    const pct = (annee: number) => computeIndicators(rows, catalogue.filter((i) => i.id === 'copil_existe'), { annee }, categoriesFor(q))[0]!.pct!;
    expect(line.delta).toBeCloseTo(pct(2024) - pct(2021), 10);
    expect(line.change).toBe(formatPoints(pct(2024) - pct(2021)));
    expect(comparison.bilans).toEqual({ from: rows.filter((r) => r.annee === 2021).length, to: rows.filter((r) => r.annee === 2024).length });
    expect(compileSpec(comparison.summarySpec).warnings).toEqual([]);
    expect(formatPoints(3.25)).toBe('+3,3\u00a0pts');
    expect(formatPoints(-1)).toBe('−1\u00a0pt');
  });

  it('writes decimals with a comma and flags small bases in the CSV', () => {
    const results = computeIndicators(rows, catalogue, { annee: 2024, split: 'periode_creation' }, categoriesFor(q));
    const csv = indicatorsCsv(results, catalogue, q);
    const line = csv.split('\r\n').find((l) => l.startsWith('participation_usagers__copil;'))!;
    const r = results.find((x) => x.id === 'participation_usagers__copil')!;
    expect(line).toContain(`;${r.n};${r.N};${r.pct!.toFixed(2).replace('.', ',')};`);
    expect(line.endsWith(r.small ? ';oui;non' : ';non;non')).toBe(true);
  });
});

/** The SVG of a spec compiled, parsed and rendered from scratch with vega (the reference). */
async function fresh(spec: TopLevelSpec): Promise<string> {
  const { vegaSpec } = compileSpec(spec);
  return new vega.View(vega.parse(vegaSpec), { renderer: 'none' }).toSVG();
}

/** An SVG with its clip paths numbered from 1 (vega numbers them across the process). */
function ids(svg: string): string {
  const names = new Map<string, string>();
  return svg.replace(/clip\d+/g, (id) => names.get(id) ?? (names.set(id, `clip${names.size + 1}`), `clip${names.size}`));
}

/** The values of a field in the order a chart shows them (by the rank its data carries, rang_<field>). */
function shownOrder(spec: object, field: string): string[] {
  const values = (spec as { data: { values: Array<Record<string, unknown>> } }).data.values;
  const rank = new Map<string, number>();
  for (const d of values) rank.set(String(d[field]), Math.min(rank.get(String(d[field])) ?? Infinity, Number(d[`rang_${field}`])));
  return [...rank].sort((a, b) => a[1] - b[1]).map(([v]) => v);
}
