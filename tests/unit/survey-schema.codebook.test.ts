/**
 * The codebook: every flat column with its label, type, options, section,
 * condition and instruments; and the `codebook` CLI command.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { buildCodebook, codebookMarkdown, flatColumnNames, getQuestionnaire, type CodebookEntry } from '../../survey-schema/index.ts';
import { instruments } from '../../survey-schema/instruments/index.ts';

const q = getQuestionnaire();
const CORE = [
  'clsm_id', 'annee', 'region', 'departement', 'annee_creation', 'consentement_ccoms', 'coord_etp', 'copil_existe', 'ap_existe',
  'copil_nb_reunions', 'ap_nb_reunions', 'gt_nb_reunions', 'copil_membre__unafam', 'ap_membre__gem', 'copil_nb_membres', 'copil_nb_usagers',
  'participation_usagers__copil', 'participation_usagers__ap', 'participation_usagers__gt', 'participation_usagers__cellule',
  'gt_theme__logement_habitat', 'gt_theme__sism', 'periode_creation',
];

describe('codebook', () => {
  const entries = buildCodebook(q, instruments);
  const byVariable = new Map(entries.map((e) => [e.variable, e]));

  it('has one entry per flat column', () => {
    expect(entries.map((e) => e.variable)).toEqual(flatColumnNames(q));
  });

  it('describes conditions and the instruments that asked each variable', () => {
    expect(byVariable.get('copil_nb_reunions')).toMatchObject({
      type: 'entier', section: '4. Gouvernance', condition: 'copil_existe = oui', instruments: ['ccoms-2018'], report: 'jamais', versions: ['2026.1', '2027.1'],
    });
    // The ARS 2016-2017 form never asked the COPIL meeting count (one of its defects), but asked whether there is one.
    expect(byVariable.get('copil_existe')?.instruments).toEqual(['ars-idf-2016-2017', 'ccoms-2018']);
    expect(byVariable.get('gt_reunions__sism')?.condition).toBe('gt_theme__sism ∈ {oui, en_cours}');
    expect(byVariable.get('participation_usagers__gt')?.instruments).toEqual(['ceapsy-2021']);
    expect(byVariable.get('classe_anciennete')?.instruments).toEqual(['ccoms-2018']);
    expect(byVariable.get('periode_creation')?.instruments).toEqual(['ceapsy-2021']);
    expect(byVariable.get('copil_membre__psychiatrie_adulte')?.options.map((o) => o.code)).toEqual(['membre', 'membre_presence_non_relevee', 'invite_absent', 'non_invite', 'sans_objet']);
    expect(byVariable.get('gt_reunions__sism')?.label).toBe("Réunions dans l'année du bilan — Semaines d'information sur la santé mentale (SISM)");
  });

  it('renders as Markdown', () => {
    const md = codebookMarkdown(entries);
    expect(md).toContain('| `copil_existe` |');
    expect(md.split('\n').length).toBe(entries.length + 5);
  });

  it('is printed as CSV by `npm run cli -- codebook --format csv`, with every core variable', () => {
    const out = cliCodebook('--format', 'csv');
    const rows = parse(out.replace(/^\uFEFF/, ''), { delimiter: ';' }) as string[][];
    expect(rows[0]).toEqual(['variable', 'libelle', 'type', 'modalites', 'unite', 'min', 'max', 'section', 'question', 'condition', 'instruments', 'report', 'versions', 'regles', 'correspondance', 'donnees_personnelles']);
    const variables = rows.slice(1).map((r) => r[0]);
    expect(variables).toEqual(flatColumnNames(q));
    for (const v of CORE) expect(variables).toContain(v);
  });

  it('rejects an unknown format or version with a French message', () => {
    const run = (...args: string[]) => () => execFileSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'codebook', ...args], { encoding: 'utf8', stdio: 'pipe' });
    expect(run('--format', 'xml')).toThrow(/Format inconnu : xml/);
    expect(run('--version', '1999.1')).toThrow(/Version de questionnaire inconnue : 1999\.1/);
  });
});

/**
 * `npm run cli -- codebook --format json --version …`, its output written
 * to a file (a pipe may be cut at 64 KiB: the CLI exits before its output
 * is drained, see the notes for the server).
 */
function cliCodebook(...args: string[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'codebook-')), 'codebook.out');
  const fd = openSync(file, 'w');
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'codebook', ...args], { stdio: ['ignore', fd, 'pipe'] });
  closeSync(fd);
  expect(run.status, String(run.stderr)).toBe(0);
  return readFileSync(file, 'utf8');
}

function cliCodebookJson(version: string): CodebookEntry[] {
  return JSON.parse(cliCodebook('--format', 'json', '--version', version)) as CodebookEntry[];
}

describe('codebook of 2027.1 (issue 11)', () => {
  const entries = cliCodebookJson('2027.1');
  const by = new Map(entries.map((e) => [e.variable, e]));
  const codes = (v: string) => by.get(v)?.options.map((o) => o.code) ?? [];

  it('lists the new codes: "sans objet" in the grids, "ne sait pas", "aucun frein"', () => {
    expect(codes('copil_membre__asv')).toEqual(expect.arrayContaining(['membre', 'invite_absent', 'non_invite', 'sans_objet', 'membre_presence_non_relevee']));
    expect(codes('ap_membre__gem')).toEqual(expect.arrayContaining(['sans_objet', 'ne_sait_pas']));
    expect(by.has('genese_initiateurs__ne_sait_pas')).toBe(true);
    expect(by.has('appui_methodologique__ne_sait_pas')).toBe(true);
    for (const v of ['priorites_evolution', 'terr_resad', 'diag_sante_mentale', 'terr_diagnostic_local_sante']) expect(codes(v), v).toContain('ne_sait_pas');
    expect(by.has('freins_participation_professionnels__aucun_frein')).toBe(true);
  });

  it('lists the cahier-des-charges questions and the year references', () => {
    for (const v of ['cls_clsm_inscrit', 'cls_axe', 'ptsm_implication', 'cellule_charte_ethique', 'coord_vacance_mois', 'coord_financement_ars_montant', 'bilan_precedent_realise', 'bilan_precedent_diffusion__population', 'coord_mois_prise_poste', 'terr_diagnostic_local_sante_annee', 'diag_sante_mentale_annee']) {
      expect(by.has(v), v).toBe(true);
    }
  });

  it('lists the consistency rules on the variables they read, and the carry-forward policy of every question', () => {
    expect(by.get('copil_nb_usagers')?.regles.join()).toMatch(/^sieges_copil : copil_nb_usagers \+ copil_nb_aidants ≤ copil_nb_membres/);
    expect(by.get('annee_creation')?.regles.join()).toContain('annees_emergence_creation');
    expect(by.get('copil_role_psychiatrie_adulte')?.regles.join()).toContain('role_absente_psychiatrie_adulte');
    expect(by.get('terr_resad')?.regles.join()).toContain('cellule_resad');
    for (const e of entries.filter((x) => !x.derived && x.section !== 'Identification')) expect(['reprise', 'a_confirmer', 'jamais'], e.variable).toContain(e.report);
    expect(by.get('consentement_ccoms')?.report).toBe('jamais');
    expect(by.get('copil_nb_reunions')?.report).toBe('jamais');
    expect(by.get('copil_nb_membres')?.report).toBe('a_confirmer');
    expect(by.get('annee_creation')?.report).toBe('reprise');
    expect(by.get('gt_reunions__sism')?.report).toBe('jamais');
    expect(by.get('gt_theme__sism')?.report).toBe('a_confirmer');
  });

  it('says which versions hold each variable, and which population year the geography carries', () => {
    expect(by.get('copil_existe')?.versions).toEqual(['2026.1', '2027.1']);
    expect(by.get('ptsm_implication')?.versions).toEqual(['2027.1']);
    expect(by.get('terr_population')).toMatchObject({ derived: true, versions: ['2026.1', '2027.1'] });
    expect(by.get('terr_population')?.label).toContain('populations municipales légales 2023');
    expect(by.get('terr_communes_insee')?.type).toBe('communes');
    expect(by.get('bilan_precedent_realise')?.correspondance.join()).toContain('bilan_annuel_diffuse');
    expect(by.get('effets_ville')?.donnees_personnelles).toBe('texte_libre');
  });

  it('still prints 2026.1, with its own variables', () => {
    const old = new Map(cliCodebookJson('2026.1').map((e) => [e.variable, e]));
    expect(old.get('terr_population')).toMatchObject({ derived: false, type: 'entier' });
    expect(old.get('bilan_annuel_diffuse')?.versions).toEqual(['2026.1', '2027.1']);
    expect(old.get('bilan_annuel_diffuse')?.correspondance.join()).toContain('éclatée');
    expect(old.has('ptsm_implication')).toBe(false);
    expect(old.get('copil_membre__unafam')?.options.map((o) => o.code)).toEqual(['membre', 'invite_absent', 'non_invite']);
  });
});
