/**
 * Spreadsheet-safe CSV cells (analytics/spreadsheet.ts): a text a spreadsheet
 * would run as a formula is written with a leading `'`, the imports take it
 * off again, for any text; and every CSV the application writes goes through
 * that one module.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { restoreCell, safeCell, spreadsheetCsv, spreadsheetCsvStream } from '../../analytics/index.ts';

describe('safe cells', () => {
  it.each(['=1+1', '+33 1 23', '-cmd', '@SUM(A1)', '\tcaché', '\rretour', "'=déjà"])('%j is written with a leading apostrophe and read back as typed', (text) => {
    expect(safeCell(text)).toBe(`'${text}`);
    expect(restoreCell(safeCell(text))).toBe(text);
  });

  it.each(['-3', '-1,5', '12.5', 'Créteil', "'aujourd'hui", ''])('%j is left as it is', (text) => {
    expect(safeCell(text)).toBe(text);
    expect(restoreCell(text)).toBe(text);
  });

  it('for any text: what is written never starts a formula, and reads back as typed', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('=', '+', '-', '@', '\t', '\r', "'", 'a', '1', ',', ' ') }), (text) => {
        const written = safeCell(text);
        expect(restoreCell(written)).toBe(text);
        if (/^[=+\-@\t\r]/.test(written)) expect(written).toMatch(/^-?\d+(?:[.,]\d+)?$/);
      }),
      { numRuns: 2000 },
    );
  });

  it('a CSV for French spreadsheets: BOM, `;`, CRLF, quoted where needed', () => {
    expect(spreadsheetCsv([['nom', 'n'], ['=A1;"x"', 3], [null, -2]])).toBe('\uFEFFnom;n\r\n"\'=A1;""x""";3\r\n;-2\r\n');
  });
});

it('no CSV is written but through analytics/spreadsheet.ts', () => {
  const sources = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
    });
  const writers = ['server', 'analytics', 'web'].flatMap(sources).filter((file) => /from 'csv-stringify/.test(readFileSync(file, 'utf8')));
  expect(writers).toEqual(['analytics/spreadsheet.ts']);
});

describe('a long CSV export', () => {
  it('lets other requests run while it writes (the event loop is never held until the end)', async () => {
    let turns = 0;
    const timer = setInterval(() => turns++, 1);
    async function* rows() {
      yield ['clsm_id', 'nom'];
      for (let i = 0; i < 50_000; i++) yield [`c${i}`, `CLSM n° ${i}`];
    }
    const chunks: Buffer[] = [];
    for await (const chunk of spreadsheetCsvStream(rows())) chunks.push(chunk as Buffer);
    clearInterval(timer);
    expect(turns).toBeGreaterThan(0);
    const lines = Buffer.concat(chunks).toString('utf8').split('\r\n');
    expect(lines[0]).toBe('\uFEFFclsm_id;nom');
    expect(lines.at(-2)).toBe('c49999;CLSM n° 49999');
  });
});
