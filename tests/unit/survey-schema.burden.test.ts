/**
 * Issue 11, "less burden": the inputs a typical CLSM (COPIL and AP met, 6
 * working groups, no cellule, Île-de-France) sees and must touch with last
 * year's bilan carried forward, before (2026.1) and after (2027.1). The
 * figures are computed from the definitions (`bench/inputs.ts` prints them);
 * a change of condition or of carry-forward policy changes them here.
 */
import { describe, expect, it } from 'vitest';
import { getQuestionnaire, validateSubmission } from '../../survey-schema/index.ts';
import { typicalAnswers, typicalBurden } from '../support/typical-clsm.ts';

describe('inputs of a typical CLSM, last year carried forward', () => {
  const { before, after } = typicalBurden();

  it('are complete bilans of their version', () => {
    expect(validateSubmission(getQuestionnaire('2026.1'), typicalAnswers('2026.1'), { annee: 2026, region: '11' }).issues).toEqual([]);
    expect(validateSubmission(getQuestionnaire('2027.1'), typicalAnswers('2027.1'), { annee: 2027, region: '11' }).issues).toEqual([]);
  });

  it('before: 237 inputs seen, only the consent to touch, 44 yearly figures carried silently', () => {
    expect(before).toMatchObject({ seen: 237, prefilled: 226, toEnter: 1, mustTouch: 1, yearlyCarried: 44 });
  });

  it('after: 244 inputs seen; this year\'s figures entered (22), 15 questions confirmed in 5 sections; nothing yearly carried', () => {
    expect(after.steady).toMatchObject({ seen: 244, prefilled: 186, toEnter: 22, toConfirm: { questions: 15, inputs: 111, sections: 5 }, mustTouch: 37, yearlyCarried: 0 });
    // The first 2027.1 bilan, prefilled from a 2026.1 one: a few more to enter (the communes, the year's new questions).
    expect(after.fromOld).toMatchObject({ seen: 244, toEnter: 27, mustTouch: 41, yearlyCarried: 0 });
  });
});
