/**
 * Charts and the état des lieux: every spec of the corpus (each indicator of
 * the catalogue, with no split, split by period and across years, and every
 * family chart) compiles with zero warnings; SVG rendering; the report's
 * order, escaping and CSV.
 */
import { etatDesLieuxDocument } from '../../web/pages/etat-des-lieux.page.ts';
import { describe, expect, it } from 'vitest';
import {
  buildCatalogue,
  buildReport,
  categoriesFor,
  chartSpecFor,
  compileSpec,
  computeIndicators,
  familyChartSpec,
  families,
  flatRowsFromBilans,
  indicatorsCsv,
  renderSvgWithWarnings,
  REPORT_SECTIONS,
  type IndicatorFamily,
} from '../../analytics/index.ts';
import { loadBilans } from '../../fixtures/index.ts';
import { getQuestionnaire } from '../../survey-schema/index.ts';

const q = getQuestionnaire();
const rows = flatRowsFromBilans(loadBilans('demo', q));
const catalogue = buildCatalogue(q);

describe('Vega-Lite corpus', () => {
  for (const split of [undefined, 'periode_creation', 'annee'] as const) {
    it(`every indicator's chart compiles without warning (${split ?? 'sans découpage'})`, () => {
      const results = computeIndicators(rows, catalogue, split ? { split } : {}, categoriesFor(q));
      const warnings: string[] = [];
      for (const indicator of catalogue) {
        const spec = chartSpecFor(indicator, results, q);
        expect(spec.$schema).toContain('vega-lite/v6');
        warnings.push(...compileSpec(spec).warnings.map((w) => `${indicator.id} : ${w}`));
      }
      expect(warnings).toEqual([]);
    });
  }

  it('every family chart compiles without warning', () => {
    const results = computeIndicators(rows, catalogue, {}, categoriesFor(q));
    const fams = families(catalogue, q).filter((f): f is IndicatorFamily => 'members' in f);
    expect(fams.map((f) => f.id)).toEqual(expect.arrayContaining(['copil_membre', 'ap_membre', 'gt_theme', 'participation_usagers']));
    for (const family of fams) expect(compileSpec(familyChartSpec(family, results, q)).warnings, family.id).toEqual([]);
  });

  it('renders SVG with French labels and n/N in the tooltips, without runtime warnings', async () => {
    const indicator = catalogue.find((i) => i.id === 'participation_usagers__copil')!;
    const results = computeIndicators(rows, [indicator], { split: 'periode_creation' }, categoriesFor(q));
    const { svg, warnings } = await renderSvgWithWarnings(chartSpecFor(indicator, results, q));
    expect(warnings).toEqual([]);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('Créé avant 2016');
    expect(svg).toContain('Part (%)');
    const spec = chartSpecFor(indicator, results, q) as { data: { values: { base: string }[] } };
    const r = results[0]!;
    expect(spec.data.values[0]!.base).toBe(`${r.n} / ${r.N}${r.small ? ' (base < 10)' : ''}`);
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
