/**
 * The QR code of a short text (the address of a published fiche), by
 * qrcode-generator (no dependency of its own): byte mode, error correction
 * level M (15 % of the symbol may be lost), the smallest version that holds
 * the text. Drawn as one SVG path with the 4-module quiet zone the standard asks for.
 */
import qrcode from 'qrcode-generator';

/**
 * The modules of the QR code of `text` (true: dark), rows from the top.
 *
 * @example qrMatrix('https://example.fr').length; // 25 (version 2)
 */
export function qrMatrix(text: string): boolean[][] {
  const code = qrcode(0, 'M');
  // UTF-8 bytes, one per character: the library's default reads each character's low byte.
  code.addData(String.fromCharCode(...Buffer.from(text, 'utf8')), 'Byte');
  code.make();
  const size = code.getModuleCount();
  return Array.from({ length: size }, (_, y) => Array.from({ length: size }, (_, x) => code.isDark(y, x)));
}

/** The QR code as an SVG path (quiet zone included), one unit per module. */
export function qrSvgPath(text: string): { size: number; path: string } {
  const m = qrMatrix(text);
  const quiet = 4;
  const parts: string[] = [];
  m.forEach((row, y) => row.forEach((dark, x) => dark && parts.push(`M${x + quiet} ${y + quiet}h1v1h-1z`)));
  return { size: m.length + 2 * quiet, path: parts.join('') };
}
