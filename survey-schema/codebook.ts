/**
 * The codebook: one entry per flat column, derived from the definition and
 * the instrument mappings. Exported with every dataset.
 */
import { describeCondition } from './conditions.ts';
import { derivedVariables } from './derived.ts';
import type { Instrument } from './instruments/types.ts';
import type { Questionnaire } from './meta-schema.ts';
import { indexOf, labelFor } from './structure.ts';

export interface CodebookEntry {
  variable: string;
  label: string;
  type: string;
  options: { code: string; label: string }[];
  unit: string | null;
  min: number | null;
  max: number | null;
  section: string;
  question: string;
  condition: string;
  instruments: string[];
  derived: boolean;
}

const IDENTITY: CodebookEntry[] = [
  ['clsm_id', 'Identifiant du CLSM (registre)', 'texte_court'],
  ['annee', 'Année du bilan (année d’activité de la campagne)', 'annee'],
  ['region', 'Région (code INSEE)', 'texte_court'],
  ['departement', 'Département (code INSEE)', 'texte_court'],
].map(([variable, label, type]) => ({
  variable: variable!, label: label!, type: type!, options: [], unit: null, min: null, max: null,
  section: 'Identification', question: variable!, condition: '', instruments: [], derived: false,
}));

/**
 * @example
 * buildCodebook(questionnaire, instruments).find((e) => e.variable === 'copil_existe')?.instruments; // ['ars-idf-2016-2017', 'ccoms-2018', …]
 */
export function buildCodebook(questionnaire: Questionnaire, instruments: Instrument[] = []): CodebookEntry[] {
  const askedBy = (variable: string, question: string) =>
    instruments.filter((i) => i.items.some((item) => item.variables.includes(variable) || item.variables.includes(question))).map((i) => i.id);
  const columns = indexOf(questionnaire).columns.map((c): CodebookEntry => {
    const conditions = [c.condition, c.cellCondition && c.row ? rowCondition(c.cellCondition, c.row) : undefined].filter((x) => x !== undefined);
    return {
      variable: c.variable,
      label: labelFor(c.label),
      type: c.type,
      options: c.options?.map(({ code, label }) => ({ code, label })) ?? [],
      unit: c.unit ?? null,
      min: c.min ?? null,
      max: c.max ?? null,
      section: `${c.section.number}. ${c.section.title}`,
      question: c.question,
      condition: conditions.map(describeCondition).join(' et '),
      instruments: askedBy(c.variable, c.question),
      derived: false,
    };
  });
  const derived = derivedVariables.map((d): CodebookEntry => ({
    variable: d.variable, label: d.label, type: 'derivee', options: d.options, unit: null, min: null, max: null,
    section: 'Variables dérivées', question: d.variable, condition: `calculée à partir de ${d.from.join(', ')}`, instruments: [], derived: true,
  }));
  return [...IDENTITY.map((e) => ({ ...e, instruments: askedBy(e.variable, e.variable) })), ...columns, ...derived.map((e) => ({ ...e, instruments: askedBy(e.variable, e.variable) }))];
}

function rowCondition(condition: import('./meta-schema.ts').Condition, row: string) {
  return JSON.parse(JSON.stringify(condition).replaceAll('{row}', row)) as import('./meta-schema.ts').Condition;
}

/** Codebook as rows of strings, for CSV and XLSX sheets. */
export function codebookTable(entries: CodebookEntry[]): string[][] {
  const header = ['variable', 'libelle', 'type', 'modalites', 'unite', 'min', 'max', 'section', 'question', 'condition', 'instruments'];
  return [
    header,
    ...entries.map((e) => [
      e.variable, e.label, e.type, e.options.map((o) => `${o.code}=${o.label}`).join(' | '), e.unit ?? '',
      e.min === null ? '' : String(e.min), e.max === null ? '' : String(e.max), e.section, e.question, e.condition, e.instruments.join(', '),
    ]),
  ];
}

/** Codebook as Markdown, for the documentation. */
export function codebookMarkdown(entries: CodebookEntry[], title = 'Dictionnaire des variables'): string {
  const esc = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ');
  const lines = [`# ${title}`, '', '| variable | libellé | type | modalités | section | condition | instruments |', '|---|---|---|---|---|---|---|'];
  for (const e of entries) {
    lines.push(`| \`${e.variable}\` | ${esc(e.label)} | ${e.type}${e.unit ? ` (${esc(e.unit)})` : ''} | ${esc(e.options.map((o) => `${o.code}=${o.label}`).join(' ; '))} | ${esc(e.section)} | ${esc(e.condition)} | ${e.instruments.join(', ')} |`);
  }
  return lines.join('\n') + '\n';
}
