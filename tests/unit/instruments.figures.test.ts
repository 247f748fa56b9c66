/**
 * Every published CCOMS 2018 and Céapsy 2021 figure names the canonical
 * variables it is computed from (through the instrument mappings).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildCodebook, flatColumnNames, getQuestionnaire } from '../../survey-schema/index.ts';
import { ccoms2018, ceapsy2021, instruments } from '../../survey-schema/instruments/index.ts';
import type { Instrument } from '../../survey-schema/instruments/types.ts';

interface PublishedFigure {
  id: string;
  source: string;
  context_only?: boolean;
}
const published = JSON.parse(readFileSync(new URL('../../fixtures/reference/published-003-000.json', import.meta.url), 'utf8')) as {
  indicators: PublishedFigure[];
  noted_outside_requested_range: PublishedFigure[];
};

const q = getQuestionnaire();
const columns = new Set(flatColumnNames(q));
const questionVariables = new Set(q.sections.flatMap((s) => s.questions.map((x) => x.variable)));
const exists = (v: string) => columns.has(v) || questionVariables.has(v);

function figuresOf(instrument: Instrument): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const item of instrument.items) for (const f of item.figures ?? []) out.set(f, [...(out.get(f) ?? []), ...item.variables]);
  return out;
}

describe.each([
  ['003', ccoms2018],
  ['000', ceapsy2021],
])('published figures of source %s', (source, instrument) => {
  const figures = figuresOf(instrument);
  const expected = published.indicators.filter((f) => f.source === source && !f.context_only);

  it('lists a non-trivial number of figures', () => {
    expect(expected.length).toBeGreaterThan(source === '003' ? 100 : 10);
  });

  it.each(expected.map((f) => [f.id]))('%s names existing canonical variables', (id) => {
    const variables = figures.get(id);
    expect(variables, `figure ${id} is not mapped by ${instrument.id}`).toBeDefined();
    expect(variables!.length).toBeGreaterThan(0);
    for (const v of variables!) expect(exists(v), `${id} → ${v}`).toBe(true);
  });

  it('maps no context-only figure and no unknown figure id', () => {
    const known = new Map([...published.indicators, ...published.noted_outside_requested_range].map((f) => [f.id, f]));
    for (const id of figures.keys()) {
      expect(known.has(id), `unknown figure id ${id}`).toBe(true);
      expect(known.get(id)!.context_only ?? false, `${id} is context only`).toBe(false);
    }
  });
});

describe('instrument mappings', () => {
  it('name only existing variables and option codes', () => {
    const optionCodes = new Map<string, Set<string>>();
    for (const c of q.sections.flatMap((s) => s.questions)) {
      if ('options' in c) optionCodes.set(c.variable, new Set(c.options.map((o) => o.code)));
      if (c.kind === 'grille') for (const col of c.columns) if (col.cell.kind === 'choix_unique') optionCodes.set(col.variable, new Set(col.cell.options.map((o) => o.code)));
    }
    for (const instrument of instruments) {
      for (const item of instrument.items) {
        expect(item.variables.length, `${instrument.id} ${item.ref}`).toBeGreaterThan(0);
        for (const v of item.variables) expect(exists(v), `${instrument.id} ${item.ref} → ${v}`).toBe(true);
      }
    }
    // The membership statuses and theme statuses of the CCOMS map onto real codes.
    const copil = ccoms2018.items.find((i) => i.ref === 'COPIL — UNAFAM')!;
    expect(Object.values(copil.options!).every((code) => optionCodes.get('copil_membre')!.has(code))).toBe(true);
  });
});

describe('published figures of the ARS 2016-2017 bilans (thesis)', () => {
  const thesis = JSON.parse(readFileSync(new URL('../../fixtures/reference/published-002.json', import.meta.url), 'utf8')) as { indicators: { id: string }[] };
  const mapped = figuresOf(instruments.find((i) => i.id === 'ars-idf-2016-2017')!);

  it.each(thesis.indicators.map((f) => [f.id]))('%s names existing canonical variables', (id) => {
    expect(mapped.get(id), `figure ${id} is not mapped`).toBeDefined();
    for (const v of mapped.get(id)!) expect(exists(v), `${id} → ${v}`).toBe(true);
  });

  it('maps no unknown figure id', () => {
    const known = new Set(thesis.indicators.map((f) => f.id));
    for (const id of mapped.keys()) expect(known.has(id), id).toBe(true);
  });
});

describe('option mappings of every instrument', () => {
  const allowed = new Map<string, Set<string>>();
  const add = (v: string, codes: string[]) => allowed.set(v, new Set([...(allowed.get(v) ?? []), ...codes]));
  for (const entry of buildCodebook(q, instruments)) {
    add(entry.variable, entry.options.map((o) => o.code));
    if (['entier', 'decimal', 'annee'].includes(entry.type)) add(entry.variable, ['#nombre']);
  }
  for (const question of q.sections.flatMap((s) => s.questions)) {
    if ('options' in question) add(question.variable, question.options.map((o) => o.code));
    if (question.kind === 'grille') for (const c of question.columns) if ('options' in c.cell) add(question.variable, c.cell.options.map((o) => o.code));
    if (question.kind === 'oui_non') add(question.variable, ['oui', 'non']);
    if (question.kind === 'choix_multiple') for (const o of question.options) add(`${question.variable}__${o.code}`, ['oui', 'non']);
  }
  const items = instruments.flatMap((i) => i.items.filter((item) => item.options).map((item) => [`${i.id} ${item.ref}`, item] as const));

  it('covers the items that carry options', () => {
    expect(items.length).toBeGreaterThan(100);
  });

  it.each(items)('%s maps onto option codes of its variables', (_, item) => {
    const codes = new Set(item.variables.flatMap((v) => [...(allowed.get(v) ?? [])]));
    for (const [label, code] of Object.entries(item.options!)) {
      const ok = codes.has(code) || (codes.has('#nombre') && Number.isFinite(Number(code)));
      expect(ok, `« ${label} » → ${code}`).toBe(true);
    }
  });
});
