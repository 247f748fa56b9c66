import { describe, expect, it } from 'vitest';
import { evaluateCondition as reference, type Condition, type FlatRow } from '../../survey-schema/index.ts';
// The browser script is plain JavaScript; its condition logic must match the server's.
// @ts-expect-error no declaration file for the browser module
import { evaluateCondition as browser, readNumber } from '../../web/public/app.js';
import { escapeHtml, html, raw } from '../../web/html.ts';

const rows: FlatRow[] = [
  {},
  { copil_existe: 'oui', coord_etp: 0.5, gt_theme__sism: 'en_cours' },
  { copil_existe: 'non', coord_etp: 0, gt_theme__sism: 'non' },
  { copil_existe: '', coord_etp: '0,5' as unknown as number, gt_theme__sism: null },
  { copil_existe: 'oui', coord_etp: 2, copil_nb_membres: 12 },
];

const conditions: Array<[Condition, string?]> = [
  [{ var: 'copil_existe', eq: 'oui' }],
  [{ var: 'copil_existe', ne: 'oui' }],
  [{ var: 'coord_etp', gte: 0.01 }],
  [{ var: 'coord_etp', lte: 1 }],
  [{ var: 'copil_existe', answered: true }],
  [{ var: 'copil_existe', answered: false }],
  [{ var: 'gt_theme__{row}', in: ['oui', 'en_cours'] }, 'sism'],
  [{ all: [{ var: 'copil_existe', eq: 'oui' }, { var: 'copil_nb_membres', gte: 1 }] }],
  [{ any: [{ var: 'copil_existe', eq: 'non' }, { var: 'coord_etp', gte: 1 }] }],
  [{ not: { var: 'copil_existe', eq: 'oui' } }],
];

describe('browser script', () => {
  it('evaluates conditions exactly like survey-schema', () => {
    let trues = 0;
    for (const [condition, rowCode] of conditions) {
      for (const row of rows) {
        const expected = reference(condition, row, rowCode);
        expect(browser(condition, row, rowCode), JSON.stringify({ condition, row })).toBe(expected);
        if (expected) trues++;
      }
    }
    // The cases exercise both outcomes.
    expect(trues).toBeGreaterThan(5);
    expect(trues).toBeLessThan(conditions.length * rows.length - 5);
  });

  it('reads French decimals as numbers and keeps unreadable text', () => {
    expect(readNumber('0,5')).toBe(0.5);
    expect(readNumber('1 200')).toBe(1200);
    expect(readNumber('beaucoup')).toBe('beaucoup');
  });
});

describe('html template', () => {
  it('escapes interpolated text and keeps trusted markup', () => {
    const answer = '<script>alert("x")</script> & \'co\'';
    expect(html`<p title="${answer}">${answer}</p>`.value).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;</p>',
    );
    expect(html`<div>${[html`<b>${'<i>'}</b>`, raw('<svg></svg>')]}</div>`.value).toBe('<div><b>&lt;i&gt;</b><svg></svg></div>');
    expect(escapeHtml('a"b')).toBe('a&quot;b');
    expect(html`${null}${undefined}${false}${0}`.value).toBe('0');
  });
});
