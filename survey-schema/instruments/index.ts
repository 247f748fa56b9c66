import type { Instrument } from './types.ts';

/** The historical instruments mapped onto the canonical questionnaire. */
export const instruments: Instrument[] = [];
