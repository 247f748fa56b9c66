/**
 * The form renderer and the posted-form reader together: for every section,
 * the fields a browser would post from the rendered HTML read back into the
 * same answers (flat names are codebook columns), every field has a label,
 * and wrong values come back as French messages naming the question.
 */
import { describe, expect, it } from 'vitest';
import { flatColumnNames, flattenAnswers, getQuestionnaire, type Answers, type FlatRow, type Section } from '../../survey-schema/index.ts';
import { completeAnswers } from '../browser/seed.ts';
import { readPostedSection } from '../../web/form/posted.ts';
import { asBody, attr, postedFields, renderSection as renderFormSection } from '../support/form-post.ts';

const q = getQuestionnaire();
const ANNEE = 2025;

const renderSection = (section: Section, values: FlatRow) => renderFormSection(q, section, values, ANNEE);

describe('form round trip', () => {
  const answers: Answers = { ...completeAnswers(ANNEE), terr_etablissements_psy: 'Paris 14e <b>& Montrouge</b> "sud"' };
  const values = flattenAnswers(q, answers, undefined, { keepNotApplicable: true });
  const columns = new Set(flatColumnNames(q));

  it.each(q.sections.map((s) => [s.id, s] as const))('section %s posts back the same answers', (_id, section) => {
    const markup = renderSection(section, values);
    const fields = postedFields(markup);
    // Besides codebook columns: the markers of multiple choices and the territory's search field.
    for (const [name] of fields) if (name !== '__multiple' && name !== 'communes_recherche') expect(columns.has(name), name).toBe(true);
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
    const posted = readPostedSection(q, section, { terr_population_quartiers: '12 000', terr_idh2: 'élevé', terr_qpv: 'peut-être' }, ANNEE);
    expect(posted.patch.terr_population_quartiers).toBe(12000);
    expect(posted.patch.terr_idh2).toBeUndefined();
    expect(posted.patch.terr_qpv).toBeUndefined();
    expect(posted.patch).not.toHaveProperty('terr_asv'); // not in the post: the saved answer stays
    expect(posted.issues.map((i) => i.message)).toEqual([
      expect.stringMatching(/^Section 2 — IDH2 du territoire : un nombre est attendu/),
      'Section 2 — Territoire en contrat de ville (au moins un QPV) : la réponse doit être « oui » ou « non »',
    ]);
  });

  it('an empty post (a section not shown, or an autosave with no field) clears nothing', () => {
    for (const section of q.sections) {
      expect(readPostedSection(q, section, { version: '3', _csrf: 'x' }, ANNEE).patch, section.id).toEqual({});
    }
  });

  it('what a browser posts after the user emptied a field clears that answer, and only that one', () => {
    const section = q.sections.find((s) => s.id === 'territoire')!;
    const answers: Answers = { ...completeAnswers(ANNEE), terr_etablissements_psy: 'CH Guillaume Régnier' };
    const markup = renderSection(section, flattenAnswers(q, answers, undefined, { keepNotApplicable: true }));
    const fields = postedFields(markup).map(([k, v]): [string, string] => [k, k === 'terr_etablissements_psy' ? '' : v]);
    expect(fields.some(([k]) => k === 'terr_etablissements_psy')).toBe(true);
    const posted = readPostedSection(q, section, asBody(fields), ANNEE);
    expect(posted.patch.terr_etablissements_psy).toBeNull();
    for (const question of section.questions) {
      if (question.variable !== 'terr_etablissements_psy') expect([question.variable, posted.patch[question.variable] ?? null]).toEqual([question.variable, answers[question.variable] ?? null]);
    }
  });

  it('a multiple choice with its marker and no box checked is cleared; without its marker, kept', () => {
    const section = q.sections.find((s) => s.id === 'coordination')!;
    expect(readPostedSection(q, section, { __multiple: 'coord_financement' }, ANNEE).patch).toEqual({ coord_financement: null });
    expect(readPostedSection(q, section, {}, ANNEE).patch).toEqual({});
  });

  it('shows the communes chosen as checked boxes (no JavaScript), posts them back, shows the population and searches the CLSM\'s département first', () => {
    const section = q.sections.find((s) => s.id === 'territoire')!;
    const markup = renderFormSection(q, section, { terr_communes_insee: '93048 93066 75111' }, ANNEE, ['93']);
    expect(markup).toMatch(/<input type="checkbox" id="f-terr_communes_insee--93048" name="terr_communes_insee" value="93048" checked>/);
    expect(markup).toMatch(/<label class="fr-label" for="f-terr_communes_insee--75111">Paris 11e Arrondissement \(75111\) — arrondissement, [\d\s\u202f]+ habitant·es<\/label>/);
    expect(markup).toContain('Montreuil (93048) — Seine-Saint-Denis (93)');
    expect(markup).toMatch(/Population couverte : [\d\s\u202f]+ habitant·es \(populations légales 2023\)/);
    // The search field: its button saves the section and opens the search page; it names the département searched first.
    expect(markup).toContain('d’abord dans : Seine-Saint-Denis (93)');
    expect(markup).toMatch(/<button type="submit" name="action" value="communes"[^>]*>Rechercher<\/button>/);
    const fields = postedFields(markup).filter(([name]) => name === 'terr_communes_insee');
    expect(fields).toEqual([['terr_communes_insee', '93048'], ['terr_communes_insee', '93066'], ['terr_communes_insee', '75111']]);
    const posted = readPostedSection(q, section, asBody(fields), ANNEE);
    expect(posted.patch.terr_communes_insee).toEqual(['93048', '93066', '75111']);
    // Every box unchecked: the field's marker is posted alone, and the answer is cleared; without it, kept.
    expect(postedFields(markup)).toContainEqual(['__multiple', 'terr_communes_insee']);
    expect(readPostedSection(q, section, { __multiple: 'terr_communes_insee' }, ANNEE).patch).toEqual({ terr_communes_insee: null });
  });

  it('names an unknown code, and a post of the communes alone changes them only', () => {
    const section = q.sections.find((s) => s.id === 'territoire')!;
    const posted = readPostedSection(q, section, { terr_communes_insee: ['93048', '99999'] }, ANNEE);
    expect(posted.issues.map((i) => i.message)).toEqual(['Section 2 — Communes couvertes : le code « 99999 » n’est ni une commune ni une intercommunalité du code officiel géographique']);
    // The search page's "Ajouter": the communes only, the other answers of the section untouched.
    const added = readPostedSection(q, section, { terr_communes_insee: ['93048', '93066'] }, ANNEE);
    expect(added.patch).toEqual({ terr_communes_insee: ['93048', '93066'] });
  });

  it('says, without JavaScript, that an Île-de-France item is asked in region 11', () => {
    const section = q.sections.find((s) => s.id === 'territoire')!;
    expect(renderFormSection(q, section, {}, ANNEE)).toContain('(si « Région du CLSM » est « Île-de-France » ou « Région du CLSM » n’est pas connue)');
  });
});
