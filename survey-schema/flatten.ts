/**
 * Flattening an answer set into one row of codebook columns, and back.
 */
import { evaluateCondition, type FlatCell, type FlatRow } from './conditions.ts';
import { derivedVariablesOf, type DerivedParams } from './derived.ts';
import { handlerOf, type Answers, type GridValue } from './kinds.ts';
import type { Question, Questionnaire } from './meta-schema.ts';
import { indexOf } from './structure.ts';

/** Identification columns carried by every flat row, before the answers. */
export const IDENTITY_COLUMNS = ['clsm_id', 'annee', 'region', 'departement'] as const;
export type BilanIdentity = { clsm_id: string; annee: number; region?: string | null; departement?: string | null };

/** What conditions may read besides the answers: the campaign year, the CLSM's region and département. */
export interface ConditionContext {
  annee?: number | undefined;
  region?: string | null | undefined;
  departement?: string | null | undefined;
}

/**
 * The answers that apply given the others (questions in order; a question
 * whose condition is false loses its answer, and so cannot open a later one),
 * with the flat row they make. The row starts with `annee`, `region` and
 * `departement` when the context gives them (Île-de-France-only questions
 * read `region`).
 *
 * @example applicableAnswers(q, { copil_existe: 'non', copil_nb_reunions: 2 }).answers; // { copil_existe: 'non' }
 */
export function applicableAnswers(questionnaire: Questionnaire, answers: Answers, context: ConditionContext = {}): { answers: Answers; row: FlatRow; applicable: Set<string> } {
  const kept: Answers = {};
  const row: FlatRow = {};
  if (context.annee !== undefined) row.annee = context.annee;
  if (context.region) row.region = context.region;
  if (context.departement) row.departement = context.departement;
  const applicable = new Set<string>();
  for (const entry of indexOf(questionnaire).ordered) {
    const q = entry.question;
    if (entry.condition && !evaluateCondition(entry.condition, row)) continue;
    applicable.add(q.variable);
    let value = answers[q.variable];
    if (value === undefined) continue;
    if (q.kind === 'grille' && q.columns.some((c) => c.condition)) {
      const grid = value as GridValue;
      // The grid's own cells over the row, without copying the row: conditions read through the prototype.
      const cells: FlatRow = handlerOf(q).flatten(q, grid, Object.create(row) as FlatRow);
      const out: GridValue = {};
      for (const [rowCode, rowCells] of Object.entries(grid)) {
        for (const [col, v] of Object.entries(rowCells)) {
          const column = q.columns.find((c) => c.variable === col);
          if (column?.condition && !evaluateCondition(column.condition, cells, rowCode)) continue;
          (out[rowCode] ??= {})[col] = v;
        }
      }
      if (Object.keys(out).length === 0) continue;
      value = out;
    }
    kept[q.variable] = value;
    handlerOf(q).flatten(q, value, row);
  }
  return { answers: kept, row, applicable };
}

export interface FlattenOptions extends DerivedParams {
  /** Keep answers to questions whose condition is false (default: dropped). */
  keepNotApplicable?: boolean;
}

/**
 * One row of codebook columns: identity, every question column (null when
 * unanswered), then the derived variables.
 *
 * @example
 * flattenAnswers(q, { copil_existe: 'oui' }, { clsm_id: 'c1', annee: 2025 }).copil_existe; // 'oui'
 */
export function flattenAnswers(questionnaire: Questionnaire, answers: Answers, identity?: BilanIdentity, options: FlattenOptions = {}): FlatRow {
  const { questionColumns } = flatLayout(questionnaire);
  let cells: FlatRow;
  if (options.keepNotApplicable) {
    cells = {};
    for (const entry of indexOf(questionnaire).ordered) {
      const value = answers[entry.question.variable];
      if (value !== undefined) handlerOf(entry.question).flatten(entry.question, value, cells);
    }
  } else {
    cells = applicableAnswers(questionnaire, answers, identity ?? {}).row;
  }
  const row: FlatRow = {};
  if (identity) {
    row.clsm_id = identity.clsm_id;
    row.annee = identity.annee;
    row.region = identity.region ?? null;
    row.departement = identity.departement ?? null;
  }
  for (const name of questionColumns) row[name] = cells[name] ?? null;
  for (const d of derivedVariablesOf(questionnaire)) row[d.variable] = d.compute(row, options);
  return row;
}

const layouts = new WeakMap<Questionnaire, { questionColumns: string[] }>();

/** The question columns in codebook order, computed once per questionnaire. */
function flatLayout(questionnaire: Questionnaire): { questionColumns: string[] } {
  let layout = layouts.get(questionnaire);
  if (!layout) {
    layout = { questionColumns: indexOf(questionnaire).columns.map((c) => c.variable) };
    layouts.set(questionnaire, layout);
  }
  return layout;
}

/**
 * A flat row (typed cells, or raw strings from a CSV or a form) back to an
 * answer set. Unknown columns are ignored here; importers report them.
 * `questions`: only these (a posted section's), by default all of them.
 *
 * @example
 * unflattenRow(q, { copil_existe: 'Oui', coord_etp: '0,5' }); // { copil_existe: 'oui', coord_etp: 0.5 }
 */
export function unflattenRow(questionnaire: Questionnaire, row: Record<string, FlatCell | undefined>, questions: readonly Question[] = indexOf(questionnaire).ordered.map((e) => e.question)): Answers {
  const answers: Answers = {};
  for (const question of questions) {
    const value = handlerOf(question).unflatten(question, row);
    if (value !== undefined) answers[question.variable] = value;
  }
  return answers;
}

/** Every column name of a flat row, in order: identity, questions, derived. */
export function flatColumnNames(questionnaire: Questionnaire): string[] {
  return [...IDENTITY_COLUMNS, ...indexOf(questionnaire).columns.map((c) => c.variable), ...derivedVariablesOf(questionnaire).map((d) => d.variable)];
}
