/** The page of an error: what happened, in French, and the way home. */
import { alert } from '../components.ts';
import { html, type SafeHtml } from '../html.ts';

export function errorPage(title: string, message: string, details: string[], serverError: boolean): SafeHtml {
  return html`<h1>${title}</h1>
    ${alert(serverError ? 'error' : 'warning', null, html`<p>${message}</p>${details.length ? html`<ul>${details.map((d) => html`<li>${d}</li>`)}</ul>` : ''}`)}
    <p><a class="fr-link" href="/">Retour à l’accueil</a></p>`;
}
