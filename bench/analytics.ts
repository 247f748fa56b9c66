/**
 * `npm run bench:analytics [-- 1000 10000 100000]`: synthetic bilans over
 * every variable of the questionnaire; for each size, the median time to
 * load (JSON answers, as stored) and flatten, to compute the whole catalogue
 * with every split, and to export the CSV; peak memory; the 100k/10k ratio;
 * and a hand-written single pass over the same columns computing the three
 * mission indicators, with its ratio to the catalogue's time for them.
 * Prints figures; asserts nothing.
 */
import os from 'node:os';
import v8 from 'node:v8';
import {
  buildCatalogue,
  categoriesFor,
  computeSplits,
  flatTableFromBilans,
  indicatorsCsv,
  type Indicator,
  type IndicatorResult,
  type StoredBilan,
} from '../analytics/index.ts';
import { createRng } from '../fixtures/lib/prng.ts';
import { drawProfile, syntheticAnswers } from '../fixtures/lib/synthetic.ts';
import { getQuestionnaire } from '../survey-schema/index.ts';
import { THEMES } from '../survey-schema/questionnaire/lists.ts';

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const SIZES = sizes.length ? sizes : [1_000, 10_000, 100_000];
const DISTINCT = 2_000;
const q = getQuestionnaire();
const catalogue = buildCatalogue(q);
const categories = categoriesFor(q);
const REGIONS: [string, string[]][] = [['11', ['75', '92', '93', '94']], ['32', ['59', '62']], ['84', ['69', '38']], ['93', ['13', '06']], ['76', ['31', '34']], ['44', ['67', '68']], ['53', ['35', '29']]];

let peakRss = 0;
const sample = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));
const timer = setInterval(sample, 20);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
function time<T>(fn: () => T): [T, number] {
  const t = performance.now();
  const out = fn();
  sample();
  return [out, performance.now() - t];
}

/** Stored bilans about as the database holds them: identity + answers as JSON text (one text here, one per answered section in `bilan_sections`: the same bytes to parse). */
function storedBilans(size: number): { clsm_id: string; annee: number; region: string; departement: string; json: string }[] {
  const rng = createRng(42);
  const distinct = Array.from({ length: Math.min(DISTINCT, size) }, (_, i) => JSON.stringify(syntheticAnswers(q, rng, 2020 + (i % 5), drawProfile(rng))));
  return Array.from({ length: size }, (_, i) => {
    const [region, deps] = REGIONS[i % REGIONS.length]!;
    return { clsm_id: `clsm-${i % Math.ceil(size / 5)}`, annee: 2020 + (i % 5), region, departement: deps[i % deps.length]!, json: distinct[i % distinct.length]! };
  });
}

const mission = catalogue.filter((i) => i.mission);

/** The three mission indicators by hand: one pass over the columns, total and by period of creation. */
function handWritten(table: ReturnType<typeof flatTableFromBilans>): Map<string, number[]> {
  const col = (n: string) => table.array(n) as ArrayLike<unknown>;
  const periode = col('periode_creation');
  const copil = col('copil_existe');
  const assoc = col('copil_membre__associations_usagers');
  const partCopil = col('participation_usagers__copil');
  const usagers = col('copil_nb_usagers');
  const membres = col('copil_nb_membres');
  const themes = THEMES.map((t) => col(`gt_theme__${t.code}`));
  const reunions = ['copil_nb_reunions', 'ap_nb_reunions', 'gt_nb_reunions'].map(col);
  const reunionsPop = [copil, col('ap_existe'), undefined];
  const groups = ['', 'avant_2016', 'depuis_2016'];
  const acc = new Map<string, number[]>();
  const add = (key: string, g: number, i: number, x = 1) => {
    let a = acc.get(key);
    if (!a) acc.set(key, (a = new Array(groups.length * 2).fill(0)));
    a[g * 2 + i]! += x;
  };
  const values: number[][][] = reunions.map(() => groups.map(() => []));
  const size = table.numRows();
  for (let r = 0; r < size; r++) {
    const p = periode[r];
    const gs = p === 'avant_2016' ? [0, 1] : p === 'depuis_2016' ? [0, 2] : [0];
    for (const g of gs) {
      if (copil[r] === 'oui') {
        if (assoc[r] != null && assoc[r] !== '') {
          add('assoc', g, 1);
          if (assoc[r] === 'membre') add('assoc', g, 0);
        }
        const u = usagers[r];
        const m = membres[r];
        if (typeof u === 'number' && typeof m === 'number') {
          add('sieges', g, 0, u);
          add('sieges', g, 1, m);
        }
      }
      const pc = partCopil[r];
      if (pc != null && pc !== '') {
        add('part_copil', g, 1);
        if (pc === 'oui') add('part_copil', g, 0);
      }
      themes.forEach((t, k) => {
        const v = t[r];
        if (v == null || v === '') return;
        add(`theme_${k}`, g, 1);
        if (v === 'oui' || v === 'en_cours') add(`theme_${k}`, g, 0);
      });
      reunions.forEach((c, k) => {
        const pop = reunionsPop[k];
        const v = c[r];
        if ((pop === undefined || pop[r] === 'oui') && typeof v === 'number') values[k]![g]!.push(v);
      });
    }
  }
  values.forEach((byGroup, k) =>
    byGroup.forEach((vs, g) => {
      vs.sort((a, b) => a - b);
      add(`reunions_${k}_moyenne`, g, 0, vs.reduce((s, v) => s + v, 0) / (vs.length || 1));
      add(`reunions_${k}_mediane`, g, 0, vs.length ? (vs.length % 2 ? vs[(vs.length - 1) / 2]! : (vs[vs.length / 2 - 1]! + vs[vs.length / 2]!) / 2) : 0);
    }),
  );
  return acc;
}

/** The hand-written numbers must be the catalogue's. */
function sameAsCatalogue(hand: Map<string, number[]>, results: Map<string, IndicatorResult[]>): boolean {
  const find = (id: string, category: string, g: number) => (g === 0 ? results.get('') : results.get('periode_creation'))!.find((r) => r.id === id && r.category === category && (g === 0 || r.group.periode_creation === (g === 1 ? 'avant_2016' : 'depuis_2016')));
  const checks: [string, string, string][] = [['assoc', 'copil_membre__associations_usagers', 'membre'], ['part_copil', 'participation_usagers__copil', 'oui'], ['sieges', 'copil_sieges_usagers', 'usagers'], ...THEMES.map((t, k): [string, string, string] => [`theme_${k}`, `gt_theme_en_place__${t.code}`, 'en_place'])];
  for (const g of [0, 1, 2]) {
    for (const [key, id, category] of checks) {
      const a = hand.get(key);
      const r = find(id, category, g);
      if (!a || !r || a[g * 2] !== r.n || a[g * 2 + 1] !== r.N) return false;
    }
    for (const [k, id] of ['copil_nb_reunions', 'ap_nb_reunions', 'gt_nb_reunions'].entries()) {
      if (Math.abs(hand.get(`reunions_${k}_mediane`)![g * 2]! - (find(id, 'mediane', g)?.value ?? NaN)) > 1e-9) return false;
    }
  }
  return true;
}

const fmt = (ms: number) => `${ms.toFixed(0).padStart(7)} ms`;
console.log(`Bench analytics — ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, Node ${process.version}, ${(os.totalmem() / 2 ** 30).toFixed(1)} Go`);
console.log(`Catalogue : ${catalogue.length} indicateurs (${mission.length} de mission) ; découpages : aucun, periode_creation, region, departement, annee\n`);
const catalogueMedian = new Map<number, number>();
for (const size of SIZES) {
  const stored = storedBilans(size);
  const runs = size >= 100_000 ? 3 : 5;
  // Loading and flattening 100 000 bilans takes minutes (survey-schema's flattenAnswers): measured once at that size.
  const loadRuns = size >= 100_000 ? 1 : 3;
  let lastTable: ReturnType<typeof flatTableFromBilans> | undefined;
  const load: number[] = [];
  const cat: number[] = [];
  const csv: number[] = [];
  const missionCat: number[] = [];
  const hand: number[] = [];
  let identical = true;
  let resultRows = 0;
  for (let run = 0; run < runs; run++) {
    // Answers parsed one at a time, as when reading the database page by page.
    const parsed = function* (): Generator<StoredBilan> {
      for (const b of stored) yield { clsm_id: b.clsm_id, annee: b.annee, region: b.region, departement: b.departement, answers: JSON.parse(b.json) };
    };
    const [table, tLoad] = run < loadRuns ? time(() => flatTableFromBilans(parsed())) : [lastTable!, Number.NaN];
    lastTable = table;
    const [results, tCat] = time(() => computeSplits(table, catalogue, {}, categories));
    const all = [...results.values()].flat();
    resultRows = all.length;
    const [, tCsv] = time(() => indicatorsCsv(all, catalogue, q));
    const [missionResults, tMission] = time(() => computeSplits(table, mission as Indicator[], {}, categories, [undefined, 'periode_creation']));
    const [handResults, tHand] = time(() => handWritten(table));
    identical &&= sameAsCatalogue(handResults, missionResults);
    if (!Number.isNaN(tLoad)) load.push(tLoad);
    cat.push(tCat);
    csv.push(tCsv);
    missionCat.push(tMission);
    hand.push(tHand);
  }
  catalogueMedian.set(size, median(cat));
  console.log(`${String(size).padStart(7)} bilans (médianes ; ${load.length} chargement(s), ${runs} calculs) : chargement + aplatissement ${fmt(median(load))} | catalogue, tous découpages ${fmt(median(cat))} (${resultRows} lignes) | export CSV ${fmt(median(csv))}`);
  console.log(`${' '.repeat(16)}indicateurs de mission : catalogue ${fmt(median(missionCat))} | passe unique écrite à la main ${fmt(median(hand))} | rapport ${(median(missionCat) / median(hand)).toFixed(1)} | résultats identiques : ${identical ? 'oui' : 'NON'}`);
}
clearInterval(timer);
sample();
const peak = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
console.log(`\nMémoire maximale (RSS) : ${(peak / 2 ** 20).toFixed(0)} Mo` + ` (tas V8 limité à ${(v8.getHeapStatistics().heap_size_limit / 2 ** 20).toFixed(0)} Mo : NODE_OPTIONS=--max-old-space-size=1200 dans npm run bench:analytics ; sans limite, V8 laisse la mémoire monter vers 1,7 Go avant de collecter)`);
if (catalogueMedian.has(10_000) && catalogueMedian.has(100_000)) {
  console.log(`Rapport de temps catalogue 100k / 10k : ${(catalogueMedian.get(100_000)! / catalogueMedian.get(10_000)!).toFixed(1)} (linéaire : 10)`);
}
console.log('Cibles (2 cœurs) : catalogue 10k < 1 s, 100k < 10 s, mémoire < 1,5 Go, rapport 100k/10k ≤ 12.');
