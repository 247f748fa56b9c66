/**
 * Rendering a Vega-Lite spec to SVG on the server (no canvas): compile,
 * parse, and ask a headless view for its SVG. Warnings of the compiler and of
 * the runtime are collected, so that tests can demand none.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { LruMap } from './lru.ts';

/**
 * Text widths without a canvas. Vega's own estimate (0.8 em a character)
 * is twice Marianne's: labels were cut short and axes pushed aside. These
 * are Helvetica's advance widths (Arial, the DSFR fallback, shares them),
 * 5 % wider for Marianne, measured in Chromium; accented letters take their
 * base letter's width.
 */
const ASCII_WIDTHS = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
  611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222,
  833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];
const OTHER_WIDTHS: Record<string, number> = { '\u00a0': 278, '\u202f': 190, '·': 278, '’': 222, '«': 556, '»': 556, '…': 1000, '–': 556, '—': 1000, '▲': 700, '€': 556, 'œ': 944, 'Œ': 1000, 'æ': 889 };
const widths = new Map<string, number>();

function charWidth(c: string): number {
  let w = widths.get(c);
  if (w === undefined) {
    const code = c.charCodeAt(0);
    const base = c.normalize('NFD').charCodeAt(0);
    w = code >= 32 && code <= 126 ? ASCII_WIDTHS[code - 32]! : (OTHER_WIDTHS[c] ?? (base >= 32 && base <= 126 ? ASCII_WIDTHS[base - 32]! : 556));
    widths.set(c, w);
  }
  return w;
}

/** The width of a text in Marianne (at most the item's label limit, as Vega's own estimate). */
export function textWidth(text: string, fontSize: number, bold = false): number {
  let em = 0;
  for (const c of text) em += charWidth(c);
  return (em / 1000) * fontSize * 1.05 * (bold ? 1.07 : 1);
}

type TextItem = { text?: unknown; fontSize?: number; fontWeight?: string | number; limit?: number };
(vega as unknown as { textMetrics: { width: (item: TextItem, text?: unknown) => number } }).textMetrics.width = (item, text) => {
  const value = String(text ?? item.text ?? '').trim();
  const size = item.fontSize != null ? +item.fontSize || 0 : 11;
  const w = textWidth(value, size, item.fontWeight === 'bold' || Number(item.fontWeight) >= 600);
  return item.limit && item.limit > 0 ? Math.min(w, item.limit) : w;
};

export interface Rendered {
  svg: string;
  warnings: string[];
}

/** A logger that keeps every warning (vega-lite and vega share this interface). */
function collectingLogger(warnings: string[]) {
  let level = vega.Warn;
  const logger = {
    level(l?: number) {
      if (l === undefined) return level;
      level = l;
      return logger;
    },
    error(...args: unknown[]) {
      warnings.push(`erreur : ${args.map(String).join(' ')}`);
      return logger;
    },
    warn(...args: unknown[]) {
      warnings.push(args.map(String).join(' '));
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  };
  return logger;
}

/** Compiles a Vega-Lite spec, collecting the compiler's warnings. */
export function compileSpec(spec: TopLevelSpec): { vegaSpec: vega.Spec; warnings: string[] } {
  const warnings: string[] = [];
  const compiled = compile(spec, { logger: collectingLogger(warnings) as never });
  return { vegaSpec: compiled.spec as vega.Spec, warnings };
}

/** A chart compiled and parsed once, without its data: the name of the Vega dataset that takes it, the compiler's warnings. */
interface Compiled {
  runtime: vega.Runtime;
  dataset: string | null;
  warnings: string[];
}
/** Charts kept compiled (one per chart of an indicator, whatever the year or scope of its data). */
const COMPILED_KEPT = 1_000;
const compiled = new LruMap<string, Compiled>(COMPILED_KEPT);

/**
 * A spec compiled (Vega-Lite → Vega) and parsed (Vega → runtime) once per
 * shape: the same spec but for its top-level data values. The same chart of
 * an indicator over another year or scope reuses it with its own values
 * (profile of bench:rush: compiling and parsing took 60 % of the time to
 * render an état des lieux's hundred charts).
 */
function compiledFor(spec: TopLevelSpec): Compiled {
  const key = JSON.stringify({ ...spec, data: { ...(spec.data as object), values: null } });
  let entry = compiled.get(key);
  if (!entry) {
    const { vegaSpec, warnings } = compileSpec(spec);
    // Vega-Lite names the top-level inline dataset; the values given replace it at each render.
    const dataset = vegaSpec.data?.find((d) => 'values' in d && d.values === (spec.data as { values: unknown }).values)?.name ?? null;
    entry = { runtime: vega.parse(vegaSpec), dataset, warnings };
    // Kept only when its data can be replaced (otherwise each render is its own compile).
    if (dataset) compiled.set(key, entry);
  }
  return entry;
}

const inlineValues = (spec: TopLevelSpec): unknown[] | null => {
  const data = (spec as { data?: unknown }).data;
  return data && typeof data === 'object' && Array.isArray((data as { values?: unknown }).values) ? (data as { values: unknown[] }).values : null;
};

/**
 * SVG of a spec, with the warnings met on the way.
 *
 * @example const { svg } = await renderSvgWithWarnings(chartSpecFor(indicator, results));
 */
export async function renderSvgWithWarnings(spec: TopLevelSpec): Promise<Rendered> {
  const values = inlineValues(spec);
  const chart = values ? compiledFor(spec) : null;
  const { runtime, warnings } = chart ? { runtime: chart.runtime, warnings: [...chart.warnings] } : (() => {
    const { vegaSpec, warnings: w } = compileSpec(spec);
    return { runtime: vega.parse(vegaSpec), warnings: w };
  })();
  const view = new vega.View(runtime, { renderer: 'none', logger: collectingLogger(warnings) as never, logLevel: vega.Warn });
  if (chart?.dataset) view.data(chart.dataset, structuredClone(values));
  const svg = await view.toSVG();
  view.finalize();
  return { svg, warnings };
}

/** SVG of a spec. @example const svg = await renderSvg(spec); */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  return (await renderSvgWithWarnings(spec)).svg;
}
