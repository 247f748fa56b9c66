/** /admin/courriels: the mail queue (admin), with the outbox of the demonstration. */
import type { MailSummary } from '../../server/services/index.ts';
import type { MailDetail } from '../../server/services/mail.service.ts';
import { alert, csrfField, filterSelect, formatDateTime, notice, pagination } from '../components.ts';
import { html, type SafeHtml } from '../html.ts';

export const MAIL_STATUT_LABEL = { pending: 'En attente', sending: 'En cours d’envoi', sent: 'Envoyé', failed: 'En échec' } as const;
const BADGE = { pending: 'fr-badge--info', sending: 'fr-badge--new', sent: 'fr-badge--success', failed: 'fr-badge--error' } as const;
export const MAIL_KIND_LABEL: Record<string, string> = {
  invitation: 'Invitation',
  reinitialisation: 'Mot de passe oublié',
  relance: 'Relance',
  renvoi: 'Bilan renvoyé',
  validation: 'Bilan validé',
  soumission: 'Bilan(s) soumis',
};

const badge = (s: MailSummary['statut']) => html`<span class="fr-badge fr-badge--sm ${BADGE[s]}">${MAIL_STATUT_LABEL[s]}</span>`;

/** Mails per page of /admin/courriels. */
export const MAILS_PAGE_SIZE = 50;

export function mailsPage(d: {
  transport: 'smtp' | 'outbox';
  outboxDir: string | null;
  counts: Record<MailSummary['statut'], number>;
  /** This page's mails, latest first. */
  mails: MailSummary[];
  page: { lignes: number };
  statut: string | undefined;
  retried: boolean;
  csrfToken: string;
  pageNumber: number;
  pageHref: (n: number) => string;
}): SafeHtml {
  const { counts } = d;
  return html`<h1>Courriels</h1>
    ${d.retried ? notice('success', 'Le courriel est de nouveau en attente d’envoi.') : ''}
    ${d.transport === 'outbox'
      ? alert('info', 'Boîte d’envoi locale', html`<p>Aucun serveur de courriel n’est configuré (SMTP_URL) : les courriels sont écrits dans <code>${d.outboxDir}</code> et lisibles ici, liens compris.</p>`)
      : ''}
    ${counts.failed ? alert('error', `${counts.failed} courriel${counts.failed > 1 ? 's' : ''} en échec`, html`<p>Le serveur de courriel les a refusés après plusieurs essais : voyez la réponse du serveur, corrigez (adresse, configuration) puis renvoyez-les.</p>`, 'alert') : ''}
    <p id="courriels-effectifs">${counts.pending} en attente · ${counts.sending} en cours · ${counts.sent} envoyés · ${counts.failed} en échec</p>
    <form method="get" action="/admin/courriels" class="bc-filters fr-mb-3w">
      ${filterSelect('f-statut', 'statut', 'Statut', (Object.keys(MAIL_STATUT_LABEL) as Array<keyof typeof MAIL_STATUT_LABEL>).map((s) => ({ value: s, label: MAIL_STATUT_LABEL[s] })), d.statut, 'Tous')}
      <button type="submit" class="fr-btn fr-btn--secondary">Filtrer</button>
    </form>
    <div class="fr-table fr-table--no-caption bc-table-wrap"><table>
      <caption>Courriels, les plus récents d’abord (${d.page.lignes})</caption>
      <thead><tr><th scope="col">Créé le</th><th scope="col">Destinataire</th><th scope="col">Objet</th><th scope="col">Type</th><th scope="col">Statut</th><th scope="col">Essais</th><th scope="col">Action</th></tr></thead>
      <tbody>${d.mails.map(
        (m) => html`<tr data-courriel="${m.id}">
          <td>${formatDateTime(m.created_at)}</td><td>${m.to_address}</td><th scope="row"><a href="/admin/courriels/${m.id}">${m.subject}</a></th><td>${MAIL_KIND_LABEL[m.kind] ?? m.kind}</td>
          <td>${badge(m.statut)}${m.last_error ? html`<br><span class="fr-text--xs">${m.last_error}</span>` : ''}</td><td>${m.attempts}</td>
          <td>${m.statut === 'failed' ? html`<form method="post" action="/admin/courriels/${m.id}/nouvel-essai">${csrfField(d.csrfToken)}<button type="submit" class="fr-btn fr-btn--sm fr-btn--tertiary">Renvoyer<span class="fr-sr-only"> le courriel à ${m.to_address}</span></button></form>` : ''}</td>
        </tr>`,
      )}</tbody>
    </table></div>
    ${pagination(d.pageNumber, Math.ceil(d.page.lignes / MAILS_PAGE_SIZE), d.pageHref, 'Pages des courriels')}`;
}

/** Links of a mail's text, clickable (the rest escaped). */
function withLinks(text: string): SafeHtml[] {
  return text.split(/(https?:\/\/[^\s]+)/g).map((part, i) => (i % 2 ? html`<a href="${part}">${part}</a>` : html`${part}`));
}

export function mailPage(m: MailDetail): SafeHtml {
  return html`<h1>${m.subject}</h1>
    <p>À <strong>${m.to_address}</strong> · ${MAIL_KIND_LABEL[m.kind] ?? m.kind} · ${badge(m.statut)} · créé le ${formatDateTime(m.created_at)}${m.sent_at ? ` · envoyé le ${formatDateTime(m.sent_at)}` : ''} · ${m.attempts} essai${m.attempts > 1 ? 's' : ''}</p>
    ${m.last_error ? alert('error', 'Réponse du serveur de courriel', html`<p>${m.last_error}</p>`) : ''}
    ${m.text_body !== null
      ? html`<div class="bc-mail-preview" id="courriel-texte">${withLinks(m.text_body)}</div>`
      : html`<p>Le texte n’est conservé qu’avec la boîte d’envoi locale (il peut contenir un lien de connexion).</p>`}
    ${m.outbox_file ? html`<p class="fr-mt-2w"><a class="fr-link fr-icon-download-line fr-link--icon-left" href="/admin/courriels/${m.id}/eml">Télécharger le fichier .eml</a></p>` : ''}
    <p><a class="fr-link" href="/admin/courriels">Retour aux courriels</a></p>`;
}
