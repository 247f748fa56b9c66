/** The comparison rules of the reproduction tests, so that a wrong figure cannot pass. */
import { describe, expect, it } from 'vitest';
import { matches, publishedValue, roundHalfUp } from '../../fixtures/lib/reproduce.ts';
import type { PublishedFigure } from '../../fixtures/lib/reference.ts';

const fig = (values: Record<string, unknown>, extra: Partial<PublishedFigure> = {}): PublishedFigure => ({ id: 'x', kind: 'share', values, ...extra });

describe('comparing with published values', () => {
  it('rounds half up, without binary noise', () => {
    expect(roundHalfUp(87.5)).toBe(88);
    expect(roundHalfUp(44.54545)).toBe(45);
    expect(roundHalfUp(71.425, 2)).toBe(71.43);
    expect(roundHalfUp(34.4)).toBe(34);
  });

  it('CCOMS and Céapsy: integer percent, rounded half up, nothing else', () => {
    expect(matches('003', (100 * 7) / 15, { value: 47, decimals: 0 })).toBe(true);
    expect(matches('003', (100 * 26) / 35, { value: 75, decimals: 0 })).toBe(false);
    expect(matches('000', 45.5, { value: 45, decimals: 0 })).toBe(false);
  });

  it('thesis: rounded, truncated at the printed precision, or within 0.1 point', () => {
    expect(matches('002', (100 * 14) / 43, { value: 32.5, decimals: 1 })).toBe(true);
    expect(matches('002', (100 * 21) / 43, { value: 48, decimals: 0 })).toBe(true);
    expect(matches('002', (100 * 26) / 35, { value: 75, decimals: 0 })).toBe(false);
    expect(matches('002', (100 * 9) / 43, { value: 20.9, decimals: 2 })).toBe(true);
    expect(matches('002', (100 * 10) / 43, { value: 20.9, decimals: 2 })).toBe(false);
  });

  it('reads the published number behind a key', () => {
    expect(publishedValue(fig({ Maire: '37 (13/35)' }), 'Maire')).toEqual({ value: 37, decimals: 0 });
    expect(publishedValue(fig({ sism: { published_pct: '69.70' } }), 'sism')).toEqual({ value: 69.7, decimals: 2 });
    expect(publishedValue(fig({ Oui: 84 }), 'Oui')).toEqual({ value: 84, decimals: 0 });
    expect(publishedValue(fig({}, { counts: { n: 21, N: 43 } }), 'N')).toEqual({ value: 43, decimals: 0 });
    expect(publishedValue(fig({}, { published: '48 (21/43 = 48,84, tronqué)' }), 'published')).toEqual({ value: 48, decimals: 0 });
    expect(() => publishedValue(fig({ a: null }), 'a')).toThrow(/illisible/);
  });
});
