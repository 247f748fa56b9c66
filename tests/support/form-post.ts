/**
 * What a browser posts from the form of a section: its questions rendered as
 * the page renders them, then the successful controls read back as fields.
 * Used by the form's round-trip test and by `npm run bench:server` (the web
 * form's autosave).
 */
import { indexOf, type FlatRow, type Questionnaire, type Section } from '../../survey-schema/index.ts';
import { renderQuestion } from '../../web/form/renderers.ts';

/** The markup of a section's questions, showing `values` (flat codebook cells). */
export function renderSection(questionnaire: Questionnaire, section: Section, values: FlatRow, annee: number, departements?: readonly string[]): string {
  const index = indexOf(questionnaire);
  return section.questions
    .map((question) =>
      renderQuestion(question, { questionnaire, annee, values, errors: new Map(), invalid: new Set(), condition: index.questions.get(question.variable)!.condition, ...(departements ? { departements } : {}) }).value,
    )
    .join('\n');
}

const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** An attribute of a tag, decoded; undefined when absent. */
export const attr = (tag: string, name: string) => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? decode(m[1]!) : undefined;
};

/** What a browser posts for this markup (successful controls only), in order. */
export function postedFields(markup: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [tag] of markup.matchAll(/<input\b[^>]*>/g)) {
    const name = attr(tag, 'name');
    if (!name) continue;
    const type = attr(tag, 'type') ?? 'text';
    if ((type === 'radio' || type === 'checkbox') && !/\schecked[\s>]/.test(tag)) continue;
    out.push([name, attr(tag, 'value') ?? '']);
  }
  for (const [, open, body] of markup.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
    const selected = [...body!.matchAll(/<option value="([^"]*)" selected>/g)].map((m) => decode(m[1]!));
    // A multiple select posts every option chosen (none: nothing); a single one its option, or "".
    if (/\smultiple[\s>]/.test(open!)) for (const value of selected) out.push([attr(open!, 'name')!, value]);
    else out.push([attr(open!, 'name')!, selected[0] ?? '']);
  }
  for (const [, open, body] of markup.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) out.push([attr(open!, 'name')!, decode(body!)]);
  return out;
}

/** The fields as the server's form parser gives them (a repeated name becomes a list). */
export function asBody(fields: Array<[string, string]>): Record<string, string | string[]> {
  const body: Record<string, string | string[]> = {};
  for (const [k, v] of fields) body[k] = k in body ? [body[k]!].flat().concat(v) : v;
  return body;
}
