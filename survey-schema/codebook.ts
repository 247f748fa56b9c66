/**
 * The codebook: one entry per flat column, derived from the definition and
 * the instrument mappings. Exported with every dataset.
 */
import { describeCondition, describeRuleTest, ruleVariables } from './conditions.ts';
import { derivedVariablesOf } from './derived.ts';
import { flatColumnNames } from './flatten.ts';
import type { Instrument } from './instruments/types.ts';
import type { CarryForwardPolicy, Questionnaire } from './meta-schema.ts';
import { questionnaireVersions } from './questionnaire/index.ts';
import { personalDataKind, type PersonalDataKind } from './personal-data.ts';
import { indexOf, labelFor } from './structure.ts';
import { versionMappings } from './versions.ts';

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
  /** Carry-forward policy (what next year's bilan takes from this answer); null for identity and derived columns. */
  report: CarryForwardPolicy | null;
  /** The questionnaire versions whose flat rows hold this column (asked or derived). */
  versions: string[];
  /** The consistency rules that read this column's question: "id : test — message". */
  regles: string[];
  /** What the version mappings say of this question (renamed, recoded, split, dropped, or a note). */
  correspondance: string[];
  /** Personal data (survey-schema/personal-data.ts): the coordinator's profile, or a free text that may name people; null otherwise. Left out of microdata exports unless an admin asks. */
  donnees_personnelles: PersonalDataKind | null;
}

const POLICY_DEFAULT = (variable: string): CarryForwardPolicy => (variable === 'consentement_ccoms' ? 'jamais' : 'reprise');

const IDENTITY: CodebookEntry[] = [
  ['clsm_id', 'Identifiant du CLSM (registre)', 'texte_court'],
  ['annee', 'Année du bilan (année d’activité de la campagne)', 'annee'],
  ['region', 'Région (code INSEE)', 'texte_court'],
  ['departement', 'Département (code INSEE)', 'texte_court'],
].map(([variable, label, type]) => ({
  variable: variable!, label: label!, type: type!, options: [], unit: null, min: null, max: null,
  section: 'Identification', question: variable!, condition: '', instruments: [], derived: false,
  report: null, versions: [], regles: [], correspondance: [], donnees_personnelles: null,
}));

/**
 * @example
 * buildCodebook(questionnaire, instruments).find((e) => e.variable === 'copil_existe')?.instruments; // ['ars-idf-2016-2017', 'ccoms-2018', …]
 */
export function buildCodebook(questionnaire: Questionnaire, instruments: Instrument[] = [], versions: readonly Questionnaire[] = questionnaireVersions()): CodebookEntry[] {
  const askedBy = (variable: string, question: string) =>
    instruments.filter((i) => i.items.some((item) => item.variables.includes(variable) || item.variables.includes(question))).map((i) => i.id);
  const columnsOf = versions.map((v) => ({ version: v.version, columns: new Set(flatColumnNames(v)) }));
  const versionsOf = (variable: string) => columnsOf.filter((v) => v.columns.has(variable)).map((v) => v.version);
  const index = indexOf(questionnaire);
  const rulesOf = (question: string, variable: string) =>
    questionnaire.rules
      .filter((r) => r.questions.includes(question) || ruleVariables(r.test).includes(variable))
      .map((r) => `${r.id} : ${describeRuleTest(r.test)} — ${labelFor(r.message)}`);
  const mappings = safeMappings().filter((m) => m.de === questionnaire.version || m.vers === questionnaire.version);
  const correspondanceOf = (question: string) =>
    mappings.flatMap((m) =>
      m.variables
        .filter((x) => x.de === question || x.vers === question || (m.vers === questionnaire.version && x.eclate && Object.values(x.eclate).some((split) => question in split)))
        .map((x) => `${m.de} → ${m.vers} : ${x.de}${x.vers ? ` → ${x.vers}` : ''}${x.supprimee ? ` supprimée (${x.supprimee})` : ''}${x.codes ? ` codes ${JSON.stringify(x.codes)}` : ''}${x.lignes ? ` lignes ${JSON.stringify(x.lignes)}` : ''}${x.eclate ? ` éclatée ${JSON.stringify(x.eclate)}` : ''}${x.note ? ` — ${x.note}` : ''}`),
    );
  const columns = index.columns.map((c): CodebookEntry => {
    const question = index.questions.get(c.question)!.question;
    const gridColumn = question.kind === 'grille' ? question.columns.find((col) => c.variable.startsWith(`${col.variable}__`)) : undefined;
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
      report: gridColumn?.report ?? question.report ?? POLICY_DEFAULT(question.variable),
      versions: versionsOf(c.variable),
      regles: rulesOf(c.question, c.variable),
      correspondance: correspondanceOf(c.question),
      donnees_personnelles: personalDataKind(c.question, c.type),
    };
  });
  const derived = derivedVariablesOf(questionnaire).map((d): CodebookEntry => ({
    variable: d.variable, label: d.label, type: 'derivee', options: d.options, unit: null, min: null, max: null,
    section: 'Variables dérivées', question: d.variable, condition: `calculée à partir de ${d.from.join(', ')}`, instruments: [], derived: true,
    report: null, versions: versionsOf(d.variable), regles: [], correspondance: correspondanceOf(d.variable), donnees_personnelles: null,
  }));
  return [
    ...IDENTITY.map((e) => ({ ...e, instruments: askedBy(e.variable, e.variable), versions: versionsOf(e.variable) })),
    ...columns,
    ...derived.map((e) => ({ ...e, instruments: askedBy(e.variable, e.variable) })),
  ];
}

function safeMappings() {
  try {
    return versionMappings();
  } catch {
    return [];
  }
}

const POLICY_LABEL: Record<CarryForwardPolicy, string> = { reprise: 'reprise', a_confirmer: 'reprise à confirmer', jamais: 'jamais reprise' };

function rowCondition(condition: import('./meta-schema.ts').Condition, row: string) {
  return JSON.parse(JSON.stringify(condition).replaceAll('{row}', row)) as import('./meta-schema.ts').Condition;
}

/** Codebook as rows of strings, for CSV and XLSX sheets. */
export function codebookTable(entries: CodebookEntry[]): string[][] {
  const header = ['variable', 'libelle', 'type', 'modalites', 'unite', 'min', 'max', 'section', 'question', 'condition', 'instruments', 'report', 'versions', 'regles', 'correspondance', 'donnees_personnelles'];
  return [
    header,
    ...entries.map((e) => [
      e.variable, e.label, e.type, e.options.map((o) => `${o.code}=${o.label}`).join(' | '), e.unit ?? '',
      e.min === null ? '' : String(e.min), e.max === null ? '' : String(e.max), e.section, e.question, e.condition, e.instruments.join(', '),
      e.report ? POLICY_LABEL[e.report] : '', e.versions.join(', '), e.regles.join(' | '), e.correspondance.join(' | '), e.donnees_personnelles ?? '',
    ]),
  ];
}

/** Codebook as Markdown, for the documentation. */
export function codebookMarkdown(entries: CodebookEntry[], title = 'Dictionnaire des variables'): string {
  const esc = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ');
  const lines = [`# ${title}`, '', '| variable | libellé | type | modalités | section | condition | instruments | reprise | versions | règles | données personnelles |', '|---|---|---|---|---|---|---|---|---|---|---|'];
  for (const e of entries) {
    lines.push(
      `| \`${e.variable}\` | ${esc(e.label)} | ${e.type}${e.unit ? ` (${esc(e.unit)})` : ''} | ${esc(e.options.map((o) => `${o.code}=${o.label}`).join(' ; '))} | ${esc(e.section)} | ${esc(e.condition)} | ${e.instruments.join(', ')} | ${e.report ? POLICY_LABEL[e.report] : ''} | ${e.versions.join(', ')} | ${esc(e.regles.map((r) => r.split(' : ')[0]).join(', '))} | ${e.donnees_personnelles ?? ''} |`,
    );
  }
  return lines.join('\n') + '\n';
}
