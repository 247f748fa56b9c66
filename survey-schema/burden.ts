/**
 * The burden of a bilan for a coordinator: how many inputs a CLSM sees (the
 * questions and grid cells that apply to its answers), and, with last
 * year's bilan carried forward, how many it must enter or confirm before
 * submitting. Computed from the definitions, so that a change of policy or
 * of conditions shows in the figures.
 *
 * An input is what a coordinator fills once: a scalar question, a multiple
 * choice (one list of boxes), a communes list, one cell of a grid, one field
 * of a repeating-group row.
 */
import { evaluateCondition, type FlatRow } from './conditions.ts';
import { applicableAnswers } from './flatten.ts';
import { handlerOf, isBlank, type Answers, type ValidationContext } from './kinds.ts';
import type { Question, Questionnaire } from './meta-schema.ts';
import { indexOf } from './structure.ts';
import { carryForward, type VersionMappingInput } from './versions.ts';

/** The inputs of one applicable question, given the flat row of all the answers. */
function inputsOf(q: Question, row: FlatRow, answers: Answers): string[] {
  switch (q.kind) {
    case 'grille':
      return q.columns.flatMap((column) =>
        q.rows.filter((r) => !column.condition || evaluateCondition(column.condition, row, r.code)).map((r) => `${column.variable}__${r.code}`),
      );
    case 'groupe_repete': {
      const items = Array.isArray(answers[q.variable]) ? (answers[q.variable] as unknown[]).length : 0;
      return Array.from({ length: Math.max(items, 1) }, (_, i) => q.fields.map((f) => `${q.variable}__${i + 1}__${f.code}`)).flat();
    }
    default:
      return [q.variable];
  }
}

export interface Burden {
  version: string;
  /** Inputs that apply to the CLSM's answers (what it sees with JavaScript on). */
  seen: number;
  /** Of those, prefilled from last year. */
  prefilled: number;
  /** Required inputs left empty by the carry-forward: to enter before submitting. */
  toEnter: number;
  /** Questions carried "à confirmer" (their inputs, and the sections holding them: one "rien n'a changé" each): to touch before submitting. */
  toConfirm: { questions: number; inputs: number; sections: number };
  /** Must be touched: `toEnter` + the questions to confirm. */
  mustTouch: number;
  /** Prefilled inputs that hold a count, amount or event of the year (policy `jamais` in the later version): carried silently in a version without policy. */
  yearlyCarried: number;
}

/**
 * The burden of `answers` (this year's complete bilan) for a CLSM whose
 * last year's bilan was `lastYear` (in `from`), carried forward into
 * `questionnaire` by its policy. `yearly` names the inputs that hold a figure
 * of the year (to count those a version without policy carries silently).
 *
 * @example
 * burden(getQuestionnaire(), exampleBilan(), getQuestionnaire(), exampleBilan(), { annee: 2027 }).mustTouch;
 */
export function burden(
  questionnaire: Questionnaire,
  answers: Answers,
  from: Questionnaire,
  lastYear: Answers,
  ctx: ValidationContext = {},
  yearly: (variable: string, question: string) => boolean = () => false,
  mapping?: VersionMappingInput,
): Burden {
  const { row, applicable, answers: kept } = applicableAnswers(questionnaire, answers, ctx);
  const carried = carryForward(from, lastYear, questionnaire, mapping, ctx);
  const carriedRow: FlatRow = {};
  for (const entry of indexOf(questionnaire).ordered) {
    const value = carried.answers[entry.question.variable];
    if (value !== undefined) handlerOf(entry.question).flatten(entry.question, value, carriedRow);
  }
  const confirm = new Set(carried.aConfirmer);
  let seen = 0;
  let prefilled = 0;
  let toEnter = 0;
  let yearlyCarried = 0;
  const toConfirm = { questions: 0, inputs: 0, sections: 0 };
  const confirmSections = new Set<string>();
  for (const entry of indexOf(questionnaire).ordered) {
    const q = entry.question;
    if (!applicable.has(q.variable)) continue;
    const inputs = inputsOf(q, row, kept);
    seen += inputs.length;
    const filled = (input: string) =>
      q.kind === 'choix_multiple' ? q.options.some((o) => !isBlank(carriedRow[`${q.variable}__${o.code}`])) : !isBlank(carriedRow[input]);
    const prefilledHere = inputs.filter(filled);
    prefilled += prefilledHere.length;
    yearlyCarried += prefilledHere.filter((input) => yearly(input, q.variable)).length;
    if (confirm.has(q.variable) && kept[q.variable] !== undefined) {
      toConfirm.questions++;
      toConfirm.inputs += prefilledHere.length;
      confirmSections.add(entry.section.id);
    }
    if (!q.required && !(q.kind === 'groupe_repete' && kept[q.variable] !== undefined)) continue;
    const required = new Set(handlerOf(q).requirements(q, row).map((r) => r.variable));
    toEnter += [...required].filter((v) => (q.kind === 'choix_multiple' || v === q.variable ? !filled(q.variable) : !filled(v))).length;
  }
  toConfirm.sections = confirmSections.size;
  return { version: questionnaire.version, seen, prefilled, toEnter, toConfirm, mustTouch: toEnter + toConfirm.questions, yearlyCarried };
}
