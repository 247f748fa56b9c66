/**
 * The QR code of a published fiche's address (web/qr.ts) read back as a
 * reader does: finder patterns, format information (level M, its BCH code),
 * mask removed, codewords in the zigzag order, byte-mode header and text.
 * (Checked by hand as well with zbarimg 0.23: versions 2 to 10, UTF-8, on the
 * encoder written here first; qrcode-generator replaced it and passes the same reading.)
 */
import { describe, expect, it } from 'vitest';
import { qrMatrix, qrSvgPath } from '../../web/qr.ts';

const MASKS = [
  (x: number, y: number) => (x + y) % 2 === 0,
  (_x: number, y: number) => y % 2 === 0,
  (x: number) => x % 3 === 0,
  (x: number, y: number) => (x + y) % 3 === 0,
  (x: number, y: number) => (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0,
  (x: number, y: number) => ((x * y) % 2) + ((x * y) % 3) === 0,
  (x: number, y: number) => (((x * y) % 2) + ((x * y) % 3)) % 2 === 0,
  (x: number, y: number) => (((x + y) % 2) + ((x * y) % 3)) % 2 === 0,
];

/** Reads a version 1-3 symbol (one block: data codewords come first, in order). */
function read(m: boolean[][]): { level: number; text: string } {
  const size = m.length;
  const version = (size - 17) / 4;
  // Format bits around the top-left finder, bit 14 first.
  const at = (x: number, y: number) => (m[y]![x] ? 1 : 0);
  const coords: Array<[number, number]> = [[8, 0], [8, 1], [8, 2], [8, 3], [8, 4], [8, 5], [8, 7], [8, 8], [7, 8], [5, 8], [4, 8], [3, 8], [2, 8], [1, 8], [0, 8]];
  const format = coords.reduce((acc, [x, y], i) => acc | (at(x, y) << i), 0) ^ 0x5412;
  let rem = format >>> 10;
  for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
  expect(rem & 0x3ff).toBe(format & 0x3ff); // BCH(15,5) checks
  const level = format >>> 13;
  const mask = (format >>> 10) & 7;
  // Function modules of versions 1-3: finders with separators and format areas, timing, one alignment pattern.
  const isFunction = (x: number, y: number) =>
    (x < 9 && y < 9) || (x >= size - 8 && y < 9) || (x < 9 && y >= size - 8) || x === 6 || y === 6 || (version > 1 && Math.abs(x - (size - 7)) <= 2 && Math.abs(y - (size - 7)) <= 2);
  const bits: number[] = [];
  for (let right = size - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5;
    for (let vert = 0; vert < size; vert++) {
      for (let j = 0; j < 2; j++) {
        const x = right - j;
        const y = ((right + 1) & 2) === 0 ? size - 1 - vert : vert;
        if (!isFunction(x, y)) bits.push(at(x, y) ^ (MASKS[mask]!(x, y) ? 1 : 0));
      }
    }
  }
  const take = (from: number, n: number) => bits.slice(from, from + n).reduce((a, b) => (a << 1) | b, 0);
  expect(take(0, 4)).toBe(0b0100); // byte mode
  const length = take(4, 8);
  const bytes = Array.from({ length }, (_, i) => take(12 + i * 8, 8));
  return { level, text: new TextDecoder().decode(new Uint8Array(bytes)) };
}

describe('qrMatrix', () => {
  it('encodes a text that a reader gets back, at level M, in the smallest version', () => {
    for (const [text, size] of [['https://x.fr', 21], ['https://bilan-clsm.fr/f/38', 25], ['Fiche née à Montreuil — café !', 29]] as const) {
      const m = qrMatrix(text);
      expect(m).toHaveLength(size);
      expect(read(m)).toEqual({ level: 0b00, text });
    }
  });

  it('draws the three finder patterns and grows with the text (a fiche’s address fits a small symbol)', () => {
    const m = qrMatrix('https://bilan-clsm.sante-mentale.example.gouv.fr/f/38BA6i_Q0_q9GOYRf3LJrA');
    const size = m.length;
    expect(size).toBe(37); // version 5
    for (const [x0, y0] of [[0, 0], [size - 7, 0], [0, size - 7]] as Array<[number, number]>) {
      const ring = [0, 1, 2, 3, 4, 5, 6].map((i) => [m[y0]![x0 + i], m[y0 + 6]![x0 + i], m[y0 + i]![x0], m[y0 + i]![x0 + 6]]);
      expect(ring.flat().every(Boolean)).toBe(true);
      expect(m[y0 + 3]![x0 + 3]).toBe(true);
      expect(m[y0 + 1]![x0 + 1]).toBe(false);
    }
    expect(qrMatrix('x'.repeat(300)).length).toBeGreaterThan(qrMatrix('x'.repeat(100)).length);
  });

  it('draws one SVG path with a quiet zone of four modules', () => {
    const { size, path } = qrSvgPath('https://x.fr');
    expect(size).toBe(29);
    expect(path.startsWith('M4 4h1v1h-1z')).toBe(true);
  });
});
