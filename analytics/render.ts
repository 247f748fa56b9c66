/**
 * Rendering a Vega-Lite spec to SVG on the server (no canvas): compile,
 * parse, and ask a headless view for its SVG. Warnings of the compiler and of
 * the runtime are collected, so that tests can demand none.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

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

/**
 * SVG of a spec, with the warnings met on the way.
 *
 * @example const { svg } = await renderSvgWithWarnings(chartSpecFor(indicator, results));
 */
export async function renderSvgWithWarnings(spec: TopLevelSpec): Promise<Rendered> {
  const { vegaSpec, warnings } = compileSpec(spec);
  const view = new vega.View(vega.parse(vegaSpec), { renderer: 'none', logger: collectingLogger(warnings) as never, logLevel: vega.Warn });
  const svg = await view.toSVG();
  view.finalize();
  return { svg, warnings };
}

/** SVG of a spec. @example const svg = await renderSvg(spec); */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  return (await renderSvgWithWarnings(spec)).svg;
}
