/**
 * The dashboards (/tableaux-de-bord): an overview of the latest campaign
 * (the campaign's counts, the mission's key figures with n/N, their trend
 * across campaigns, France beside a région), then the whole catalogue by
 * chapter — a table of contents and a search that work without JavaScript —
 * and one page per indicator with its chart, n/N table, definition and
 * downloads.
 */
import { formatNumber, formatPct, REPORT_SECTIONS, SMALL_BASE, SPLIT_LABELS, SPLIT_VARIABLES, type Indicator, type IndicatorFamily, type KeyValue, type ReportItem, type SplitVariable } from '../../analytics/index.ts';
import type { AuthUser } from '../../server/domain/access.ts';
import type { IndicatorQuery, IndicatorSet, Overview, OverviewFigure } from '../../server/services/analytics.service.ts';
import { alert, departementName, filterSelect, regionName } from '../components.ts';
import { html, raw, type SafeHtml } from '../html.ts';
import { chartFigure, definitionList, figuresTable, simpleTable, smallBaseMark, smallBaseNote } from './indicators.ts';

export function dashboardQueryString(p: IndicatorQuery & { q?: string | undefined; chapitre?: string | undefined; indicateur?: string | undefined }): string {
  const q = new URLSearchParams();
  if (p.annee !== undefined) q.set('annee', String(p.annee));
  if (p.region) q.set('region', p.region);
  if (p.departement) q.set('departement', p.departement);
  if (p.split) q.set('split', p.split);
  if (p.q) q.set('q', p.q);
  if (p.chapitre) q.set('chapitre', p.chapitre);
  if (p.indicateur) q.set('indicateur', p.indicateur);
  const s = q.toString();
  return s ? `?${s}` : '';
}

const sectionTitle = (id: string) => REPORT_SECTIONS.find((s) => s.id === id)?.title ?? id;

/** The filters of the dashboards: the year (never "all years"), and the place for the national roles. */
function scopeFilters(data: { user: AuthUser; years: Array<{ annee: number; bilans: number }>; annee: number | null; region?: string | undefined; departement?: string | undefined; regions: string[]; departements: string[] }, action: string, extra: SafeHtml | string = ''): SafeHtml {
  const national = data.user.role !== 'ars';
  return html`<form method="get" action="${action}" class="bc-filters fr-mb-3w">
    ${filterSelect('d-annee', 'annee', 'Campagne', data.years.map((y) => ({ value: y.annee, label: `${y.annee} (${y.bilans} bilan${y.bilans > 1 ? 's' : ''})` })), data.annee ?? undefined)}
    ${national ? filterSelect('d-region', 'region', 'Région', data.regions.map((r) => ({ value: r, label: regionName(r) })), data.region, 'France entière') : ''}
    ${filterSelect('d-departement', 'departement', 'Département', data.departements.map((d) => ({ value: d, label: departementName(d) })), data.departement, national ? 'Tous' : 'Toute la région')}
    ${extra}
    <button type="submit" class="fr-btn">Afficher</button>
  </form>`;
}

function valueText(figure: OverviewFigure['figure'], v: KeyValue | undefined): { main: string; base: string } {
  if (!v || !v.N) return { main: '–', base: 'pas de réponse' };
  if (v.masked) return { main: 'secret statistique', base: '' };
  if (figure.measure === 'mediane') return { main: formatNumber(v.value, 1), base: `n = ${formatNumber(v.n, 0)}${typeof v.q1 === 'number' && typeof v.q3 === 'number' ? ` · écart interquartile ${formatNumber(v.q1)} à ${formatNumber(v.q3)}` : ''}` };
  const unit = figure.indicator === 'copil_sieges_usagers' ? 'sièges' : 'CLSM';
  return { main: formatPct(v.value), base: `${formatNumber(v.n, 0)} ${unit} sur ${formatNumber(v.N, 0)}` };
}

function figureCard(f: OverviewFigure, overview: Overview, linkQuery: string): SafeHtml {
  const mine = valueText(f.figure, f.value);
  const france = !overview.benchmark ? null : overview.nationalPublished ? valueText(f.figure, f.national) : { main: '', base: 'publié à la clôture de la campagne' };
  const trendRows = [...new Set(f.trend.map((p) => p.annee))].sort((a, b) => a - b).map((annee) => [String(annee), ...[overview.scopeLabel, overview.benchmark].filter((s): s is string => Boolean(s)).map((serie) => f.trend.find((p) => p.annee === annee && p.serie === serie)?.etiquette ?? '–')]);
  return html`<article class="bc-card bc-key" id="cle-${f.figure.id}" data-figure="${f.figure.id}">
    <h3 class="bc-key__title">${f.figure.label}</h3>
    <p class="bc-key__value"><span class="bc-figure">${mine.main}</span>${f.value?.small && !f.value.masked ? html` ${smallBaseMark}` : ''}<span class="bc-key__base">${mine.base}</span></p>
    ${france ? html`<p class="bc-key__france"><span class="bc-key__serie">${overview.benchmark} :</span> <strong>${france.main}</strong> <span class="bc-key__base">${france.base}</span></p>` : ''}
    ${f.svg ? chartFigure(f.svg, `${f.figure.label} : évolution par campagne`) : html`<p class="fr-text--sm">Pas encore d’évolution : une seule campagne avec des réponses.</p>`}
    ${trendRows.length
      ? html`<details class="bc-key__details"><summary>Évolution en chiffres (n/N)</summary>${simpleTable(`${f.figure.label} : évolution par campagne`, ['Campagne', overview.scopeLabel, ...(overview.benchmark ? [overview.benchmark] : [])], trendRows)}</details>`
      : ''}
    <p class="bc-key__link"><a class="fr-link fr-link--sm" href="/tableaux-de-bord/indicateurs/${f.figure.indicator}${linkQuery}">L’indicateur en détail<span class="fr-sr-only"> : ${f.figure.label}</span></a></p>
  </article>`;
}

export interface DashboardData {
  user: AuthUser;
  overview: Overview;
  query: { region?: string | undefined; departement?: string | undefined };
  regions: string[];
  departements: string[];
}

/** The overview: the campaign, the key figures and their trends, then the catalogue's table of contents and search. */
export function dashboardPage(data: DashboardData): SafeHtml {
  const { user, overview: o } = data;
  const qs = dashboardQueryString({ annee: o.annee ?? undefined, region: data.query.region, departement: data.query.departement });
  const consented = user.role === 'ccoms' ? ' des CLSM ayant accepté le partage avec le CCOMS' : '';
  const heading = html`<h1>Tableaux de bord${o.annee !== null ? html` — ${o.scopeLabel}, campagne ${o.annee}` : ''}</h1>`;
  if (o.annee === null)
    return html`${heading}${alert('info', 'Aucun bilan envoyé dans votre périmètre', html`<p>Les tableaux de bord s’ouvriront sur la campagne dès les premiers bilans envoyés.</p>`)}`;
  const c = o.campagne?.counts;
  const started = c ? c.attendus - c.non_commence : 0;
  return html`${heading}
    <p class="fr-text--lead">${formatNumber(o.bilans, 0)} bilan${o.bilans > 1 ? 's' : ''} envoyé${o.bilans > 1 ? 's' : ''} ou validé${o.bilans > 1 ? 's' : ''}${consented}. Chaque part est donnée avec son effectif n et sa base N ; ${smallBaseNote}.</p>
    ${scopeFilters({ ...data, years: o.years, annee: o.annee, region: data.query.region, departement: data.query.departement }, '/tableaux-de-bord')}
    <nav aria-label="Sur cette page"><ul class="bc-anchors">
      <li><a class="fr-link" href="#campagne">La campagne ${o.annee}</a></li>
      <li><a class="fr-link" href="#comite-de-pilotage">Le comité de pilotage</a></li>
      <li><a class="fr-link" href="#espaces">La participation par espace</a></li>
      <li><a class="fr-link" href="#instances">Les instances et les groupes de travail</a></li>
      <li><a class="fr-link" href="#indicateurs">Tous les indicateurs</a></li>
    </ul></nav>

    <section id="campagne" class="fr-mb-6w" aria-labelledby="campagne-titre">
      <h2 id="campagne-titre">La campagne ${o.annee}${o.campagne ? html` <span class="fr-badge fr-badge--sm ${o.campagne.statut === 'ouverte' ? 'fr-badge--new' : ''}">${o.campagne.statut === 'ouverte' ? 'en cours' : 'terminée'}</span>` : ''}</h2>
      ${c
        ? html`<div class="bc-tiles">
            ${[
              ['CLSM attendus', formatNumber(c.attendus, 0)],
              ['Bilans commencés', formatNumber(started, 0)],
              ['Bilans envoyés', formatNumber(c.recus, 0)],
              ['Bilans validés', formatNumber(c.valide, 0)],
              ['Taux de réponse', formatPct(c.taux_reponse)],
            ].map(([label, value]) => html`<div class="bc-card bc-tile"><p class="bc-figure">${value}</p><p>${label}</p></div>`)}
          </div>
          <p class="fr-text--sm">Envoyés : bilans soumis, renvoyés pour correction ou validés. Les indicateurs ci-dessous portent sur les bilans envoyés ou validés${consented}.${user.role !== 'ccoms' ? html` <a class="fr-link fr-link--sm" href="/suivi?annee=${o.annee}">Suivi de la campagne ${o.annee}</a>` : ''}</p>`
        : html`<p>Pas de campagne enregistrée pour ${o.annee} (bilans importés).</p>`}
    </section>

    ${keyFigureSections(o, qs)}

    <section id="indicateurs" class="fr-mb-6w" aria-labelledby="indicateurs-titre">
      <h2 id="indicateurs-titre">Tous les indicateurs, par chapitre</h2>
      ${searchForm({ annee: o.annee, region: data.query.region, departement: data.query.departement }, '')}
      <ul class="bc-chapters">${REPORT_SECTIONS.map((s) => html`<li><a class="fr-link" href="/tableaux-de-bord/indicateurs${dashboardQueryString({ annee: o.annee ?? undefined, region: data.query.region, departement: data.query.departement, chapitre: s.id })}">${s.title}</a></li>`)}</ul>
      <p class="fr-text--sm">Données de la campagne ${o.annee} :
        <a class="fr-link fr-icon-download-line fr-link--icon-left" href="/tableaux-de-bord/donnees.csv${qs}">tous les indicateurs (CSV)</a>
        <a class="fr-link fr-icon-download-line fr-link--icon-left fr-ml-2w" href="/tableaux-de-bord/donnees.xlsx${qs}">(XLSX)</a></p>
    </section>`;
}

/** The key figures' sections, written once per computation and year (the same objects for every reader): a warm page costs a lookup. */
const written = new WeakMap<object, SafeHtml>();
function keyFigureSections(o: Overview, qs: string): SafeHtml {
  let body = written.get(o.figures);
  if (!body) written.set(o.figures, (body = writeKeyFigureSections(o, qs)));
  return body;
}

function writeKeyFigureSections(o: Overview, qs: string): SafeHtml {
  const byTheme = (theme: string) => o.figures.filter((f) => f.figure.theme === theme);
  const instances = byTheme('instances');
  return html`    <section id="comite-de-pilotage" class="fr-mb-6w" aria-labelledby="copil-titre">
      <h2 id="copil-titre">Les personnes concernées au comité de pilotage</h2>
      <p>Organisations, personnes et sièges : la part des CLSM, avec n/N, et son évolution d’une campagne à l’autre${o.benchmark ? ` ; ${o.benchmark} : les données ouvertes (bilans partagés avec le CCOMS, secret statistique, campagnes closes)` : ''}.</p>
      <div class="bc-keys">${byTheme('copil').map((f) => figureCard(f, o, qs))}</div>
    </section>

    <section id="espaces" class="fr-mb-6w" aria-labelledby="espaces-titre">
      <h2 id="espaces-titre">La participation des personnes concernées, par espace</h2>
      ${o.espacesSvg ? html`<div class="bc-card">${chartFigure(o.espacesSvg, `Participation des personnes concernées par espace, ${o.scopeLabel}${o.benchmark ? ` et ${o.benchmark}` : ''}, ${o.annee}`)}</div>` : ''}
      <div class="bc-keys">${byTheme('espaces').map((f) => figureCard(f, o, qs))}</div>
    </section>

    <section id="instances" class="fr-mb-6w" aria-labelledby="instances-titre">
      <h2 id="instances-titre">Les instances et les groupes de travail</h2>
      ${simpleTable(
        `Réunions dans l’année, par instance (${o.scopeLabel}, ${o.annee})`,
        ['Instance', 'Médiane', 'Écart interquartile', 'Bilans (n)'],
        instances.map(({ figure, value }) => [
          figure.short.replace(/^Réunions (du |de la |de l’|des )/, '').replace(/^./, (x) => x.toUpperCase()),
          value && !value.masked ? formatNumber(value.value, 1) : '–',
          value && typeof value.q1 === 'number' && typeof value.q3 === 'number' ? `${formatNumber(value.q1)} à ${formatNumber(value.q3)}` : '–',
          value ? html`${formatNumber(value.n, 0)}${value.small ? html` ${smallBaseMark}` : ''}` : '–',
        ]),
      )}
      ${o.themes.length
        ? html`<h3 class="fr-h5">Les thématiques le plus souvent travaillées en groupe de travail</h3>
            <ol class="bc-themes">${o.themes.map((t) => html`<li><a href="/tableaux-de-bord/indicateurs/${t.id}${qs}">${t.label}</a> : ${t.text}</li>`)}</ol>
            <p><a class="fr-link" href="/tableaux-de-bord/indicateurs/gt_theme_en_place${qs}">Toutes les thématiques</a></p>`
        : ''}
      <div class="bc-keys">${instances.map((f) => figureCard(f, o, qs))}</div>
    </section>`;
}

/** The search of the catalogue: a GET form, so that it works without JavaScript. */
function searchForm(scope: { annee: number | null; region?: string | undefined; departement?: string | undefined }, q: string): SafeHtml {
  return html`<form method="get" action="/tableaux-de-bord/indicateurs" role="search" class="fr-mb-3w">
    ${scope.annee !== null ? html`<input type="hidden" name="annee" value="${scope.annee}">` : ''}
    ${scope.region ? html`<input type="hidden" name="region" value="${scope.region}">` : ''}
    ${scope.departement ? html`<input type="hidden" name="departement" value="${scope.departement}">` : ''}
    <div class="fr-search-bar" id="recherche-indicateurs">
      <label class="fr-label" for="q">Rechercher un indicateur</label>
      <input class="fr-input" type="search" id="q" name="q" value="${q}" placeholder="Rechercher un indicateur (par exemple : comité de pilotage)">
      <button type="submit" class="fr-btn" title="Rechercher">Rechercher</button>
    </div>
  </form>`;
}

/** Accents and case aside, for the search. */
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** An entry of the catalogue (a family or an indicator) matches every word of the search. */
export function matches(entry: IndicatorFamily | Indicator, q: string): boolean {
  const words = fold(q).split(/[^\p{L}\p{N}_]+/u).filter((w) => w.length > 1);
  if (!words.length) return true;
  const text = fold([entry.id, entry.label, entry.populationLabel, ...('members' in entry ? entry.members.flatMap((m) => [m.label, m.indicator.id]) : [])].join(' '));
  return words.every((w) => text.includes(w));
}

export interface IndicatorListData {
  user: AuthUser;
  set: IndicatorSet;
  entries: Array<IndicatorFamily | Indicator>;
  query: { annee: number | null; region?: string | undefined; departement?: string | undefined; q?: string | undefined; chapitre?: string | undefined };
  years: Array<{ annee: number; bilans: number }>;
  regions: string[];
  departements: string[];
  scopeLabel: string;
}

/** The catalogue: chapters, a search, one link per indicator (never every chart at once). */
export function indicatorListPage(data: IndicatorListData): SafeHtml {
  const { set, query } = data;
  const items = new Map(set.items.map((i) => [i.id, i]));
  const all = data.entries.filter((e) => !query.chapitre || sectionOf(e) === query.chapitre);
  const shown = all.filter((e) => !query.q || matches(e, query.q));
  const scope = { annee: query.annee ?? undefined, region: query.region, departement: query.departement };
  const link = (id: string) => `/tableaux-de-bord/indicateurs/${id}${dashboardQueryString(scope)}`;
  return html`<h1>Indicateurs — ${data.scopeLabel}${query.annee !== null ? `, campagne ${query.annee}` : ''}</h1>
    <p>Le catalogue complet, par chapitre de l’état des lieux : chaque indicateur a sa page (graphique, tableau n/N, définition, téléchargements).</p>
    ${searchForm(query, query.q ?? '')}
    <nav class="fr-mb-3w" aria-label="Chapitres"><ul class="fr-tags-group">
      <li><a class="fr-tag" href="/tableaux-de-bord/indicateurs${dashboardQueryString({ ...scope, q: query.q })}"${!query.chapitre ? html` aria-current="page"` : ''}>Tous les chapitres</a></li>
      ${REPORT_SECTIONS.map((s) => html`<li><a class="fr-tag" href="/tableaux-de-bord/indicateurs${dashboardQueryString({ ...scope, q: query.q, chapitre: s.id })}"${query.chapitre === s.id ? html` aria-current="page"` : ''}>${s.title}</a></li>`)}
    </ul></nav>
    <p role="status" id="resultats">${query.q ? html`${shown.length} indicateur${shown.length > 1 ? 's' : ''} pour « ${query.q} »` : html`${shown.length} indicateur${shown.length > 1 ? 's' : ''}`}${query.chapitre ? ` dans « ${sectionTitle(query.chapitre)} »` : ''}.</p>
    ${shown.length === 0
      ? html`<p>Aucun indicateur ne correspond. Essayez un autre mot (par exemple « pilotage », « logement », « coordonnateur »).</p>`
      : REPORT_SECTIONS.filter((s) => shown.some((e) => sectionOf(e) === s.id)).map(
          (s) => html`<section class="fr-mb-4w" aria-labelledby="chap-${s.id}">
            <h2 id="chap-${s.id}" class="fr-h4">${s.title}</h2>
            <ul class="bc-index">${shown
              .filter((e) => sectionOf(e) === s.id)
              .map((e) => {
                const item = items.get(e.id);
                const base = item?.base ? (item.base.min === item.base.max ? `N = ${formatNumber(item.base.min, 0)}` : `N de ${formatNumber(item.base.min, 0)} à ${formatNumber(item.base.max, 0)}`) : 'pas de réponse cette année';
                return html`<li><a href="${link(e.id)}">${e.label}</a> <span class="bc-index__meta">${e.populationLabel} · ${base}${item?.small ? html` ${smallBaseMark}` : ''}</span></li>`;
              })}</ul>
          </section>`,
        )}`;
}

const sectionOf = (e: IndicatorFamily | Indicator): string => ('members' in e ? (e.members[0]?.indicator.section ?? '') : e.section);

export interface IndicatorPageData {
  set: IndicatorSet;
  item: ReportItem | null;
  entry: IndicatorFamily | Indicator;
  svg: string;
  query: IndicatorQuery;
  years: Array<{ annee: number; bilans: number }>;
  scopeLabel: string;
  /** Neighbours in the catalogue (same chapter first). */
  previous?: IndicatorFamily | Indicator | undefined;
  next?: IndicatorFamily | Indicator | undefined;
  /** The year shown when not comparing years. */
  annee: number | null;
}

/** One indicator (or family): its chart, n/N table, definition and downloads; compare by period, région, département or year. */
export function indicatorPage(data: IndicatorPageData): SafeHtml {
  const { entry, item, query } = data;
  const family = 'members' in entry;
  const scope = { annee: query.split === 'annee' ? undefined : (data.annee ?? undefined), region: query.region, departement: query.departement };
  const qs = dashboardQueryString({ ...scope, split: query.split });
  const section = sectionOf(entry);
  const definition = item?.definition;
  const where = `${data.scopeLabel}${query.split === 'annee' ? ', toutes les campagnes' : data.annee !== null ? `, campagne ${data.annee}` : ''}`;
  const splitOptions = SPLIT_VARIABLES.map((s) => ({ value: s, label: s === 'annee' ? 'Année (évolution)' : SPLIT_LABELS[s] }));
  const nav = (e: IndicatorFamily | Indicator | undefined, rel: 'prev' | 'next') =>
    e ? html`<a class="fr-link fr-icon-arrow-${rel === 'prev' ? 'left' : 'right'}-line fr-link--icon-${rel === 'prev' ? 'left' : 'right'}" rel="${rel}" href="/tableaux-de-bord/indicateurs/${e.id}${dashboardQueryString(scope)}">${rel === 'prev' ? 'Précédent' : 'Suivant'} : ${e.label}</a>` : '';
  return html`<p class="fr-text--sm fr-mb-1w">${sectionTitle(section)}</p>
    <h1>${entry.label}</h1>
    <p class="fr-text--lead">${where}. Base : ${entry.populationLabel}.</p>
    ${family
      ? ''
      : html`<form method="get" action="/tableaux-de-bord/indicateurs/${entry.id}" class="bc-filters fr-mb-3w">
          ${query.split === 'annee' ? '' : filterSelect('i-annee', 'annee', 'Campagne', data.years.map((y) => ({ value: y.annee, label: String(y.annee) })), data.annee ?? undefined)}
          ${query.region ? html`<input type="hidden" name="region" value="${query.region}">` : ''}
          ${query.departement ? html`<input type="hidden" name="departement" value="${query.departement}">` : ''}
          ${filterSelect('i-split', 'split', 'Comparer selon', splitOptions, query.split, 'Pas de comparaison')}
          <button type="submit" class="fr-btn fr-btn--secondary">Afficher</button>
        </form>`}
    ${!item
      ? alert('info', family && query.split ? 'Comparaison indicateur par indicateur' : 'Pas de réponse dans cette sélection', html`<p>${family && query.split ? 'Ouvrez un des indicateurs de cette famille pour le comparer.' : 'Choisissez une autre campagne, ou un périmètre plus large.'}</p>`)
      : html`<section class="bc-item" aria-labelledby="graphique-titre">
          <h2 id="graphique-titre" class="fr-h4">${query.split ? `Selon : ${query.split === 'annee' ? 'l’année' : SPLIT_LABELS[query.split as SplitVariable].toLowerCase()}` : 'Résultat'}</h2>
          ${item.small ? html`<p class="fr-text--sm">${smallBaseNote}.</p>` : ''}
          ${data.svg ? chartFigure(data.svg, item.label) : ''}
          ${item.tables.map((t) => figuresTable(t))}
        </section>`}
    ${family
      ? html`<section class="fr-mt-4w" aria-labelledby="membres-titre"><h2 id="membres-titre" class="fr-h4">Les indicateurs de cette famille</h2>
          <ul class="bc-index">${(entry as IndicatorFamily).members.map((m) => html`<li><a href="/tableaux-de-bord/indicateurs/${m.indicator.id}${dashboardQueryString(scope)}">${m.label}</a></li>`)}</ul></section>`
      : ''}
    <section class="fr-mt-4w" aria-labelledby="definition-titre">
      <h2 id="definition-titre" class="fr-h4">Définition</h2>
      ${definition ? definitionList(definition) : html`<p>${entry.populationLabel}.</p>`}
      <p class="fr-text--sm">Les parts sont exactes (n/N), arrondies à l’affichage ; une base inférieure à ${SMALL_BASE} bilans est signalée par ${raw('*')}.</p>
    </section>
    <section class="fr-mt-4w bc-no-print" aria-labelledby="telechargements-titre">
      <h2 id="telechargements-titre" class="fr-h4">Télécharger</h2>
      <ul class="bc-downloads">
        <li><a class="fr-link fr-icon-download-line fr-link--icon-left" href="/tableaux-de-bord/donnees.csv${dashboardQueryString({ ...scope, split: query.split, indicateur: entry.id })}" download>Les chiffres de cet indicateur (CSV)</a></li>
        ${item ? html`<li><a class="fr-link fr-icon-download-line fr-link--icon-left" href="/tableaux-de-bord/graphiques/${entry.id}.svg${qs}" download>Le graphique (SVG)</a></li>` : ''}
        <li><a class="fr-link fr-icon-download-line fr-link--icon-left" href="/tableaux-de-bord/donnees.csv${dashboardQueryString({ ...scope, split: query.split })}" download>Tous les indicateurs (CSV)</a></li>
      </ul>
    </section>
    <nav class="bc-pager fr-mt-4w" aria-label="Indicateurs voisins">${nav(data.previous, 'prev')}${nav(data.next, 'next')}</nav>`;
}
