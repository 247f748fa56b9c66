/**
 * The pages every French public site must link from its footer (DSFR):
 * Accessibilité (the RGAA statement), Mentions légales, Données
 * personnelles, Gestion des cookies. Readable signed out. What differs per
 * deployment (publisher, host, contacts, retention) comes from the
 * configuration (server/config.ts, docs/operations.md); the inventory of
 * personal data from server/domain/personal-data.ts.
 */
import type { SiteConfig, RetentionConfig } from '../../server/config.ts';
import type { PersonalDataCategory } from '../../server/services/index.ts';
import { alert } from '../components.ts';
import { html, type SafeHtml } from '../html.ts';

/** The footer's mandatory links, in the DSFR's order. */
export const LEGAL_LINKS = [
  { href: '/accessibilite', label: 'Accessibilité : non conforme' },
  { href: '/mentions-legales', label: 'Mentions légales' },
  { href: '/donnees-personnelles', label: 'Données personnelles' },
  { href: '/gestion-des-cookies', label: 'Gestion des cookies' },
] as const;

/**
 * The accessibility checks actually made, as the statement reports them.
 * Update with each audit: the statement must say what was checked, how and when.
 */
export const ACCESSIBILITY_AUDIT = {
  date: 'novembre 2026',
  referentiel: 'RGAA 4.1',
  /** No complete RGAA audit (every criterion on a sample of pages) has been made: the law then requires « non conforme ». */
  level: 'non conforme',
  automated: 'axe-core (règles WCAG 2.1 A et AA), à chaque exécution des tests navigateur (npm run test:browser), avec Chromium, sur les pages ci-dessous : aucune violation grave ou critique tolérée ; les violations mineures ou modérées ne sont pas encore relevées.',
  manual: [
    'navigation au clavier seul (tabulation, ordre de lecture, focus visible) : connexion, Mon compte et les quatre pages du pied de page ;',
    'affichage à 320 pixels de large (critère 10.11) : les sections du formulaire à grilles et les pages du pied de page se lisent sans défilement horizontal de la page (vérifié à chaque exécution des tests navigateur) ;',
    'formulaire du bilan rempli et envoyé sans JavaScript, communes comprises (tests navigateur) ;',
    'titres de page uniques, liens d’évitement, langue de la page, messages d’erreur reliés aux champs (vérifiés dans le code des pages).',
  ],
  environment: 'Chromium (Debian) sur Linux, sans technologie d’assistance : aucun test n’a encore été fait avec un lecteur d’écran (NVDA, JAWS, VoiceOver).',
  pages: [
    'Connexion, mot de passe oublié',
    'Accueil de chaque rôle',
    'Formulaire du bilan (sections identification, coordination, territoire, gouvernance, groupes de travail), recherche de communes, envoi',
    'Fiche annuelle',
    'Suivi de la campagne, relances, relecture d’un bilan',
    'Tableaux de bord, indicateurs, état des lieux, comparaison d’années',
    'Comptes, registre, campagnes, courriels (administration)',
    'Mon compte, glossaire, données ouvertes',
    'Accessibilité, mentions légales, données personnelles, gestion des cookies',
  ],
  nonConformities: [
    'Les graphiques des tableaux de bord et de l’état des lieux sont des images SVG : leurs chiffres sont repris dans des tableaux à côté des graphiques, mais l’équivalence n’a pas été vérifiée critère par critère.',
    'Les grilles du formulaire (composition des instances, groupes de travail) sont de grands tableaux de champs : utilisables au clavier, elles n’ont pas été vérifiées avec un lecteur d’écran.',
    'L’état des lieux en PDF est produit par Chromium sans balisage d’accessibilité vérifié : la version en ligne (HTML) est la version de référence.',
  ],
  derogations: 'Aucune.',
} as const;

const placeholderNotice = (site: SiteConfig) =>
  site.placeholders.length
    ? alert(
        'warning',
        'Valeurs de démonstration',
        html`<p>Ce déploiement n’a pas encore renseigné ${site.placeholders.length > 1 ? 'les variables' : 'la variable'} ${site.placeholders.join(', ')} : les textes « (démonstration) » ci-dessous sont à remplacer par l’exploitant (voir la documentation d’exploitation).</p>`,
      )
    : '';

const mailto = (address: string) => (address.includes('@') && !/\s/.test(address) ? html`<a href="mailto:${address}">${address}</a>` : html`${address}`);

export function accessibilityPage(site: SiteConfig): SafeHtml {
  const a = ACCESSIBILITY_AUDIT;
  return html`<h1>Déclaration d’accessibilité</h1>
    ${placeholderNotice(site)}
    <p>${site.publisher} s’engage à rendre son service Bilan CLSM accessible, conformément à l’article 47 de la loi n° 2005-102 du 11 février 2005. Cette déclaration s’applique à Bilan CLSM, le bilan d’activités annuel des conseils locaux de santé mentale.</p>
    <h2>État de conformité</h2>
    <p>Bilan CLSM est <strong>${a.level}</strong> avec le ${a.referentiel} (référentiel général d’amélioration de l’accessibilité) : aucun audit complet de conformité, critère par critère, n’a encore été réalisé, et le taux de conformité ne peut donc pas être annoncé. Les vérifications faites, et leurs résultats, sont décrits ci-dessous.</p>
    <h2>Résultats des vérifications</h2>
    <p>Vérifications faites en ${a.date} :</p>
    <ul>
      <li>Automatique : ${a.automated}</li>
      <li>Manuelles :
        <ul>${a.manual.map((m) => html`<li>${m}</li>`)}</ul>
      </li>
    </ul>
    <h3>Pages vérifiées</h3>
    <ul>${a.pages.map((p) => html`<li>${p}</li>`)}</ul>
    <h3>Environnement de vérification</h3>
    <p>${a.environment}</p>
    <h2>Contenus non accessibles</h2>
    <h3>Non-conformités connues</h3>
    <ul>${a.nonConformities.map((n) => html`<li>${n}</li>`)}</ul>
    <h3>Dérogations pour charge disproportionnée</h3>
    <p>${a.derogations}</p>
    <h2>Établissement de cette déclaration</h2>
    <p>Cette déclaration a été établie en ${a.date}. Technologies utilisées : HTML, CSS (système de design de l’État, DSFR), JavaScript facultatif.</p>
    <h2>Retour d’information et contact</h2>
    <p>Si vous n’arrivez pas à accéder à un contenu ou à un service, écrivez à ${mailto(site.contactEmail)} pour être orienté·e vers une alternative accessible ou obtenir le contenu sous une autre forme.</p>
    <h2>Voies de recours</h2>
    <p>Si vous avez signalé un défaut d’accessibilité qui vous empêche d’accéder à un contenu ou à un service et n’avez pas obtenu de réponse satisfaisante, vous pouvez :</p>
    <ul>
      <li>écrire un message au <a href="https://formulaire.defenseurdesdroits.fr/" rel="noopener">Défenseur des droits</a> ;</li>
      <li>contacter <a href="https://www.defenseurdesdroits.fr/saisir/delegues" rel="noopener">le délégué ou la déléguée du Défenseur des droits dans votre région</a> ;</li>
      <li>envoyer un courrier (gratuit, ne pas mettre de timbre) : Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.</li>
    </ul>`;
}

export function legalNoticePage(site: SiteConfig): SafeHtml {
  return html`<h1>Mentions légales</h1>
    ${placeholderNotice(site)}
    <h2>Éditeur</h2>
    <p>${site.publisher}<br>${site.publisherAddress}</p>
    <h2>Directeur·rice de la publication</h2>
    <p>${site.director}</p>
    <h2>Hébergement</h2>
    <p>${site.hosting}<br>${site.hostingAddress}</p>
    <h2>Contact</h2>
    <p>${mailto(site.contactEmail)}</p>
    <h2>Logiciel</h2>
    <p>Bilan CLSM est un logiciel libre (licence MIT). Il utilise le système de design de l’État (DSFR), dont la marque de l’État est réservée aux services publics.</p>
    <h2>Données personnelles et cookies</h2>
    <p>Voir <a href="/donnees-personnelles">Données personnelles</a> et <a href="/gestion-des-cookies">Gestion des cookies</a>.</p>
    <h2>Accessibilité</h2>
    <p>Voir la <a href="/accessibilite">déclaration d’accessibilité</a>.</p>`;
}

function categoryTable(c: PersonalDataCategory): SafeHtml {
  const rows: Array<[string, SafeHtml | string]> = [
    ['Données', c.items.length > 1 ? html`<ul>${c.items.map((i) => html`<li>${i}</li>`)}</ul>` : (c.items[0] ?? '')],
    ['Personnes concernées', c.subjects],
    ['Finalité', c.purpose],
    ['Base légale', c.basis],
    ['Qui les voit', c.recipients],
    ['Conservation', c.retention],
    ['Où', c.storage],
  ];
  return html`<h3 class="fr-h5 fr-mt-4w" id="donnees-${c.id}">${c.title}</h3>
  <div class="fr-table fr-table--no-caption bc-legal-table">
    <table>
      <caption>${c.title}</caption>
      <tbody>${rows.map(([k, v]) => html`<tr><th scope="row">${k}</th><td>${v}</td></tr>`)}</tbody>
    </table>
  </div>`;
}

export function personalDataPage(d: { site: SiteConfig; retention: RetentionConfig; inventory: readonly PersonalDataCategory[]; signedIn: boolean }): SafeHtml {
  const { site } = d;
  return html`<h1>Données personnelles</h1>
    ${placeholderNotice(site)}
    <p>Bilan CLSM traite des données personnelles pour le suivi des conseils locaux de santé mentale (CLSM) par les agences régionales de santé (ARS) et pour l’état des lieux national du CCOMS. Cette page dit lesquelles, pourquoi, qui les voit et combien de temps elles sont gardées.</p>
    <h2>Responsable du traitement</h2>
    <p>${site.publisher}, ${site.publisherAddress}.</p>
    <p>Délégué·e à la protection des données : ${mailto(site.dpo)}.</p>
    <h2>Ce que le formulaire ne demande pas</h2>
    <p>Le bilan décrit l’activité d’un CLSM : il ne demande aucune donnée de santé, ni le nom d’aucune personne (seulement des fonctions et des structures). Mais un CLSM n’a qu’un·e coordonnateur·rice : son profil (diplôme, formation, ancienneté, employeur) décrit une personne identifiable, et un texte libre peut nommer quelqu’un. Ces variables sont marquées dans le dictionnaire des variables (colonne <code>donnees_personnelles</code>).</p>
    <h2>Les données, une catégorie à la fois</h2>
    <nav class="fr-summary fr-mb-3w" role="navigation" aria-labelledby="sommaire-donnees">
      <p class="fr-summary__title" id="sommaire-donnees">Catégories de données</p>
      <ol class="fr-summary__list">${d.inventory.map((c) => html`<li><a class="fr-summary__link" href="#donnees-${c.id}">${c.title}</a></li>`)}</ol>
    </nav>
    ${d.inventory.map(categoryTable)}
    <h2>Exports pour le CCOMS</h2>
    <p>Les exports de microdonnées (un bilan par ligne) ne contiennent ni le profil du ou de la coordonnateur·rice, ni les textes libres. Seule l’administration de la plateforme peut les inclure, en le demandant explicitement ; chaque demande est inscrite au journal. Les indicateurs publiés et les données ouvertes sont agrégés et masquent les effectifs trop petits.</p>
    <h2>Vos droits</h2>
    <ul>
      <li><strong>Accès</strong> : une fois connecté·e, « Mon compte » permet de <a href="/mon-compte/donnees">télécharger tout ce que l’application détient sur vous</a> (fichier JSON : compte, sessions, journal de vos actions, courriels reçus, notifications).${d.signedIn ? '' : ' Connectez-vous d’abord.'}</li>
      <li><strong>Rectification</strong> : votre adresse ou votre périmètre sont modifiés par votre ARS ou par l’administration ; les réponses du bilan, par les coordonnateur·rices du CLSM tant qu’il n’est pas validé, puis à la demande de l’ARS.</li>
      <li><strong>Effacement</strong> : l’administration anonymise un compte à votre demande. L’adresse devient « Compte anonymisé n° … » ; les bilans et le journal auxquels le compte a contribué restent, car ils servent la mission d’intérêt public.</li>
      <li><strong>Opposition et limitation</strong> : écrivez au ou à la délégué·e à la protection des données (${mailto(site.dpo)}).</li>
    </ul>
    <p>Si vous estimez, après avoir contacté le ou la délégué·e, que vos droits ne sont pas respectés, vous pouvez adresser une réclamation à la <a href="https://www.cnil.fr/fr/plaintes" rel="noopener">CNIL</a>.</p>
    <h2>Conservation appliquée</h2>
    <p>Une commande lancée chaque nuit applique les durées ci-dessus : comptes désactivés depuis ${d.retention.disabledAccountMonths} mois et invitations en attente depuis ${d.retention.pendingInvitationDays} jours anonymisés, détail du journal de plus de ${d.retention.auditMonths} mois retiré, courriels de plus de ${d.retention.mailDays} jours supprimés, sessions et liens expirés oubliés.</p>
    <h2>Sous-traitants et transferts</h2>
    <p>Hébergement : ${site.hosting}. Les courriels passent par le serveur de courriel de l’exploitant. Aucune donnée ne quitte l’Union européenne du fait de l’application ; aucun outil de mesure d’audience ni service tiers n’est chargé par les pages.</p>`;
}

export function cookiesPage(d: { site: SiteConfig; cookieName: string; sessionHours: number }): SafeHtml {
  return html`<h1>Gestion des cookies</h1>
    ${placeholderNotice(d.site)}
    <p>Bilan CLSM ne dépose qu’<strong>un seul cookie</strong>, nécessaire au fonctionnement du service. Il n’y a ni mesure d’audience, ni publicité, ni bouton de réseau social, ni contenu d’un site tiers : aucun traceur. C’est pourquoi aucun bandeau ne vous demande votre consentement (article 82 de la loi Informatique et libertés : les cookies strictement nécessaires en sont dispensés).</p>
    <div class="fr-table">
      <table>
        <caption>Le cookie de Bilan CLSM</caption>
        <thead><tr><th scope="col">Nom</th><th scope="col">Rôle</th><th scope="col">Durée</th><th scope="col">Contenu</th></tr></thead>
        <tbody>
          <tr>
            <td><code>${d.cookieName}</code></td>
            <td>Vous garder connecté·e d’une page à l’autre, et protéger les formulaires contre les requêtes forgées (jeton CSRF). Il est aussi déposé sur la page de connexion, avant toute connexion, pour protéger ce formulaire.</td>
            <td>${d.sessionHours} heures au plus ; effacé à la déconnexion.</td>
            <td>Chiffré ; un identifiant aléatoire de session, sans votre adresse. Réservé à ce site (HttpOnly, SameSite=Lax, Secure en HTTPS).</td>
          </tr>
        </tbody>
      </table>
    </div>
    <p>Vous pouvez le refuser dans les réglages de votre navigateur : vous ne pourrez alors plus vous connecter. Les pages publiques (données ouvertes, ces pages d’information) restent lisibles.</p>
    <p>Le stockage local du navigateur n’est pas utilisé pour vous suivre : il ne sert, le cas échéant, qu’aux préférences d’affichage du système de design de l’État.</p>`;
}
