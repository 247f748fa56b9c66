/**
 * The registry of question kinds. For each kind it gives the answer
 * validator, the codebook columns, the flattening of an answer into cells
 * and back, and what "answered" means for a required question.
 *
 * `kinds` is checked with `satisfies`: adding a kind to the meta-schema fails
 * to compile here (and in web/ for the renderers) until it is handled.
 */
import { z } from 'zod';
import { evaluateCondition, type FlatCell, type FlatRow } from './conditions.ts';
import type { CellSpec, CellKind, Option, Question, QuestionKind, QuestionOf } from './meta-schema.ts';
import { commune, epci, isEpciCode } from './geography.ts';
import { messages } from './messages.ts';

export type CellValue = string | number;
export type GridValue = Record<string, Record<string, CellValue>>;
export type RepeatValue = Array<Record<string, CellValue>>;
export type AnswerValue = CellValue | string[] | GridValue | RepeatValue;
/** An answer set: keyed by question variable. */
export type Answers = Record<string, AnswerValue>;

export interface ValidationContext {
  /** The campaign year: bounds years and dates, and fills `{annee}` in labels; `annee` in conditions and rules. */
  annee?: number;
  /** The CLSM's region (INSEE): `region` in conditions (Île-de-France-only questions). Unknown: such questions are asked. */
  region?: string | null;
  /** The CLSM's département (INSEE): `departement` in conditions. */
  departement?: string | null;
  /**
   * Variables carried forward "à confirmer" and not touched since (the
   * server keeps the list): submission refuses them until they are.
   */
  pendingConfirmation?: Iterable<string>;
}

/** One flat column of the codebook, produced by a question. */
export interface Column {
  variable: string;
  /** The question this column belongs to. */
  question: string;
  label: string;
  type: CellKind | 'oui_non_option' | 'communes';
  options?: Option[];
  unit?: string;
  min?: number;
  max?: number;
  /** For grid cells and repeating-group fields: the condition evaluated with this row code. */
  row?: string;
}

export interface CellIssue {
  /** The flat variable (or the question variable when the whole answer is wrong). */
  variable: string;
  /** A label naming the cell inside the question (row, field), if any. */
  where?: string;
  message: string;
}

export interface Requirement {
  variable: string;
  where?: string;
  answered: boolean;
}

interface KindHandler<K extends QuestionKind> {
  /** Type-check a given answer (never called with null/undefined). */
  validate(q: QuestionOf<K>, value: unknown, ctx: ValidationContext): CellIssue[];
  columns(q: QuestionOf<K>): Column[];
  /** The answer's cells (null where unanswered), written into `into` (a new object by default), which is returned. */
  flatten(q: QuestionOf<K>, value: AnswerValue | undefined, into?: FlatRow): FlatRow;
  /** From flat cells (typed, or raw strings from a CSV or a form) back to an answer; undefined when nothing is there. */
  unflatten(q: QuestionOf<K>, row: FlatRow): AnswerValue | undefined;
  /** The answers a required question needs, given the rest of the row. */
  requirements(q: QuestionOf<K>, row: FlatRow): Requirement[];
}

// ---------------------------------------------------------------- cells

const isBlank = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/**
 * Validators built so far, per cell spec and campaign year: building a zod
 * schema costs about 100 times parsing with it, and a draft save checks
 * a few cells of the same questionnaire again and again. Specs are
 * definitions, never mutated; a spec no longer referenced is collected.
 */
const cellSchemas = new WeakMap<CellSpec, Map<number | undefined, z.ZodType<CellValue>>>();

/** The zod validator of one cell, with French messages. */
export function cellSchema(spec: CellSpec, ctx: ValidationContext = {}): z.ZodType<CellValue> {
  // Only years and dates depend on the campaign year.
  const annee = spec.kind === 'annee' || spec.kind === 'date' ? ctx.annee : undefined;
  let byYear = cellSchemas.get(spec);
  if (!byYear) cellSchemas.set(spec, (byYear = new Map()));
  let schema = byYear.get(annee);
  if (!schema) byYear.set(annee, (schema = buildCellSchema(spec, annee)));
  return schema;
}

function buildCellSchema(spec: CellSpec, annee: number | undefined): z.ZodType<CellValue> {
  switch (spec.kind) {
    case 'oui_non':
      return z.enum(['oui', 'non'], { error: messages.ouiNon });
    case 'choix_unique': {
      const codes = spec.options.map((o) => o.code) as [string, ...string[]];
      return z.enum(codes, { error: messages.choixUnique(spec.options.map((o) => o.label)) });
    }
    case 'entier': {
      const positive = spec.min !== undefined && spec.min >= 0;
      const typeMsg = positive ? messages.entierPositif : messages.entier;
      let s = z.number({ error: typeMsg }).int({ error: typeMsg });
      if (spec.min !== undefined) s = s.min(spec.min, { error: positive && spec.min === 0 ? typeMsg : messages.min(spec.min, spec.unit) });
      if (spec.max !== undefined) s = s.max(spec.max, { error: messages.max(spec.max, spec.unit) });
      return s;
    }
    case 'decimal': {
      let s = z.number({ error: messages.nombre }).refine(Number.isFinite, { error: messages.nombre });
      if (spec.min !== undefined) s = s.refine((n) => n >= spec.min!, { error: messages.min(spec.min, spec.unit) });
      if (spec.max !== undefined) s = s.refine((n) => n <= spec.max!, { error: messages.max(spec.max, spec.unit) });
      return s;
    }
    case 'annee': {
      const min = spec.min ?? 1900;
      const max = spec.max ?? annee ?? 2100;
      return z
        .number({ error: messages.annee })
        .int({ error: messages.annee })
        .min(min, { error: messages.anneeMin(min) })
        .max(max, { error: messages.anneeMax(max) });
    }
    case 'date': {
      let s = z.iso.date({ error: messages.date });
      const max = spec.max ?? (annee !== undefined ? `${annee + 1}-12-31` : undefined);
      if (spec.min !== undefined) s = s.refine((d) => d >= spec.min!, { error: messages.dateMin(spec.min) }) as never;
      if (max !== undefined) s = s.refine((d) => d <= max, { error: messages.dateMax(max) }) as never;
      return s;
    }
    case 'texte_court':
    case 'texte_long': {
      const max = spec.maxLength ?? (spec.kind === 'texte_court' ? 300 : 5000);
      return z
        .string({ error: messages.texte })
        .max(max, { error: messages.texteTropLong(max) })
        .refine((text) => textProblem(text) === null, { error: (issue) => textProblem(issue.input as string) ?? messages.texte });
    }
  }
}

// Control characters (C0, DEL, C1) but tab and line breaks; with the `u` flag, a surrogate code unit matches only when unpaired.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * What makes a text unfit to store, in French, or null: a NUL or another
 * control character (tab and line breaks are fine), or half of a surrogate
 * pair (a character cut in two). Checked for every text answer (API, form,
 * imports) and by the server for registry texts.
 *
 * @example textProblem('Ligne 1\nLigne 2'); // null
 * @example textProblem('a\u0000b'); // 'le texte contient un caractère de contrôle (U+0000) : …'
 */
export function textProblem(text: string): string | null {
  const control = CONTROL.exec(text);
  if (control) return messages.caractereControle(control[0].codePointAt(0)!);
  if (LONE_SURROGATE.test(text)) return messages.surrogatSeul;
  return null;
}

/**
 * Reads one raw cell (a CSV field, a form field) leniently: French decimal
 * commas, option labels for codes, `JJ/MM/AAAA` dates, `Oui`/`1` for oui.
 * A value that cannot be read is returned as is, so that validation names it.
 *
 * @example
 * parseCell({ kind: 'decimal' }, '0,5'); // 0.5
 * parseCell({ kind: 'oui_non' }, 'Oui'); // 'oui'
 */
export function parseCell(spec: CellSpec, raw: FlatCell | undefined): CellValue | undefined {
  if (isBlank(raw)) return undefined;
  if (typeof raw === 'number') return raw;
  const text = String(raw).trim();
  switch (spec.kind) {
    case 'oui_non': {
      const t = text.toLowerCase();
      if (['oui', '1', 'true', 'vrai', 'o'].includes(t)) return 'oui';
      if (['non', '0', 'false', 'faux', 'n'].includes(t)) return 'non';
      return text;
    }
    case 'choix_unique': {
      const byCode = spec.options.find((o) => o.code === text);
      if (byCode) return byCode.code;
      const byLabel = spec.options.find((o) => o.label.toLowerCase() === text.toLowerCase());
      return byLabel ? byLabel.code : text;
    }
    case 'entier':
    case 'annee':
    case 'decimal': {
      const n = Number(text.replace(/\s/g, '').replace(',', '.'));
      return text !== '' && Number.isFinite(n) ? n : text;
    }
    case 'date': {
      const fr = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
      if (fr) return `${fr[3]}-${fr[2]!.padStart(2, '0')}-${fr[1]!.padStart(2, '0')}`;
      return text;
    }
    case 'texte_court':
    case 'texte_long':
      return String(raw);
  }
}

function checkCell(spec: CellSpec, value: unknown, ctx: ValidationContext): string | null {
  const r = cellSchema(spec, ctx).safeParse(value);
  return r.success ? null : (r.error.issues[0]?.message ?? messages.texte);
}

const cellColumnExtras = (spec: CellSpec): Pick<Column, 'options' | 'unit' | 'min' | 'max'> => {
  switch (spec.kind) {
    case 'choix_unique':
      return { options: spec.options };
    case 'oui_non':
      return { options: OUI_NON };
    case 'entier':
    case 'decimal':
      return { unit: spec.unit, min: spec.min, max: spec.max };
    case 'annee':
      return { min: spec.min, max: spec.max };
    default:
      return {};
  }
};

export const OUI_NON: Option[] = [
  { code: 'oui', label: 'Oui' },
  { code: 'non', label: 'Non' },
];

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

// ---------------------------------------------------------------- scalar kinds

const scalarHandler: KindHandler<CellKind> = {
    validate(q, value, ctx) {
      const message = checkCell(q, value, ctx);
      return message ? [{ variable: q.variable, message }] : [];
    },
    columns(q) {
      return [{ variable: q.variable, question: q.variable, label: q.shortLabel ?? q.label, type: q.kind, ...cellColumnExtras(q) }];
    },
    flatten(q, value, into = {}) {
      into[q.variable] = (value as CellValue | undefined) ?? null;
      return into;
    },
    unflatten(q, row) {
      return parseCell(q, row[q.variable]);
    },
    requirements(q, row) {
      return [{ variable: q.variable, answered: !isBlank(row[q.variable]) }];
    },
};

// ---------------------------------------------------------------- the registry

const optionColumn = (q: { variable: string }, code: string) => `${q.variable}__${code}`;

/**
 * The flat variables of a question's cells, in the order its `flatten` fills
 * them, built once per question (definitions are never mutated): flattening
 * runs for every answer of every bilan read (completeness, exports, analytics).
 */
const namesOfCells = new WeakMap<object, string[]>();
function cellNames(q: object, build: () => string[]): string[] {
  let names = namesOfCells.get(q);
  if (!names) namesOfCells.set(q, (names = build()));
  return names;
}
export const gridCellVariable = (column: { variable: string }, row: string) => `${column.variable}__${row}`;
export const repeatCellVariable = (q: { variable: string }, index: number, field: string) => `${q.variable}__${index + 1}__${field}`;

export const kinds = {
  oui_non: scalarHandler,
  choix_unique: scalarHandler,
  entier: scalarHandler,
  decimal: scalarHandler,
  annee: scalarHandler,
  date: scalarHandler,
  texte_court: scalarHandler,
  texte_long: scalarHandler,

  choix_multiple: {
    validate(q, value) {
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) return [{ variable: q.variable, message: messages.choixMultiple }];
      const issues: CellIssue[] = [];
      for (const code of value as string[]) {
        if (!q.options.some((o) => o.code === code)) issues.push({ variable: q.variable, message: messages.optionInconnue(code) });
      }
      for (const code of q.exclusive ?? []) {
        if (value.includes(code) && value.length > 1) {
          const label = q.options.find((o) => o.code === code)?.label ?? code;
          issues.push({ variable: q.variable, message: messages.optionExclusive(label) });
        }
      }
      return issues;
    },
    columns(q) {
      return q.options.map((o) => ({
        variable: optionColumn(q, o.code),
        question: q.variable,
        label: `${q.shortLabel ?? q.label} — ${o.label}`,
        type: 'oui_non_option' as const,
        options: OUI_NON,
      }));
    },
    flatten(q, value, into = {}) {
      const chosen = Array.isArray(value) ? (value as string[]) : undefined;
      const names = cellNames(q, () => q.options.map((o) => optionColumn(q, o.code)));
      q.options.forEach((o, i) => (into[names[i]!] = chosen ? (chosen.includes(o.code) ? 'oui' : 'non') : null));
      return into;
    },
    unflatten(q, row) {
      const cells = q.options.map((o) => [o.code, parseCell({ kind: 'oui_non' }, row[optionColumn(q, o.code)])] as const);
      if (cells.every(([, v]) => v === undefined)) return undefined;
      return cells.filter(([, v]) => v === 'oui').map(([code]) => code);
    },
    requirements(q, row) {
      return [{ variable: q.variable, answered: q.options.some((o) => !isBlank(row[optionColumn(q, o.code)])) }];
    },
  },

  grille: {
    validate(q, value, ctx) {
      if (!isPlainObject(value)) return [{ variable: q.variable, message: messages.grille }];
      const issues: CellIssue[] = [];
      for (const [rowCode, cells] of Object.entries(value)) {
        const row = q.rows.find((r) => r.code === rowCode);
        if (!row) {
          issues.push({ variable: q.variable, message: messages.ligneInconnue(rowCode) });
          continue;
        }
        if (!isPlainObject(cells)) {
          issues.push({ variable: q.variable, where: row.label, message: messages.grille });
          continue;
        }
        for (const [colVar, cell] of Object.entries(cells)) {
          const column = q.columns.find((c) => c.variable === colVar);
          if (!column) {
            issues.push({ variable: q.variable, where: row.label, message: messages.colonneInconnue(colVar) });
            continue;
          }
          if (isBlank(cell)) continue;
          const message = checkCell(column.cell, cell, ctx);
          if (message) issues.push({ variable: gridCellVariable(column, rowCode), where: whereInGrid(q, column, row), message });
        }
      }
      return issues;
    },
    columns(q) {
      return q.columns.flatMap((column) =>
        q.rows.map((row) => ({
          variable: gridCellVariable(column, row.code),
          question: q.variable,
          label: `${column.label} — ${row.label}`,
          type: column.cell.kind,
          row: row.code,
          ...cellColumnExtras(column.cell),
        })),
      );
    },
    flatten(q, value, into = {}) {
      const grid = isPlainObject(value) ? (value as GridValue) : {};
      const names = cellNames(q, () => q.columns.flatMap((column) => q.rows.map((row) => gridCellVariable(column, row.code))));
      let i = 0;
      for (const column of q.columns) {
        for (const row of q.rows) into[names[i++]!] = grid[row.code]?.[column.variable] ?? null;
      }
      return into;
    },
    unflatten(q, row) {
      const grid: GridValue = {};
      for (const r of q.rows) {
        for (const column of q.columns) {
          const v = parseCell(column.cell, row[gridCellVariable(column, r.code)]);
          if (v !== undefined) (grid[r.code] ??= {})[column.variable] = v;
        }
      }
      return Object.keys(grid).length ? grid : undefined;
    },
    requirements(q, flat) {
      return q.columns.flatMap((column) =>
        column.required
          ? q.rows
              .filter((r) => !column.condition || evaluateCondition(column.condition, flat, r.code))
              .map((r) => {
                const variable = gridCellVariable(column, r.code);
                return { variable, where: whereInGrid(q, column, r), answered: !isBlank(flat[variable]) };
              })
          : [],
      );
    },
  },

  communes: {
    validate(q, value) {
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) return [{ variable: q.variable, message: messages.communes }];
      if (value.length > q.maxItems) return [{ variable: q.variable, message: messages.communesTropNombreuses(q.maxItems) }];
      return (value as string[])
        .filter((code) => (isEpciCode(code) ? epci(code) : commune(code)) === undefined)
        .map((code) => ({ variable: q.variable, message: messages.communeInconnue(code) }));
    },
    columns(q) {
      return [{ variable: q.variable, question: q.variable, label: q.shortLabel ?? q.label, type: 'communes' as const }];
    },
    flatten(q, value, into = {}) {
      into[q.variable] = Array.isArray(value) && value.length ? (value as string[]).join(' ') : null;
      return into;
    },
    unflatten(q, row) {
      const raw = row[q.variable];
      if (isBlank(raw)) return undefined;
      return parseTerritoryCodes(String(raw));
    },
    requirements(q, row) {
      return [{ variable: q.variable, answered: !isBlank(row[q.variable]) }];
    },
  },

  groupe_repete: {
    validate(q, value, ctx) {
      if (!Array.isArray(value)) return [{ variable: q.variable, message: messages.groupe }];
      if (value.length > q.maxItems) return [{ variable: q.variable, message: messages.groupeTropLong(q.maxItems) }];
      const issues: CellIssue[] = [];
      value.forEach((item, index) => {
        const where = `${q.itemLabel} ${index + 1}`;
        if (!isPlainObject(item)) {
          issues.push({ variable: q.variable, where, message: messages.groupe });
          return;
        }
        for (const [code, cell] of Object.entries(item)) {
          const field = q.fields.find((f) => f.code === code);
          if (!field) {
            issues.push({ variable: q.variable, where, message: messages.champInconnu(code) });
            continue;
          }
          if (isBlank(cell)) continue;
          const message = checkCell(field.cell, cell, ctx);
          if (message) issues.push({ variable: repeatCellVariable(q, index, code), where: `${where}, ${field.label}`, message });
        }
      });
      return issues;
    },
    columns(q) {
      return Array.from({ length: q.maxItems }, (_, index) =>
        q.fields.map((field) => ({
          variable: repeatCellVariable(q, index, field.code),
          question: q.variable,
          label: `${q.itemLabel} ${index + 1} — ${field.label}`,
          type: field.cell.kind,
          ...cellColumnExtras(field.cell),
        })),
      ).flat();
    },
    flatten(q, value, into = {}) {
      const items = Array.isArray(value) ? (value as RepeatValue) : [];
      const names = cellNames(q, () => Array.from({ length: q.maxItems }, (_, index) => q.fields.map((field) => repeatCellVariable(q, index, field.code))).flat());
      let i = 0;
      for (let index = 0; index < q.maxItems; index++) {
        for (const field of q.fields) into[names[i++]!] = items[index]?.[field.code] ?? null;
      }
      return into;
    },
    unflatten(q, row) {
      const items: RepeatValue = [];
      for (let index = 0; index < q.maxItems; index++) {
        const item: Record<string, CellValue> = {};
        for (const field of q.fields) {
          const v = parseCell(field.cell, row[repeatCellVariable(q, index, field.code)]);
          if (v !== undefined) item[field.code] = v;
        }
        if (Object.keys(item).length) items.push(item);
      }
      return items.length ? items : undefined;
    },
    requirements(q, flat) {
      const filled = Array.from({ length: q.maxItems }, (_, i) => i).filter((i) =>
        q.fields.some((f) => !isBlank(flat[repeatCellVariable(q, i, f.code)])),
      );
      if (filled.length === 0) return [{ variable: q.variable, answered: false }];
      return filled.flatMap((i) =>
        q.fields
          .filter((f) => f.required)
          .map((f) => ({
            variable: repeatCellVariable(q, i, f.code),
            where: `${q.itemLabel} ${i + 1}, ${f.label}`,
            answered: !isBlank(flat[repeatCellVariable(q, i, f.code)]),
          })),
      );
    },
  },
} satisfies { [K in QuestionKind]: K extends CellKind ? KindHandler<CellKind> : KindHandler<K> };

/**
 * Territory codes from a flat cell or a form: INSEE codes or SIREN separated
 * by spaces, commas or semicolons (a text such as "Montreuil (93048)" gives
 * its code), upper-cased (Corsica: `2A004`), without duplicates.
 *
 * @example parseTerritoryCodes('93048, 93066 ; 2a004'); // ['93048', '93066', '2A004']
 */
export function parseTerritoryCodes(text: string): string[] {
  const codes = text.match(/\b(?:\d{9}|\d[\dAB]\d{3})\b/gi) ?? [];
  return [...new Set(codes.map((c) => c.toUpperCase()))];
}

function whereInGrid(q: QuestionOf<'grille'>, column: { label: string }, row: Option): string {
  return q.columns.length > 1 ? `${row.label}, ${column.label}` : row.label;
}

/** The handler of a question's kind, typed loosely for generic loops. */
export function handlerOf(q: Question): KindHandler<QuestionKind> {
  return kinds[q.kind] as unknown as KindHandler<QuestionKind>;
}

export { isBlank };
