/**
 * Indexes of a questionnaire: where each question and each flat column lives,
 * and the condition under which it is asked. Built once per definition.
 */
import type { Condition, Question, Questionnaire, Section } from './meta-schema.ts';
import { handlerOf, type Column } from './kinds.ts';

export interface QuestionEntry {
  question: Question;
  section: Section;
  /** Section condition and question condition together. */
  condition: Condition | undefined;
  /** Position in the questionnaire order. */
  index: number;
}

export interface ColumnEntry extends Column {
  section: Section;
  condition: Condition | undefined;
  /** A grid column's own condition, evaluated with `row`. */
  cellCondition?: Condition;
}

export interface QuestionnaireIndex {
  questions: Map<string, QuestionEntry>;
  ordered: QuestionEntry[];
  columns: ColumnEntry[];
  columnsByVariable: Map<string, ColumnEntry>;
}

const cache = new WeakMap<Questionnaire, QuestionnaireIndex>();

/** @example indexOf(questionnaire).questions.get('copil_existe')?.section.number; // 4 */
export function indexOf(questionnaire: Questionnaire): QuestionnaireIndex {
  const cached = cache.get(questionnaire);
  if (cached) return cached;
  const questions = new Map<string, QuestionEntry>();
  const ordered: QuestionEntry[] = [];
  const columns: ColumnEntry[] = [];
  for (const section of questionnaire.sections) {
    for (const question of section.questions) {
      const condition = both(section.condition, question.condition);
      const entry: QuestionEntry = { question, section, condition, index: ordered.length };
      questions.set(question.variable, entry);
      ordered.push(entry);
      for (const column of handlerOf(question).columns(question)) {
        const gridColumn =
          question.kind === 'grille' ? question.columns.find((c) => column.variable.startsWith(`${c.variable}__`)) : undefined;
        columns.push({ ...column, section, condition, ...(gridColumn?.condition ? { cellCondition: gridColumn.condition } : {}) });
      }
    }
  }
  const index = { questions, ordered, columns, columnsByVariable: new Map(columns.map((c) => [c.variable, c])) };
  cache.set(questionnaire, index);
  return index;
}

function both(a: Condition | undefined, b: Condition | undefined): Condition | undefined {
  if (a && b) return { all: [a, b] };
  return a ?? b;
}

/**
 * Replaces `{annee}` in a label by the campaign year (or "l'année du bilan").
 *
 * @example labelFor('Réunions en {annee}', 2025); // 'Réunions en 2025'
 * @example labelFor('Réunions en {annee}'); // "Réunions dans l'année du bilan"
 */
export function labelFor(text: string, annee?: number): string {
  if (annee !== undefined) return text.replaceAll('{annee}', String(annee));
  return text.replaceAll('en {annee}', "dans l'année du bilan").replaceAll('{annee}', "l'année du bilan");
}
