/**
 * Versioning: a bilan stored with an older version is read, validated and
 * flattened with its own version after a later version changes a question.
 */
import { describe, expect, it } from 'vitest';
import {
  bilanAnnuelDefinition,
  createRegistry,
  CURRENT_VERSION,
  exampleBilan,
  flatColumnNames,
  flattenAnswers,
  getQuestionnaire,
  questionnaires,
  unflattenRow,
  validateSubmission,
  type QuestionnaireInput,
} from '../../survey-schema/index.ts';

/** A later version: COPIL meetings asked as classes instead of a count, and a new question. */
function laterVersion(): QuestionnaireInput {
  const next = structuredClone(bilanAnnuelDefinition);
  next.version = '2027.1';
  const gouvernance = next.sections.find((s) => s.id === 'gouvernance')!;
  const i = gouvernance.questions.findIndex((x) => x.variable === 'copil_nb_reunions');
  gouvernance.questions[i] = {
    kind: 'choix_unique',
    variable: 'copil_frequence_reunions',
    label: 'Fréquence des réunions du comité de pilotage en {annee}',
    options: [
      { code: 'aucune', label: 'Aucune' },
      { code: 'une', label: 'Une' },
      { code: 'deux_ou_plus', label: 'Deux ou plus' },
    ],
    required: true,
    condition: { var: 'copil_existe', eq: 'oui' },
  };
  return next;
}

describe('questionnaire versions', () => {
  const registry = createRegistry([getQuestionnaire(), laterVersion()]);
  const stored = { version: CURRENT_VERSION, answers: exampleBilan() };

  it('keeps every version, the last one being current', () => {
    expect(registry.versions.map((v) => v.version)).toEqual([CURRENT_VERSION, '2027.1']);
    expect(registry.current.version).toBe('2027.1');
    expect(() => registry.get('1999.1')).toThrow('Version de questionnaire inconnue : 1999.1');
    expect(() => createRegistry([getQuestionnaire(), getQuestionnaire()])).toThrow('en double');
    expect(questionnaires.get(CURRENT_VERSION)).toBe(getQuestionnaire());
  });

  it('reads, validates and flattens an older bilan with its own version', () => {
    const own = registry.get(stored.version);
    const result = validateSubmission(own, stored.answers, { annee: 2025 });
    expect(result.ok).toBe(true);
    const row = flattenAnswers(own, result.answers, { clsm_id: 'c1', annee: 2025 });
    expect(row.copil_nb_reunions).toBe(2);
    expect(Object.keys(row)).toEqual(flatColumnNames(own));
    expect(unflattenRow(own, row)).toEqual(result.answers);
  });

  it('would reject the same bilan under the later version (so the version matters)', () => {
    const later = registry.get('2027.1');
    const result = validateSubmission(later, stored.answers, { annee: 2025 });
    expect(result.ok).toBe(false);
    expect(result.issues.map((i) => i.message)).toContain('Réponses : la question « copil_nb_reunions » n\'existe pas dans ce questionnaire');
    expect(flatColumnNames(later)).not.toContain('copil_nb_reunions');
    // The older version itself is untouched by the derivation.
    expect(flatColumnNames(getQuestionnaire(CURRENT_VERSION))).toContain('copil_nb_reunions');
  });
});
