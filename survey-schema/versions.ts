/**
 * From one questionnaire version to the next: the mapping as data, the
 * answers of an older bilan expressed in a later version, the carry-forward
 * of last year's answers into this year's bilan, and the harmonised flat row
 * the indicators read whatever the version a bilan was filled with.
 */
import { z } from 'zod';
import { derivedVariablesOf } from './derived.ts';
import { flatColumnNames, flattenAnswers, type BilanIdentity, type FlattenOptions } from './flatten.ts';
import { handlerOf, type AnswerValue, type Answers, type GridValue, type ValidationContext } from './kinds.ts';
import { VariableNameSchema, type CarryForwardPolicy, type Question, type Questionnaire } from './meta-schema.ts';
import { indexOf } from './structure.ts';
import { rememberVariables } from './known-variables.ts';
import { checkAnswer } from './validate.ts';
import type { FlatRow } from './conditions.ts';

const CodeMap = z.record(z.string(), z.string().nullable());

/** One variable of the older version: kept (with a note), renamed, recoded, split or dropped. */
export const VariableMappingSchema = z.strictObject({
  /** The question variable in the older version. */
  de: VariableNameSchema,
  /** Its question in the later version, when renamed. */
  vers: VariableNameSchema.optional(),
  /** Option codes (choice, multiple choice, grid cells) recoded; null drops the option or the cell. */
  codes: CodeMap.optional(),
  /** Grid rows renamed; null drops the row. */
  lignes: CodeMap.optional(),
  /** An answer code of the older version becomes these answers of the later one (multiple choices are merged). */
  eclate: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
  /** No equivalent in the later version: why. */
  supprimee: z.string().min(1).optional(),
  note: z.string().optional(),
});
export const VersionMappingSchema = z.strictObject({
  de: z.string().regex(/^\d{4}\.\d+$/),
  vers: z.string().regex(/^\d{4}\.\d+$/),
  variables: z.array(VariableMappingSchema),
});
export type VariableMapping = z.infer<typeof VariableMappingSchema>;
export type VersionMapping = z.infer<typeof VersionMappingSchema>;
export type VersionMappingInput = z.input<typeof VersionMappingSchema>;

/** Whether a mapping entry changes the answer (renamed, recoded, split or dropped), not only notes it. @example changesAnswer({ de: 'objectifs_annee', note: 'déplacée' }); // false */
export const changesAnswer = (m: VariableMapping): boolean => m.vers !== undefined || m.codes !== undefined || m.lignes !== undefined || m.eclate !== undefined || m.supprimee !== undefined;

const isGrid = (v: unknown): v is GridValue => typeof v === 'object' && v !== null && !Array.isArray(v);

function recode(value: AnswerValue, codes: Record<string, string | null> | undefined, lignes: Record<string, string | null> | undefined): AnswerValue | undefined {
  const code = (c: string | number): string | number | null => (typeof c === 'string' && codes && c in codes ? codes[c]! : c);
  if (typeof value === 'string' || typeof value === 'number') {
    const v = code(value);
    return v === null ? undefined : v;
  }
  if (Array.isArray(value)) {
    if (value.every((x) => typeof x === 'string')) return (value as string[]).map(code).filter((c): c is string => c !== null);
    return value; // a repeating group: rows as they are
  }
  if (isGrid(value)) {
    const out: GridValue = {};
    for (const [row, cells] of Object.entries(value)) {
      const target = lignes && row in lignes ? lignes[row] : row;
      if (target === null || target === undefined) continue;
      for (const [column, cell] of Object.entries(cells)) {
        const v = code(cell);
        if (v !== null) (out[target] ??= {})[column] = v;
      }
    }
    return Object.keys(out).length ? out : undefined;
  }
  return value;
}

/** Merges answers into `out`: multiple choices (lists of codes) are united, other answers replaced. */
function merge(out: Answers, add: Record<string, unknown>): void {
  for (const [variable, value] of Object.entries(add)) {
    const before = out[variable];
    if (Array.isArray(before) && Array.isArray(value)) out[variable] = [...new Set([...(before as string[]), ...(value as string[])])];
    else out[variable] = value as AnswerValue;
  }
}

/**
 * The answers of a bilan of `mapping.de` expressed in `mapping.vers`:
 * renamed, recoded, split or dropped as the mapping says; a variable it does
 * not list keeps its name and value. Not validated: see `conformAnswers`.
 *
 * @example applyMapping(mapping2026To2027, { bilan_annuel_diffuse: 'oui' }); // { bilan_precedent_realise: 'oui', bilan_precedent_diffusion: ['membres', 'financeurs'] }
 */
export function applyMapping(mapping: VersionMapping | VersionMappingInput, answers: Answers): Answers {
  const entries = new Map(mapping.variables.map((m) => [m.de, m as VariableMapping]));
  const out: Answers = {};
  for (const [variable, value] of Object.entries(answers)) {
    const m = entries.get(variable);
    if (!m) {
      merge(out, { [variable]: value });
      continue;
    }
    if (m.supprimee !== undefined) continue;
    if (m.eclate) {
      const split = typeof value === 'string' ? m.eclate[value] : undefined;
      if (split) merge(out, split);
      continue;
    }
    const v = recode(value, m.codes ?? undefined, m.lignes ?? undefined);
    if (v !== undefined) merge(out, { [m.vers ?? variable]: v });
  }
  return out;
}

/**
 * Keeps of an answer set what the questionnaire accepts: known questions,
 * and within an answer the options, rows and cells that are valid (a grid
 * keeps its valid cells, a multiple choice its known options); an answer
 * that cannot be kept is dropped.
 *
 * @example conformAnswers(getQuestionnaire('2027.1'), { terr_communes: 'Montreuil', copil_existe: 'oui' }); // { copil_existe: 'oui' }
 */
export function conformAnswers(questionnaire: Questionnaire, answers: Answers, ctx: ValidationContext = {}): Answers {
  const index = indexOf(questionnaire);
  const out: Answers = {};
  for (const [variable, value] of Object.entries(answers)) {
    const entry = index.questions.get(variable);
    if (!entry) continue;
    const q = entry.question;
    let candidate: AnswerValue | undefined = value;
    if (q.kind === 'choix_multiple' && Array.isArray(value)) {
      const known = (value as string[]).filter((c) => q.options.some((o) => o.code === c));
      const exclusive = known.filter((c) => q.exclusive?.includes(c));
      candidate = exclusive.length && known.length > 1 ? known.filter((c) => !q.exclusive?.includes(c)) : known;
      if (candidate.length === 0) candidate = undefined;
    } else if (q.kind === 'grille' && isGrid(value) && handlerOf(q).validate(q, value, ctx).length > 0) {
      // Some cells are wrong for this version (an unknown row or code): keep the valid ones.
      const grid: GridValue = {};
      for (const row of q.rows) {
        for (const column of q.columns) {
          const cell = value[row.code]?.[column.variable];
          if (cell === undefined) continue;
          if (handlerOf(q).validate(q, { [row.code]: { [column.variable]: cell } }, ctx).length === 0) (grid[row.code] ??= {})[column.variable] = cell;
        }
      }
      candidate = Object.keys(grid).length ? grid : undefined;
    }
    if (candidate === undefined) continue;
    const checked = checkAnswer(questionnaire, variable, candidate, ctx);
    if (checked !== undefined) out[variable] = checked;
  }
  return out;
}

// ---------------------------------------------------------------- registered mappings

let registered: VersionMapping[] | undefined;
let registeredVersions: readonly Questionnaire[] | undefined;

/**
 * Registers the mappings between consecutive versions (the questionnaire
 * registry does, once). Each is checked by its zod schema, and must join
 * two consecutive versions of the registry.
 *
 * @example registerMappings([v2026, v2027], [mapping2026To2027]);
 */
export function registerMappings(versions: readonly Questionnaire[], mappings: readonly VersionMappingInput[]): void {
  const parsed = mappings.map((m) => VersionMappingSchema.parse(m));
  for (let i = 1; i < versions.length; i++) {
    const [from, to] = [versions[i - 1]!.version, versions[i]!.version];
    if (!parsed.some((m) => m.de === from && m.vers === to)) throw new Error(`Correspondance de version manquante : ${from} → ${to}`);
  }
  registered = parsed;
  registeredVersions = versions;
  for (const q of versions) rememberVariables(indexOf(q).questions.keys());
}

/** The registered mappings, oldest first. @example versionMappings()[0]?.de; // '2026.1' */
export function versionMappings(): readonly VersionMapping[] {
  if (!registered) throw new Error('Aucune correspondance de version enregistrée');
  return registered;
}

/**
 * The mappings to apply, in order, from one version to a later one (empty
 * for the same version).
 *
 * @example mappingChain('2026.1', '2027.1').length; // 1
 */
export function mappingChain(from: string, to: string): VersionMapping[] {
  const versions = (registeredVersions ?? []).map((q) => q.version);
  const [i, j] = [versions.indexOf(from), versions.indexOf(to)];
  if (i < 0 || j < 0) throw new Error(`Version de questionnaire inconnue : ${i < 0 ? from : to}`);
  if (j < i) throw new Error(`Pas de correspondance d’une version à une version antérieure (${from} → ${to})`);
  return versions.slice(i, j).map((v, k) => versionMappings().find((m) => m.de === v && m.vers === versions[i + k + 1])!);
}

/**
 * An older bilan's answers in a later version: every mapping between them
 * applied in turn, then kept to what the later version accepts.
 *
 * @example migrateAnswers(getQuestionnaire('2026.1'), exampleBilan2026(), getQuestionnaire('2027.1')).bilan_precedent_realise; // 'oui'
 */
export function migrateAnswers(from: Questionnaire, answers: Answers, to: Questionnaire, ctx: ValidationContext = {}): Answers {
  let out = answers;
  for (const m of mappingChain(from.version, to.version)) out = applyMapping(m, out);
  // An answer to a question the two versions define alike (same kind, options, rows, cells, bounds) and
  // the mapping leaves alone is valid as it is: only the others are checked.
  const same = sameQuestions(from, to);
  const kept: Answers = {};
  const toCheck: Answers = {};
  for (const [variable, value] of Object.entries(out)) (same.has(variable) ? kept : toCheck)[variable] = value;
  return { ...kept, ...conformAnswers(to, toCheck, ctx) };
}

const alike = new WeakMap<Questionnaire, WeakMap<Questionnaire, Set<string>>>();

/** What an answer's validity depends on: the question without its wording, condition and policies. */
function answerShape(q: Question): string {
  const { label: _l, shortLabel: _s, help: _h, condition: _c, heading: _hd, report: _r, required: _rq, ...shape } = q as Question & Record<string, unknown>;
  if (q.kind === 'grille') (shape as Record<string, unknown>).columns = q.columns.map(({ variable, cell }) => ({ variable, cell }));
  if (q.kind === 'groupe_repete') (shape as Record<string, unknown>).fields = q.fields.map(({ code, cell }) => ({ code, cell }));
  return JSON.stringify(shape);
}

/** Questions defined alike in both versions and not touched by a mapping between them, once per pair. */
function sameQuestions(from: Questionnaire, to: Questionnaire): Set<string> {
  let byTarget = alike.get(from);
  if (!byTarget) alike.set(from, (byTarget = new WeakMap()));
  let set = byTarget.get(to);
  if (!set) {
    const touched = new Set(mappingChain(from.version, to.version).flatMap((m) => m.variables.filter(changesAnswer).flatMap((v) => [v.de, ...(v.vers ? [v.vers] : [])])));
    const target = indexOf(to).questions;
    set = new Set(
      indexOf(from)
        .ordered.map((e) => e.question)
        .filter((q) => !touched.has(q.variable) && target.has(q.variable) && answerShape(q) === answerShape(target.get(q.variable)!.question))
        .map((q) => q.variable),
    );
    byTarget.set(to, set);
  }
  return set;
}

// ---------------------------------------------------------------- carry-forward

/**
 * A question's carry-forward policy: its `report`, or for a version that
 * declares none (2026.1) the rule it was used with, everything carried but
 * the consent to share with the CCOMS.
 *
 * @example carryPolicy(getQuestionnaire('2027.1'), 'copil_nb_reunions'); // 'jamais'
 * @example carryPolicy(getQuestionnaire('2026.1'), 'copil_nb_reunions'); // 'reprise'
 */
export function carryPolicy(questionnaire: Questionnaire, variable: string): CarryForwardPolicy {
  const q = indexOf(questionnaire).questions.get(variable)?.question;
  if (!q) return 'jamais';
  return q.report ?? (variable === 'consentement_ccoms' ? 'jamais' : 'reprise');
}

export interface CarryForward {
  /** The answers carried into the new bilan (valid drafts of the target version). */
  answers: Answers;
  /** Carried "à confirmer": the coordinator must touch them before submitting (`ValidationContext.pendingConfirmation`). */
  aConfirmer: string[];
  /** Sections holding at least one carried answer (the "reprises" sections of the form). */
  sections: string[];
  /** Questions answered last year and not carried (policy `jamais`, or no equivalent in the target version). */
  nonRepris: string[];
}

/** A grid answer without the cells of its columns whose policy is `jamais`. */
function withoutYearlyColumns(q: Question, value: AnswerValue): AnswerValue | undefined {
  if (q.kind !== 'grille' || !isGrid(value)) return value;
  const yearly = new Set(q.columns.filter((c) => c.report === 'jamais').map((c) => c.variable));
  if (yearly.size === 0) return value;
  const out: GridValue = {};
  for (const [row, cells] of Object.entries(value)) {
    for (const [column, cell] of Object.entries(cells)) if (!yearly.has(column)) (out[row] ??= {})[column] = cell;
  }
  return Object.keys(out).length ? out : undefined;
}

/**
 * Last year's answers carried into this year's bilan: expressed in this
 * year's version (through the registered mappings, or `mapping` when given,
 * for two versions that are not in the registry), kept to what it accepts,
 * then each question according to its policy — `reprise` carried, `a_confirmer`
 * carried and listed, `jamais` not carried (grid columns may say `jamais` for
 * their cells: this year's meetings in the working-group grid).
 *
 * Contract for the server's prefill (`prefillFor`): call it with the
 * previous bilan's questionnaire and answers and the campaign's
 * questionnaire; store `answers` as the draft, `sections` as the carried
 * sections, and `aConfirmer` as the variables to confirm; remove a variable
 * from that list when a save touches it; pass the list left as
 * `pendingConfirmation` to `validateSubmission`.
 *
 * @example
 * const carried = carryForward(getQuestionnaire('2026.1'), exampleBilan2026(), getQuestionnaire('2027.1'));
 * carried.answers.copil_nb_reunions; // undefined: a yearly count is never carried
 * carried.aConfirmer.includes('copil_nb_membres'); // true
 */
export function carryForward(from: Questionnaire, fromAnswers: Answers, to: Questionnaire, mapping?: VersionMapping | VersionMappingInput, ctx: ValidationContext = {}): CarryForward {
  const expressed =
    from.version === to.version ? conformAnswers(to, fromAnswers, ctx) : mapping ? conformAnswers(to, applyMapping(mapping, fromAnswers), ctx) : migrateAnswers(from, fromAnswers, to, ctx);
  const answers: Answers = {};
  const aConfirmer: string[] = [];
  const sections = new Set<string>();
  const carriedQuestions = new Set<string>();
  for (const entry of indexOf(to).ordered) {
    const q = entry.question;
    const value = expressed[q.variable];
    if (value === undefined) continue;
    const policy = carryPolicy(to, q.variable);
    if (policy === 'jamais') continue;
    const kept = withoutYearlyColumns(q, value);
    if (kept === undefined) continue;
    answers[q.variable] = kept;
    carriedQuestions.add(q.variable);
    sections.add(entry.section.id);
    if (policy === 'a_confirmer') aConfirmer.push(q.variable);
  }
  const nonRepris = Object.keys(fromAnswers).filter((v) => !carriedQuestions.has(v) && !(from.version !== to.version && renamedInto(from, to, v, carriedQuestions)));
  return { answers, aConfirmer, sections: to.sections.filter((s) => sections.has(s.id)).map((s) => s.id), nonRepris };
}

/** Whether an older variable was carried under another name (renamed or split into carried questions). */
function renamedInto(from: Questionnaire, to: Questionnaire, variable: string, carried: Set<string>): boolean {
  for (const m of mappingChain(from.version, to.version)) {
    const entry = m.variables.find((x) => x.de === variable);
    if (!entry) continue;
    if (entry.vers) return carried.has(entry.vers);
    if (entry.eclate) return Object.values(entry.eclate).some((split) => Object.keys(split).some((v) => carried.has(v)));
  }
  return false;
}

// ---------------------------------------------------------------- harmonised rows

/**
 * The flat row of a bilan in the columns of `target` (the current version),
 * whatever the version it was filled with, so that indicators and trends
 * compare like with like:
 * - a column of both versions whose question the mapping leaves unchanged
 *   keeps the bilan's own value (the same variable means the same thing:
 *   versions never change a variable's meaning in place);
 * - a renamed, recoded or split question takes the mapped value;
 * - a variable asked in the older version and derived in the later one
 *   (`terr_population`, `gt_nb_reunions`…) keeps the value the bilan gave;
 * - a question new in the later version is empty.
 *
 * @example flattenHarmonised(getQuestionnaire('2026.1'), exampleBilan2026(), getQuestionnaire('2027.1'), { clsm_id: 'c', annee: 2025 }).bilan_precedent_realise; // 'oui'
 */
export function flattenHarmonised(own: Questionnaire, answers: Answers, target: Questionnaire, identity?: BilanIdentity, options: FlattenOptions = {}): FlatRow {
  if (own === target) return flattenAnswers(target, answers, identity, options);
  const ownRow = flattenAnswers(own, answers, identity, options);
  const row = flattenAnswers(target, migrateAnswers(own, answers, target), identity, options);
  for (const column of ownValueColumns(own, target)) row[column] = ownRow[column] ?? null;
  return row;
}

const ownValues = new WeakMap<Questionnaire, WeakMap<Questionnaire, string[]>>();

/** The columns of `target` whose harmonised value is the bilan's own (see `flattenHarmonised`), once per pair of versions. */
function ownValueColumns(own: Questionnaire, target: Questionnaire): string[] {
  let byTarget = ownValues.get(own);
  if (!byTarget) ownValues.set(own, (byTarget = new WeakMap()));
  let columns = byTarget.get(target);
  if (!columns) {
    const changed = new Set(mappingChain(own.version, target.version).flatMap((m) => m.variables.filter(changesAnswer).map((v) => v.de)));
    const ownColumns = new Set(flatColumnNames(own));
    const ownIndex = indexOf(own);
    columns = [
      ...indexOf(target)
        .columns.map((c) => c.variable)
        .filter((c) => ownColumns.has(c) && !changed.has(ownIndex.columnsByVariable.get(c)?.question ?? '')),
      ...derivedVariablesOf(target)
        .map((d) => d.variable)
        .filter((c) => ownColumns.has(c)),
    ];
    byTarget.set(target, columns);
  }
  return columns;
}
