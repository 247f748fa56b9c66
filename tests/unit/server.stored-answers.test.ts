/**
 * The stored answers kept parsed between saves (server/repositories/stored-answers.ts):
 * the merge gives exactly the text and the changed variables of a plain
 * parse-merge-serialize, and a remembered set is reused only for its own text.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { mergeAnswers, readStoredAnswers, rememberStoredAnswers, storedAnswersOf } from '../../server/repositories/stored-answers.ts';
import type { Answers } from '../../survey-schema/index.ts';

const variable = fc.constantFrom('a', 'b', 'c_d', 'grille', 'multi', 'n', 'texte', 'x1', '12');
const value = fc.oneof(
  fc.integer(),
  fc.string(),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.constantFrom('r1', 'r2'), fc.dictionary(fc.constantFrom('c1', 'c2'), fc.oneof(fc.integer(), fc.string()))),
);
const answers = fc.dictionary(variable, value) as fc.Arbitrary<Answers>;

/** The merge as the save did it before: parse, spread, delete, serialize, compare each given answer's JSON. */
function plainMerge(text: string, values: Answers, cleared: Set<string>, given: string[]) {
  const start = JSON.parse(text) as Answers;
  const merged: Answers = { ...start, ...values };
  for (const v of cleared) delete merged[v];
  return { text: JSON.stringify(merged), changed: given.filter((v) => JSON.stringify(start[v]) !== JSON.stringify(merged[v])) };
}

it('merging gives the text and changes of a plain parse-merge-serialize, save after save', () => {
  fc.assert(
    fc.property(answers, fc.array(fc.tuple(answers, fc.uniqueArray(variable, { maxLength: 3 })), { minLength: 1, maxLength: 4 }), (initial, saves) => {
      let text = JSON.stringify(initial);
      for (const [values, clearedList] of saves) {
        const cleared = new Set(clearedList.filter((v) => !(v in values)));
        const given = [...Object.keys(values), ...cleared];
        const expected = plainMerge(text, values, cleared, given);
        const result = mergeAnswers(readStoredAnswers(1, text), structuredClone(values), cleared, given);
        expect(result.text).toBe(expected.text);
        expect(result.changed).toEqual(expected.changed);
        expect(result.answers).toEqual(JSON.parse(expected.text));
        rememberStoredAnswers(1, result);
        text = result.text;
      }
    }),
  );
});

it('a remembered set serves only the exact text it was made from', () => {
  const first = readStoredAnswers(7, '{"a":1,"b":"x"}');
  expect(readStoredAnswers(7, '{"a":1,"b":"x"}')).toBe(first);
  // Another writer (import, another process) stored other answers: read anew.
  const other = readStoredAnswers(7, '{"a":2}');
  expect(other).not.toBe(first);
  expect(other.answers).toEqual({ a: 2 });
});

it('remembered answers are frozen, so that no caller can change them in place', () => {
  const stored = readStoredAnswers(8, '{"g":{"r1":{"c1":1}},"m":["x"]}');
  expect(() => {
    (stored.answers.g as Record<string, Record<string, number>>).r1!.c1 = 2;
  }).toThrow(TypeError);
  expect(() => (stored.answers.m as string[]).push('y')).toThrow(TypeError);
  const fresh = storedAnswersOf({ a: 1 });
  expect(fresh.text).toBe('{"a":1}');
  expect(Object.isFrozen(fresh.answers)).toBe(true);
});
