/**
 * Every reproducible published figure (CCOMS 2018, ARS Île-de-France
 * 2016-2017, Céapsy 2021) is recomputed from its fixture through the
 * catalogue and equals the published value; the irreproducible ones are
 * listed with their reason, and no published figure is left out silently.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCatalogue } from '../../analytics/index.ts';
import { checks as arsChecks, irreproducible as arsIrreproducible } from '../../fixtures/ars-idf-2016-2017/figures.ts';
import { checks as ccomsChecks, irreproducible as ccomsIrreproducible } from '../../fixtures/ccoms-2018/figures.ts';
import { checks as ceapsyChecks, irreproducible as ceapsyIrreproducible } from '../../fixtures/ceapsy-2021/figures.ts';
import { datasetInfo, loadBilans } from '../../fixtures/index.ts';
import { publishedFigures } from '../../fixtures/lib/reference.ts';
import { reproduce, type CheckOutcome, type FigureCheck, type Irreproducible } from '../../fixtures/lib/reproduce.ts';
import { flattenAnswers, flattenHarmonised, getQuestionnaire } from '../../survey-schema/index.ts';

/** The current version: its catalogue reads every dataset, each read with its own version and harmonised. */
const q = getQuestionnaire();
const figures = publishedFigures();
const datasets: { id: string; checks: FigureCheck[]; irreproducible: Irreproducible[]; size: number }[] = [
  { id: 'ccoms-2018', checks: ccomsChecks, irreproducible: ccomsIrreproducible, size: 110 },
  { id: 'ars-idf-2016-2017', checks: arsChecks, irreproducible: arsIrreproducible, size: 49 },
  { id: 'ceapsy-2021', checks: ceapsyChecks, irreproducible: ceapsyIrreproducible, size: 16 },
];

const rowsOf = (id: string) => {
  const own = getQuestionnaire(datasetInfo(id).version);
  return loadBilans(id).map((b) => flattenHarmonised(own, b.answers, q, b));
};

for (const dataset of datasets) {
  describe(`${dataset.id} : chiffres publiés recalculés depuis les microdonnées`, () => {
    let outcomes: CheckOutcome[] = [];
    beforeAll(() => {
      const rows = rowsOf(dataset.id);
      expect(rows).toHaveLength(dataset.size);
      const own = getQuestionnaire(datasetInfo(dataset.id).version);
      const ownRows = loadBilans(dataset.id).map((b) => flattenAnswers(own, b.answers, b));
      outcomes = reproduce(q, rows, figures, dataset.checks, { [own.version]: { questionnaire: own, rows: ownRows } });
    });

    it.each(dataset.checks.map((c, i) => [`${c.figure} — ${c.key}`, i] as const))('%s', (_label, i) => {
      const o = outcomes[i]!;
      expect(o.computed, `${o.check.indicator}/${o.check.category} : ${o.n}/${o.N}`).not.toBeNull();
      expect(o.ok, `${o.check.figure} « ${o.check.key} » : publié ${o.expected}, calculé ${o.computed} (${o.n}/${o.N})`).toBe(true);
    });

    it('lists every irreproducible figure with a reason, and never also claims to reproduce it', () => {
      for (const entry of dataset.irreproducible) {
        expect(figures.has(entry.figure), entry.figure).toBe(true);
        expect(entry.reason.length).toBeGreaterThan(20);
        const claimed = dataset.checks.filter((c) => c.figure === entry.figure && (entry.key === undefined || c.key === entry.key));
        expect(claimed, `${entry.figure} ${entry.key ?? ''}`).toEqual([]);
      }
    });
  });
}

describe('couverture des chiffres publiés', () => {
  const checked = datasets.flatMap((d) => d.checks);
  const listed = datasets.flatMap((d) => d.irreproducible);

  it('accounts for every value of every published figure: reproduced, or listed irreproducible', () => {
    const missing: string[] = [];
    for (const f of figures.values()) {
      if (listed.some((l) => l.figure === f.id && l.key === undefined)) continue;
      if (f.context_only) {
        missing.push(`${f.id} (contexte non listé)`);
        continue;
      }
      const keys = f.values && typeof f.values === 'object' ? Object.keys(f.values) : [];
      if (keys.length === 0 && !checked.some((c) => c.figure === f.id)) missing.push(f.id);
      for (const key of keys) {
        const ok = checked.some((c) => c.figure === f.id && c.key === key) || listed.some((l) => l.figure === f.id && l.key === key);
        // Figures checked through their counts or "published" field count as covered.
        const viaCounts = checked.some((c) => c.figure === f.id && ['n', 'N', 'published', 'dont_cls', 'dont_clsm'].includes(c.key));
        if (!ok && !viaCounts) missing.push(`${f.id} / ${key}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('points the catalogue only at published figures that exist', () => {
    for (const indicator of buildCatalogue(q)) for (const id of indicator.figures) expect(figures.has(id), `${indicator.id} → ${id}`).toBe(true);
  });

  it('reports the count of reproduced and listed-irreproducible figures', () => {
    const reproducedFigures = new Set(checked.map((c) => c.figure));
    const wholeIrreproducible = new Set(listed.filter((l) => l.key === undefined).map((l) => l.figure));
    const summary = {
      valeursReproduites: checked.length,
      chiffresReproduits: reproducedFigures.size,
      chiffresIrreproductibles: wholeIrreproducible.size,
      valeursIrreproductiblesDansUnChiffreReproduit: listed.filter((l) => l.key !== undefined).length,
    };
    console.info(`Reproduction : ${JSON.stringify(summary)}`);
    expect(summary.valeursReproduites).toBeGreaterThan(200);
  });
});
