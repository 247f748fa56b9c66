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
} from '../../survey-schema/index.ts';

export type PostedBody = Record<string, string | string[] | undefined>;

export interface PostedSection {
  /** The raw flat values as typed, to show them again next to their errors. */
  raw: FlatRow;
  /** Valid answers of the section's questions; `null` clears a question. */
  patch: Record<string, Answers[string] | null>;
  issues: AnswerIssue[];
}

const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[v.length - 1] : v);

export function readPostedSection(questionnaire: Questionnaire, section: Section, body: PostedBody, annee: number): PostedSection {
  const index = indexOf(questionnaire);
  const sectionQuestions = new Set(section.questions.map((q) => q.variable));
  const multiples = new Set([body.__multiple ?? []].flat());
  const raw: FlatRow = {};
  for (const column of index.columns) {
    if (!sectionQuestions.has(column.question)) continue;
    const value = first(body[column.variable]);
    if (value !== undefined && value.trim() !== '') raw[column.variable] = value;
  }
  // A multiple choice shown in the form (its marker is posted): an unchecked box is a "non",
  // as long as one box is checked; none checked clears the answer.
  for (const q of section.questions) {
    if (q.kind !== 'choix_multiple' || !multiples.has(q.variable)) continue;
    const cells = q.options.map((o) => `${q.variable}__${o.code}`);
    if (cells.some((c) => raw[c] === 'oui')) for (const c of cells) raw[c] ??= 'non';
  }
  const answers = unflattenRow(questionnaire, raw);
  const result = validateDraft(questionnaire, answers, { annee });
  const invalidQuestions = new Set(result.issues.map((i) => i.question));
  const patch: PostedSection['patch'] = {};
  for (const q of section.questions) {
    if (invalidQuestions.has(q.variable)) continue; // keep what was saved; the error is shown
    patch[q.variable] = result.answers[q.variable] ?? null;
  }
  return { raw, patch, issues: result.issues };
}
