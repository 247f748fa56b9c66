/** One's own account: forgotten password, choosing a password from a mail's link, "Mon compte". */
import type { AccountView } from '../../server/services/index.ts';
import { ACCOUNT_STATUT_LABEL, ROLE_LABEL } from '../../server/domain/statuts.ts';
import { alert, csrfField, errorSummary, formatDateTime, inputGroup, notice, regionName } from '../components.ts';
import { html, type SafeHtml } from '../html.ts';

export const PASSWORD_HINT = 'Au moins 12 caractères ; ni un mot de passe courant, ni votre identifiant. Une phrase de quelques mots est facile à retenir et sûre.';

const narrow = (body: SafeHtml) => html`<div class="fr-grid-row fr-grid-row--center"><div class="fr-col-12 fr-col-md-8 fr-col-lg-6">${body}</div></div>`;

function summary(errors: Map<string, string>, ids: Record<string, string>): SafeHtml {
  return errorSummary(
    'Le formulaire contient des erreurs',
    [...errors].map(([field, message]) => ({ href: `#${ids[field] ?? Object.values(ids)[0]}`, message })),
  );
}

export function forgotPasswordPage(d: { email?: string; error?: string; sent?: boolean; csrfToken: string }): SafeHtml {
  if (d.sent) {
    return narrow(html`<h1>Mot de passe oublié</h1>
      ${alert('success', 'Demande enregistrée', html`<p>Si un compte existe pour cette adresse, un courriel vient de lui être envoyé avec un lien pour choisir un nouveau mot de passe. Le lien est valable une heure et ne sert qu’une fois.</p>`, 'status')}
      <p>Rien reçu dans quelques minutes ? Vérifiez l’adresse saisie et vos courriels indésirables, ou demandez à votre ARS ou à l’administration de la plateforme.</p>
      <p><a class="fr-link" href="/connexion">Retour à la connexion</a></p>`);
  }
  return narrow(html`<h1>Mot de passe oublié</h1>
    <p>Indiquez l’adresse électronique de votre compte : vous recevrez un lien pour choisir un nouveau mot de passe.</p>
    ${d.error ? errorSummary('La demande n’a pas pu être faite', [{ href: '#email', message: d.error }]) : ''}
    <form method="post" action="/mot-de-passe-oublie" novalidate>
      ${csrfField(d.csrfToken)}
      ${inputGroup({ id: 'email', name: 'email', label: 'Adresse électronique', hint: 'Format attendu : nom@domaine.fr', type: 'email', value: d.email, error: d.error, autocomplete: 'username' })}
      <button type="submit" class="fr-btn">Recevoir un lien</button>
    </form>
    <p class="fr-mt-3w"><a class="fr-link" href="/connexion">Retour à la connexion</a></p>`);
}

export function choosePasswordPage(d: { token: string; email: string; purpose: 'invitation' | 'reinitialisation'; errors?: Map<string, string>; csrfToken: string }): SafeHtml {
  const errors = d.errors ?? new Map<string, string>();
  const welcome = d.purpose === 'invitation';
  return narrow(html`<h1>${welcome ? 'Bienvenue sur Bilan CLSM' : 'Choisir un nouveau mot de passe'}</h1>
    <p>${welcome ? 'Choisissez le mot de passe de votre compte' : 'Choisissez un nouveau mot de passe pour votre compte'} <strong>${d.email}</strong>. Vous serez ensuite connecté·e.</p>
    ${errors.size ? summary(errors, { password: 'password', password_confirmation: 'password_confirmation' }) : ''}
    <form method="post" action="/mot-de-passe/choisir" novalidate>
      ${csrfField(d.csrfToken)}
      <input type="hidden" name="jeton" value="${d.token}">
      <input type="text" name="email" value="${d.email}" autocomplete="username" hidden>
      ${inputGroup({ id: 'password', name: 'password', label: 'Mot de passe', hint: PASSWORD_HINT, type: 'password', error: errors.get('password'), autocomplete: 'new-password' })}
      ${inputGroup({ id: 'password_confirmation', name: 'password_confirmation', label: 'Confirmation du mot de passe', type: 'password', error: errors.get('password_confirmation'), autocomplete: 'new-password' })}
      <button type="submit" class="fr-btn">${welcome ? 'Choisir mon mot de passe et me connecter' : 'Changer mon mot de passe et me connecter'}</button>
    </form>`);
}

export function invalidLinkPage(message: string): SafeHtml {
  return narrow(html`<h1>Lien invalide</h1>
    ${alert('warning', null, html`<p>${message}</p>`)}
    <ul class="fr-btns-group fr-btns-group--inline-md">
      <li><a class="fr-btn" href="/mot-de-passe-oublie">Recevoir un nouveau lien</a></li>
      <li><a class="fr-btn fr-btn--secondary" href="/connexion">Se connecter</a></li>
    </ul>`);
}

export function myAccountPage(d: { account: AccountView; clsmNames: Map<string, string>; errors?: Map<string, string>; changed?: boolean; csrfToken: string }): SafeHtml {
  const { account } = d;
  const errors = d.errors ?? new Map<string, string>();
  const scope =
    account.role === 'coordinateur'
      ? html`<ul>${account.clsmIds.map((id) => html`<li>${d.clsmNames.get(id) ?? id}</li>`)}</ul>`
      : account.role === 'ars'
        ? html`<p>${regionName(account.region)}${account.departement ? `, département ${account.departement}` : ''}</p>`
        : html`<p>National</p>`;
  return html`<h1>Mon compte</h1>
    ${d.changed ? notice('success', 'Votre mot de passe a été changé. Vos autres sessions ont été fermées.') : ''}
    <div class="fr-grid-row fr-grid-row--gutters">
      <div class="fr-col-12 fr-col-md-5">
        <section class="bc-card" aria-labelledby="mon-perimetre">
          <h2 class="fr-h4" id="mon-perimetre">Mon compte et mon périmètre</h2>
          <p><strong>${account.email}</strong></p>
          <p>${ROLE_LABEL[account.role]} · ${ACCOUNT_STATUT_LABEL[account.statut]}</p>
          <h3 class="fr-h6">${account.role === 'coordinateur' ? (account.clsmIds.length > 1 ? 'Mes CLSM' : 'Mon CLSM') : 'Périmètre'}</h3>
          ${scope}
          <p class="fr-text--sm">Dernière connexion : ${formatDateTime(account.last_login_at)}. Pour changer de périmètre, adressez-vous ${account.role === 'coordinateur' ? 'à votre ARS' : 'à l’administration de la plateforme'}.</p>
          <form method="post" action="/mon-compte/deconnexion-partout">
            ${csrfField(d.csrfToken)}
            <button type="submit" class="fr-btn fr-btn--secondary fr-icon-logout-box-r-line fr-btn--icon-left">Me déconnecter de tous mes appareils</button>
          </form>
        </section>
        <section class="bc-card fr-mt-3w" aria-labelledby="mes-donnees">
          <h2 class="fr-h4" id="mes-donnees">Mes données personnelles</h2>
          <p>Téléchargez tout ce que Bilan CLSM détient sur vous : votre compte, vos sessions, le journal de vos actions, les courriels qui vous ont été adressés, vos notifications. Rien sur d’autres personnes.</p>
          <p><a class="fr-link fr-link--download" href="/mon-compte/donnees" download>Télécharger mes données <span class="fr-link__detail">JSON</span></a></p>
          <p class="fr-text--sm">Pour faire corriger ou anonymiser votre compte, voir <a href="/donnees-personnelles">Données personnelles</a>.</p>
        </section>
      </div>
      <div class="fr-col-12 fr-col-md-7">
        <section aria-labelledby="changer-mdp">
          <h2 class="fr-h4" id="changer-mdp">Changer mon mot de passe</h2>
          ${errors.size ? summary(errors, { current_password: 'current_password', password: 'new_password', password_confirmation: 'password_confirmation' }) : ''}
          <form method="post" action="/mon-compte/mot-de-passe" novalidate>
            ${csrfField(d.csrfToken)}
            <input type="text" name="email" value="${account.email}" autocomplete="username" hidden>
            ${inputGroup({ id: 'current_password', name: 'current_password', label: 'Mot de passe actuel', type: 'password', error: errors.get('current_password'), autocomplete: 'current-password' })}
            ${inputGroup({ id: 'new_password', name: 'password', label: 'Nouveau mot de passe', hint: PASSWORD_HINT, type: 'password', error: errors.get('password'), autocomplete: 'new-password' })}
            ${inputGroup({ id: 'password_confirmation', name: 'password_confirmation', label: 'Confirmation du nouveau mot de passe', type: 'password', error: errors.get('password_confirmation'), autocomplete: 'new-password' })}
            <button type="submit" class="fr-btn">Changer mon mot de passe</button>
          </form>
        </section>
      </div>
    </div>`;
}
