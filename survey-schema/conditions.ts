import type { Condition, ScalarValue } from './meta-schema.ts';

export type FlatCell = string | number | null;
export type FlatRow = Record<string, FlatCell | undefined>;

/**
 * Evaluates a condition over a flat row (codebook variables). An unanswered
 * variable satisfies no comparison (only `answered: false` and `not`).
 *
 * @example
 * evaluateCondition({ var: 'copil_existe', eq: 'oui' }, { copil_existe: 'oui' }); // true
 * evaluateCondition({ var: 'gt_theme__{row}', in: ['oui', 'en_cours'] }, { gt_theme__sism: 'oui' }, 'sism'); // true
 */
export function evaluateCondition(condition: Condition, row: FlatRow, rowCode?: string): boolean {
  if ('all' in condition) return condition.all.every((c) => evaluateCondition(c, row, rowCode));
  if ('any' in condition) return condition.any.some((c) => evaluateCondition(c, row, rowCode));
  if ('not' in condition) return !evaluateCondition(condition.not, row, rowCode);
  const name = rowCode === undefined ? condition.var : condition.var.replaceAll('{row}', rowCode);
  const value = row[name];
  const answered = value !== null && value !== undefined && value !== '';
  if ('answered' in condition) return answered === condition.answered;
  if (!answered) return false;
  if ('eq' in condition) return same(value, condition.eq);
  if ('ne' in condition) return !same(value, condition.ne);
  if ('in' in condition) return condition.in.some((v) => same(value, v));
  if ('gte' in condition) return typeof value === 'number' && value >= condition.gte;
  return typeof value === 'number' && value <= condition.lte;
}

function same(a: FlatCell, b: ScalarValue): boolean {
  return a === b || String(a) === String(b);
}

/** Every variable a condition reads (with `{row}` left as is). */
export function conditionVariables(condition: Condition): string[] {
  if ('all' in condition) return condition.all.flatMap(conditionVariables);
  if ('any' in condition) return condition.any.flatMap(conditionVariables);
  if ('not' in condition) return conditionVariables(condition.not);
  return [condition.var];
}

/** A French reading of a condition, for the codebook. */
export function describeCondition(condition: Condition): string {
  if ('all' in condition) return condition.all.map(describeCondition).join(' et ');
  if ('any' in condition) return `(${condition.any.map(describeCondition).join(' ou ')})`;
  if ('not' in condition) return `non (${describeCondition(condition.not)})`;
  if ('eq' in condition) return `${condition.var} = ${condition.eq}`;
  if ('ne' in condition) return `${condition.var} ≠ ${condition.ne}`;
  if ('in' in condition) return `${condition.var} ∈ {${condition.in.join(', ')}}`;
  if ('gte' in condition) return `${condition.var} ≥ ${condition.gte}`;
  if ('lte' in condition) return `${condition.var} ≤ ${condition.lte}`;
  return condition.answered ? `${condition.var} renseigné` : `${condition.var} non renseigné`;
}
