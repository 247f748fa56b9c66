/**
 * The codebook: every flat column with its label, type, options, section,
 * condition and instruments; and the `codebook` CLI command.
 */
import { execFileSync } from 'node:child_process';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { buildCodebook, codebookMarkdown, flatColumnNames, getQuestionnaire } from '../../survey-schema/index.ts';
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
      type: 'entier', section: '4. Gouvernance', condition: 'copil_existe = oui', instruments: ['ccoms-2018'],
    });
    // The ARS 2016-2017 form never asked the COPIL meeting count (one of its defects), but asked whether there is one.
    expect(byVariable.get('copil_existe')?.instruments).toEqual(['ars-idf-2016-2017', 'ccoms-2018']);
    expect(byVariable.get('gt_reunions__sism')?.condition).toBe('gt_theme__sism ∈ {oui, en_cours}');
    expect(byVariable.get('participation_usagers__gt')?.instruments).toEqual(['ceapsy-2021']);
    expect(byVariable.get('classe_anciennete')?.instruments).toEqual(['ccoms-2018']);
    expect(byVariable.get('periode_creation')?.instruments).toEqual(['ceapsy-2021']);
    expect(byVariable.get('copil_membre__psychiatrie_adulte')?.options.map((o) => o.code)).toEqual(['membre', 'invite_absent', 'non_invite']);
    expect(byVariable.get('gt_reunions__sism')?.label).toBe("Réunions dans l'année du bilan — Semaines d'information sur la santé mentale (SISM)");
  });

  it('renders as Markdown', () => {
    const md = codebookMarkdown(entries);
    expect(md).toContain('| `copil_existe` |');
    expect(md.split('\n').length).toBe(entries.length + 5);
  });

  it('is printed as CSV by `npm run cli -- codebook --format csv`, with every core variable', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'codebook', '--format', 'csv'], { encoding: 'utf8' });
    const rows = parse(out.replace(/^\uFEFF/, ''), { delimiter: ';' }) as string[][];
    expect(rows[0]).toEqual(['variable', 'libelle', 'type', 'modalites', 'unite', 'min', 'max', 'section', 'question', 'condition', 'instruments']);
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
