/**
 * Draft and submission validation of an answer set, derived from the definition.
 *
 * - Draft: partial. Each given answer is type-checked; unknown variables are
 *   rejected; `null` or an empty string clears an answer (clearing a variable
 *   of an earlier version that this one no longer asks is a no-op).
 * - Submission: complete. Every required question whose condition holds must
 *   be answered. Answers to questions whose condition is false are **dropped**
 *   (not rejected): a coordinator who answers the COPIL questions, then says
 *   there is no COPIL, can submit; the hidden answers are not kept.
 */
import { evaluateRuleTest, type FlatRow } from './conditions.ts';
import { applicableAnswers } from './flatten.ts';
import { isVariableOfSomeVersion } from './known-variables.ts';
import { handlerOf, isBlank, type Answers, type AnswerValue, type ValidationContext, type GridValue, type RepeatValue } from './kinds.ts';
import type { Question, Questionnaire, Section } from './meta-schema.ts';
import { messages } from './messages.ts';
import { indexOf, labelFor, type QuestionEntry } from './structure.ts';

export interface AnswerIssue {
  /** Flat variable (a grid cell, an option) or the question variable. */
  variable: string;
  question: string;
  section: { id: string; number: number; title: string } | null;
  /** The full French message, naming the section and the question. */
  message: string;
  /** `coherence`: a consistency rule (`rule` names it); `a_confirmer`: carried forward, not confirmed yet. */
  code: 'type' | 'inconnue' | 'obligatoire' | 'coherence' | 'a_confirmer';
  rule?: string;
}

export type ValidationResult = { ok: true; answers: Answers; issues: [] } | { ok: false; answers: Answers; issues: AnswerIssue[] };

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function sectionRef(section: Section) {
  return { id: section.id, number: section.number, title: section.title };
}

function issueFor(entry: QuestionEntry, variable: string, detail: string, code: AnswerIssue['code'], ctx: ValidationContext, where?: string): AnswerIssue {
  const q = entry.question;
  const label = labelFor((q.shortLabel ?? q.label) + (where ? ` (${where})` : ''), ctx.annee);
  return { variable, question: q.variable, section: sectionRef(entry.section), message: messages.situe(entry.section, label, detail), code };
}

/** Removes blank cells, so that a stored answer set only holds answers. */
function normalize(q: Question, value: AnswerValue): AnswerValue | undefined {
  if (q.kind === 'grille') {
    const out: GridValue = {};
    for (const [row, cells] of Object.entries(value as GridValue)) {
      for (const [col, v] of Object.entries(cells)) if (!isBlank(v)) (out[row] ??= {})[col] = v;
    }
    return Object.keys(out).length ? out : undefined;
  }
  if (q.kind === 'groupe_repete') {
    const items = (value as RepeatValue)
      .map((item) => Object.fromEntries(Object.entries(item).filter(([, v]) => !isBlank(v))))
      .filter((item) => Object.keys(item).length > 0);
    return items.length ? items : undefined;
  }
  if (q.kind === 'choix_multiple') {
    // Stored in the options' order, as read back from the flat columns.
    const chosen = new Set(value as string[]);
    return q.options.map((o) => o.code).filter((code) => chosen.has(code));
  }
  return value;
}

/**
 * Partial validation of a draft: each answer given, checked and normalised
 * on its own (a save sends a section or a few answers, not the bilan). The
 * consistency rules read the whole bilan: `consistencyIssues` on the merged
 * answers gives a draft's warnings (the same rules block the submission).
 *
 * @example
 * validateDraft(questionnaire, { copil_nb_reunions: -1 }, { annee: 2025 }).issues[0]?.message;
 * // "Section 4 — Nombre de réunions du comité de pilotage en 2025 : un nombre entier positif est attendu"
 */
export function validateDraft(questionnaire: Questionnaire, answers: unknown, ctx: ValidationContext = {}): ValidationResult {
  const index = indexOf(questionnaire);
  if (!isPlainObject(answers)) {
    return { ok: false, answers: {}, issues: [{ variable: '', question: '', section: null, message: 'Les réponses doivent être un objet { variable: réponse }', code: 'type' }] };
  }
  const issues: AnswerIssue[] = [];
  const clean: Answers = {};
  for (const [variable, value] of Object.entries(answers)) {
    const entry = index.questions.get(variable);
    // Clearing a question of an earlier version that this one no longer asks: nothing to clear.
    if (!entry && isBlank(value) && isVariableOfSomeVersion(variable)) continue;
    if (!entry) {
      issues.push({ variable, question: variable, section: null, message: `Réponses : ${messages.variableInconnue(variable)}`, code: 'inconnue' });
      continue;
    }
    if (isBlank(value)) continue;
    const found = handlerOf(entry.question).validate(entry.question, value, ctx);
    for (const i of found) issues.push(issueFor(entry, i.variable, i.message, 'type', ctx, i.where));
    if (found.length === 0) {
      const v = normalize(entry.question, value as AnswerValue);
      if (v !== undefined) clean[variable] = v;
    }
  }
  return issues.length ? { ok: false, answers: clean, issues } : { ok: true, answers: clean, issues: [] };
}

/**
 * A single answer checked and normalised as a draft would keep it
 * (undefined when it is invalid or empty), without the rest of a draft's
 * work: for converting answers between versions.
 *
 * @example checkAnswer(getQuestionnaire(), 'copil_nb_reunions', 2); // 2
 */
export function checkAnswer(questionnaire: Questionnaire, variable: string, value: unknown, ctx: ValidationContext = {}): AnswerValue | undefined {
  const entry = indexOf(questionnaire).questions.get(variable);
  if (!entry || isBlank(value)) return undefined;
  if (handlerOf(entry.question).validate(entry.question, value, ctx).length) return undefined;
  return normalize(entry.question, value as AnswerValue);
}

/**
 * The consistency rules of the questionnaire that the answers break (among
 * the questions that apply), each as an issue located on the rule's first
 * question, with the rule's French message naming both questions. Rules
 * whose numbers are not all answered do not apply.
 *
 * @example
 * consistencyIssues(q, { copil_existe: 'oui', copil_nb_membres: 4, copil_nb_usagers: 3, copil_nb_aidants: 2 }, { annee: 2027 })[0]?.code; // 'coherence'
 */
export function consistencyIssues(questionnaire: Questionnaire, answers: Answers, ctx: ValidationContext = {}, row?: FlatRow): AnswerIssue[] {
  if (questionnaire.rules.length === 0) return [];
  const index = indexOf(questionnaire);
  const flat = row ?? applicableAnswers(questionnaire, answers, ctx).row;
  if (ctx.annee !== undefined) flat.annee ??= ctx.annee;
  const issues: AnswerIssue[] = [];
  for (const rule of questionnaire.rules) {
    if (evaluateRuleTest(rule.test, flat) !== false) continue;
    const entry = index.questions.get(rule.questions[0]!);
    if (!entry) continue;
    issues.push({ ...issueFor(entry, rule.questions[0]!, labelFor(rule.message, ctx.annee), 'coherence', ctx), rule: rule.id });
  }
  return issues;
}

export interface SectionProgress {
  id: string;
  number: number;
  title: string;
  required: number;
  answered: number;
}

export interface Completeness {
  /** Answers of the questions that apply; the others are dropped. */
  answers: Answers;
  missing: AnswerIssue[];
  required: number;
  answered: number;
  /** 0-100, answered / required among the questions that apply. */
  pct: number;
  sections: SectionProgress[];
  /** Variables of the questions (and grid cells) that apply given the answers. */
  applicable: Set<string>;
  /** The flat row of the answers that apply (what the consistency rules read: pass it to `consistencyIssues`). */
  row: FlatRow;
}

/**
 * What is missing for a submission, and the progress per section, among the
 * questions that apply given the answers.
 */
export function completeness(questionnaire: Questionnaire, answers: Answers, ctx: ValidationContext = {}): Completeness {
  const index = indexOf(questionnaire);
  const { answers: kept, row, applicable } = applicableAnswers(questionnaire, answers, ctx);
  const missing: AnswerIssue[] = [];
  const sections = new Map<string, SectionProgress>(
    questionnaire.sections.map((s) => [s.id, { id: s.id, number: s.number, title: s.title, required: 0, answered: 0 }]),
  );
  for (const entry of index.ordered) {
    const q = entry.question;
    if (!applicable.has(q.variable)) continue;
    if (!q.required && !(q.kind === 'groupe_repete' && kept[q.variable] !== undefined)) continue;
    const progress = sections.get(entry.section.id)!;
    for (const req of handlerOf(q).requirements(q, row)) {
      progress.required++;
      if (req.answered) progress.answered++;
      else missing.push(issueFor(entry, req.variable, messages.obligatoire, 'obligatoire', ctx, req.where));
    }
  }
  const list = [...sections.values()];
  const required = list.reduce((s, p) => s + p.required, 0);
  const answered = list.reduce((s, p) => s + p.answered, 0);
  return { answers: kept, missing, required, answered, pct: required ? Math.round((1000 * answered) / required) / 10 : 100, sections: list, applicable, row };
}

/**
 * Full validation for a submission: draft checks, then every required
 * question that applies, the consistency rules, and the answers carried
 * forward "à confirmer" that were not touched (`ctx.pendingConfirmation`).
 * Returns the answers without those that do not apply.
 *
 * @example validateSubmission(getQuestionnaire(), exampleBilan(), { annee: 2027 }).ok; // true
 */
export function validateSubmission(questionnaire: Questionnaire, answers: unknown, ctx: ValidationContext = {}): ValidationResult {
  const draft = validateDraft(questionnaire, answers, ctx);
  if (!draft.ok) return draft;
  const c = completeness(questionnaire, draft.answers, ctx);
  const index = indexOf(questionnaire);
  const pending: AnswerIssue[] = [];
  for (const variable of new Set(ctx.pendingConfirmation ?? [])) {
    const entry = index.questions.get(variable);
    if (entry && c.answers[variable] !== undefined) pending.push(issueFor(entry, variable, messages.aConfirmer, 'a_confirmer', ctx));
  }
  const issues = [...c.missing, ...consistencyIssues(questionnaire, c.answers, ctx), ...pending];
  return issues.length ? { ok: false, answers: c.answers, issues } : { ok: true, answers: c.answers, issues: [] };
}
