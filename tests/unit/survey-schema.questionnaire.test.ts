/**
 * The canonical questionnaire: structure, conditions, validation messages,
 * the COPIL condition, and the flatten / unflatten round trip.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applicableAnswers,
  bilanAnnuelDefinition,
  completeness,
  conditionVariables,
  exampleBilan,
  flatColumnNames,
  flattenAnswers,
  getQuestionnaire,
  handlerOf,
  IDENTITY_COLUMNS,
  indexOf,
  QuestionnaireSchema,
  unflattenRow,
  validateDraft,
  validateSubmission,
  type Answers,
  type CellSpec,
  type Condition,
  type Question,
} from '../../survey-schema/index.ts';

const q = getQuestionnaire();
const ctx = { annee: 2025 };
const index = indexOf(q);

describe('the definition', () => {
  it('satisfies the meta-schema', () => {
    expect(QuestionnaireSchema.safeParse(bilanAnnuelDefinition).success).toBe(true);
  });

  it('has unique question variables and unique flat columns', () => {
    const questions = q.sections.flatMap((s) => s.questions.map((x) => x.variable));
    expect(new Set(questions).size).toBe(questions.length);
    const columns = flatColumnNames(q);
    expect(new Set(columns).size).toBe(columns.length);
  });

  it('numbers its sections in order, from 0', () => {
    expect(q.sections.map((s) => s.number)).toEqual(q.sections.map((_, i) => i));
  });

  it('keeps the core variables of the contract', () => {
    const columns = new Set(flatColumnNames(q));
    const core = [
      'clsm_id', 'annee', 'region', 'departement',
      'annee_creation', 'consentement_ccoms', 'coord_etp', 'coord_annee_prise_poste', 'terr_population',
      'copil_existe', 'ap_existe', 'cellule_existe', 'copil_nb_reunions', 'ap_nb_reunions', 'gt_nb_reunions',
      'copil_nb_membres', 'copil_nb_usagers',
      'participation_usagers__copil', 'participation_usagers__ap', 'participation_usagers__gt', 'participation_usagers__cellule',
      'periode_creation', 'classe_etp', 'classe_anciennete', 'tranche_population',
    ];
    for (const actor of ['elus', 'psychiatrie_adulte', 'pedopsychiatrie', 'unafam', 'associations_usagers', 'gem']) {
      core.push(`copil_membre__${actor}`, `ap_membre__${actor}`);
    }
    for (const theme of ['logement_habitat', 'cellule_situations_complexes', 'sism', 'acces_soins', 'sm_adolescents']) {
      core.push(`gt_theme__${theme}`, `gt_reunions__${theme}`, `gt_usagers__${theme}`);
    }
    for (const v of core) expect(columns.has(v), v).toBe(true);
  });

  it('has a glossary entry for every acronym the form uses', () => {
    const terms = new Set(q.glossary.map((g) => g.term));
    for (const t of ['COPIL', 'AP', 'ASV', 'CLS', 'PTSM', 'QPV', 'GEM', 'RESAD', 'SISM', 'EMPP', 'SAVS', 'SAMSAH', 'ESAT', 'MDPH', 'UNAFAM', 'CCOMS', 'ARS', 'ETP', 'CNFPT', 'IDH2']) {
      expect(terms.has(t), t).toBe(true);
    }
  });

  it('asks about the campaign year, never a hard-coded one', () => {
    const labels = q.sections.flatMap((s) => s.questions.flatMap((x) => [x.label, x.help ?? '']));
    for (const label of labels) expect(label).not.toMatch(/\b20\d\d\b/);
    expect(labels.filter((l) => l.includes('{annee}')).length).toBeGreaterThan(15);
  });
});

describe('conditions', () => {
  /** Flat columns produced by each question, in questionnaire order; the identity columns (region…) come first. */
  const producedBy = new Map<string, number>(IDENTITY_COLUMNS.map((c) => [c, -1]));
  for (const entry of index.ordered) {
    for (const column of handlerOf(entry.question).columns(entry.question)) producedBy.set(column.variable, entry.index);
  }

  const expand = (condition: Condition, rows: string[]): string[] =>
    conditionVariables(condition).flatMap((v) => (v.includes('{row}') ? rows.map((r) => v.replaceAll('{row}', r)) : [v]));

  it('name existing variables of earlier questions', () => {
    let checked = 0;
    for (const entry of index.ordered) {
      const own = entry.condition ? expand(entry.condition, []) : [];
      for (const v of own) {
        expect(producedBy.has(v), `${entry.question.variable}: unknown ${v}`).toBe(true);
        expect(producedBy.get(v)!, `${entry.question.variable}: ${v} is not earlier`).toBeLessThan(entry.index);
        checked++;
      }
      if (entry.question.kind === 'grille') {
        const g = entry.question;
        g.columns.forEach((column, i) => {
          if (!column.condition) return;
          for (const v of expand(column.condition, g.rows.map((r) => r.code))) {
            expect(producedBy.has(v), `${column.variable}: unknown ${v}`).toBe(true);
            const sameGrid = producedBy.get(v) === entry.index;
            // Inside a grid, a cell may depend on an earlier column of the same grid only.
            if (sameGrid) expect(g.columns.findIndex((c) => v.startsWith(`${c.variable}__`))).toBeLessThan(i);
            else expect(producedBy.get(v)!).toBeLessThan(entry.index);
            checked++;
          }
        });
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('form no cycle between questions', () => {
    const deps = new Map<string, Set<string>>();
    const questionOf = (column: string) => index.ordered[producedBy.get(column)!]?.question.variable ?? column;
    for (const entry of index.ordered) {
      const rows = entry.question.kind === 'grille' ? entry.question.rows.map((r) => r.code) : [];
      const conditions = [entry.condition, ...(entry.question.kind === 'grille' ? entry.question.columns.map((c) => c.condition) : [])];
      const names = conditions
      .flatMap((c) => (c ? expand(c, rows) : []))
      .filter((v) => producedBy.get(v)! >= 0) // identity columns (region) are no question
      .map(questionOf)
      .filter((v) => v !== entry.question.variable);
      deps.set(entry.question.variable, new Set(names));
    }
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (v: string, path: string[]): void => {
      if (state.get(v) === 'done') return;
      if (state.get(v) === 'visiting') throw new Error(`cycle: ${[...path, v].join(' → ')}`);
      state.set(v, 'visiting');
      for (const d of deps.get(v) ?? []) visit(d, [...path, v]);
      state.set(v, 'done');
    };
    for (const v of deps.keys()) visit(v, []);
    expect(state.size).toBe(index.ordered.length);
  });
});

describe('validation', () => {
  it('accepts a complete example bilan', () => {
    const r = validateSubmission(q, exampleBilan(), ctx);
    expect(r.issues).toEqual([]);
    expect(r.ok).toBe(true);
    expect(completeness(q, exampleBilan(), ctx).pct).toBe(100);
  });

  it('names the section and the question on a wrong type', () => {
    const r = validateDraft(q, { copil_nb_reunions: 'trois' }, ctx);
    expect(r.issues.map((i) => i.message)).toEqual(['Section 4 — Nombre de réunions du comité de pilotage : un nombre entier positif est attendu']);
    expect(r.issues[0]).toMatchObject({ variable: 'copil_nb_reunions', code: 'type', section: { id: 'gouvernance', number: 4 } });
    expect(validateDraft(q, { copil_existe: 'peut-être' }, ctx).issues[0]?.message).toBe(
      'Section 4 — Existence d’un comité de pilotage : la réponse doit être « oui » ou « non »',
    );
  });

  it('names the bound on an out-of-range answer', () => {
    expect(validateDraft(q, { coord_etp: 7 }, ctx).issues[0]?.message).toBe('Section 1 — Temps de coordination (ETP) : la valeur doit être au plus 5 ETP');
    expect(validateDraft(q, { annee_creation: 2031 }, ctx).issues[0]?.message).toBe(
      'Section 0 — Année de création officielle du CLSM : l\'année ne peut pas être après 2025',
    );
    expect(validateDraft(q, { copil_nb_reunions: -1 }, ctx).issues[0]?.message).toBe(
      'Section 4 — Nombre de réunions du comité de pilotage : un nombre entier positif est attendu',
    );
  });

  it('names a wrong cell inside a grid and a repeating group', () => {
    const grid = validateDraft(q, { copil_membre: { unafam: { copil_membre: 'oui' } } }, ctx);
    expect(grid.issues[0]?.message).toBe(
      'Section 4 — Composition du COPIL (UNAFAM (familles et aidant·es)) : la réponse doit être l\'une des options proposées (Membre, présent·e, Membre, présence non relevée, Invité·e, non présent·e, Non invité·e, Sans objet)',
    );
    expect(grid.issues[0]?.variable).toBe('copil_membre__unafam');
    const group = validateDraft(q, { financements_actions: [{ type_action: 'SISM', source: 'ars', montant: -5 }] }, ctx);
    expect(group.issues[0]?.message).toBe('Section 5 — Financements des actions (Financement 1, Montant pour 2025 (€)) : un nombre entier positif est attendu');
  });

  it('rejects an unknown variable', () => {
    const r = validateDraft(q, { copil_nb_seances: 2 }, ctx);
    expect(r.ok).toBe(false);
    expect(r.issues).toEqual([expect.objectContaining({ code: 'inconnue', message: 'Réponses : la question « copil_nb_seances » n\'existe pas dans ce questionnaire' })]);
  });

  it('names a missing required answer', () => {
    const { terr_communes_insee: _, ...rest } = exampleBilan();
    const r = validateSubmission(q, rest, ctx);
    expect(r.issues.map((i) => i.message)).toEqual(['Section 2 — Communes couvertes : une réponse est attendue']);
    const grid = exampleBilan();
    delete (grid.copil_membre as Record<string, unknown>).gem;
    expect(validateSubmission(q, grid, ctx).issues.map((i) => i.message)).toEqual([
      "Section 4 — Composition du COPIL (Groupe d'entraide mutuelle (GEM)) : une réponse est attendue",
    ]);
  });

  it('requires no COPIL question when there is no COPIL, and drops COPIL answers at submission', () => {
    const withoutCopil = Object.fromEntries(Object.entries(exampleBilan()).filter(([k]) => !k.startsWith('copil_')));
    withoutCopil.copil_existe = 'non';
    const c = completeness(q, withoutCopil, ctx);
    expect(c.missing).toEqual([]);
    expect([...c.applicable].filter((v) => v.startsWith('copil_'))).toEqual(['copil_existe']);

    const stale = { ...exampleBilan(), copil_existe: 'non' };
    const r = validateSubmission(q, stale, ctx);
    expect(r.ok).toBe(true);
    expect(Object.keys(r.answers).filter((k) => k.startsWith('copil_'))).toEqual(['copil_existe']);

    // With a COPIL, its questions are required again; its composition once it has met.
    const empty = completeness(q, { copil_existe: 'oui' }, ctx);
    expect(empty.missing.map((i) => i.question)).toEqual(expect.arrayContaining(['copil_nb_reunions', 'copil_nb_membres']));
    expect(empty.missing.map((i) => i.question)).not.toContain('copil_membre');
    const met = completeness(q, { copil_existe: 'oui', copil_nb_reunions: 2 }, ctx);
    expect(met.missing.map((i) => i.question)).toContain('copil_membre');
  });

  it('drops grid cells whose row condition is false at submission', () => {
    const answers = exampleBilan();
    (answers.gt_themes as Record<string, Record<string, unknown>>).addictions = { gt_theme: 'non', gt_reunions: 4, gt_usagers: 'oui' };
    const r = validateSubmission(q, answers, ctx);
    expect(r.ok).toBe(true);
    expect((r.answers.gt_themes as Record<string, unknown>).addictions).toEqual({ gt_theme: 'non' });
    expect(flattenAnswers(q, answers).gt_reunions__addictions).toBeNull();
  });

  it('asks the engagement level only where personnes concernées take part', () => {
    const answers = exampleBilan();
    const missing = completeness(q, { ...answers, niveau_engagement: {} }, ctx).missing.map((i) => i.variable);
    expect(missing).toEqual(['niveau_engagement__copil', 'niveau_engagement__ap', 'niveau_engagement__gt']);
  });
});

// ---------------------------------------------------------------- round trip

const text = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim() === s && s.trim() !== '');

function cellArbitrary(spec: CellSpec): fc.Arbitrary<string | number> {
  switch (spec.kind) {
    case 'oui_non':
      return fc.constantFrom('oui', 'non');
    case 'choix_unique':
      return fc.constantFrom(...spec.options.map((o) => o.code));
    case 'entier':
      return fc.integer({ min: spec.min ?? 0, max: Math.min(spec.max ?? 1000, 100_000) });
    case 'decimal':
      return fc.integer({ min: 0, max: 20 }).map((n) => Math.min(n / 4, spec.max ?? 5));
    case 'annee':
      return fc.integer({ min: spec.min ?? 1990, max: spec.max ?? ctx.annee });
    case 'date':
      return fc.constantFrom('2024-03-01', '2025-11-30');
    case 'texte_court':
    case 'texte_long':
      return text;
  }
}

function answerArbitrary(question: Question): fc.Arbitrary<unknown> {
  switch (question.kind) {
    case 'choix_multiple': {
      const exclusive = new Set(question.exclusive ?? []);
      const codes = question.options.map((o) => o.code).filter((c) => !exclusive.has(c));
      return fc.oneof(fc.subarray(codes), fc.constantFrom(...(exclusive.size ? [...exclusive].map((c) => [c]) : [[]])));
    }
    case 'grille':
      return fc.record(
        Object.fromEntries(question.rows.map((r) => [r.code, fc.record(Object.fromEntries(question.columns.map((c) => [c.variable, cellArbitrary(c.cell)])), { requiredKeys: [] })])),
        { requiredKeys: [] },
      );
    case 'groupe_repete':
      return fc.array(fc.record(Object.fromEntries(question.fields.map((f) => [f.code, cellArbitrary(f.cell)]))), { minLength: 1, maxLength: question.maxItems });
    case 'communes':
      return fc.subarray(['93048', '93066', '2A004', '75111', '200054781'], { minLength: 1 });
    default:
      return cellArbitrary(question);
  }
}

const answersArbitrary: fc.Arbitrary<Answers> = fc.record(
  Object.fromEntries(index.ordered.map((e) => [e.question.variable, answerArbitrary(e.question)])),
  { requiredKeys: [] },
) as fc.Arbitrary<Answers>;

describe('flatten and unflatten', () => {
  it('round-trips the example bilan', () => {
    const answers = validateSubmission(q, exampleBilan(), ctx).answers;
    const row = flattenAnswers(q, answers, { clsm_id: 'clsm-93048', annee: 2025, region: '11', departement: '93' });
    expect(Object.keys(row)).toEqual(flatColumnNames(q));
    expect(row).toMatchObject({ copil_membre__unafam: 'membre', gt_theme__sism: 'oui', participation_usagers__copil: 'oui', coord_financement__ars: 'oui' });
    expect(row).toMatchObject({ periode_creation: 'avant_2016', classe_etp: 'etp_50', classe_anciennete: 'de_1_a_2_ans', tranche_population: 'de_100000_a_200000' });
    expect(unflattenRow(q, row)).toEqual(answers);
  });

  it('reads back rows of raw strings (CSV)', () => {
    const answers = validateSubmission(q, exampleBilan(), ctx).answers;
    const row = flattenAnswers(q, answers);
    const strings = Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null || v === undefined ? '' : typeof v === 'number' ? String(v).replace('.', ',') : v]));
    expect(unflattenRow(q, strings)).toEqual(answers);
  });

  it('round-trips any valid answer set (property)', () => {
    fc.assert(
      fc.property(answersArbitrary, (raw) => {
        const draft = validateDraft(q, raw, ctx);
        if (!draft.ok) throw new Error(draft.issues.map((i) => i.message).join('\n'));
        const applicable = applicableAnswers(q, draft.answers).answers;
        expect(unflattenRow(q, flattenAnswers(q, draft.answers))).toEqual(applicable);
      }),
      { numRuns: 100 },
    );
  });
});
