/**
 * Arquero table expressions written as source text. Arquero re-parses every
 * expression, so closures cannot reach outside values: column names and
 * constants are embedded as JSON literals (JSON.stringify escapes them), and
 * only `d`, `op` and literals appear. Aggregate calls cannot read params
 * (`$`), hence the literals.
 */
import type { Condition, ScalarValue } from '../survey-schema/index.ts';

/** The column reference `d["name"]`. @example column('copil_existe'); // 'd["copil_existe"]' */
export function column(name: string): string {
  return `d[${JSON.stringify(name)}]`;
}

const literal = (v: ScalarValue): string => JSON.stringify(v);

/** True when the cell holds an answer (not null, undefined or ''). */
export function answered(name: string): string {
  const c = column(name);
  return `(${c} != null && ${c} !== "")`;
}

/** The cell equals a value: loose equality, so 2 and "2" match like survey-schema's `String(a) === String(b)`. */
function same(name: string, value: ScalarValue): string {
  return `${column(name)} == ${literal(value)}`;
}

/**
 * A survey-schema `Condition` as an expression with the same meaning as
 * `evaluateCondition` over a flat row: an unanswered variable satisfies no
 * comparison (only `answered: false` and `not`).
 *
 * @example
 * conditionExpression({ var: 'copil_existe', eq: 'oui' });
 * // '((d["copil_existe"] != null && d["copil_existe"] !== "") && d["copil_existe"] == "oui")'
 */
export function conditionExpression(condition: Condition): string {
  if ('all' in condition) return `(${condition.all.map(conditionExpression).join(' && ')})`;
  if ('any' in condition) return `(${condition.any.map(conditionExpression).join(' || ')})`;
  if ('not' in condition) return `!(${conditionExpression(condition.not)})`;
  const name = condition.var;
  const isAnswered = answered(name);
  if ('answered' in condition) return condition.answered ? isAnswered : `!${isAnswered}`;
  if ('eq' in condition) return `(${isAnswered} && ${same(name, condition.eq)})`;
  if ('ne' in condition) return `(${isAnswered} && !(${same(name, condition.ne)}))`;
  if ('in' in condition) return `(${isAnswered} && (${condition.in.map((v) => same(name, v)).join(' || ')}))`;
  if ('gte' in condition) return `(${isAnswered} && op.is_finite(${column(name)}) && ${column(name)} >= ${literal(condition.gte)})`;
  return `(${isAnswered} && op.is_finite(${column(name)}) && ${column(name)} <= ${literal(condition.lte)})`;
}
