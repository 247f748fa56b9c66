/**
 * Inputs a typical CLSM sees and must touch with last year carried forward,
 * before (2026.1, everything carried but the consent) and after (2027.1,
 * carry-forward policy per question): a CLSM whose COPIL and assemblée
 * plénière met, with 6 working groups and no cellule, in Île-de-France.
 * `npx tsx bench/inputs.ts` prints the table; the unit test
 * `survey-schema.burden.test.ts` holds the same figures.
 */
import { typicalBurden } from '../tests/support/typical-clsm.ts';

const { before, after } = typicalBurden();
const line = (label: string, b: typeof before) =>
  `${label.padEnd(26)} ${String(b.seen).padStart(6)} ${String(b.prefilled).padStart(10)} ${String(b.toEnter).padStart(9)} ${`${b.toConfirm.questions} (${b.toConfirm.inputs}, ${b.toConfirm.sections} s.)`.padStart(16)} ${String(b.mustTouch).padStart(10)} ${String(b.yearlyCarried).padStart(16)}`;
process.stdout.write(
  [
    'CLSM type : COPIL et AP réunis, 6 groupes de travail, pas de cellule, Île-de-France ; bilan de l’an dernier repris.',
    `${''.padEnd(26)} ${'vues'.padStart(6)} ${'préremplies'.padStart(10)} ${'à saisir'.padStart(9)} ${'à confirmer'.padStart(16)} ${'à toucher'.padStart(10)} ${'annuelles reprises'.padStart(16)}`,
    line('avant (2026.1 → 2026.1)', before),
    line('après (2026.1 → 2027.1)', after.fromOld),
    line('après (2027.1 → 2027.1)', after.steady),
    '',
  ].join('\n'),
);
