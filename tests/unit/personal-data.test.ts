/** Which codebook variables are personal data (survey-schema/personal-data.ts), as the codebook and the exports read it. */
import { describe, expect, it } from 'vitest';
import { buildCodebook, codebookMarkdown, codebookTable, COORDINATOR_PROFILE, exportedColumns, flatColumnNames, getQuestionnaire, indexOf, questionnaires } from '../../survey-schema/index.ts';

describe('personal data in the codebook', () => {
  const q = getQuestionnaire();
  const entries = buildCodebook(q);
  const by = new Map(entries.map((e) => [e.variable, e]));

  it('every question of the coordinator’s profile exists in a version (a rename would silently unmark it)', () => {
    const asked = new Set([...questionnaires.values()].flatMap((v) => [...indexOf(v).questions.keys()]));
    for (const variable of COORDINATOR_PROFILE) expect(asked.has(variable), variable).toBe(true);
  });

  it('marks the coordinator’s diploma, training, year and month in post and employer, and every free text; not the CLSM’s own figures', () => {
    for (const v of ['coord_niveau_diplome', 'coord_formation', 'coord_annee_prise_poste', 'coord_mois_prise_poste', 'coord_employeur', 'coord_formation_cnfpt']) expect(by.get(v)?.donnees_personnelles, v).toBe('profil_coordonnateur');
    for (const e of entries.filter((x) => x.section !== 'Identification' && (x.type === 'texte_long' || x.type === 'texte_court'))) expect(e.donnees_personnelles, e.variable).not.toBeNull();
    for (const v of ['clsm_id', 'copil_existe', 'coord_etp', 'classe_anciennete', 'terr_population']) expect(by.get(v)?.donnees_personnelles ?? null, v).toBeNull();
  });

  it('prints the mark in the CSV, JSON and Markdown codebooks', () => {
    const table = codebookTable(entries);
    const column = table[0]!.indexOf('donnees_personnelles');
    expect(table.find((r) => r[0] === 'coord_niveau_diplome')?.[column]).toBe('profil_coordonnateur');
    expect(codebookMarkdown(entries)).toMatch(/\| `coord_niveau_diplome` \|.*\| profil_coordonnateur \|\n/);
  });

  it('an export keeps every other column, in order, and all of them when personal data is asked for', () => {
    const all = flatColumnNames(q);
    const marked = entries.filter((e) => e.donnees_personnelles !== null).map((e) => e.variable);
    expect(exportedColumns(q, { personalData: true })).toEqual(all);
    expect(exportedColumns(q, { personalData: false })).toEqual(all.filter((c) => !marked.includes(c)));
    expect(marked.length).toBeGreaterThan(20);
  });
});
