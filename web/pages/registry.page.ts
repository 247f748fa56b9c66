/** /admin/registre: the registry of CLSM (admin: national; ARS: its région), its form, and the CSV import with its preview. */
import type { AuthUser } from '../../server/domain/access.ts';
import { CLSM_STATUT_LABEL, CLSM_STATUTS, type ClsmStatut } from '../../server/domain/statuts.ts';
import type { Issue } from '../../server/errors.ts';
import type { Clsm } from '../../server/services/index.ts';
import type { RegistryPreview } from '../../server/services/clsm.service.ts';
import { otherDepartements } from '../../server/domain/registry.ts';
import { alert, csrfField, departementName, errorSummary, filterSelect, inputGroup, notice, pagination, regionName, selectGroup } from '../components.ts';
import { html, type SafeHtml } from '../html.ts';

const STATUT_BADGE: Record<ClsmStatut, string> = { en_projet: 'fr-badge--info', actif: 'fr-badge--success', en_sommeil: 'fr-badge--warning', dissous: '' };
export const clsmStatutBadge = (s: ClsmStatut) => html`<span class="fr-badge fr-badge--sm ${STATUT_BADGE[s]}">${CLSM_STATUT_LABEL[s]}</span>`;

/** CLSM per page of /admin/registre. */
export const REGISTRY_PAGE_SIZE = 50;

export function registryPage(d: {
  user: AuthUser;
  /** This page's CLSM. */
  clsm: Clsm[];
  /** CLSM the filters keep. */
  count: number;
  /** CLSM of the user's scope. */
  total: number;
  pageNumber: number;
  pageHref: (n: number) => string;
  regions: string[];
  departements: string[];
  filters: { region?: string | undefined; departement?: string | undefined; statut?: string | undefined; q?: string | undefined };
  flash: SafeHtml | null;
  exportHref: string;
}): SafeHtml {
  const { filters } = d;
  return html`<h1>Registre des CLSM</h1>
    <p>${d.user.role === 'ars' ? `Les CLSM de votre ${d.user.departement ? `département (${d.user.departement})` : `région (${regionName(d.user.region)})`}.` : 'Tous les CLSM, toutes régions.'} Les CLSM actifs sont attendus à chaque campagne.</p>
    ${d.flash ?? ''}
    <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
      <li><a class="fr-btn fr-icon-add-line" href="/admin/registre/nouveau">Ajouter un CLSM</a></li>
      <li><a class="fr-btn fr-btn--secondary fr-icon-upload-line" href="/admin/registre/import">Importer un fichier CSV</a></li>
      <li><a class="fr-btn fr-btn--tertiary fr-icon-download-line" href="${d.exportHref}">Exporter (CSV)</a></li>
    </ul>
    <form method="get" action="/admin/registre" class="bc-filters fr-mb-3w">
      ${d.user.role === 'admin' ? filterSelect('f-region', 'region', 'Région', d.regions.map((r) => ({ value: r, label: regionName(r) })), filters.region, 'Toutes') : ''}
      ${filterSelect('f-departement', 'departement', 'Département', d.departements.map((x) => ({ value: x, label: departementName(x) })), filters.departement, 'Tous')}
      ${filterSelect('f-statut', 'statut', 'Statut', CLSM_STATUTS.map((s) => ({ value: s, label: CLSM_STATUT_LABEL[s] })), filters.statut, 'Tous')}
      ${inputGroup({ id: 'f-q', name: 'q', label: 'Nom ou identifiant', value: filters.q })}
      <button type="submit" class="fr-btn fr-btn--secondary">Filtrer</button>
    </form>
    <div class="fr-table fr-table--no-caption bc-table-wrap"><table>
      <caption>CLSM du registre (${d.count} sur ${d.total})</caption>
      <thead><tr><th scope="col">CLSM</th><th scope="col">Identifiant</th><th scope="col">Région</th><th scope="col">Département</th><th scope="col">Création</th><th scope="col">Statut</th><th scope="col">Action</th></tr></thead>
      <tbody>${d.clsm.map(
        (c) => html`<tr data-clsm="${c.id}">
          <th scope="row">${c.nom}</th><td>${c.id}</td><td>${regionName(c.region)}</td><td>${departementName(c.departement)}${c.autres_departements ? `, ${otherDepartements(c.autres_departements).map(departementName).join(', ')}` : ''}</td>
          <td>${c.annee_creation ?? '—'}</td><td>${clsmStatutBadge(c.statut)}</td>
          <td><a class="fr-link fr-text--sm" href="/admin/registre/${encodeURIComponent(c.id)}">Modifier<span class="fr-sr-only"> ${c.nom}</span></a></td>
        </tr>`,
      )}</tbody>
    </table></div>
    ${pagination(d.pageNumber, Math.ceil(d.count / REGISTRY_PAGE_SIZE), d.pageHref, 'Pages du registre')}`;
}

export type ClsmFormValues = Record<'id' | 'nom' | 'region' | 'departement' | 'autres_departements' | 'communes' | 'annee_creation' | 'statut', string>;

export function clsmFormPage(d: { user: AuthUser; existing: Clsm | null; values: ClsmFormValues; regions: string[]; errors: Map<string, string>; csrfToken: string }): SafeHtml {
  const { values, errors, existing } = d;
  const action = existing ? `/admin/registre/${encodeURIComponent(existing.id)}` : '/admin/registre/nouveau';
  return html`<h1>${existing ? existing.nom : 'Ajouter un CLSM'}</h1>
    ${errors.size ? errorSummary('Le CLSM n’a pas été enregistré', [...errors].map(([field, message]) => ({ href: `#clsm-${field}`, message }))) : ''}
    <form method="post" action="${action}" novalidate class="bc-narrow">
      ${csrfField(d.csrfToken)}
      ${existing
        ? html`<p>Identifiant : <strong>${existing.id}</strong></p>`
        : d.user.role === 'admin'
          ? inputGroup({ id: 'clsm-id', name: 'id', label: 'Identifiant (facultatif)', hint: 'Lettres, chiffres, « - », « _ » ou « . » ; ne change plus ensuite (par exemple clsm-75-14). Laissé vide, la plateforme l’attribue.', value: values.id, error: errors.get('id') })
          : html`<p id="clsm-id">Identifiant : attribué par la plateforme à l’enregistrement.${errors.get('id') ? html` <span class="fr-error-text">${errors.get('id')}</span>` : ''}</p>`}
      ${inputGroup({ id: 'clsm-nom', name: 'nom', label: 'Nom', value: values.nom, error: errors.get('nom') })}
      ${selectGroup({ id: 'clsm-region', name: 'region', label: 'Région', options: d.regions.map((r) => ({ value: r, label: regionName(r) })), selected: [values.region], error: errors.get('region'), placeholder: d.regions.length > 1 ? '—' : undefined })}
      ${inputGroup({ id: 'clsm-departement', name: 'departement', label: 'Département principal', hint: 'Code, par exemple 93 ou 2A.', value: values.departement, error: errors.get('departement') })}
      ${inputGroup({ id: 'clsm-autres_departements', name: 'autres_departements', label: 'Autres départements couverts (facultatif)', hint: 'Séparés par des virgules.', value: values.autres_departements, error: errors.get('autres_departements') })}
      <div class="fr-input-group${errors.get('communes') ? ' fr-input-group--error' : ''}">
        <label class="fr-label" for="clsm-communes">Communes (facultatif)</label>
        <textarea class="fr-input" id="clsm-communes" name="communes" rows="3">${values.communes}</textarea>
      </div>
      ${inputGroup({ id: 'clsm-annee_creation', name: 'annee_creation', label: 'Année de création (facultatif)', value: values.annee_creation, error: errors.get('annee_creation'), extra: { inputmode: 'numeric' } })}
      ${selectGroup({ id: 'clsm-statut', name: 'statut', label: 'Statut', hint: 'Seuls les CLSM actifs sont attendus aux campagnes.', options: CLSM_STATUTS.map((s) => ({ value: s, label: CLSM_STATUT_LABEL[s] })), selected: [values.statut], error: errors.get('statut') })}
      <ul class="fr-btns-group fr-btns-group--inline-md">
        <li><button type="submit" class="fr-btn">Enregistrer</button></li>
        <li><a class="fr-btn fr-btn--secondary" href="/admin/registre">Annuler</a></li>
      </ul>
    </form>`;
}

export function importPage(d: { csrfToken: string; error?: string }): SafeHtml {
  return html`<h1>Importer le registre</h1>
    <p>Un fichier CSV (séparateur « ; » ou « , » ; « CSV UTF-8 » ou le « CSV » d’Excel), avec les colonnes <code>clsm_id;nom;region;departement;annee_creation;statut</code> et, au choix, <code>autres_departements</code> et <code>communes</code> — celles de l’export. Statuts : ${CLSM_STATUTS.join(', ')}. Pour ajouter un CLSM, laissez <code>clsm_id</code> vide : la plateforme attribue l’identifiant.</p>
    <p>Rien n’est écrit à cette étape : vous verrez ce que chaque ligne ferait, ou les erreurs ligne par ligne, avant de confirmer.</p>
    ${d.error ? alert('error', 'Fichier refusé', html`<p>${d.error}</p>`, 'alert') : ''}
    <form method="post" action="/admin/registre/import" enctype="multipart/form-data" class="bc-narrow">
      ${csrfField(d.csrfToken)}
      <div class="fr-upload-group fr-mb-3w">
        <label class="fr-label" for="fichier">Fichier CSV du registre<span class="fr-hint-text">Taille maximale : 20 Mo.</span></label>
        <input class="fr-upload" type="file" id="fichier" name="fichier" accept=".csv,text/csv">
      </div>
      <button type="submit" class="fr-btn">Voir l’aperçu</button>
    </form>`;
}

const ACTION_LABEL = { creation: 'Création', modification: 'Modification', inchange: 'Inchangé' } as const;

export function importPreviewPage(d: { preview: RegistryPreview; fileName: string; content: string; csrfToken: string }): SafeHtml {
  const { preview } = d;
  if (!preview.ok) {
    return html`<h1>Importer le registre : erreurs</h1>
      <div class="fr-alert fr-alert--error fr-mb-3w" role="alert"><h2 class="fr-alert__title">${preview.errors.length} erreur${preview.errors.length > 1 ? 's' : ''} dans ${d.fileName || 'le fichier'} : rien n’a été importé</h2><p>Corrigez le fichier puis déposez-le à nouveau.</p></div>
      ${issuesTable(preview.errors)}
      <p><a class="fr-btn fr-btn--secondary" href="/admin/registre/import">Déposer un autre fichier</a></p>`;
  }
  const shown = preview.rows.filter((r) => r.action !== 'inchange');
  return html`<h1>Importer le registre : aperçu</h1>
    <p id="apercu-effectifs"><strong>${preview.created}</strong> CLSM à créer · <strong>${preview.updated}</strong> à modifier · ${preview.unchanged} inchangés (${d.fileName || 'fichier'}).</p>
    ${preview.notes.map((n) => notice('info', n))}
    ${shown.length
      ? html`<div class="fr-table fr-table--no-caption bc-table-wrap"><table>
          <caption>Lignes qui changent le registre</caption>
          <thead><tr><th scope="col">Ligne</th><th scope="col">CLSM</th><th scope="col">Action</th><th scope="col">Champs modifiés</th><th scope="col">Statut</th></tr></thead>
          <tbody>${shown.map((r) => html`<tr><td>${r.ligne}</td><th scope="row">${r.clsm.nom} (${r.clsm.id || 'identifiant attribué à l’import'})</th><td>${ACTION_LABEL[r.action]}</td><td>${r.changes.join(', ') || '—'}</td><td>${clsmStatutBadge(r.clsm.statut)}</td></tr>`)}</tbody>
        </table></div>`
      : html`<p>Le fichier ne change rien au registre.</p>`}
    <form method="post" action="/admin/registre/import/confirmation" enctype="multipart/form-data" class="fr-mt-3w">
      ${csrfField(d.csrfToken)}
      <input type="hidden" name="fichier_nom" value="${d.fileName}">
      <textarea name="contenu" hidden>${d.content}</textarea>
      <ul class="fr-btns-group fr-btns-group--inline-md">
        <li><button type="submit" class="fr-btn"${shown.length ? '' : html` disabled`}>Confirmer l’import</button></li>
        <li><a class="fr-btn fr-btn--secondary" href="/admin/registre">Annuler</a></li>
      </ul>
    </form>`;
}

function issuesTable(issues: Issue[]): SafeHtml {
  return html`<div class="fr-table fr-table--no-caption bc-table-wrap"><table>
    <caption>Erreurs par ligne</caption>
    <thead><tr><th scope="col">Ligne</th><th scope="col">Erreur</th></tr></thead>
    <tbody>${issues.map((i) => html`<tr><td>${i.ligne ?? '—'}</td><td>${i.message}</td></tr>`)}</tbody>
  </table></div>`;
}
