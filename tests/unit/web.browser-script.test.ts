import { describe, expect, it } from 'vitest';
import { evaluateCondition as reference, evaluateRuleTest as referenceRule, getQuestionnaire, type Condition, type FlatRow, type RuleTest } from '../../survey-schema/index.ts';
// The browser script is plain JavaScript; its condition logic must match the server's.
// @ts-expect-error no declaration file for the browser module
import { evaluateCondition as browser, evaluateRuleTest as browserRule, readNumber } from '../../web/public/app.js';
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

  it('evaluates consistency rules exactly like survey-schema (the rules of 2027.1 and edge cases)', () => {
    const tests: RuleTest[] = [...getQuestionnaire('2027.1').rules.map((r) => r.test), { somme: ['a', 'b'], auPlus: 'c' }, { croissant: ['a', 'b', 'c'] }];
    const ruleRows: FlatRow[] = [
      {},
      { a: 1, b: 2, c: 3 },
      { a: 2, b: '2', c: '3,5' },
      { a: 4, b: 1, c: 3 },
      { a: 'x', b: 1, c: 3 },
      { copil_nb_usagers: 3, copil_nb_aidants: 2, copil_nb_membres: 4 },
      { copil_nb_usagers: 1, copil_nb_aidants: 2, copil_nb_membres: 4 },
      { annee_emergence_projet: 2016, annee_creation: 2014, annee: 2027 },
      { annee_emergence_projet: 2012, annee_creation: 2014, annee: 2027 },
      { copil_role_psychiatrie_adulte: 'absente', copil_membre__psychiatrie_adulte: 'membre' },
      { copil_role_psychiatrie_adulte: 'absente', copil_membre__psychiatrie_adulte: 'non_invite' },
      { copil_role_pedopsychiatrie: 'porteur', copil_membre__pedopsychiatrie: 'sans_objet' },
      { cellule_existe: 'oui', terr_resad: 'non' },
      { cellule_existe: 'oui' },
      { participation_usagers__cellule: 'oui', cellule_existe: 'non' },
    ];
    const outcomes = new Set<string>();
    for (const test of tests) {
      for (const row of ruleRows) {
        const expected = referenceRule(test, row);
        expect(browserRule(test, row), JSON.stringify({ test, row })).toBe(expected);
        outcomes.add(String(expected));
      }
    }
    expect([...outcomes].sort()).toEqual(['false', 'null', 'true']);
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
