/** Re-running each fixture generator reproduces the committed files byte for byte. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateArsIdf } from '../../fixtures/ars-idf-2016-2017/generate.ts';
import { generateCcoms2018 } from '../../fixtures/ccoms-2018/generate.ts';
import { generateCeapsy2021 } from '../../fixtures/ceapsy-2021/generate.ts';
import { generateDemo } from '../../fixtures/demo/generate.ts';
import type { GeneratedFiles } from '../../fixtures/lib/dataset.ts';

const generators: [string, () => GeneratedFiles][] = [
  ['demo', generateDemo],
  ['ccoms-2018', generateCcoms2018],
  ['ars-idf-2016-2017', generateArsIdf],
  ['ceapsy-2021', generateCeapsy2021],
];

describe('générateurs de fixtures déterministes', () => {
  it.each(generators)('%s : le générateur réécrit exactement les fichiers commités', (id, generate) => {
    const files = generate();
    expect(Object.keys(files).sort()).toEqual(['bilans.csv', 'registry.csv']);
    for (const [name, text] of Object.entries(files)) {
      const committed = readFileSync(new URL(`../../fixtures/${id}/${name}`, import.meta.url), 'utf8');
      expect(text === committed, `fixtures/${id}/${name} diffère : relancer npx tsx fixtures/${id}/generate.ts`).toBe(true);
      expect(text.startsWith('\uFEFFclsm_id;')).toBe(true);
    }
  });
});
