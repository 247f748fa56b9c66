/**
 * The web side of the question-kind registry: for each kind, how to render
 * its form field (flat field names = codebook columns, so a posted form goes
 * through survey-schema's `unflattenRow`) and how to display an answer
 * read-only. Checked with `satisfies`: a new kind in the meta-schema fails to
 * compile here until the web handles it.
 */
import { formatNumber as formatFrench } from '../../analytics/format.ts';
import {
  commune,
  departementLabel,
  epci,
  gridCellVariable,
  isEpciCode,
  labelFor,
  parseTerritoryCodes,
  territoryLabel,
  territoryPopulation,
  GEOGRAPHY_SOURCE,
  OUI_NON,
  repeatCellVariable,
  type AnswerValue,
  type CellSpec,
  type Condition,
  type FlatRow,
  type GridValue,
  type Option,
  type Question,
  type QuestionKind,
  type QuestionOf,
  type Questionnaire,
  type RepeatValue,
} from '../../survey-schema/index.ts';
import { attrs, html, jsonAttr, type SafeHtml } from '../html.ts';
import { conditionText } from './condition-text.ts';

export interface FieldContext {
  questionnaire: Questionnaire;
  annee: number;
  /** Flat values to show in the fields (saved answers, or what was just posted). */
  values: FlatRow;
  /** Messages per question variable. */
  errors: Map<string, string[]>;
  /** Flat variables whose value is wrong (marked aria-invalid). */
  invalid: Set<string>;
  /** The condition under which the question is asked (section and question together). */
  condition: Condition | undefined;
  /** The CLSM's département(s), from the registry: the territory question searches their communes first. */
  departements?: readonly string[];
  /** The commune search page of this bilan (`…/communes`): the territory question's search field leads there without JavaScript. */
  communesSearch?: string;
  /** Set when the answer was carried "à confirmer" from that year's bilan and not confirmed yet. */
  toConfirm?: number | undefined;
  /** Consistency rules broken, shown under the question they name first (the browser script redoes them live). */
  warnings?: Array<{ rule: string; message: string }> | undefined;
}

interface KindView<K extends QuestionKind> {
  /** The form field(s), with label or legend, help, condition note and errors. */
  field(q: QuestionOf<K>, ctx: FieldContext): SafeHtml;
  /** The answer, read-only (review, print, fiche). */
  display(q: QuestionOf<K>, answer: AnswerValue | undefined, annee: number): SafeHtml;
}

/** The DOM id of a question or a grid cell: the target of "what is missing" links. */
export const anchorId = (variable: string) => `q-${variable}`;
const fieldId = (variable: string) => `f-${variable}`;
const NUMERIC = new Set(['entier', 'decimal', 'annee']);

/** A number with its unit, in French ("1 réunion", "12 345 habitants"). */
export function formatNumber(value: number, unit?: string): string {
  const text = formatFrench(value);
  if (!unit) return text;
  // French singular below 2: "1 réunion", "0,5 réunion".
  const singular = Math.abs(value) < 2 && /[^·]s$/.test(unit) && !unit.includes('·') ? unit.slice(0, -1) : unit;
  return `${text} ${singular}`;
}

function frDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

/** The text shown in an input for a flat value (French decimal comma). */
function inputValue(value: FlatRow[string]): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'number' ? String(value).replace('.', ',') : value;
}

function optionLabel(options: Option[], value: unknown): string {
  return options.find((o) => o.code === value)?.label ?? String(value);
}

const cellOptions = (spec: CellSpec): Option[] | undefined =>
  spec.kind === 'choix_unique' ? spec.options : spec.kind === 'oui_non' ? OUI_NON : undefined;

function displayCell(spec: CellSpec, value: unknown): string {
  if (value === undefined || value === null || value === '') return '—';
  const options = cellOptions(spec);
  if (options) return optionLabel(options, value);
  if (typeof value === 'number') return formatNumber(value, 'unit' in spec ? spec.unit : undefined);
  if (spec.kind === 'date') return frDate(String(value));
  return String(value);
}

// ---------------------------------------------------------------- shared pieces

function helpId(q: { variable: string }) {
  return `h-${q.variable}`;
}
function errorId(q: { variable: string }) {
  return `e-${q.variable}`;
}
function noteId(q: { variable: string }) {
  return `c-${q.variable}`;
}

function described(q: Question, ctx: FieldContext): string | undefined {
  const ids = [q.help ? helpId(q) : null, ctx.condition ? noteId(q) : null, ctx.errors.has(q.variable) ? errorId(q) : null].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function optional(q: Question) {
  return q.required ? '' : html` <span class="bc-optional">(facultatif)</span>`;
}

function helpAndNote(q: Question, ctx: FieldContext): SafeHtml {
  return html`${q.help ? html`<p class="fr-hint-text bc-help" id="${helpId(q)}">${labelFor(q.help, ctx.annee)}</p>` : ''}
    ${ctx.condition ? html`<p class="bc-condition-note" id="${noteId(q)}">(si ${conditionText(ctx.condition, ctx.questionnaire, ctx.annee)})</p>` : ''}`;
}

function errorMessages(q: Question, ctx: FieldContext): SafeHtml {
  const list = ctx.errors.get(q.variable);
  if (!list?.length) return html``;
  return html`<div class="fr-messages-group" id="${errorId(q)}">${list.map((m) => html`<p class="fr-message fr-message--error">${m}</p>`)}</div>`;
}

/** A radio group or checkbox list inside a fieldset with its legend. */
function fieldset(q: Question, ctx: FieldContext, inner: SafeHtml): SafeHtml {
  const hasError = ctx.errors.has(q.variable);
  const legendId = `l-${q.variable}`;
  return html`<fieldset class="fr-fieldset${hasError ? ' fr-fieldset--error' : ''}" id="fs-${q.variable}"${attrs({ 'aria-labelledby': legendId, 'aria-describedby': described(q, ctx) })}>
    <legend class="fr-fieldset__legend" id="${legendId}">${labelFor(q.label, ctx.annee)}${optional(q)}</legend>
    <div class="fr-fieldset__element bc-fieldset-notes">${helpAndNote(q, ctx)}</div>
    ${inner}
    ${errorMessages(q, ctx)}
  </fieldset>`;
}

function radios(q: Question, options: Option[], ctx: FieldContext, inline: boolean): SafeHtml {
  const current = inputValue(ctx.values[q.variable]);
  return fieldset(
    q,
    ctx,
    html`${options.map(
      (o) => html`<div class="fr-fieldset__element${inline ? ' fr-fieldset__element--inline' : ''}">
        <div class="fr-radio-group">
          <input type="radio" id="${fieldId(q.variable)}--${o.code}" name="${q.variable}" value="${o.code}"${attrs({ checked: current === o.code })}>
          <label class="fr-label" for="${fieldId(q.variable)}--${o.code}">${o.label}${o.help ? html`<span class="fr-hint-text">${o.help}</span>` : ''}</label>
        </div>
      </div>`,
    )}`,
  );
}

function textInput(q: Question & { kind: 'entier' | 'decimal' | 'annee' | 'date' | 'texte_court' | 'texte_long' }, ctx: FieldContext): SafeHtml {
  const hasError = ctx.errors.has(q.variable);
  const id = fieldId(q.variable);
  const common = {
    id,
    name: q.variable,
    'aria-describedby': described(q, ctx),
    'aria-invalid': hasError ? 'true' : undefined,
    'data-kind': q.kind,
  };
  const value = inputValue(ctx.values[q.variable]);
  let control: SafeHtml;
  if (q.kind === 'texte_long') {
    control = html`<textarea class="fr-input${hasError ? ' fr-input--error' : ''}" rows="5"${attrs({ ...common, maxlength: q.maxLength })}>${value}</textarea>`;
  } else if (q.kind === 'date') {
    control = html`<input class="fr-input${hasError ? ' fr-input--error' : ''}" type="date"${attrs({ ...common, value })}>`;
  } else if (q.kind === 'texte_court') {
    control = html`<input class="fr-input${hasError ? ' fr-input--error' : ''}" type="text"${attrs({ ...common, value, maxlength: q.maxLength ?? 300 })}>`;
  } else {
    const unit = 'unit' in q ? q.unit : undefined;
    control = html`<div class="bc-with-unit"><input class="fr-input bc-number${hasError ? ' fr-input--error' : ''}" type="text" autocomplete="off" spellcheck="false"${attrs({
      ...common,
      value,
      inputmode: q.kind === 'decimal' ? 'decimal' : 'numeric',
    })}>${unit ? html`<span class="bc-unit">${unit}</span>` : ''}</div>`;
  }
  return html`<div class="fr-input-group${hasError ? ' fr-input-group--error' : ''}">
    <label class="fr-label" for="${id}">${labelFor(q.label, ctx.annee)}${optional(q)}</label>
    ${helpAndNote(q, ctx)}
    ${control}
    ${errorMessages(q, ctx)}
  </div>`;
}

/** One cell of a grid or a repeating group: a select, or a small input, labelled for screen readers. */
function cellControl(spec: CellSpec, variable: string, label: string, ctx: FieldContext): SafeHtml {
  const id = fieldId(variable);
  const invalid = ctx.invalid.has(variable);
  const value = inputValue(ctx.values[variable]);
  const options = cellOptions(spec);
  const labelTag = html`<label class="fr-sr-only" for="${id}">${label}</label>`;
  if (options) {
    return html`${labelTag}<select class="fr-select bc-cell${invalid ? ' fr-select--error' : ''}"${attrs({ id, name: variable, 'aria-invalid': invalid ? 'true' : undefined, 'data-kind': spec.kind })}>
      <option value=""${attrs({ selected: value === '' })}>—</option>
      ${options.map((o) => html`<option value="${o.code}"${attrs({ selected: value === o.code })}>${o.label}</option>`)}
    </select>`;
  }
  const type = spec.kind === 'date' ? 'date' : 'text';
  return html`${labelTag}<input class="fr-input bc-cell${invalid ? ' fr-input--error' : ''}" type="${type}"${attrs({
    id,
    name: variable,
    value,
    inputmode: spec.kind === 'decimal' ? 'decimal' : NUMERIC.has(spec.kind) ? 'numeric' : undefined,
    autocomplete: 'off',
    'aria-invalid': invalid ? 'true' : undefined,
    'data-kind': spec.kind,
  })}>`;
}

function conditionAttrs(condition: Condition | undefined, row?: string): SafeHtml {
  return condition ? attrs({ 'data-condition': jsonAttr(condition), 'data-row': row }) : html``;
}

// ---------------------------------------------------------------- grids

function gridField(q: QuestionOf<'grille'>, ctx: FieldContext): SafeHtml {
  const single = q.columns.length === 1 ? q.columns[0]! : undefined;
  const singleOptions = single && !single.condition ? cellOptions(single.cell) : undefined;
  const caption = html`<caption class="fr-sr-only">${labelFor(q.label, ctx.annee)}</caption>`;
  if (single && singleOptions) {
    // One choice per row: a row of radio buttons under the option headers.
    return fieldset(
      q,
      ctx,
      html`<div class="fr-fieldset__element"><div class="bc-table-wrap"><table class="bc-grid">
        ${caption}
        <thead><tr><td></td>${singleOptions.map((o) => html`<th scope="col">${o.label}</th>`)}</tr></thead>
        <tbody>
          ${q.rows.map((row) => {
            const variable = gridCellVariable(single, row.code);
            const current = inputValue(ctx.values[variable]);
            return html`<tr id="${anchorId(variable)}"${attrs({ class: ctx.invalid.has(variable) ? 'bc-invalid' : undefined })}>
              <th scope="row" id="r-${variable}">${row.label}${row.help ? html`<span class="fr-hint-text">${row.help}</span>` : ''}</th>
              ${singleOptions.map(
                (o) => html`<td><input class="bc-radio" type="radio" id="${fieldId(variable)}--${o.code}" name="${variable}" value="${o.code}"${attrs({
                  checked: current === o.code,
                  'data-kind': single.cell.kind,
                })}><label class="fr-sr-only" for="${fieldId(variable)}--${o.code}">${row.label} : ${o.label}</label></td>`,
              )}
            </tr>`;
          })}
        </tbody>
      </table></div></div>`,
    );
  }
  return fieldset(
    q,
    ctx,
    html`<div class="fr-fieldset__element"><div class="bc-table-wrap"><table class="bc-grid bc-grid--cells">
      ${caption}
      <thead><tr><td></td>${q.columns.map(
        (c) => html`<th scope="col">${labelFor(c.label, ctx.annee)}${c.required ? '' : html` <span class="bc-optional">(facultatif)</span>`}${
          c.condition ? html`<span class="bc-condition-note">(si ${conditionText(c.condition, ctx.questionnaire, ctx.annee)})</span>` : ''
        }</th>`,
      )}</tr></thead>
      <tbody>
        ${q.rows.map(
          (row) => html`<tr>
            <th scope="row">${row.label}</th>
            ${q.columns.map((c) => {
              const variable = gridCellVariable(c, row.code);
              return html`<td id="${anchorId(variable)}"${conditionAttrs(c.condition, row.code)}>${cellControl(
                c.cell,
                variable,
                `${row.label} — ${labelFor(c.label, ctx.annee)}`,
                ctx,
              )}</td>`;
            })}
          </tr>`,
        )}
      </tbody>
    </table></div></div>`,
  );
}

function gridDisplay(q: QuestionOf<'grille'>, answer: AnswerValue | undefined, annee: number): SafeHtml {
  const grid = (answer ?? {}) as GridValue;
  if (Object.keys(grid).length === 0) return html`<span class="bc-empty">Sans réponse</span>`;
  return html`<div class="bc-table-wrap"><table class="bc-grid bc-grid--display">
    <caption class="fr-sr-only">${labelFor(q.label, annee)}</caption>
    <thead><tr><td></td>${q.columns.map((c) => html`<th scope="col">${labelFor(c.label, annee)}</th>`)}</tr></thead>
    <tbody>${q.rows
      .filter((row) => grid[row.code])
      .map(
        (row) => html`<tr><th scope="row">${row.label}</th>${q.columns.map((c) => html`<td>${displayCell(c.cell, grid[row.code]?.[c.variable])}</td>`)}</tr>`,
      )}</tbody>
  </table></div>`;
}

// ---------------------------------------------------------------- repeating groups

function repeatRows(q: QuestionOf<'groupe_repete'>, values: FlatRow): number {
  let filled = 0;
  for (let i = 0; i < q.maxItems; i++) {
    if (q.fields.some((f) => inputValue(values[repeatCellVariable(q, i, f.code)]) !== '')) filled = i + 1;
  }
  return Math.min(q.maxItems, Math.max(filled + 2, 3));
}

function repeatField(q: QuestionOf<'groupe_repete'>, ctx: FieldContext): SafeHtml {
  const count = repeatRows(q, ctx.values);
  return fieldset(
    q,
    ctx,
    html`<div class="fr-fieldset__element"><div class="bc-table-wrap"><table class="bc-grid bc-grid--cells">
      <caption class="fr-sr-only">${labelFor(q.label, ctx.annee)}</caption>
      <thead><tr><td></td>${q.fields.map((f) => html`<th scope="col">${f.label}${f.required ? '' : html` <span class="bc-optional">(facultatif)</span>`}</th>`)}</tr></thead>
      <tbody>${Array.from({ length: count }, (_, i) => html`<tr>
        <th scope="row">${q.itemLabel} ${i + 1}</th>
        ${q.fields.map((f) => {
          const variable = repeatCellVariable(q, i, f.code);
          return html`<td id="${anchorId(variable)}">${cellControl(f.cell, variable, `${q.itemLabel} ${i + 1} — ${f.label}`, ctx)}</td>`;
        })}
      </tr>`)}</tbody>
    </table></div>
    ${count < q.maxItems ? html`<p class="fr-hint-text">Enregistrez pour obtenir des lignes supplémentaires (jusqu’à ${q.maxItems}).</p>` : ''}</div>`,
  );
}

function repeatDisplay(q: QuestionOf<'groupe_repete'>, answer: AnswerValue | undefined): SafeHtml {
  const items = (answer ?? []) as RepeatValue;
  if (items.length === 0) return html`<span class="bc-empty">Sans réponse</span>`;
  return html`<div class="bc-table-wrap"><table class="bc-grid bc-grid--display">
    <thead><tr><td></td>${q.fields.map((f) => html`<th scope="col">${f.label}</th>`)}</tr></thead>
    <tbody>${items.map((item, i) => html`<tr><th scope="row">${q.itemLabel} ${i + 1}</th>${q.fields.map((f) => html`<td>${displayCell(f.cell, item[f.code])}</td>`)}</tr>`)}</tbody>
  </table></div>`;
}

// ---------------------------------------------------------------- territory (official geography)

/** The codes of a communes answer held in a flat cell. */
const territoryCodes = (value: FlatRow[string]): string[] => (typeof value === 'string' ? parseTerritoryCodes(value) : []);

/** "Montreuil (93048), 111 367 habitant·es" — what a chosen or found territory is called in the form. */
export function territoryChoiceLabel(code: string): string {
  const x = isEpciCode(code) ? epci(code) : commune(code);
  if (!x) return `${code} (code inconnu)`;
  const kind = 'membres' in x ? `intercommunalité, ${x.membres.length} communes` : x.type === 'arrondissement' ? 'arrondissement' : departementLabel(x.departement);
  return `${x.nom} (${x.code}) — ${kind}, ${formatNumber(x.population, 'habitant·es')}`;
}

/**
 * The communes covered (INSEE codes, arrondissements, or EPCI SIREN): the
 * codes chosen as checked boxes (unchecking one removes it), then a search
 * field. The `__multiple` marker makes a post with every box unchecked
 * clear the answer. Without JavaScript the search button saves the section
 * and opens the search page (`communesSearch`), whose "Ajouter" buttons add
 * a result and come back here; the browser script searches in place (same page, JSON)
 * and adds the box. The population is shown, computed from the official
 * populations, never typed.
 */
function communesField(q: QuestionOf<'communes'>, ctx: FieldContext): SafeHtml {
  const hasError = ctx.errors.has(q.variable);
  const chosen = territoryCodes(ctx.values[q.variable]);
  const population = chosen.length ? territoryPopulation(chosen) : null;
  const searchId = `${fieldId(q.variable)}-q`;
  const where = ctx.departements?.length ? ctx.departements.map(departementLabel).join(', ') : null;
  return fieldset(
    q,
    ctx,
    html`<div class="fr-fieldset__element">
        <input type="hidden" name="__multiple" value="${q.variable}">
        <ul class="bc-communes-chosen" id="cl-${q.variable}" data-variable="${q.variable}">${chosen.map(
          (code) => html`<li class="fr-checkbox-group">
            <input type="checkbox" id="${fieldId(q.variable)}--${code}" name="${q.variable}" value="${code}" checked${attrs({ 'aria-invalid': hasError ? 'true' : undefined })}>
            <label class="fr-label" for="${fieldId(q.variable)}--${code}">${territoryChoiceLabel(code)}</label>
          </li>`,
        )}</ul>
        ${chosen.length
          ? html`${population !== null ? html`<p class="bc-population" id="p-${q.variable}">Population couverte : ${formatNumber(population, 'habitant·es')} (populations légales ${GEOGRAPHY_SOURCE.populationYear}).</p>` : ''}
            <p class="fr-hint-text">Décochez une commune pour la retirer.</p>`
          : html`<p class="fr-hint-text bc-communes-none">Aucune commune choisie pour l’instant.</p>`}
      </div>
      <div class="fr-fieldset__element bc-communes-search" data-search="${ctx.communesSearch ?? ''}" data-variable="${q.variable}">
        <label class="fr-label" for="${searchId}">Ajouter une commune, un arrondissement ou une intercommunalité
          <span class="fr-hint-text">Son nom ou son code INSEE (SIREN pour une intercommunalité)${where ? `, d’abord dans : ${where}` : ''}.</span>
        </label>
        <div class="bc-search-row">
          <input class="fr-input" type="search" id="${searchId}" name="communes_recherche" autocomplete="off" spellcheck="false">
          <button type="submit" name="action" value="communes" class="fr-btn fr-btn--secondary fr-icon-search-line fr-btn--icon-left">Rechercher</button>
        </div>
        <div class="bc-communes-results" id="r-${q.variable}" aria-live="polite"></div>
      </div>`,
  );
}

function communesDisplay(_q: QuestionOf<'communes'>, answer: AnswerValue | undefined): SafeHtml {
  const codes = Array.isArray(answer) ? (answer as string[]) : [];
  if (codes.length === 0) return html`<span class="bc-empty">Sans réponse</span>`;
  const population = territoryPopulation(codes);
  return html`<ul class="bc-answer-list">${codes.map((code) => html`<li>${territoryLabel(code)}${isEpciCode(code) ? ' — intercommunalité' : ''}</li>`)}</ul>
    ${population !== null ? html`<p class="bc-answer">Population couverte : ${formatNumber(population, 'habitant·es')}</p>` : ''}`;
}

// ---------------------------------------------------------------- the registry

const scalarDisplay = (q: Question & CellSpec, answer: AnswerValue | undefined) =>
  answer === undefined ? html`<span class="bc-empty">Sans réponse</span>` : html`<span class="bc-answer">${displayCell(q, answer)}</span>`;

export const views = {
  oui_non: { field: (q, ctx) => radios(q, OUI_NON, ctx, true), display: scalarDisplay },
  choix_unique: { field: (q, ctx) => radios(q, q.options, ctx, q.options.length <= 3), display: scalarDisplay },
  entier: { field: textInput, display: scalarDisplay },
  decimal: { field: textInput, display: scalarDisplay },
  annee: {
    field: textInput,
    // A year is not a quantity: no thousands separator.
    display: (_q, answer) => (answer === undefined ? html`<span class="bc-empty">Sans réponse</span>` : html`<span class="bc-answer">${String(answer)}</span>`),
  },
  date: { field: textInput, display: scalarDisplay },
  texte_court: { field: textInput, display: scalarDisplay },
  texte_long: { field: textInput, display: scalarDisplay },
  choix_multiple: {
    field(q, ctx) {
      return fieldset(
        q,
        ctx,
        html`<input type="hidden" name="__multiple" value="${q.variable}">
        ${q.options.map((o) => {
          const variable = `${q.variable}__${o.code}`;
          return html`<div class="fr-fieldset__element"><div class="fr-checkbox-group">
            <input type="checkbox" id="${fieldId(variable)}" name="${variable}" value="oui" data-multiple="${q.variable}"${attrs({
              checked: ctx.values[variable] === 'oui',
              'data-exclusive': q.exclusive?.includes(o.code) ? 'true' : undefined,
            })}>
            <label class="fr-label" for="${fieldId(variable)}">${o.label}${o.help ? html`<span class="fr-hint-text">${o.help}</span>` : ''}</label>
          </div></div>`;
        })}`,
      );
    },
    display(q, answer) {
      const chosen = (answer ?? undefined) as string[] | undefined;
      if (chosen === undefined) return html`<span class="bc-empty">Sans réponse</span>`;
      if (chosen.length === 0) return html`<span class="bc-answer">Aucune option cochée</span>`;
      return html`<ul class="bc-answer-list">${chosen.map((code) => html`<li>${optionLabel(q.options, code)}</li>`)}</ul>`;
    },
  },
  grille: { field: gridField, display: gridDisplay },
  communes: { field: communesField, display: communesDisplay },
  groupe_repete: { field: repeatField, display: repeatDisplay },
} satisfies { [K in QuestionKind]: KindView<K> };

function viewOf(q: Question): KindView<QuestionKind> {
  return views[q.kind] as unknown as KindView<QuestionKind>;
}

/**
 * A question in the form: its block (the anchor of "what is missing" links)
 * with its condition for the browser script, the "à confirmer" note of an
 * answer carried from last year, and the consistency rules it breaks.
 */
export function renderQuestion(q: Question, ctx: FieldContext): SafeHtml {
  return html`${q.heading ? html`<h3 class="fr-h5 bc-heading">${q.heading}</h3>` : ''}
  <div class="bc-question${ctx.toConfirm ? ' bc-to-confirm' : ''}" id="${anchorId(q.variable)}" data-question="${q.variable}"${conditionAttrs(ctx.condition)}>
    ${ctx.toConfirm
      ? html`<p class="bc-to-confirm-note"><span class="fr-badge fr-badge--sm fr-badge--warning fr-badge--no-icon">À confirmer</span> Réponse reprise du bilan ${ctx.toConfirm} : vérifiez-la pour ${ctx.annee}, corrigez-la si besoin ; enregistrer la section la confirme.</p>`
      : ''}
    ${viewOf(q).field(q, ctx)}
    ${(ctx.warnings ?? []).map((w) => html`<p class="fr-message fr-message--warning bc-rule-warning" id="rw-${w.rule}">${w.message}</p>`)}
  </div>`;
}

export function displayAnswer(q: Question, answer: AnswerValue | undefined, annee: number): SafeHtml {
  return viewOf(q).display(q, answer, annee);
}
