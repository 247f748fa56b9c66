import type { Instrument } from './types.ts';

export const arsIdf20162017: Instrument = {
  id: 'ars-idf-2016-2017',
  title: 'ARS Île-de-France — bilan d’activités 2016-2017 des CLSM',
  year: 2017,
  source: 'sources/002, lignes 4760-5549',
  items: [],
};
