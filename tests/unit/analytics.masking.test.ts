/**
 * Small-cell protection of public outputs: the issue's cases by hand, then a
 * property over random datasets — in France's and the régions' published
 * indicators, no masked value can be recomputed from the published N, the
 * other cells of its group, or the national total and the other régions
 * (an independent oracle: rank of the linear system the published figures
 * form), no published count is 1 to 4, and no région of fewer than 5 bilans
 * shows its N.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCatalogue, categoriesFor, computeIndicators, computePublic, PUBLIC_MIN_CELL, type Indicator, type IndicatorResult } from '../../analytics/index.ts';
import { getQuestionnaire, type FlatRow } from '../../survey-schema/index.ts';

const q = getQuestionnaire();
const categories = categoriesFor(q);
const IDS = ['copil_existe', 'participation_usagers__copil', 'coord_formation', 'copil_presidence', 'ap_elus', 'copil_sieges_usagers', 'copil_nb_reunions'];
const catalogue = buildCatalogue(q).filter((i) => IDS.includes(i.id));
const byId = (id: string) => catalogue.find((i) => i.id === id)!;
const row = (region: string, cells: FlatRow): FlatRow => ({ clsm_id: 'x', annee: 2024, region, departement: '00', consentement_ccoms: 'oui', ...cells });

describe('public masking, by hand', () => {
  it('masks the other category too: n = 19 of N = 21 gives the 2 away', () => {
    const rows = [...Array.from({ length: 19 }, () => row('11', { copil_existe: 'oui' })), row('11', { copil_existe: 'non' }), row('11', { copil_existe: null })];
    const [result] = computeIndicators(rows, [byId('copil_existe')], { public: true }, categories);
    expect(result).toMatchObject({ n: null, pct: null, N: 21, masked: true });
    const open = computeIndicators(rows, [byId('copil_existe')], {}, categories);
    expect(open[0]).toMatchObject({ n: 19, N: 21 });
  });

  it('publishes zeros, shares of 100 % and cells of 5 or more; masks a single small category with its smallest complement', () => {
    const formation = byId('coord_formation');
    const rows = [
      ...Array.from({ length: 12 }, () => row('11', { coord_existe: 'oui', coord_formation: 'travail_social' })),
      ...Array.from({ length: 7 }, () => row('11', { coord_existe: 'oui', coord_formation: 'psychologie' })),
      ...Array.from({ length: 2 }, () => row('11', { coord_existe: 'oui', coord_formation: 'droit' })),
      ...Array.from({ length: 9 }, () => row('11', { coord_existe: 'oui', coord_formation: 'medecine' })),
    ];
    const out = computeIndicators(rows, [formation, byId('copil_existe')], { public: true }, categories);
    const cell = (c: string) => out.find((r) => r.id === 'coord_formation' && r.category === c)!;
    expect(cell('droit')).toMatchObject({ n: null, masked: true });
    expect(cell('psychologie')).toMatchObject({ n: null, masked: true }); // the smallest other positive cell
    expect(cell('travail_social')).toMatchObject({ n: 12, N: 30 });
    expect(cell('sociologie')).toMatchObject({ n: 0, N: 30 });
    expect(cell('sociologie').masked).toBeUndefined();
  });

  it('masks a région of fewer than 5 bilans whole, and a second région when it is alone', () => {
    const rows = [
      ...Array.from({ length: 3 }, () => row('94', { copil_existe: 'oui' })),
      ...Array.from({ length: 30 }, (_, i) => row('11', { copil_existe: i % 3 ? 'oui' : 'non' })),
      ...Array.from({ length: 12 }, (_, i) => row('53', { copil_existe: i % 2 ? 'oui' : 'non' })),
      ...Array.from({ length: 40 }, (_, i) => row('84', { copil_existe: i % 4 ? 'oui' : 'non' })),
    ];
    const { total, split } = computePublic(rows, [byId('copil_existe')], {}, 'region', categories);
    const N = (region: string) => split.find((r) => r.group.region === region)!.N;
    expect(N('94')).toBeNull();
    expect(N('53')).toBeNull(); // the smallest other région: else France − the others gives 94 back
    expect(N('11')).toBe(30);
    expect(total[0]).toMatchObject({ N: 85 });
  });

  it('never publishes the extremes of a number, nor its statistics under 5 answers', () => {
    const rows = [...[1, 2, 3, 4, 10, 12].map((n) => row('11', { copil_existe: 'oui', copil_nb_reunions: n })), ...[2, 3].map((n) => row('53', { copil_existe: 'oui', copil_nb_reunions: n }))];
    const out = computeIndicators(rows, [byId('copil_nb_reunions')], { public: true }, categories);
    expect(out.find((r) => r.category === 'max')).toMatchObject({ value: null, masked: true });
    expect(out.find((r) => r.category === 'min')).toMatchObject({ value: null, masked: true });
    expect(out.find((r) => r.category === 'mediane')).toMatchObject({ value: 3, n: 8 });
    const regions = computeIndicators(rows, [byId('copil_nb_reunions')], { split: 'region', public: true }, categories);
    expect(regions.filter((r) => r.group.region === '53').every((r) => r.value === null)).toBe(true);
  });
});

/** Whether `target` is determined by the linear equations (rows of `a` over the unknowns): e_target in the row space. */
function determined(a: number[][], unknowns: number, target: number): boolean {
  const rank = (m: number[][]) => {
    const rows = m.map((r) => [...r]);
    let r = 0;
    for (let c = 0; c < unknowns && r < rows.length; c++) {
      const p = rows.findIndex((x, i) => i >= r && Math.abs(x[c]!) > 1e-9);
      if (p < 0) continue;
      [rows[r], rows[p]] = [rows[p]!, rows[r]!];
      for (let i = 0; i < rows.length; i++) {
        if (i === r || Math.abs(rows[i]![c]!) < 1e-12) continue;
        const f = rows[i]![c]! / rows[r]![c]!;
        rows[i] = rows[i]!.map((v, j) => v - f * rows[r]![j]!);
      }
      r++;
    }
    return r;
  };
  const unit = Array.from({ length: unknowns }, (_, j) => (j === target ? 1 : 0));
  return rank([...a, unit]) === rank(a);
}

/**
 * The published figures of one table (a share, an option of a multi-answer
 * question, a distribution) as equations: each row sums to its N, each
 * column of the régions sums to France's. Unknowns: masked n, masked N, the
 * rest of a share (never published). Returns the masked unknowns that the
 * equations determine.
 */
function recomputable(rows: Array<{ cells: Array<number | null>; N: number | null; rest: boolean }>): string[] {
  const names: string[] = [];
  const index = new Map<string, number>();
  const unknown = (name: string) => {
    if (!index.has(name)) index.set(name, names.push(name) - 1);
    return index.get(name)!;
  };
  // Each equation: known constant and coefficients over unknowns.
  const equations: Array<Map<number, number>> = [];
  const add = (terms: Array<[number | null, string, number]>) => {
    const eq = new Map<number, number>();
    for (const [value, name, sign] of terms) if (value === null) eq.set(unknown(name), (eq.get(unknown(name)) ?? 0) + sign);
    equations.push(eq);
  };
  const cols = rows[0]!.cells.length;
  rows.forEach((r, i) => add([...r.cells.map((v, k) => [v, `n${i}.${k}`, 1] as [number | null, string, number]), ...(r.rest ? [[null, `rest${i}`, 1] as [null, string, number]] : []), [r.N, `N${i}`, -1]]));
  if (rows.length > 2) {
    // The last row is France: the régions' columns sum to it.
    const total = rows.length - 1;
    for (let k = 0; k < cols; k++) add([...rows.slice(0, total).map((r, i) => [r.cells[k]!, `n${i}.${k}`, 1] as [number | null, string, number]), [rows[total]!.cells[k]!, `n${total}.${k}`, -1]]);
    if (rows[0]!.rest) add([...rows.slice(0, total).map((_, i) => [null, `rest${i}`, 1] as [null, string, number]), [null, `rest${total}`, -1]]);
    add([...rows.slice(0, total).map((r, i) => [r.N, `N${i}`, 1] as [number | null, string, number]), [rows[total]!.N, `N${total}`, -1]]);
  }
  const matrix = equations.map((eq) => names.map((_, j) => eq.get(j) ?? 0));
  return names.filter((n, j) => !n.startsWith('rest') && determined(matrix, names.length, j));
}

/** The tables of an indicator's public results (France last). */
function tables(indicator: Indicator, national: IndicatorResult[], regional: IndicatorResult[]) {
  const regions = [...new Set(regional.map((r) => String(r.group.region)))];
  const groups = [...regions.map((g) => regional.filter((r) => r.group.region === g)), national];
  const cats = [...new Set(national.map((r) => r.category))];
  const shareLike = indicator.kind === 'share' || indicator.kind === 'multi';
  return (shareLike ? cats.map((c) => [c]) : [cats]).map((columns) =>
    groups.map((rows) => ({ cells: columns.map((c) => rows.find((r) => r.category === c)?.n ?? null), N: rows[0]?.N ?? null, rest: shareLike })),
  );
}

/** Answers skewed to the first value (as real answers are), so that some cells are large and some small. */
const answer = <T>(values: T[]) => fc.constantFrom<T | null>(values[0]!, values[0]!, values[0]!, ...values, null);
const bilan = fc.record({
  copil_existe: answer(['oui', 'non']),
  participation_usagers__copil: answer(['oui', 'non']),
  coord_existe: fc.constantFrom('oui', 'oui', 'non'),
  coord_formation: answer(['travail_social', 'psychologie', 'sante_publique', 'medecine', 'autre']),
  copil_presidence: answer(['maire', 'elu', 'psychiatrie', 'autre']),
  ap_existe: fc.constantFrom('oui', 'oui', 'non'),
  ap_elus__maire: answer(['oui', 'non']),
  ap_elus__sante: answer(['oui', 'non']),
  copil_nb_usagers: fc.option(fc.integer({ min: 0, max: 4 })),
  copil_nb_membres: fc.option(fc.integer({ min: 5, max: 30 })),
  copil_nb_reunions: fc.option(fc.integer({ min: 0, max: 8 })),
});
/** Four régions of 0 to 40 bilans each: often all publishable (then only the complements protect), sometimes one or two under 5. */
const dataset = fc
  .tuple(...['11', '24', '27', '28'].map((region) => fc.array(bilan, { maxLength: 40, size: 'max' }).map((list) => list.map((b) => ({ ...b, region })))))
  .map((parts) => parts.flat())
  .filter((rows) => rows.length > 0);

describe('public masking, over random datasets', () => {
  it('leaves no masked value recomputable, publishes no count of 1 to 4, hides the N of régions under 5 bilans', () => {
    fc.assert(
      fc.property(dataset, (answers) => {
        const rows = answers.map(({ region, ...cells }) => row(region, { ...cells, ap_elus__handicap: null }));
        const { total, split } = computePublic(rows, catalogue, {}, 'region', categories);
        // The output without split, and the régions asked alone, are the very same figures.
        expect(computeIndicators(rows, catalogue, { public: true }, categories)).toEqual(total);
        expect(computeIndicators(rows, catalogue, { split: 'region', public: true }, categories)).toEqual(split);
        const sizes = new Map<string, number>();
        for (const r of rows) sizes.set(String(r.region), (sizes.get(String(r.region)) ?? 0) + 1);
        for (const r of split) if ((sizes.get(String(r.group.region)) ?? 0) < PUBLIC_MIN_CELL) expect(r.N, `région ${r.group.region}`).toBeNull();
        for (const indicator of catalogue) {
          const national = total.filter((r) => r.id === indicator.id);
          const regional = split.filter((r) => r.id === indicator.id);
          if (indicator.kind === 'stats') {
            for (const r of [...national, ...regional]) if (r.category === 'min' || r.category === 'max' || (r.n ?? 0) < PUBLIC_MIN_CELL) expect(r.value ?? null).toBeNull();
            continue;
          }
          if (indicator.kind === 'seat_share') continue;
          for (const r of [...national, ...regional]) if (r.n !== null) expect(r.n > 0 && r.n < PUBLIC_MIN_CELL, `${indicator.id} ${JSON.stringify(r.group)} ${r.category} = ${r.n}`).toBe(false);
          for (const t of tables(indicator, national, regional)) {
            const found = recomputable(t);
            expect(found, `${indicator.id} : ${JSON.stringify(t)}`).toEqual([]);
          }
        }
      }),
      { numRuns: 100 },
    );
  });
});
