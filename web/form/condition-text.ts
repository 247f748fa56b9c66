/**
 * A French reading of a condition with the questionnaire's own labels, shown
 * next to conditional questions when JavaScript is off: "(si « Existence d’un
 * comité de pilotage » est « Oui »)".
 */
import { departements, indexOf, labelFor, regions, type Condition, type Option, type Questionnaire } from '../../survey-schema/index.ts';

/** The CLSM's identity columns that conditions may read, named for the coordinator. */
function identity(variable: string): { label: string; options?: Option[] } | undefined {
  if (variable === 'region') return { label: 'Région du CLSM', options: regions().map((r) => ({ code: r.code, label: r.nom })) };
  if (variable === 'departement') return { label: 'Département du CLSM', options: departements().map((d) => ({ code: d.code, label: d.nom })) };
  if (variable === 'annee') return { label: 'Année du bilan' };
  return undefined;
}

function describeVariable(q: Questionnaire, variable: string, annee: number): { label: string; options?: Option[] } {
  const known = identity(variable);
  if (known) return known;
  const index = indexOf(q);
  if (variable.includes('{row}')) {
    // A grid column read on the current row: name the column.
    const prefix = variable.replace(/__\{row\}$/, '');
    for (const entry of index.ordered) {
      const question = entry.question;
      if (question.kind !== 'grille') continue;
      const column = question.columns.find((c) => c.variable === prefix);
      if (column) {
        const options = column.cell.kind === 'choix_unique' ? column.cell.options : column.cell.kind === 'oui_non' ? yesNo : undefined;
        return { label: `${labelFor(column.label, annee)} (sur cette ligne)`, options };
      }
    }
  }
  const column = index.columnsByVariable.get(variable);
  if (column) return { label: labelFor(column.label, annee), options: column.options };
  const question = index.questions.get(variable)?.question;
  return { label: question ? labelFor(question.shortLabel ?? question.label, annee) : variable };
}

const yesNo: Option[] = [
  { code: 'oui', label: 'Oui' },
  { code: 'non', label: 'Non' },
];

const valueLabel = (options: Option[] | undefined, value: string | number) =>
  `« ${options?.find((o) => o.code === String(value))?.label ?? String(value).replace('.', ',')} »`;

export function conditionText(condition: Condition, q: Questionnaire, annee: number): string {
  if ('all' in condition) return condition.all.map((c) => conditionText(c, q, annee)).join(' et ');
  if ('any' in condition) return condition.any.map((c) => conditionText(c, q, annee)).join(' ou ');
  if ('not' in condition) return `non (${conditionText(condition.not, q, annee)})`;
  const { label, options } = describeVariable(q, condition.var, annee);
  const subject = `« ${label} »`;
  if ('eq' in condition) return `${subject} est ${valueLabel(options, condition.eq)}`;
  if ('ne' in condition) return `${subject} n’est pas ${valueLabel(options, condition.ne)}`;
  if ('in' in condition) return `${subject} est ${condition.in.map((v) => valueLabel(options, v)).join(' ou ')}`;
  if ('gte' in condition) return `${subject} est d’au moins ${String(condition.gte).replace('.', ',')}`;
  if ('lte' in condition) return `${subject} est d’au plus ${String(condition.lte).replace('.', ',')}`;
  if (identity(condition.var)) return condition.answered ? `${subject} est connue` : `${subject} n’est pas connue`;
  return condition.answered ? `${subject} est renseigné` : `${subject} n’est pas renseigné`;
}
