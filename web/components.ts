/** Small DSFR pieces shared by the pages. */
import { REGIONS } from '../analytics/index.ts';
import { frenchDate, frenchDateTime, frenchTime } from '../analytics/format.ts';
import { departementLabel, region as officialRegion } from '../survey-schema/index.ts';
import type { SuiviStatut } from '../server/domain/statuts.ts';
import { STATUT_LABEL } from '../server/domain/statuts.ts';
import { attrs, html, type HtmlValue, type SafeHtml } from './html.ts';

export { formatNumber, formatPct } from '../analytics/index.ts';

const STATUT_BADGE: Record<SuiviStatut, string> = {
  non_commence: '',
  brouillon: 'fr-badge--info',
  soumis: 'fr-badge--new',
  renvoye: 'fr-badge--warning',
  valide: 'fr-badge--success',
};

export function statutBadge(statut: SuiviStatut): SafeHtml {
  return html`<span class="fr-badge fr-badge--sm ${STATUT_BADGE[statut]}">${STATUT_LABEL[statut].titre}</span>`;
}

export function alert(kind: 'info' | 'success' | 'warning' | 'error', title: string | null, body: HtmlValue, role: 'alert' | 'status' | null = null): SafeHtml {
  return html`<div class="fr-alert fr-alert--${kind} fr-mb-3w"${role ? html` role="${role}"` : ''}>
    ${title ? html`<h2 class="fr-alert__title">${title}</h2>` : ''}
    ${body}
  </div>`;
}

/** The error summary at the top of a form: each message links to its field. */
export function errorSummary(title: string, items: Array<{ href: string; message: string }>): SafeHtml {
  if (items.length === 0) return html``;
  return html`<div class="fr-alert fr-alert--error fr-mb-3w" role="alert" id="erreurs" tabindex="-1">
    <h2 class="fr-alert__title">${title}</h2>
    <ul>${items.map((i) => html`<li><a href="${i.href}">${i.message}</a></li>`)}</ul>
  </div>`;
}

export function csrfField(token: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${token}">`;
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return frenchDateTime(iso);
}

export function formatTime(iso: string): string {
  return frenchTime(iso);
}

/** "Île-de-France" for "11" (official geography); any other value as is. */
export function regionName(code: string | null | undefined): string {
  if (!code) return '';
  return REGIONS[code] ?? officialRegion(code)?.nom ?? code;
}

/** "Seine-Saint-Denis (93)" for "93" (official geography); any other value as is. */
export function departementName(code: string | null | undefined): string {
  return departementLabel(code);
}

/** A `<select>` of the filters forms; '' is "all". */
export function filterSelect(id: string, name: string, label: string, options: Array<{ value: string | number; label: string }>, selected: string | number | undefined, all?: string): SafeHtml {
  return html`<div class="fr-select-group"><label class="fr-label" for="${id}">${label}</label>
    <select class="fr-select" id="${id}" name="${name}">${all ? html`<option value="">${all}</option>` : ''}${options.map(
      (o) => html`<option value="${o.value}"${String(o.value) === String(selected ?? '') ? html` selected` : ''}>${o.label}</option>`,
    )}</select></div>`;
}

/** A DSFR text input with its label, hint and error (the error is tied to the field for screen readers). */
export function inputGroup(f: {
  id: string;
  name: string;
  label: string;
  hint?: string | undefined;
  value?: string | number | null | undefined;
  type?: string;
  error?: string | undefined;
  autocomplete?: string;
  required?: boolean;
  extra?: Record<string, string | number | boolean | undefined>;
}): SafeHtml {
  const describedBy = [f.hint ? `${f.id}-aide` : '', f.error ? `${f.id}-erreur` : ''].filter(Boolean).join(' ');
  return html`<div class="fr-input-group${f.error ? ' fr-input-group--error' : ''}">
    <label class="fr-label" for="${f.id}">${f.label}${f.hint ? html`<span class="fr-hint-text" id="${f.id}-aide">${f.hint}</span>` : ''}</label>
    <input class="fr-input${f.error ? ' fr-input--error' : ''}"${attrs({ type: f.type ?? 'text', id: f.id, name: f.name, value: f.value ?? undefined, autocomplete: f.autocomplete, required: f.required, 'aria-describedby': describedBy || undefined, 'aria-invalid': f.error ? 'true' : undefined, ...f.extra })}>
    ${f.error ? html`<p class="fr-error-text" id="${f.id}-erreur">${f.error}</p>` : ''}
  </div>`;
}

/** A DSFR select with its label and error; `multiple` lists several choices. */
export function selectGroup(f: {
  id: string;
  name: string;
  label: string;
  hint?: string | undefined;
  options: Array<{ value: string; label: string }>;
  selected: readonly string[];
  error?: string | undefined;
  multiple?: boolean;
  placeholder?: string;
}): SafeHtml {
  const describedBy = [f.hint ? `${f.id}-aide` : '', f.error ? `${f.id}-erreur` : ''].filter(Boolean).join(' ');
  return html`<div class="fr-select-group${f.error ? ' fr-select-group--error' : ''}">
    <label class="fr-label" for="${f.id}">${f.label}${f.hint ? html`<span class="fr-hint-text" id="${f.id}-aide">${f.hint}</span>` : ''}</label>
    <select class="fr-select${f.multiple ? ' bc-select-multiple' : ''}"${attrs({ id: f.id, name: f.name, multiple: f.multiple, size: f.multiple ? Math.min(8, Math.max(3, f.options.length)) : undefined, 'aria-describedby': describedBy || undefined, 'aria-invalid': f.error ? 'true' : undefined })}>
      ${f.placeholder !== undefined ? html`<option value="">${f.placeholder}</option>` : ''}
      ${f.options.map((o) => html`<option value="${o.value}"${f.selected.includes(o.value) ? html` selected` : ''}>${o.label}</option>`)}
    </select>
    ${f.error ? html`<p class="fr-error-text" id="${f.id}-erreur">${f.error}</p>` : ''}
  </div>`;
}

/** The field errors of a refused form, keyed by field name, from a service's issues. */
export function fieldErrors(issues: ReadonlyArray<{ message: string; variable?: string | undefined }>, fallback: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const i of issues) {
    const key = i.variable ?? fallback;
    if (!out.has(key)) out.set(key, i.message);
  }
  return out;
}

/** A success or information message after a redirect (role="status"). */
export function notice(kind: 'success' | 'info' | 'warning', text: HtmlValue): SafeHtml {
  return html`<div class="fr-alert fr-alert--${kind} fr-alert--sm fr-mb-3w" role="status"><p>${text}</p></div>`;
}

export function formatDate(isoDate: string | null | undefined): string {
  if (!isoDate) return '—';
  return frenchDate(isoDate);
}

/**
 * DSFR pagination of a list: first, previous, the pages around the current
 * one (and the first and last), next, last. `hrefOf(n)` gives the address of page n.
 */
export function pagination(current: number, pages: number, hrefOf: (n: number) => string, label = 'Pagination'): SafeHtml | string {
  if (pages <= 1) return '';
  const link = (n: number, cls: string, text: string, title?: string) =>
    n < 1 || n > pages || n === current
      ? html`<li><a class="fr-pagination__link ${cls}" aria-disabled="true" role="link">${text}</a></li>`
      : html`<li><a class="fr-pagination__link ${cls}" href="${hrefOf(n)}"${title ? html` title="${title}"` : ''}>${text}</a></li>`;
  const shown = [...new Set([1, current - 2, current - 1, current, current + 1, current + 2, pages])].filter((n) => n >= 1 && n <= pages).sort((a, b) => a - b);
  const numbers: Array<SafeHtml> = [];
  shown.forEach((n, i) => {
    if (i > 0 && n - shown[i - 1]! > 1) numbers.push(html`<li><span class="fr-pagination__link fr-displayed-lg">…</span></li>`);
    numbers.push(
      n === current
        ? html`<li><a class="fr-pagination__link" aria-current="page" title="Page ${n}">${n}</a></li>`
        : html`<li><a class="fr-pagination__link" href="${hrefOf(n)}" title="Page ${n}">${n}</a></li>`,
    );
  });
  return html`<nav role="navigation" class="fr-pagination fr-mt-2w" aria-label="${label}">
    <ul class="fr-pagination__list">
      ${link(1, 'fr-pagination__link--first', 'Première page')}
      ${link(current - 1, 'fr-pagination__link--prev fr-pagination__link--lg-label', 'Page précédente')}
      ${numbers}
      ${link(current + 1, 'fr-pagination__link--next fr-pagination__link--lg-label', 'Page suivante')}
      ${link(pages, 'fr-pagination__link--last', 'Dernière page')}
    </ul>
  </nav>`;
}
