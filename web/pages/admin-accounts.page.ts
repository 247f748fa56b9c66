/** /admin/comptes: the accounts an admin or an ARS manages, the invitation form, one account's scope. */
import type { AuthUser } from '../../server/domain/access.ts';
import { ACCOUNT_STATUT_LABEL, ROLE_LABEL, type AccountStatut, type Role } from '../../server/domain/statuts.ts';
import type { AccountView } from '../../server/services/index.ts';
import { alert, csrfField, errorSummary, filterSelect, formatDateTime, inputGroup, notice, pagination, regionName, selectGroup } from '../components.ts';
import { html, type SafeHtml } from '../html.ts';

export interface ScopeFormValues {
  email?: string;
  role: string;
  region: string;
  departement: string;
  clsm_ids: string[];
}

export interface ScopeChoices {
  roles: Role[];
  /** Région codes the user may give (an ARS: its own). */
  regions: string[];
  clsm: Array<{ id: string; nom: string; departement: string }>;
}

const STATUT_BADGE: Record<AccountStatut, string> = { invite: 'fr-badge--info', actif: 'fr-badge--success', desactive: '', anonymise: '' };

export function accountStatutBadge(statut: AccountStatut): SafeHtml {
  return html`<span class="fr-badge fr-badge--sm ${STATUT_BADGE[statut]}">${ACCOUNT_STATUT_LABEL[statut]}</span>`;
}

function scopeOf(a: AccountView, names: Map<string, string>): string {
  if (a.role === 'coordinateur') return a.clsmIds.map((id) => names.get(id) ?? id).join(', ');
  if (a.role === 'ars') return `${regionName(a.region)}${a.departement ? `, dép. ${a.departement}` : ''}`;
  return 'National';
}

/** Role, région, département and CLSM: the fields of an invitation and of a change of scope. */
function scopeFields(values: ScopeFormValues, choices: ScopeChoices, errors: Map<string, string>): SafeHtml {
  return html`${selectGroup({ id: 'role', name: 'role', label: 'Rôle', options: choices.roles.map((r) => ({ value: r, label: ROLE_LABEL[r] })), selected: [values.role], error: errors.get('role') })}
    <fieldset class="fr-fieldset" aria-labelledby="perimetre-legende">
      <legend class="fr-fieldset__legend fr-text--regular" id="perimetre-legende">Périmètre<span class="fr-hint-text">Coordonnateur·rice : un ou plusieurs CLSM. ARS : une région, et un département pour une délégation départementale. CCOMS et administration : national.</span></legend>
      <div class="fr-fieldset__element">
        ${selectGroup({ id: 'clsm_ids', name: 'clsm_ids', label: 'CLSM (coordonnateur·rice)', hint: 'Ctrl ou Cmd + clic pour en choisir plusieurs.', options: choices.clsm.map((c) => ({ value: c.id, label: `${c.nom} (${c.departement})` })), selected: values.clsm_ids, error: errors.get('clsm_ids'), multiple: true })}
      </div>
      <div class="fr-fieldset__element fr-fieldset__element--inline">
        ${selectGroup({ id: 'region', name: 'region', label: 'Région (ARS)', options: choices.regions.map((r) => ({ value: r, label: regionName(r) })), selected: [values.region], error: errors.get('region'), placeholder: choices.regions.length > 1 ? '—' : undefined })}
      </div>
      <div class="fr-fieldset__element fr-fieldset__element--inline">
        ${inputGroup({ id: 'departement', name: 'departement', label: 'Département (délégation, facultatif)', value: values.departement, error: errors.get('departement') })}
      </div>
    </fieldset>`;
}

/** Accounts per page of /admin/comptes. */
export const ACCOUNTS_PAGE_SIZE = 50;

export function accountsPage(d: {
  user: AuthUser;
  /** This page's accounts. */
  accounts: Array<AccountView & { invitation_expire_le: string | null }>;
  /** Accounts the filters keep. */
  count: number;
  total: number;
  pageNumber: number;
  pageHref: (n: number) => string;
  filters: { role?: string | undefined; statut?: string | undefined };
  choices: ScopeChoices;
  clsmNames: Map<string, string>;
  invite: ScopeFormValues;
  errors: Map<string, string>;
  flash: SafeHtml | null;
  csrfToken: string;
}): SafeHtml {
  const { user, errors } = d;
  return html`<h1>Comptes</h1>
    <p>${user.role === 'admin' ? 'Tous les comptes de la plateforme.' : `Les coordonnateur·rices des CLSM de votre périmètre et les comptes ARS de votre région (${regionName(user.region)}${user.departement ? `, département ${user.departement}` : ''}).`}</p>
    ${d.flash ?? ''}
    <form method="get" action="/admin/comptes" class="bc-filters fr-mb-3w">
      ${filterSelect('f-role', 'role', 'Rôle', d.choices.roles.map((r) => ({ value: r, label: ROLE_LABEL[r] })), d.filters.role, 'Tous')}
      ${filterSelect('f-statut', 'statut', 'Statut', (['invite', 'actif', 'desactive'] as const).map((s) => ({ value: s, label: ACCOUNT_STATUT_LABEL[s] })), d.filters.statut, 'Tous')}
      <button type="submit" class="fr-btn fr-btn--secondary">Filtrer</button>
      <a class="fr-btn fr-btn--tertiary" href="#inviter">Inviter une personne</a>
    </form>
    <div class="fr-table fr-table--no-caption bc-table-wrap"><table>
      <caption>Comptes (${d.count} sur ${d.total})</caption>
      <thead><tr><th scope="col">Adresse</th><th scope="col">Rôle</th><th scope="col">Périmètre</th><th scope="col">Statut</th><th scope="col">Dernière connexion</th><th scope="col">Actions</th></tr></thead>
      <tbody>${d.accounts.map(
        (a) => html`<tr data-compte="${a.email}">
          <th scope="row">${a.email}</th>
          <td>${ROLE_LABEL[a.role]}</td>
          <td>${scopeOf(a, d.clsmNames)}</td>
          <td>${accountStatutBadge(a.statut)}${a.statut === 'invite' ? html`<br><span class="fr-text--xs">${a.invitation_expire_le ? `lien valable jusqu’au ${formatDateTime(a.invitation_expire_le)}` : 'lien expiré'}</span>` : ''}</td>
          <td>${a.last_login_at ? formatDateTime(a.last_login_at) : 'Jamais'}</td>
          <td><div class="bc-table-actions">
            <a class="fr-link fr-text--sm" href="/admin/comptes/${a.id}">Modifier<span class="fr-sr-only"> ${a.email}</span></a>
            ${a.statut === 'invite' ? actionButton(`/admin/comptes/${a.id}/invitation`, 'Renvoyer l’invitation', a.email, d.csrfToken) : ''}
            ${a.statut === 'actif' && a.id !== user.id ? actionButton(`/admin/comptes/${a.id}/desactivation`, 'Désactiver', a.email, d.csrfToken) : ''}
            ${a.statut === 'desactive' ? actionButton(`/admin/comptes/${a.id}/reactivation`, 'Réactiver', a.email, d.csrfToken) : ''}
          </div></td>
        </tr>`,
      )}</tbody>
    </table></div>
    ${pagination(d.pageNumber, Math.ceil(d.count / ACCOUNTS_PAGE_SIZE), d.pageHref, 'Pages des comptes')}
    <section class="bc-card fr-mt-5w" id="inviter" aria-labelledby="inviter-titre">
      <h2 class="fr-h4" id="inviter-titre">Inviter une personne</h2>
      <p class="fr-text--sm">La personne reçoit un courriel avec un lien, valable 7 jours et à usage unique, pour choisir son mot de passe.</p>
      ${errors.size ? errorSummary('L’invitation n’a pas été envoyée', [...errors].map(([field, message]) => ({ href: `#${field === 'email' ? 'invite-email' : field}`, message }))) : ''}
      <form method="post" action="/admin/comptes/invitation" novalidate class="bc-narrow">
        ${csrfField(d.csrfToken)}
        ${inputGroup({ id: 'invite-email', name: 'email', label: 'Adresse électronique', hint: 'Format attendu : nom@domaine.fr', type: 'email', value: d.invite.email, error: errors.get('email'), autocomplete: 'off' })}
        ${scopeFields(d.invite, d.choices, errors)}
        <button type="submit" class="fr-btn fr-icon-mail-line fr-btn--icon-left">Envoyer l’invitation</button>
      </form>
    </section>`;
}

function actionButton(action: string, label: string, who: string, csrfToken: string): SafeHtml {
  return html`<form method="post" action="${action}">${csrfField(csrfToken)}<button type="submit" class="fr-btn fr-btn--sm fr-btn--tertiary">${label}<span class="fr-sr-only"> : ${who}</span></button></form>`;
}

export function accountPage(d: { account: AccountView; choices: ScopeChoices; values: ScopeFormValues; errors: Map<string, string>; canAnonymise: boolean; csrfToken: string }): SafeHtml {
  const { account, errors } = d;
  if (account.statut === 'anonymise') {
    return html`<h1>${account.email}</h1>
      <p>${accountStatutBadge(account.statut)}</p>
      <p>Ce compte a été anonymisé : son adresse, son mot de passe, ses sessions et les courriels qui lui étaient adressés ont été supprimés. Les bilans, commentaires et entrées du journal auxquels il a contribué restent, sous ce nom. Son numéro ne sera jamais attribué à un autre compte.</p>
      <p><a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href="/admin/comptes">Retour aux comptes</a></p>`;
  }
  return html`<h1>${account.email}</h1>
    <p>${accountStatutBadge(account.statut)} · dernière connexion : ${account.last_login_at ? formatDateTime(account.last_login_at) : 'jamais'}</p>
    ${errors.size ? errorSummary('Le périmètre n’a pas été changé', [...errors].map(([field, message]) => ({ href: `#${field}`, message }))) : ''}
    <form method="post" action="/admin/comptes/${account.id}" novalidate class="bc-narrow">
      ${csrfField(d.csrfToken)}
      ${scopeFields(d.values, d.choices, errors)}
      <p class="fr-text--sm">Changer le rôle ou le périmètre ferme les sessions ouvertes de ce compte : la personne se reconnecte avec ses nouveaux droits.</p>
      <ul class="fr-btns-group fr-btns-group--inline-md">
        <li><button type="submit" class="fr-btn">Enregistrer</button></li>
        <li><a class="fr-btn fr-btn--secondary" href="/admin/comptes">Annuler</a></li>
      </ul>
    </form>
    ${d.canAnonymise
      ? html`<section class="fr-mt-6w" aria-labelledby="anonymiser">
          <h2 class="fr-h4" id="anonymiser">Données personnelles</h2>
          <p>À la demande de la personne, ou quand le compte ne sert plus, l’administration peut l’anonymiser : l’adresse devient « Compte anonymisé n° ${account.id} », les bilans et le journal restent.</p>
          <a class="fr-btn fr-btn--tertiary fr-icon-user-forbid-line fr-btn--icon-left" href="/admin/comptes/${account.id}/anonymisation">Anonymiser ce compte…</a>
        </section>`
      : ''}`;
}

/** The confirmation before an account's anonymisation (irreversible). */
export function anonymiseConfirmPage(d: { account: AccountView; csrfToken: string }): SafeHtml {
  const { account } = d;
  return html`<h1>Anonymiser le compte ${account.email} ?</h1>
    ${alert('warning', 'Cette action est irréversible', html`<p>Le compte ne pourra plus se connecter ni être réactivé.</p>`)}
    <p>Seront supprimés :</p>
    <ul>
      <li>l’adresse électronique, remplacée par « Compte anonymisé n° ${account.id} » partout où le compte apparaît (historique des bilans, commentaires, journal) ;</li>
      <li>le mot de passe, les sessions ouvertes, les liens d’invitation ou de réinitialisation ;</li>
      <li>les CLSM rattachés, les courriels adressés au compte et ses notifications ;</li>
      <li>le détail des entrées du journal qui concernent le compte (invitation, changements de droits).</li>
    </ul>
    <p>Resteront, rattachés au compte anonymisé : les bilans et les réponses saisies, les commentaires, les entrées du journal de ce que le compte a fait. Le numéro ${account.id} ne sera jamais attribué à un autre compte.</p>
    <form method="post" action="/admin/comptes/${account.id}/anonymisation">
      ${csrfField(d.csrfToken)}
      <ul class="fr-btns-group fr-btns-group--inline-md">
        <li><button type="submit" class="fr-btn">Anonymiser définitivement</button></li>
        <li><a class="fr-btn fr-btn--secondary" href="/admin/comptes/${account.id}">Annuler</a></li>
      </ul>
    </form>`;
}

export const accountFlash = {
  invitation: (email: string, until: string) => notice('success', `Invitation envoyée à ${email} : le lien est valable jusqu’au ${formatDateTime(until)}.`),
  renvoi: (email: string) => notice('success', `Nouvelle invitation envoyée à ${email} ; le lien précédent ne fonctionne plus.`),
  desactive: (email: string) => notice('success', `Le compte ${email} est désactivé : ses sessions sont fermées.`),
  reactive: (email: string) => notice('success', `Le compte ${email} est réactivé.`),
  modifie: (email: string) => notice('success', `Périmètre de ${email} enregistré.`),
  anonymise: (pseudonym: string) => notice('success', `Compte anonymisé : il apparaît désormais sous le nom « ${pseudonym} » ; ses sessions sont fermées.`),
};
