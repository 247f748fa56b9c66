/**
 * The typical CLSM of issue 11's burden figures: its COPIL and its assemblée
 * plénière met this year, 6 working groups are in place, it has no cellule;
 * in Île-de-France (Montreuil, the example bilan). One answer set per
 * version, last year's bilan the same as this year's.
 */
import {
  burden,
  exampleBilan,
  exampleBilan2026,
  getQuestionnaire,
  indexOf,
  type Answers,
  type Burden,
  type GridValue,
} from '../../survey-schema/index.ts';

const SIX = ['logement_habitat', 'sism', 'sm_adolescents', 'acces_soins', 'prevention_suicide', 'parentalite'];

function typical(answers: Answers): Answers {
  const { cellule_nb_reunions: _r, cellule_nb_situations: _s, cellule_charte_ethique: _c, ...rest } = answers;
  const themes = structuredClone(rest.gt_themes) as GridValue;
  for (const [code, cells] of Object.entries(themes)) {
    themes[code] = SIX.includes(code) ? { gt_theme: 'oui', gt_reunions: 3, gt_participants: 10, gt_usagers: cells.gt_usagers ?? 'non', ...(cells.gt_action ? { gt_action: cells.gt_action } : {}) } : { gt_theme: 'non' };
  }
  return { ...rest, cellule_existe: 'non', terr_resad: 'non', gt_themes: themes };
}

/** @example typicalAnswers('2027.1').cellule_existe; // 'non' */
export function typicalAnswers(version: '2026.1' | '2027.1'): Answers {
  const answers = typical(version === '2026.1' ? exampleBilan2026() : exampleBilan());
  if (version === '2026.1') answers.gt_nb_reunions = SIX.length * 3;
  return answers;
}

const v2026 = getQuestionnaire('2026.1');
const v2027 = getQuestionnaire('2027.1');

/** Whether an input holds a figure or an event of the year: policy `jamais` in 2027.1 (or a 2026.1 question that 2027.1 asks as such). */
function yearly(input: string, question: string): boolean {
  const q = indexOf(v2027).questions.get(question)?.question;
  if (!q) return ['gt_nb_reunions', 'bilan_annuel_diffuse', 'bilan_restitution_population'].includes(question);
  if (q.kind === 'grille') {
    const column = q.columns.find((c) => input.startsWith(`${c.variable}__`));
    return (column?.report ?? q.report) === 'jamais';
  }
  return q.report === 'jamais';
}

export function typicalBurden(): { before: Burden; after: { fromOld: Burden; steady: Burden } } {
  const ctx = { annee: 2027, region: '11', departement: '93' };
  return {
    before: burden(v2026, typicalAnswers('2026.1'), v2026, typicalAnswers('2026.1'), { ...ctx, annee: 2026 }, yearly),
    after: {
      fromOld: burden(v2027, typicalAnswers('2027.1'), v2026, typicalAnswers('2026.1'), ctx, yearly),
      steady: burden(v2027, typicalAnswers('2027.1'), v2027, typicalAnswers('2027.1'), ctx, yearly),
    },
  };
}
