import type { Condition, RuleTest, ScalarValue } from './meta-schema.ts';

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

/** A number read from a flat cell; null when blank or not a number. */
function numberOf(value: FlatCell | undefined): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const n = Number(value.replace(/\s/g, '').replace(',', '.'));
  return Number.isFinite(n) ? n : null;
}

/**
 * Evaluates a consistency rule's test over a flat row: `true` when it
 * holds, `false` when it is broken, `null` when it does not apply (a number
 * it compares is not answered, or the `si` of an implication does not hold).
 * The browser script mirrors it (`web/public/app.js`, same cases in a test).
 *
 * @example
 * evaluateRuleTest({ somme: ['copil_nb_usagers', 'copil_nb_aidants'], auPlus: 'copil_nb_membres' }, { copil_nb_usagers: 3, copil_nb_aidants: 2, copil_nb_membres: 4 }); // false
 * evaluateRuleTest({ croissant: ['annee_creation', 'annee'] }, { annee: 2027 }); // null
 */
export function evaluateRuleTest(test: RuleTest, row: FlatRow): boolean | null {
  if ('si' in test) return evaluateCondition(test.si, row) ? evaluateCondition(test.alors, row) : null;
  if ('somme' in test) {
    const terms = test.somme.map((v) => numberOf(row[v]));
    const max = numberOf(row[test.auPlus]);
    if (max === null || terms.some((t) => t === null)) return null;
    return (terms as number[]).reduce((s, t) => s + t, 0) <= max;
  }
  const values = test.croissant.map((v) => numberOf(row[v]));
  if (values.some((v) => v === null)) return null;
  return (values as number[]).every((v, i) => i === 0 || values[i - 1]! <= v);
}

/** Every variable a rule's test reads. @example ruleVariables({ somme: ['a', 'b'], auPlus: 'c' }); // ['a', 'b', 'c'] */
export function ruleVariables(test: RuleTest): string[] {
  if ('si' in test) return [...conditionVariables(test.si), ...conditionVariables(test.alors)];
  if ('somme' in test) return [...test.somme, test.auPlus];
  return test.croissant;
}

/** A French reading of a rule's test, for the codebook. @example describeRuleTest({ croissant: ['a', 'b'] }); // 'a ≤ b' */
export function describeRuleTest(test: RuleTest): string {
  if ('si' in test) return `si ${describeCondition(test.si)}, alors ${describeCondition(test.alors)}`;
  if ('somme' in test) return `${test.somme.join(' + ')} ≤ ${test.auPlus}`;
  return test.croissant.join(' ≤ ');
}
