/**
 * The CLSM's yearly fiche: one A4 page to give back to partners, elected
 * officials and the population (server/domain/fiche.ts builds it from the
 * bilan). The same document on the signed-in page (with the publication
 * tools), on the public page of its link, and in print (web/public/fiche.css).
 */
import type { ClsmPublication, FicheData, FicheView } from '../../server/services/index.ts';
import { alert, csrfField, formatDateTime } from '../components.ts';
import { formatNumber } from '../form/renderers.ts';
import { html, type SafeHtml } from '../html.ts';
import { qrSvgPath } from '../qr.ts';

/** The QR code of the web version's address (web/qr.ts), for a phone held over the printed page. */
function qrCode(link: string): SafeHtml {
  const { size, path } = qrSvgPath(link);
  return html`<svg class="bc-fiche__qr" viewBox="0 0 ${size} ${size}" role="img" aria-label="QR code de l’adresse de la version en ligne"><rect width="${size}" height="${size}" fill="#fff"/><path d="${path}" fill="#000" shape-rendering="crispEdges"/></svg>`;
}

const plural = (n: number, word: string) => `${formatNumber(n)} ${word}${n > 1 ? 's' : ''}`;

/** « et 3 autres » after a capped list. */
const more = (shown: number, total: number) => (total > shown ? html`<li class="bc-fiche__more">et ${plural(total - shown, 'autre')}</li>` : '');

/** The one-page document. `link`: the address of its public version, printed in full. */
export function ficheDocument(f: FicheData, link: string | null): SafeHtml {
  const t = f.territoire;
  return html`<article class="bc-fiche" aria-labelledby="fiche-titre">
    <header class="bc-fiche__head">
      <p class="bc-fiche__kicker">Conseil local de santé mentale · fiche annuelle ${f.annee}</p>
      <h1 id="fiche-titre" class="bc-fiche__title">${f.clsm.nom}</h1>
      <p class="bc-fiche__place">${f.clsm.departement} · ${f.clsm.region}</p>
    </header>
    <div class="bc-fiche__body">
      <section class="bc-fiche__section" aria-labelledby="fiche-territoire">
        <h2 id="fiche-territoire" class="bc-fiche__h2">Territoire</h2>
        <dl class="bc-fiche__facts">
          ${t.communes
            ? html`<div><dt>${t.communes.label}</dt><dd><ul class="bc-fiche__inline">${t.communes.items.map((c) => html`<li>${c}</li>`)}${more(t.communes.items.length, t.communes.total)}</ul></dd></div>`
            : t.communes_texte
              ? html`<div><dt>${t.communes_texte.label}</dt><dd>${t.communes_texte.text}</dd></div>`
              : ''}
          ${t.echelle ? html`<div><dt>${t.echelle.label}</dt><dd>${t.echelle.value}</dd></div>` : ''}
          ${t.population ? html`<div><dt>${t.population.label}</dt><dd>${formatNumber(t.population.value)} habitant·es</dd></div>` : ''}
          ${!t.communes && !t.communes_texte && !t.echelle && !t.population ? html`<div><dt>Territoire</dt><dd>Non renseigné dans ce bilan.</dd></div>` : ''}
        </dl>
      </section>
      <section class="bc-fiche__section" aria-labelledby="fiche-chiffres">
        <h2 id="fiche-chiffres" class="bc-fiche__h2">L’année ${f.annee} en chiffres</h2>
        ${f.chiffres.length
          ? html`<ul class="bc-fiche__figures">${f.chiffres.map((c) => html`<li><span class="bc-fiche__value">${formatNumber(c.value)}</span> <span class="bc-fiche__label">${c.label}</span></li>`)}</ul>`
          : html`<p>Aucune instance réunie n’est renseignée dans ce bilan.</p>`}
      </section>
      <section class="bc-fiche__section" aria-labelledby="fiche-themes">
        <h2 id="fiche-themes" class="bc-fiche__h2">Groupes de travail</h2>
        ${f.themes.items.length
          ? html`<ul class="bc-fiche__columns">${f.themes.items.map(
              (th) =>
                html`<li><span class="bc-fiche__theme">${th.label}</span>${th.en_place ? (th.reunions !== null ? html` — ${plural(th.reunions, 'réunion')}` : '') : html` — <em>en cours de mise en place</em>`}</li>`,
            )}${more(f.themes.items.length, f.themes.total)}</ul>
            ${f.themes.autre ? html`<p class="bc-fiche__note">Autre thématique : ${f.themes.autre}</p>` : ''}`
          : html`<p>Aucun groupe de travail actif en ${f.annee}.</p>`}
      </section>
      <section class="bc-fiche__section" aria-labelledby="fiche-partenaires">
        <h2 id="fiche-partenaires" class="bc-fiche__h2">Partenaires</h2>
        ${f.partenaires
          ? html`<p class="bc-fiche__note">${f.partenaires.label} en ${f.annee} :</p>
              <ul class="bc-fiche__columns bc-fiche__columns--3">${f.partenaires.items.map((p) => html`<li>${p}</li>`)}${more(f.partenaires.items.length, f.partenaires.total)}</ul>`
          : html`<p>Non renseigné dans ce bilan.</p>`}
      </section>
      ${f.objectifs
        ? html`<section class="bc-fiche__section" aria-labelledby="fiche-objectifs">
            <h2 id="fiche-objectifs" class="bc-fiche__h2">${f.objectifs.label}</h2>
            <p class="bc-fiche__text">${f.objectifs.text}</p>
          </section>`
        : ''}
    </div>
    <footer class="bc-fiche__foot">
      <div>
        ${link ? html`<p class="bc-fiche__link">Version en ligne : <a href="${link}">${link}</a></p>` : ''}
        <p>Source : bilan d’activités ${f.annee} du CLSM (questionnaire ${f.questionnaire_version}), plateforme Bilan CLSM.</p>
      </div>
      ${link ? qrCode(link) : ''}
    </footer>
  </article>`;
}

/** The signed-in page: the publication tools (never printed), then the fiche. */
export function fichePage(v: FicheView, csrfToken: string, notice?: 'publiee' | 'retiree'): SafeHtml {
  const base = `/bilans/${encodeURIComponent(v.clsm_id)}/${v.annee}/fiche`;
  const p = v.publication;
  const tools = html`<div class="bc-no-print bc-fiche-tools fr-mb-4w">
    ${notice === 'publiee' && p ? alert('success', 'Fiche publiée', html`<p>Le lien ci-dessous montre cette fiche, sans connexion, à qui le reçoit.</p>`) : ''}
    ${notice === 'retiree' ? alert('success', 'Publication retirée', html`<p>L’ancien lien ne mène plus à la fiche. Une nouvelle publication créera un autre lien.</p>`) : ''}
    ${p
      ? html`<div class="bc-card">
          <h2 class="fr-h5">Fiche publiée</h2>
          <p>Lien public (sans connexion) : <a href="${p.path}" class="bc-fiche-url">${p.url}</a><br>
            <span class="fr-text--sm">Publiée le ${formatDateTime(p.created_at)}${p.created_by ? ` par ${p.created_by}` : ''}. Le lien ne montre que cette fiche, rien d’autre du bilan ; il n’est pas référencé par les moteurs de recherche.</span></p>
          ${v.publication_suspendue ? alert('warning', null, html`<p>Le bilan est revenu en correction : le lien répond « introuvable » jusqu’à son prochain envoi.</p>`) : ''}
          ${v.permissions.revoke
            ? html`<form method="post" action="${base}/retrait">${csrfField(csrfToken)}<button type="submit" class="fr-btn fr-btn--secondary fr-icon-close-circle-line fr-btn--icon-left">Retirer la publication</button></form>`
            : ''}
        </div>`
      : v.permissions.publish
        ? html`<div class="bc-card">
            <h2 class="fr-h5">Publier la fiche</h2>
            <p>Publier crée un lien public, difficile à deviner, qui montre cette fiche et rien d’autre du bilan, sans connexion. Vous pourrez retirer la publication à tout moment : le lien ne mènera plus nulle part.</p>
            <form method="post" action="${base}/publication">${csrfField(csrfToken)}<button type="submit" class="fr-btn fr-icon-global-line fr-btn--icon-left">Publier la fiche</button></form>
          </div>`
        : v.publish_refusal
          ? html`<p class="fr-text--sm">${v.publish_refusal}</p>`
          : ''}
    <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
      <li><button type="button" class="fr-btn fr-btn--secondary fr-icon-printer-line fr-btn--icon-left" data-print>Imprimer ou enregistrer en PDF (une page A4)</button></li>
    </ul>
  </div>`;
  return html`${tools}${ficheDocument(v.fiche, p?.url ?? null)}`;
}

/** The public page of a published fiche. */
export function publicFichePage(f: FicheData, link: string): SafeHtml {
  return ficheDocument(f, link);
}

/** A withdrawn or unknown link: said in French, with no way into the application. */
export function publicFicheMissing(message: string): SafeHtml {
  return html`<h1>Fiche introuvable</h1>${alert('warning', null, html`<p>${message}</p>`)}
    <p>Si vous pensez que cette fiche devrait être en ligne, demandez le lien à jour au conseil local de santé mentale qui vous l’a communiqué.</p>`;
}

/** The live links of a CLSM's fiches (the coordinator's home, the registry), each with « Retirer la publication » when allowed. */
export function publicationsList(list: ClsmPublication[], options: { csrfToken: string; canRevoke: boolean; withClsm?: boolean }): SafeHtml {
  if (list.length === 0) return html`<p class="fr-text--sm">Aucune fiche publiée. Une fiche se publie depuis sa page, une fois le bilan envoyé.</p>`;
  return html`<ul class="bc-publications">${list.map(
    (p) => html`<li>
      <span>${options.withClsm ? `${p.clsm_nom} — ` : ''}Fiche ${p.annee} : <a href="${p.path}">${p.url}</a>${p.suspendue ? html` <span class="fr-badge fr-badge--sm fr-badge--warning">suspendue pendant la correction</span>` : ''}</span>
      <span class="bc-table-actions">
        <a class="fr-link fr-text--sm" href="/bilans/${encodeURIComponent(p.clsm_id)}/${p.annee}/fiche">Voir la fiche</a>
        ${options.canRevoke
          ? html`<form method="post" action="/bilans/${encodeURIComponent(p.clsm_id)}/${p.annee}/fiche/retrait">${csrfField(options.csrfToken)}<button type="submit" class="fr-btn fr-btn--sm fr-btn--tertiary">Retirer la publication</button></form>`
          : ''}
      </span>
    </li>`,
  )}</ul>`;
}
