/**
 * The meta-schema: what a questionnaire definition must satisfy.
 *
 * A questionnaire is plain data (sections of questions, each of one kind from
 * the registry in `kinds.ts`). Conditions are data too, evaluated over the
 * flattened row (codebook variables), so the same condition works in the
 * form, the API validation and the analytics populations.
 */
import { z } from 'zod';

/** snake_case code: option codes, row codes, question variables. */
export const CodeSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'un code en snake_case minuscule est attendu');

/** A flat variable name may carry `__` between a prefix and a row/option code. */
export const VariableNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'un nom de variable en snake_case minuscule est attendu');

export const OptionSchema = z.object({
  code: CodeSchema,
  label: z.string().min(1),
  help: z.string().optional(),
});
export type Option = z.infer<typeof OptionSchema>;

export type ScalarValue = string | number;

/**
 * A condition over flat variables. `{row}` inside `var` is replaced by the
 * current row code when the condition belongs to a grid column.
 *
 * @example
 * const c: Condition = { all: [{ var: 'copil_existe', eq: 'oui' }, { var: 'copil_nb_membres', gte: 1 }] };
 */
export type Condition =
  | { var: string; eq: ScalarValue }
  | { var: string; ne: ScalarValue }
  | { var: string; in: ScalarValue[] }
  | { var: string; gte: number }
  | { var: string; lte: number }
  | { var: string; answered: boolean }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

const Scalar = z.union([z.string(), z.number()]);
export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ var: z.string(), eq: Scalar }),
    z.strictObject({ var: z.string(), ne: Scalar }),
    z.strictObject({ var: z.string(), in: z.array(Scalar).min(1) }),
    z.strictObject({ var: z.string(), gte: z.number() }),
    z.strictObject({ var: z.string(), lte: z.number() }),
    z.strictObject({ var: z.string(), answered: z.boolean() }),
    z.strictObject({ all: z.array(ConditionSchema).min(1) }),
    z.strictObject({ any: z.array(ConditionSchema).min(1) }),
    z.strictObject({ not: ConditionSchema }),
  ]),
);

// ---- scalar kinds: usable as questions and as grid cells / repeating-group fields

const OuiNonSpec = z.strictObject({ kind: z.literal('oui_non') });
const ChoixUniqueSpec = z.strictObject({
  kind: z.literal('choix_unique'),
  options: z.array(OptionSchema).min(2),
});
const EntierSpec = z.strictObject({
  kind: z.literal('entier'),
  min: z.number().int().optional(),
  max: z.number().int().optional(),
  unit: z.string().optional(),
});
const DecimalSpec = z.strictObject({
  kind: z.literal('decimal'),
  min: z.number().optional(),
  max: z.number().optional(),
  step: z.number().positive().optional(),
  unit: z.string().optional(),
});
const AnneeSpec = z.strictObject({
  kind: z.literal('annee'),
  min: z.number().int().optional(),
  /** Default: the campaign year. */
  max: z.number().int().optional(),
});
const DateSpec = z.strictObject({
  kind: z.literal('date'),
  min: z.string().optional(),
  max: z.string().optional(),
});
const TexteCourtSpec = z.strictObject({
  kind: z.literal('texte_court'),
  maxLength: z.number().int().positive().optional(),
});
const TexteLongSpec = z.strictObject({
  kind: z.literal('texte_long'),
  maxLength: z.number().int().positive().optional(),
});

export const CellSpecSchema = z.discriminatedUnion('kind', [
  OuiNonSpec,
  ChoixUniqueSpec,
  EntierSpec,
  DecimalSpec,
  AnneeSpec,
  DateSpec,
  TexteCourtSpec,
  TexteLongSpec,
]);
export type CellSpec = z.infer<typeof CellSpecSchema>;
export type CellKind = CellSpec['kind'];

/**
 * Carry-forward policy of a question (what the next year's bilan takes from
 * this one): `reprise` — a stable fact, carried; `a_confirmer` — carried, but
 * the coordinator must touch it before submitting; `jamais` — a yearly count,
 * amount or consent, never carried.
 */
export const CarryForwardPolicySchema = z.enum(['reprise', 'a_confirmer', 'jamais']);
export type CarryForwardPolicy = z.infer<typeof CarryForwardPolicySchema>;

const QuestionBase = {
  /** Stable variable name (codebook); for grids and multiple choices, the prefix of the flat columns. */
  variable: VariableNameSchema,
  /** French label; `{annee}` is replaced by the campaign year. */
  label: z.string().min(1),
  /** Short label for tables and messages (defaults to the label). */
  shortLabel: z.string().optional(),
  help: z.string().optional(),
  required: z.boolean().default(false),
  condition: ConditionSchema.optional(),
  /** An optional heading shown above the question, to group questions in a section. */
  heading: z.string().optional(),
  /** Carry-forward policy; a version without it carries everything but the consent (see `carryForward`). */
  report: CarryForwardPolicySchema.optional(),
};

const scalarQuestion = <T extends z.ZodRawShape>(spec: z.ZodObject<T>) =>
  spec.extend(QuestionBase).strict();

const GridColumnSchema = z.strictObject({
  /** Prefix of the flat columns: one per row, `<variable>__<row>`. */
  variable: VariableNameSchema,
  label: z.string().min(1),
  help: z.string().optional(),
  cell: CellSpecSchema,
  required: z.boolean().default(true),
  /** Evaluated per row; `{row}` in a `var` is the current row code. */
  condition: ConditionSchema.optional(),
  /** Carry-forward policy of this column's cells, when it differs from the question's (a yearly count in a stable grid). */
  report: CarryForwardPolicySchema.optional(),
});
export type GridColumn = z.infer<typeof GridColumnSchema>;

const RepeatFieldSchema = z.strictObject({
  code: CodeSchema,
  label: z.string().min(1),
  help: z.string().optional(),
  cell: CellSpecSchema,
  required: z.boolean().default(true),
});
export type RepeatField = z.infer<typeof RepeatFieldSchema>;

export const QuestionSchema = z.discriminatedUnion('kind', [
  scalarQuestion(OuiNonSpec),
  scalarQuestion(ChoixUniqueSpec),
  scalarQuestion(EntierSpec),
  scalarQuestion(DecimalSpec),
  scalarQuestion(AnneeSpec),
  scalarQuestion(DateSpec),
  scalarQuestion(TexteCourtSpec),
  scalarQuestion(TexteLongSpec),
  z
    .strictObject({
      kind: z.literal('choix_multiple'),
      options: z.array(OptionSchema).min(2),
      /** An option code that excludes every other one (e.g. `aucun`). */
      exclusive: z.array(CodeSchema).optional(),
    })
    .extend(QuestionBase),
  z
    .strictObject({
      kind: z.literal('grille'),
      rows: z.array(OptionSchema).min(1),
      columns: z.array(GridColumnSchema).min(1),
    })
    .extend(QuestionBase),
  z
    .strictObject({
      /** Communes (INSEE codes), municipal arrondissements or EPCI (SIREN) of the official geography. */
      kind: z.literal('communes'),
      maxItems: z.number().int().min(1).max(2000),
    })
    .extend(QuestionBase),
  z
    .strictObject({
      kind: z.literal('groupe_repete'),
      itemLabel: z.string().min(1),
      fields: z.array(RepeatFieldSchema).min(1),
      maxItems: z.number().int().min(1).max(50),
    })
    .extend(QuestionBase),
]);
export type Question = z.output<typeof QuestionSchema>;
export type QuestionInput = z.input<typeof QuestionSchema>;
export type QuestionKind = Question['kind'];
export type QuestionOf<K extends QuestionKind> = Extract<Question, { kind: K }>;

export const SectionSchema = z.strictObject({
  id: CodeSchema,
  number: z.number().int().min(0),
  title: z.string().min(1),
  intro: z.string().optional(),
  condition: ConditionSchema.optional(),
  questions: z.array(QuestionSchema).min(1),
});
export type Section = z.output<typeof SectionSchema>;

/**
 * The test of a consistency rule, over the flat row (the campaign year is
 * the variable `annee`). A rule whose variables are not all answered does
 * not apply.
 *
 * - `somme` / `auPlus`: Σ somme ≤ auPlus (seats of usager·es + of proches ≤ seats);
 * - `croissant`: v1 ≤ v2 ≤ … (emergence ≤ creation ≤ campaign year);
 * - `si` / `alors`: when `si` holds, `alors` must hold (conditions as elsewhere).
 */
export type RuleTest = { somme: string[]; auPlus: string } | { croissant: string[] } | { si: Condition; alors: Condition };
export const RuleTestSchema: z.ZodType<RuleTest> = z.union([
  z.strictObject({ somme: z.array(VariableNameSchema).min(1), auPlus: VariableNameSchema }),
  z.strictObject({ croissant: z.array(VariableNameSchema).min(2) }),
  z.strictObject({ si: ConditionSchema, alors: ConditionSchema }),
]);

/**
 * A consistency rule across questions, declared once and checked by the
 * same engine on the server (blocking at submission, a warning in a draft)
 * and in the browser.
 */
export const ConsistencyRuleSchema = z.strictObject({
  id: CodeSchema,
  /** The questions it names, the first one being where the message is shown. */
  questions: z.array(VariableNameSchema).min(2),
  /** French message naming both questions. */
  message: z.string().min(1),
  test: RuleTestSchema,
});
export type ConsistencyRule = z.infer<typeof ConsistencyRuleSchema>;

export const GlossaryEntrySchema = z.strictObject({
  term: z.string().min(1),
  definition: z.string().min(1),
});

export const QuestionnaireSchema = z.strictObject({
  id: CodeSchema,
  /** Pinned by a campaign; an older bilan is always read with its own version. */
  version: z.string().regex(/^\d{4}\.\d+$/, 'version au format AAAA.N attendue'),
  title: z.string().min(1),
  sections: z.array(SectionSchema).min(1),
  glossary: z.array(GlossaryEntrySchema).default([]),
  /** Consistency rules across questions. */
  rules: z.array(ConsistencyRuleSchema).default([]),
});
export type Questionnaire = z.output<typeof QuestionnaireSchema>;
export type QuestionnaireInput = z.input<typeof QuestionnaireSchema>;
