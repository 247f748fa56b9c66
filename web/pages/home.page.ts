/** The home page of each role. */
import type { Kysely } from 'kysely';
import type { Database } from '../../server/db/database.ts';
import type { AuthUser } from '../../server/domain/access.ts';
import { getBilan, listBilans } from '../../server/repositories/bilan.repository.ts';
import { currentCampaign, listCampaigns } from '../../server/repositories/campaign.repository.ts';
import { listClsm } from '../../server/repositories/clsm.repository.ts';
import { indexOf, getQuestionnaire, labelFor } from '../../survey-schema/index.ts';
import { alert, regionName, formatDateTime, formatPct, STATUS_TEXT, statusBadge } from '../components.ts';
import { countByStatus, followUp } from '../followup.ts';
import { html, type SafeHtml } from '../html.ts';

async function coordinatorHome(db: Kysely<Database>, user: AuthUser): Promise<SafeHtml> {
  const campaign = await currentCampaign(db);
  const clsms = await listClsm(db, user);
  if (clsms.length === 0) return alert('info', 'Aucun CLSM associé à votre compte', html`<p>Demandez à l’administration de la plateforme de vous rattacher à votre CLSM.</p>`);
  const blocks: SafeHtml[] = [];
  for (const clsm of clsms) {
    const past = (await listBilans(db, user, { clsmId: clsm.id })).filter((b) => b.annee !== campaign?.annee);
    let current: SafeHtml = html`<p>Aucune campagne n’est ouverte en ce moment.</p>`;
    if (campaign) {
      const bilan = await getBilan(db, user, clsm.id, campaign.annee);
      const href = `/bilans/${encodeURIComponent(clsm.id)}/${campaign.annee}`;
      const questionnaire = getQuestionnaire(bilan.questionnaire_version);
      const index = indexOf(questionnaire);
      current = html`<div class="bc-card">
        <h3 class="fr-h5">Bilan ${campaign.annee} ${statusBadge(bilan.status)}</h3>
        <p>Complété à ${formatPct(bilan.completeness)}${bilan.updated_at ? html` · dernier enregistrement le ${formatDateTime(bilan.updated_at)}` : ''}</p>
        ${bilan.carried_forward && bilan.status === 'non_commence'
          ? html`<p>Les réponses de votre bilan ${bilan.carried_forward.from_annee} sont reprises : vérifiez-les section par section.</p>`
          : ''}
        ${bilan.comments.length
          ? html`<div class="fr-mb-2w"><h4 class="fr-h6">Commentaires de l’ARS</h4><ul>${bilan.comments.map((c) => {
              const entry = c.variable ? index.questions.get(c.variable) : undefined;
              return html`<li class="bc-comment">${entry ? html`<a href="${href}?section=${entry.section.id}#q-${entry.question.variable}">${labelFor(entry.question.shortLabel ?? entry.question.label, campaign.annee)}</a> : ` : ''}${c.message}</li>`;
            })}</ul></div>`
          : ''}
        <a class="fr-btn" href="${href}">${bilan.permissions.save ? (bilan.status === 'non_commence' ? `Commencer le bilan ${campaign.annee}` : `Reprendre le bilan ${campaign.annee}`) : `Voir le bilan ${campaign.annee}`}</a>
      </div>`;
    }
    blocks.push(html`<section class="fr-mb-5w" aria-labelledby="clsm-${clsm.id}">
      <h2 id="clsm-${clsm.id}">${clsm.nom}</h2>
      <p>${regionName(clsm.region)} · département ${clsm.departement}${clsm.annee_creation ? ` · créé en ${clsm.annee_creation}` : ''}</p>
      ${current}
      <h3 class="fr-h6">Bilans des années précédentes</h3>
      ${past.length
        ? html`<ul>${past.map(
            (b) => html`<li><a href="/bilans/${encodeURIComponent(b.clsm_id)}/${b.annee}">Bilan ${b.annee}</a> — ${STATUS_TEXT[b.status]} · <a href="/bilans/${encodeURIComponent(b.clsm_id)}/${b.annee}/fiche">fiche ${b.annee}</a></li>`,
          )}</ul>`
        : html`<p>Aucun bilan antérieur enregistré.</p>`}
    </section>`);
  }
  return html`<h1>Mon CLSM</h1>${blocks}`;
}

async function arsHome(db: Kysely<Database>, user: AuthUser): Promise<SafeHtml> {
  const campaign = (await currentCampaign(db)) ?? (await listCampaigns(db))[0];
  const scope = user.role === 'ars' ? `${regionName(user.region)}${user.departement ? `, département ${user.departement}` : ''}` : 'Toutes les régions';
  if (!campaign) return html`<h1>Accueil</h1><p>${scope}</p><p>Aucune campagne n’existe encore.</p>`;
  const rows = await followUp(db, user, campaign.annee);
  const counts = countByStatus(rows);
  return html`<h1>Campagne ${campaign.annee}</h1>
    <p>${scope} · campagne ${campaign.statut === 'ouverte' ? 'ouverte' : 'fermée'}</p>
    <div class="fr-grid-row fr-grid-row--gutters fr-mb-3w">
      ${(['non_commence', 'brouillon', 'soumis', 'renvoye', 'valide'] as const).map(
        (s) => html`<div class="fr-col-6 fr-col-md-2"><div class="bc-card"><p class="bc-figure">${counts[s]}</p><p>${STATUS_TEXT[s]}</p></div></div>`,
      )}
    </div>
    <ul class="fr-btns-group fr-btns-group--inline-md">
      <li><a class="fr-btn" href="/suivi?annee=${campaign.annee}">Suivre la campagne</a></li>
      <li><a class="fr-btn fr-btn--secondary" href="/suivi?annee=${campaign.annee}&amp;statut=soumis">Bilans à relire (${counts.soumis})</a></li>
      <li><a class="fr-btn fr-btn--secondary" href="/tableaux-de-bord">Tableaux de bord</a></li>
    </ul>`;
}

function ccomsHome(): SafeHtml {
  return html`<h1>Accueil CCOMS</h1>
    <p>Les indicateurs nationaux ne portent que sur les bilans envoyés des CLSM qui ont accepté le partage avec le CCOMS.</p>
    <ul class="fr-btns-group fr-btns-group--inline-md">
      <li><a class="fr-btn" href="/tableaux-de-bord">Tableaux de bord</a></li>
      <li><a class="fr-btn fr-btn--secondary" href="/etat-des-lieux">État des lieux national</a></li>
    </ul>`;
}

export async function homePage(db: Kysely<Database>, user: AuthUser): Promise<SafeHtml> {
  switch (user.role) {
    case 'coordinateur':
      return coordinatorHome(db, user);
    case 'ars':
    case 'admin':
      return arsHome(db, user);
    case 'ccoms':
      return ccomsHome();
  }
}
