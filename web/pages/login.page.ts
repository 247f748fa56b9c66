/** Signing in and out. */
import { csrfField, errorSummary } from '../components.ts';
import { html, type SafeHtml } from '../html.ts';

export function loginPage(options: { email?: string; error?: string; next: string; csrfToken: string }): SafeHtml {
  const { error } = options;
  return html`<div class="fr-grid-row fr-grid-row--center"><div class="fr-col-12 fr-col-md-8 fr-col-lg-6">
    <h1>Connexion à Bilan CLSM</h1>
    ${error ? errorSummary('La connexion a échoué', [{ href: '#email', message: error }]) : ''}
    <form method="post" action="/connexion" novalidate>
      ${csrfField(options.csrfToken)}
      <input type="hidden" name="suite" value="${options.next}">
      <fieldset class="fr-fieldset" aria-labelledby="connexion-legende">
        <legend class="fr-fieldset__legend" id="connexion-legende">Vos identifiants</legend>
        <div class="fr-fieldset__element">
          <div class="fr-input-group${error ? ' fr-input-group--error' : ''}">
            <label class="fr-label" for="email">Adresse électronique<span class="fr-hint-text">Format attendu : nom@domaine.fr</span></label>
            <input class="fr-input" type="email" id="email" name="email" autocomplete="username" value="${options.email ?? ''}"${error ? html` aria-describedby="email-erreur"` : ''}>
            ${error ? html`<p class="fr-error-text" id="email-erreur">${error}</p>` : ''}
          </div>
        </div>
        <div class="fr-fieldset__element">
          <div class="fr-input-group">
            <label class="fr-label" for="password">Mot de passe</label>
            <input class="fr-input" type="password" id="password" name="password" autocomplete="current-password">
          </div>
          <p class="fr-mt-1w fr-mb-0"><a class="fr-link fr-text--sm" href="/mot-de-passe-oublie">Mot de passe oublié ?</a></p>
        </div>
      </fieldset>
      <button type="submit" class="fr-btn">Se connecter</button>
    </form>
    <p class="fr-mt-3w fr-text--sm">Pas de compte ? Vous recevez une invitation par courriel de votre ARS (coordonnateur·rices de CLSM) ou de l’administration de la plateforme.</p>
  </div></div>`;
}

export function logoutPage(csrfToken: string): SafeHtml {
  return html`<h1>Se déconnecter</h1>
    <form method="post" action="/deconnexion">${csrfField(csrfToken)}<button type="submit" class="fr-btn">Se déconnecter de Bilan CLSM</button></form>`;
}
