/**
 * The form renderer and the posted-form reader together: for every section,
 * the fields a browser would post from the rendered HTML read back into the
 * same answers (flat names are codebook columns), every field has a label,
 * and wrong values come back as French messages naming the question.
 */
import { describe, expect, it } from 'vitest';
import { flatColumnNames, flattenAnswers, getQuestionnaire, indexOf, type Answers, type FlatRow, type Section } from '../../survey-schema/index.ts';
import { completeAnswers } from '../browser/seed.ts';
import { readPostedSection } from '../../web/form/posted.ts';
import { renderQuestion } from '../../web/form/renderers.ts';

const q = getQuestionnaire();
const ANNEE = 2025;

function renderSection(section: Section, values: FlatRow): string {
  const index = indexOf(q);
  return section.questions
    .map((question) => renderQuestion(question, { questionnaire: q, annee: ANNEE, values, errors: new Map(), invalid: new Set(), condition: index.questions.get(question.variable)!.condition }).value)
    .join('\n');
}

const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const attr = (tag: string, name: string) => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? decode(m[1]!) : undefined;
};

/** What a browser posts for this markup (successful controls only). */
function postedFields(markup: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [tag] of markup.matchAll(/<input\b[^>]*>/g)) {
    const name = attr(tag, 'name');
    if (!name) continue;
    const type = attr(tag, 'type') ?? 'text';
    if ((type === 'radio' || type === 'checkbox') && !/\schecked[\s>]/.test(tag)) continue;
    out.push([name, attr(tag, 'value') ?? '']);
  }
  for (const [, open, body] of markup.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
    const selected = /<option value="([^"]*)" selected>/.exec(body!);
    out.push([attr(open!, 'name')!, selected ? decode(selected[1]!) : '']);
  }
  for (const [, open, body] of markup.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) out.push([attr(open!, 'name')!, decode(body!)]);
  return out;
}

function asBody(fields: Array<[string, string]>): Record<string, string | string[]> {
  const body: Record<string, string | string[]> = {};
  for (const [k, v] of fields) body[k] = k in body ? [body[k]!].flat().concat(v) : v;
  return body;
}

describe('form round trip', () => {
  const answers: Answers = { ...completeAnswers(ANNEE), terr_communes: 'Paris 14e <b>& Montrouge</b> "sud"' };
  const values = flattenAnswers(q, answers, undefined, { keepNotApplicable: true });
  const columns = new Set(flatColumnNames(q));

  it.each(q.sections.map((s) => [s.id, s] as const))('section %s posts back the same answers', (_id, section) => {
    const markup = renderSection(section, values);
    const fields = postedFields(markup);
    for (const [name] of fields) if (name !== '__multiple') expect(columns.has(name), name).toBe(true);
    const posted = readPostedSection(q, section, asBody(fields), ANNEE);
    expect(posted.issues).toEqual([]);
    for (const question of section.questions) expect([question.variable, posted.patch[question.variable] ?? null]).toEqual([question.variable, answers[question.variable] ?? null]);
  });

  it('labels every field: by `for`, or inside a fieldset with a legend', () => {
    for (const section of q.sections) {
      const markup = renderSection(section, {});
      const labelled = new Set([...markup.matchAll(/<label[^>]*\sfor="([^"]+)"/g)].map((m) => m[1]));
      for (const [tag] of markup.matchAll(/<(input|select|textarea)\b[^>]*>/g)) {
        if (attr(tag, 'type') === 'hidden') continue;
        expect(labelled.has(attr(tag, 'id')), tag).toBe(true);
      }
      expect(markup.match(/<fieldset/g)?.length ?? 0).toBe(markup.match(/<legend/g)?.length ?? 0);
    }
  });

  it('returns wrong values with French messages naming section and question, and keeps the rest', () => {
    const section = q.sections.find((s) => s.id === 'territoire')!;
    const posted = readPostedSection(q, section, { terr_population: '12 000', terr_idh2: 'élevé', terr_qpv: 'peut-être' }, ANNEE);
    expect(posted.patch.terr_population).toBe(12000);
    expect(posted.patch.terr_idh2).toBeUndefined();
    expect(posted.patch.terr_qpv).toBeUndefined();
    expect(posted.patch.terr_asv).toBeNull();
    expect(posted.issues.map((i) => i.message)).toEqual([
      expect.stringMatching(/^Section 2 — IDH2 du territoire : un nombre est attendu/),
      'Section 2 — Territoire en contrat de ville (au moins un QPV) : la réponse doit être « oui » ou « non »',
    ]);
  });
});
