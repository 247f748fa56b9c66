/** Small DSFR pieces shared by the pages. */
import { REGIONS } from '../analytics/index.ts';
import type { SuiviStatut } from '../server/domain/statuts.ts';
import { STATUT_LABEL } from '../server/domain/statuts.ts';
import { html, type HtmlValue, type SafeHtml } from './html.ts';

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
  return new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Paris' }).format(new Date(iso));
}

export function formatTime(iso: string): string {
  return new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Paris' }).format(new Date(iso));
}

/** "Île-de-France" for "11"; any other value as is. */
export function regionName(code: string | null | undefined): string {
  if (!code) return '';
  return REGIONS[code] ?? code;
}

/** A `<select>` of the filters forms; '' is "all". */
export function filterSelect(id: string, name: string, label: string, options: Array<{ value: string | number; label: string }>, selected: string | number | undefined, all?: string): SafeHtml {
  return html`<div class="fr-select-group"><label class="fr-label" for="${id}">${label}</label>
    <select class="fr-select" id="${id}" name="${name}">${all ? html`<option value="">${all}</option>` : ''}${options.map(
      (o) => html`<option value="${o.value}"${String(o.value) === String(selected ?? '') ? html` selected` : ''}>${o.label}</option>`,
    )}</select></div>`;
}
