import { arsIdf20162017 } from './ars-idf-2016-2017.ts';
import { ccoms2018 } from './ccoms-2018.ts';
import { ceapsy2021 } from './ceapsy-2021.ts';
import type { Instrument } from './types.ts';

/** The historical instruments mapped onto the canonical questionnaire. */
export const instruments: Instrument[] = [arsIdf20162017, ccoms2018, ceapsy2021];

export { arsIdf20162017, ccoms2018, ceapsy2021 };
