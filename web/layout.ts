/**
 * The page frame: DSFR header with the service name, skip links, main
 * navigation for the signed-in role, footer. Every page goes through `page()`.
 */
import { ROLE_LABEL, type Role } from '../server/domain/statuts.ts';
import { html, type HtmlValue, type SafeHtml } from './html.ts';
import { LEGAL_LINKS } from './pages/legal.page.ts';

/** What the layout needs to know about the signed-in person. */
export interface Viewer {
  displayName: string;
  role: Role;
  csrfToken: string;
}

export const ROLE_LABELS = ROLE_LABEL;

interface NavItem {
  href: string;
  label: string;
  roles: Role[];
}

const NAV: NavItem[] = [
  { href: '/', label: 'Accueil', roles: ['coordinateur', 'ars', 'ccoms', 'admin'] },
  { href: '/suivi', label: 'Suivi de la campagne', roles: ['ars', 'admin'] },
  { href: '/tableaux-de-bord', label: 'Tableaux de bord', roles: ['ars', 'ccoms', 'admin'] },
  { href: '/etat-des-lieux', label: 'État des lieux', roles: ['ccoms', 'admin', 'ars'] },
  { href: '/admin/comptes', label: 'Comptes', roles: ['ars', 'admin'] },
  { href: '/admin/registre', label: 'Registre', roles: ['ars', 'admin'] },
  { href: '/admin/campagnes', label: 'Campagnes', roles: ['admin'] },
  { href: '/admin/courriels', label: 'Courriels', roles: ['admin'] },
  { href: '/glossaire', label: 'Glossaire', roles: ['coordinateur', 'ars', 'ccoms', 'admin'] },
];

export interface PageOptions {
  title: string;
  viewer?: Viewer | null;
  /** The current path, to mark the navigation entry. */
  path?: string;
  body: HtmlValue;
  /** Loads the form script (autosave, conditions, progress; the print button). */
  formScript?: boolean;
  /** Loads the document stylesheet (état des lieux: cover, figures, A4 print). */
  documentStyles?: boolean;
  breadcrumb?: Array<{ href?: string; label: string }>;
  /** Loads the yearly fiche's stylesheet (one A4 page in print). */
  ficheStyles?: boolean;
  /**
   * A public page (a published fiche): no navigation into the application,
   * no sign-in button, whoever reads it; not indexed by search engines.
   */
  bare?: boolean;
}

function navigation(viewer: Viewer | null | undefined, path: string): SafeHtml {
  const items = viewer ? NAV.filter((item) => item.roles.includes(viewer.role)) : [];
  const current = (href: string) => (href === '/' ? path === '/' : path.startsWith(href));
  return html`<div class="fr-header__menu fr-modal" id="menu-principal" aria-labelledby="bouton-menu">
    <div class="fr-container">
      <button class="fr-btn--close fr-btn" aria-controls="menu-principal" title="Fermer">Fermer</button>
      <div class="fr-header__menu-links"></div>
      ${items.length
        ? html`<nav class="fr-nav" id="navigation" role="navigation" aria-label="Menu principal">
            <ul class="fr-nav__list">
              ${items.map(
                (item) => html`<li class="fr-nav__item"><a class="fr-nav__link" href="${item.href}"${current(item.href) ? html` aria-current="page"` : ''}>${item.label}</a></li>`,
              )}
            </ul>
          </nav>`
        : ''}
    </div>
  </div>`;
}

function breadcrumb(items: Array<{ href?: string; label: string }>): SafeHtml {
  return html`<nav role="navigation" class="fr-breadcrumb" aria-label="vous êtes ici :">
    <button class="fr-breadcrumb__button" aria-expanded="false" aria-controls="fil-ariane">Voir le fil d’Ariane</button>
    <div class="fr-collapse" id="fil-ariane">
      <ol class="fr-breadcrumb__list">
        ${items.map((item, i) =>
          i === items.length - 1 || !item.href
            ? html`<li><a class="fr-breadcrumb__link" aria-current="page">${item.label}</a></li>`
            : html`<li><a class="fr-breadcrumb__link" href="${item.href}">${item.label}</a></li>`,
        )}
      </ol>
    </div>
  </nav>`;
}

export function page(options: PageOptions): string {
  const { bare = false, path = '/' } = options;
  const viewer = bare ? null : options.viewer;
  const brand = html`<p class="fr-header__service-title">Bilan CLSM</p>`;
  return `<!doctype html>\n${html`<html lang="fr" data-fr-scheme="light">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1, shrink-to-fit=no">
  <title>${options.title} — Bilan CLSM</title>
  <meta name="format-detection" content="telephone=no">
  ${bare ? html`<meta name="robots" content="noindex, nofollow">` : ''}
  <link rel="stylesheet" href="/dsfr/dsfr.min.css">
  <link rel="stylesheet" href="/dsfr/utility/icons/icons.min.css">
  <link rel="stylesheet" href="/static/app.css">
  ${options.documentStyles ? html`<link rel="stylesheet" href="/static/document.css">` : ''}
  <link rel="stylesheet" href="/static/print.css" media="print">
  ${options.ficheStyles ? html`<link rel="stylesheet" href="/static/fiche.css">` : ''}
  <link rel="icon" href="/dsfr/favicon/favicon.svg" type="image/svg+xml">
  <script type="module" src="/dsfr/dsfr.module.min.js"></script>
  ${options.formScript ? html`<script type="module" src="/static/app.js"></script>` : ''}
</head>
<body>
  <div class="fr-skiplinks">
    <nav class="fr-container" role="navigation" aria-label="Accès rapide">
      <ul class="fr-skiplinks__list">
        <li><a class="fr-link" href="#contenu">Contenu</a></li>
        ${viewer ? html`<li><a class="fr-link" href="#navigation">Menu</a></li>` : ''}
        <li><a class="fr-link" href="#pied-de-page">Pied de page</a></li>
      </ul>
    </nav>
  </div>
  <header role="banner" class="fr-header">
    <div class="fr-header__body">
      <div class="fr-container">
        <div class="fr-header__body-row">
          <div class="fr-header__brand${bare ? '' : ' fr-enlarge-link'}">
            <div class="fr-header__brand-top">
              <div class="fr-header__logo"><p class="fr-logo">République<br>Française</p></div>
              ${bare
                ? ''
                : html`<div class="fr-header__navbar">
                    <button class="fr-btn--menu fr-btn" data-fr-opened="false" aria-controls="menu-principal" aria-haspopup="menu" id="bouton-menu" title="Menu">Menu</button>
                  </div>`}
            </div>
            <div class="fr-header__service">
              ${bare ? brand : html`<a href="/" title="Accueil — Bilan CLSM">${brand}</a>`}
              <p class="fr-header__service-tagline">Bilan d’activités annuel des conseils locaux de santé mentale</p>
            </div>
          </div>
          ${bare ? '' : html`<div class="fr-header__tools">
            <div class="fr-header__tools-links">
              <ul class="fr-btns-group">
                ${viewer
                  ? html`<li><a class="fr-btn fr-icon-account-circle-line" href="/mon-compte" title="Mon compte">${viewer.displayName} · ${ROLE_LABELS[viewer.role]}</a></li>
                      <li>
                        <form method="post" action="/deconnexion" class="bc-inline-form">
                          <input type="hidden" name="_csrf" value="${viewer.csrfToken}">
                          <button type="submit" class="fr-btn fr-icon-logout-box-r-line">Se déconnecter</button>
                        </form>
                      </li>`
                  : html`<li><a class="fr-btn fr-icon-lock-line" href="/connexion">Se connecter</a></li>`}
              </ul>
            </div>
          </div>`}
        </div>
      </div>
    </div>
    ${bare ? '' : navigation(viewer, path)}
  </header>
  <main id="contenu" role="main" tabindex="-1">
    <div class="fr-container fr-my-4w">
      ${options.breadcrumb ? breadcrumb(options.breadcrumb) : ''}
      ${options.body}
    </div>
  </main>
  <footer class="fr-footer" role="contentinfo" id="pied-de-page">
    <div class="fr-container">
      <div class="fr-footer__body">
        <div class="fr-footer__brand${bare ? '' : ' fr-enlarge-link'}">
          ${bare ? html`<p class="fr-logo">République<br>Française</p>` : html`<a href="/" title="Retour à l’accueil — Bilan CLSM"><p class="fr-logo">République<br>Française</p></a>`}
        </div>
        <div class="fr-footer__content">
          <p class="fr-footer__content-desc">Bilan CLSM : le bilan d’activités annuel des conseils locaux de santé mentale, leur suivi par les ARS et l’état des lieux national du CCOMS. Logiciel libre.</p>
        </div>
      </div>
      <div class="fr-footer__bottom">
        <ul class="fr-footer__bottom-list">
          <li class="fr-footer__bottom-item"><a class="fr-footer__bottom-link" href="/glossaire">Glossaire</a></li>
          <li class="fr-footer__bottom-item"><a class="fr-footer__bottom-link" href="/donnees-ouvertes">Données ouvertes</a></li>
          ${LEGAL_LINKS.map((l) => html`<li class="fr-footer__bottom-item"><a class="fr-footer__bottom-link" href="${l.href}"${path === l.href ? html` aria-current="page"` : ''}>${l.label}</a></li>`)}
        </ul>
      </div>
    </div>
  </footer>
</body>
</html>`.value}`;
}
