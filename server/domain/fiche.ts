/**
 * The yearly fiche of a CLSM: what the cahier des charges asks a CLSM to give
 * back to its partners, its elected officials and the population, on one
 * page. Built from the bilan's answers through the questionnaire (labels,
 * rows, options and derived variables of the bilan's own version: 2026.1 and
 * 2027.1 read the same way), as data: the page (signed in), the public page
 * and the JSON API render this and nothing else of the bilan.
 *
 * Every list and text is capped here so that the printed page never
 * overflows, whatever was typed (the caps are what one A4 page holds; the
 * browser test prints the worst case).
 */
import {
  applicableAnswers,
  commune,
  derivedVariablesOf,
  epci,
  flattenAnswers,
  indexOf,
  labelFor,
  type Answers,
  type FlatRow,
  type GridValue,
  type Question,
  type Questionnaire,
} from '../../survey-schema/index.ts';
import { departementLabel, regionLabel } from '../../survey-schema/index.ts';

/** What one A4 page holds (see the print stylesheet web/public/fiche.css). */
export const FICHE_LIMITS = { communes: 12, themes: 18, partenaires: 24, objectifs: 700, texteCourt: 90 } as const;

export interface FicheFigure {
  variable: string;
  label: string;
  value: number;
}

export interface FicheText {
  label: string;
  text: string;
  /** The text was cut (at a word boundary, with « … »). */
  truncated: boolean;
}

/** A capped list: the first items, and how many there are in all. */
export interface FicheList {
  label: string;
  items: string[];
  total: number;
}

export interface FicheTheme {
  label: string;
  /** The questionnaire's label of the theme's state ("Oui, en place", "En cours de mise en place"). */
  etat: string;
  en_place: boolean;
  reunions: number | null;
}

export interface FicheData {
  clsm: { nom: string; region: string; departement: string };
  annee: number;
  questionnaire_version: string;
  territoire: {
    communes: FicheList | null;
    /** 2026.1: the communes as typed. */
    communes_texte: FicheText | null;
    echelle: { label: string; value: string } | null;
    population: FicheFigure | null;
  };
  /** Meetings of the instances, people concerned and relatives on the COPIL. */
  chiffres: FicheFigure[];
  themes: { label: string; items: FicheTheme[]; total: number; autre: string | null };
  partenaires: FicheList | null;
  objectifs: FicheText | null;
}

/** Figures of the fiche, in order: the instances' meetings, then who sits on the COPIL. */
const FIGURES = ['copil_nb_reunions', 'ap_nb_reunions', 'gt_nb_reunions', 'cellule_nb_reunions', 'cellule_nb_situations', 'copil_nb_usagers', 'copil_nb_aidants'];
const PRESENT = 'membre';

/** A label without its trailing explanation in parentheses: « Groupe d'entraide mutuelle (GEM) » stays, « … (somme des réunions par thématique) » goes. */
function brief(label: string): string {
  const m = /^(.*\S)\s+\(([^()]*)\)$/.exec(label);
  const short = m && m[2]!.length > 12 ? m[1]! : label;
  // A derived variable's definition: « Population couverte par le CLSM : populations municipales légales… ».
  const colon = short.indexOf(' : ');
  return short.length > 80 && colon > 0 ? short.slice(0, colon) : short;
}

/**
 * At most `max` characters, cut at a word boundary, with « … ».
 *
 * @example cut('Un deux trois', 8); // { text: 'Un deux…', truncated: true }
 */
export function cut(text: string, max: number): { text: string; truncated: boolean } {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return { text: clean, truncated: false };
  const head = clean.slice(0, max);
  const space = head.lastIndexOf(' ');
  return { text: `${(space > max * 0.6 ? head.slice(0, space) : head).replace(/[\s,;:.–—-]+$/, '')}…`, truncated: true };
}

const numberOf = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function ficheOf(questionnaire: Questionnaire, answers: Answers, bilan: { clsm: { id: string; nom: string; region: string; departement: string }; annee: number }): FicheData {
  const { annee } = bilan;
  const index = indexOf(questionnaire);
  // The flat row of the answers that apply, with the derived variables (2027.1 derives the population and the working groups' meetings).
  const identity = { clsm_id: bilan.clsm.id, annee, region: bilan.clsm.region, departement: bilan.clsm.departement };
  const row: FlatRow = flattenAnswers(questionnaire, answers, identity);
  // The answers that apply (a grid of a COPIL that does not exist is not shown).
  const applied = applicableAnswers(questionnaire, answers, identity).answers;
  const question = (variable: string): Question | undefined => index.questions.get(variable)?.question;
  const labelOf = (variable: string): string | null => {
    const q = question(variable);
    if (q) return brief(labelFor(q.shortLabel ?? q.label, annee));
    const d = derivedVariablesOf(questionnaire).find((x) => x.variable === variable);
    return d ? brief(d.label) : null;
  };
  const figure = (variable: string): FicheFigure | null => {
    const value = numberOf(row[variable]);
    const label = labelOf(variable);
    return value === null || label === null ? null : { variable, label, value };
  };
  const text = (variable: string, max: number): FicheText | null => {
    const value = row[variable];
    const label = labelOf(variable);
    if (typeof value !== 'string' || value.trim() === '' || label === null) return null;
    return { label, ...cut(value, max) };
  };
  const optionLabel = (variable: string): { label: string; value: string } | null => {
    const q = question(variable);
    const value = row[variable];
    if (!q || typeof value !== 'string' || !('options' in q)) return null;
    const option = q.options.find((o) => o.code === value);
    return option ? { label: labelOf(variable)!, value: option.label } : null;
  };

  // The territory: the communes chosen (2027.1), or as typed (2026.1).
  const codes = Array.isArray(applied.terr_communes_insee) ? (applied.terr_communes_insee as string[]) : [];
  const names = codes.map((c) => commune(c)?.nom ?? epci(c)?.nom ?? c);
  const communes: FicheList | null = codes.length ? { label: labelOf('terr_communes_insee') ?? 'Communes', items: names.slice(0, FICHE_LIMITS.communes), total: names.length } : null;

  // Working groups: the themes in place or being set up, in the questionnaire's order.
  const themesQuestion = question('gt_themes');
  const grid = applied.gt_themes as GridValue | undefined;
  const themes: FicheTheme[] = [];
  if (themesQuestion?.kind === 'grille' && grid) {
    const etats = themesQuestion.columns.find((c) => c.variable === 'gt_theme');
    const optionsOf = etats && etats.cell.kind === 'choix_unique' ? etats.cell.options : [];
    for (const r of themesQuestion.rows) {
      const etat = String(grid[r.code]?.gt_theme ?? '');
      if (etat !== 'oui' && etat !== 'en_cours') continue;
      themes.push({ label: brief(r.label), etat: optionsOf.find((o) => o.code === etat)?.label ?? etat, en_place: etat === 'oui', reunions: numberOf(grid[r.code]?.gt_reunions) });
    }
  }
  // In place first (then being set up), each in the questionnaire's order.
  themes.sort((a, b) => Number(b.en_place) - Number(a.en_place));

  // Partners: every actor present at the COPIL or the plenary assembly (the two grids share their rows).
  const present = new Map<string, string>();
  for (const variable of ['copil_membre', 'ap_membre']) {
    const q = question(variable);
    const g = applied[variable] as GridValue | undefined;
    if (q?.kind !== 'grille' || !g) continue;
    for (const r of q.rows) if (g[r.code]?.[variable] === PRESENT) present.set(r.code, brief(r.label));
  }
  const order = new Map<string, number>();
  for (const variable of ['copil_membre', 'ap_membre']) {
    const q = question(variable);
    if (q?.kind === 'grille') q.rows.forEach((r, i) => order.has(r.code) || order.set(r.code, i));
  }
  const partners = [...present.entries()].sort((a, b) => (order.get(a[0]) ?? 0) - (order.get(b[0]) ?? 0)).map(([, label]) => label);

  return {
    clsm: { nom: bilan.clsm.nom, region: regionLabel(bilan.clsm.region), departement: departementLabel(bilan.clsm.departement) },
    annee,
    questionnaire_version: questionnaire.version,
    territoire: {
      communes,
      communes_texte: communes ? null : text('terr_communes', 240),
      echelle: optionLabel('terr_echelle'),
      population: figure('terr_population'),
    },
    chiffres: FIGURES.map(figure).filter((f): f is FicheFigure => f !== null),
    themes: {
      label: labelOf('gt_themes') ?? 'Thématiques des groupes de travail',
      items: themes.slice(0, FICHE_LIMITS.themes),
      total: themes.length,
      autre: grid?.autre && ['oui', 'en_cours'].includes(String(grid.autre.gt_theme)) ? (text('gt_theme_autre_precision', FICHE_LIMITS.texteCourt)?.text ?? null) : null,
    },
    partenaires: partners.length ? { label: 'Partenaires présents au comité de pilotage ou à l’assemblée plénière', items: partners.slice(0, FICHE_LIMITS.partenaires), total: partners.length } : null,
    objectifs: text('objectifs_annee', FICHE_LIMITS.objectifs),
  };
}
