/** Small DSFR pieces shared by the pages. */
import type { FollowUpStatus } from '../server/db/database.ts';
import { REGIONS } from '../analytics/index.ts';
import { html, type HtmlValue, type SafeHtml } from './html.ts';

export const STATUS_TEXT: Record<FollowUpStatus, string> = {
  non_commence: 'Non commencé',
  brouillon: 'En cours',
  soumis: 'Soumis',
  renvoye: 'Renvoyé pour correction',
  valide: 'Validé',
};

const STATUS_BADGE: Record<FollowUpStatus, string> = {
  non_commence: '',
  brouillon: 'fr-badge--info',
  soumis: 'fr-badge--new',
  renvoye: 'fr-badge--warning',
  valide: 'fr-badge--success',
};

export function statusBadge(status: FollowUpStatus): SafeHtml {
  return html`<span class="fr-badge fr-badge--sm ${STATUS_BADGE[status]}">${STATUS_TEXT[status]}</span>`;
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

export function formatPct(value: number): string {
  return `${new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format(value)} %`;
}

/** "Île-de-France" for "11"; any other value as is. */
export function regionName(code: string | null | undefined): string {
  if (!code) return '';
  return REGIONS[code] ?? code;
}
