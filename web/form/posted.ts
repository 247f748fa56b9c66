/**
 * A posted section of the form (plain HTML post, or the browser script's
 * autosave, which posts the same fields) back to answers: the fields carry
 * codebook column names, so survey-schema's `unflattenRow` reads them, then
 * `validateDraft` judges them. Nothing here decides what is valid.
 */
import {
  indexOf,
  unflattenRow,
  validateDraft,
  type AnswerIssue,
  type Answers,
  type FlatRow,
  type Questionnaire,
  type Section,
  type ValidationContext,
} from '../../survey-schema/index.ts';

export type PostedBody = Record<string, string | string[] | undefined>;

export interface PostedSection {
  /** The raw flat values as typed, to show them again next to their errors. */
  raw: FlatRow;
  /**
   * Valid answers of the questions the post showed; `null` clears one. A
   * question the post did not show (none of its fields posted) is left out:
   * its saved answer is kept.
   */
  patch: Record<string, Answers[string] | null>;
  issues: AnswerIssue[];
}

const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[v.length - 1] : v);

/**
 * The questions of the section the post shows: a field of theirs is posted
 * (a browser posts every text field, '' when emptied, and every checked
 * choice), or, for a multiple choice, its `__multiple` marker (posted even
 * with every box unchecked). A radio group left unchecked posts nothing:
 * a browser cannot uncheck a saved choice, so nothing is lost by keeping it.
 */
function shownQuestions(questionnaire: Questionnaire, section: Section, body: PostedBody): Set<string> {
  const sectionQuestions = new Set(section.questions.map((q) => q.variable));
  const shown = new Set<string>([body.__multiple ?? []].flat().filter((v) => sectionQuestions.has(v)));
  for (const column of indexOf(questionnaire).columns) {
    if (sectionQuestions.has(column.question) && Object.hasOwn(body, column.variable)) shown.add(column.question);
  }
  return shown;
}

/** `context`: the campaign year, or the year with the CLSM's région and département (what the server validates with). */
export function readPostedSection(questionnaire: Questionnaire, section: Section, body: PostedBody, context: number | ValidationContext): PostedSection {
  const index = indexOf(questionnaire);
  const shown = shownQuestions(questionnaire, section, body);
  const raw: FlatRow = {};
  for (const column of index.columns) {
    if (!shown.has(column.question)) continue;
    // The communes covered: one value per commune chosen.
    const value = column.type === 'communes' ? [body[column.variable] ?? []].flat().join(' ') : first(body[column.variable]);
    if (value !== undefined && value.trim() !== '') raw[column.variable] = value;
  }
  // A multiple choice shown in the form (its marker is posted): an unchecked box is a "non",
  // as long as one box is checked; none checked clears the answer.
  for (const q of section.questions) {
    if (q.kind !== 'choix_multiple' || !shown.has(q.variable)) continue;
    const cells = q.options.map((o) => `${q.variable}__${o.code}`);
    if (cells.some((c) => raw[c] === 'oui')) for (const c of cells) raw[c] ??= 'non';
  }
  const answers = unflattenRow(questionnaire, raw, section.questions);
  const result = validateDraft(questionnaire, answers, typeof context === 'number' ? { annee: context } : context);
  const invalidQuestions = new Set(result.issues.map((i) => i.question));
  const patch: PostedSection['patch'] = {};
  for (const q of section.questions) {
    if (!shown.has(q.variable)) continue; // not in the post: the saved answer stays
    if (invalidQuestions.has(q.variable)) continue; // keep what was saved; the error is shown
    patch[q.variable] = result.answers[q.variable] ?? null;
  }
  return { raw, patch, issues: result.issues };
}
