/**
 * The territory's commune search without JavaScript: a search form, the
 * results of the official geography, each with an "Ajouter" button that
 * posts the form's save with the communes question only (a question a post
 * does not show keeps its answer) and comes back to it.
 */
import { departementLabel, GEOGRAPHY_SOURCE, parseTerritoryCodes, territoryLabel, type Commune, type Epci, type Section } from '../../survey-schema/index.ts';
import { csrfField } from '../components.ts';
import { territoryChoiceLabel } from '../form/renderers.ts';
import { html, type SafeHtml } from '../html.ts';
import { bilanPath, bilanTitle, type BilanModel } from './bilan.page.ts';

/** A search result as the browser script reads it (JSON). */
export function territoryResult(x: Commune | Epci): { code: string; nom: string; type: string; population: number; departement: string | null; libelle: string } {
  return {
    code: x.code,
    nom: x.nom,
    type: 'membres' in x ? 'epci' : x.type,
    population: x.population,
    departement: 'departement' in x ? x.departement : null,
    libelle: territoryChoiceLabel(x.code),
  };
}

export function communesPage(
  m: BilanModel,
  d: { section: Section; q: string; partout: boolean; departements: string[]; results: Array<Commune | Epci>; csrfToken: string },
): SafeHtml {
  const question = d.section.questions.find((x) => x.kind === 'communes')!;
  const variable = question.variable;
  const stored = m.answers[variable];
  const chosen = Array.isArray(stored) ? (stored as string[]) : typeof stored === 'string' ? parseTerritoryCodes(stored) : [];
  const back = `${bilanPath(m)}?section=${d.section.id}#q-${variable}`;
  const where = d.departements.map(departementLabel).join(', ');
  const addForm = (x: Commune | Epci) =>
    chosen.includes(x.code)
      ? html`<p class="fr-badge fr-badge--sm fr-badge--success">Déjà choisie</p>`
      : html`<form method="post" action="${bilanPath(m)}?section=${d.section.id}">
          ${csrfField(d.csrfToken)}
          <input type="hidden" name="version" value="${m.version}">
          ${[...chosen, x.code].map((code) => html`<input type="hidden" name="${variable}" value="${code}">`)}
          <button type="submit" name="action" value="ajouter_commune" class="fr-btn fr-btn--sm fr-icon-add-line fr-btn--icon-left">Ajouter<span class="fr-sr-only"> ${x.nom}</span></button>
        </form>`;
  return html`<h1 class="fr-h2">Rechercher une commune</h1>
    <p>${bilanTitle(m)} — ${question.shortLabel ?? 'Communes couvertes'}. ${chosen.length ? `Déjà choisie${chosen.length > 1 ? 's' : ''} : ${chosen.map(territoryLabel).join(', ')}.` : 'Aucune commune choisie pour l’instant.'}</p>
    <form method="get" action="${bilanPath(m)}/communes" class="fr-mb-3w" role="search">
      <div class="fr-input-group">
        <label class="fr-label" for="communes-q">Commune, arrondissement ou intercommunalité
          <span class="fr-hint-text">Son nom ou son code INSEE (SIREN pour une intercommunalité)${where ? ` ; la recherche porte d’abord sur : ${where}` : ''}.</span>
        </label>
        <div class="bc-search-row">
          <input class="fr-input" type="search" id="communes-q" name="q" value="${d.q}" maxlength="100" autocomplete="off" spellcheck="false">
          <button type="submit" class="fr-btn fr-icon-search-line fr-btn--icon-left">Rechercher</button>
        </div>
      </div>
      <div class="fr-checkbox-group fr-checkbox-group--sm">
        <input type="checkbox" id="communes-partout" name="partout" value="1"${d.partout ? html` checked` : ''}>
        <label class="fr-label" for="communes-partout">Chercher dans toute la France</label>
      </div>
    </form>
    ${d.q
      ? d.results.length
        ? html`<h2 class="fr-h5" id="resultats">${d.results.length} résultat${d.results.length > 1 ? 's' : ''} pour « ${d.q} »${d.partout ? ' dans toute la France' : where ? ` (${where})` : ''}</h2>
          <ul class="bc-communes-found" aria-labelledby="resultats">${d.results.map(
            (x) => html`<li><span>${territoryChoiceLabel(x.code)}</span>${addForm(x)}</li>`,
          )}</ul>`
        : html`<p role="status">Aucune commune ni intercommunalité ne correspond à « ${d.q} ». Vérifiez l’orthographe, ou cherchez par code INSEE.</p>`
      : ''}
    <p class="fr-mt-3w"><a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href="${back}">Revenir au formulaire</a></p>
    <p class="fr-text--sm">Géographie officielle au 1er janvier ${GEOGRAPHY_SOURCE.cog}, populations légales ${GEOGRAPHY_SOURCE.populationYear} (INSEE).</p>`;
}
