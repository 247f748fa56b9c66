import { describe, expect, it } from 'vitest';
import { evaluateCondition, flattenAnswers, getQuestionnaire, parseCell, unflattenRow, validateDraft } from '../../survey-schema/index.ts';

const q = getQuestionnaire();

describe('conditions', () => {
  it('evaluates comparisons, combinations and {row}', () => {
    expect(evaluateCondition({ var: 'copil_existe', eq: 'oui' }, { copil_existe: 'oui' })).toBe(true);
    expect(evaluateCondition({ var: 'copil_existe', eq: 'oui' }, {})).toBe(false);
    expect(evaluateCondition({ not: { var: 'copil_existe', eq: 'oui' } }, {})).toBe(true);
    expect(evaluateCondition({ all: [{ var: 'a', gte: 2 }, { any: [{ var: 'b', in: ['x'] }, { var: 'c', answered: true }] }] }, { a: 3, c: 1 })).toBe(true);
    expect(evaluateCondition({ var: 'gt_theme__{row}', in: ['oui', 'en_cours'] }, { gt_theme__sism: 'en_cours' }, 'sism')).toBe(true);
  });
});

describe('cells', () => {
  it('reads raw French cells', () => {
    expect(parseCell({ kind: 'decimal' }, '0,5')).toBe(0.5);
    expect(parseCell({ kind: 'oui_non' }, 'Oui')).toBe('oui');
    expect(parseCell({ kind: 'date' }, '03/09/2016')).toBe('2016-09-03');
    expect(parseCell({ kind: 'entier' }, 'douze')).toBe('douze');
  });
});

describe('draft', () => {
  it('clears an answer with null and keeps the others', () => {
    const r = validateDraft(q, { copil_existe: 'oui', coord_etp: null });
    expect(r).toMatchObject({ ok: true, answers: { copil_existe: 'oui' } });
  });
});

describe('flatten', () => {
  it('drops answers whose condition is false', () => {
    const row = flattenAnswers(q, { copil_existe: 'non', copil_nb_reunions: 3 });
    expect(row.copil_nb_reunions).toBeNull();
    expect(unflattenRow(q, row)).toEqual({ copil_existe: 'non' });
  });
});
