/**
 * The ARS side: the campaign follow-up (/suivi, with its CSV export) and the
 * review of a submitted bilan (last year's answers beside the changed ones,
 * comments on items, return for correction or validation).
 */
import type { FastifyPluginAsync } from 'fastify';
import { stringify } from 'csv-stringify/sync';
import { FOLLOW_UP_STATUSES, type FollowUpStatus } from '../../server/db/database.ts';
import { canFollowUp } from '../../server/domain/access.ts';
import { AppError, forbidden } from '../../server/errors.ts';
import { getBilan, returnBilan, validateBilan } from '../../server/repositories/bilan.repository.ts';
import { currentCampaign, listCampaigns } from '../../server/repositories/campaign.repository.ts';
import { listClsm } from '../../server/repositories/clsm.repository.ts';
import { getQuestionnaire, labelFor, type Answers } from '../../survey-schema/index.ts';
import { alert, csrfField, errorSummary, formatDateTime, formatPct, STATUS_TEXT, statusBadge } from '../components.ts';
import { csrfToken, pageUser, sendPage } from '../context.ts';
import { countByStatus, followUp, type FollowUpRow } from '../followup.ts';
import { attrs, html } from '../html.ts';
import { answersList, bilanPath, bilanTitle } from '../pages/bilan.page.ts';
import { parseAnnee, toModel } from './bilan.routes.ts';

interface SuiviQuery {
  annee?: string;
  departement?: string;
  statut?: string;
}

const isStatus = (s: unknown): s is FollowUpStatus => typeof s === 'string' && (FOLLOW_UP_STATUSES as readonly string[]).includes(s);

function suiviTable(rows: FollowUpRow[], annee: number, caption: string, id: string) {
  return html`<div class="fr-table fr-table--no-caption bc-table-wrap" id="${id}"><table>
    <caption>${caption}</caption>
    <thead><tr><th scope="col">CLSM</th><th scope="col">Département</th><th scope="col">Statut</th><th scope="col">Complété</th><th scope="col">Dernière activité</th><th scope="col">Action</th></tr></thead>
    <tbody>${rows.map(
      (r) => html`<tr data-clsm="${r.clsm.id}">
        <th scope="row">${r.clsm.nom}</th>
        <td>${r.clsm.departement}</td>
        <td>${statusBadge(r.status)}</td>
        <td>${r.status === 'non_commence' ? '—' : formatPct(r.completeness)}</td>
        <td>${r.lastActivity ? formatDateTime(r.lastActivity) : 'Aucune'}</td>
        <td>${r.status === 'soumis'
          ? html`<a class="fr-link" href="/bilans/${encodeURIComponent(r.clsm.id)}/${annee}/relecture">Relire<span class="fr-sr-only"> le bilan de ${r.clsm.nom}</span></a>`
          : r.status === 'non_commence'
            ? ''
            : html`<a class="fr-link" href="/bilans/${encodeURIComponent(r.clsm.id)}/${annee}">Voir<span class="fr-sr-only"> le bilan de ${r.clsm.nom}</span></a>`}</td>
      </tr>`,
    )}</tbody>
  </table></div>`;
}

/** The answers that changed since last year, each a link to its place in the page. */
function changedSummary(m: ReturnType<typeof toModel>, previous: Answers) {
  const changed = m.questionnaire.sections.flatMap((s) =>
    s.questions.filter((q) => (m.answers[q.variable] !== undefined || previous[q.variable] !== undefined) && JSON.stringify(m.answers[q.variable] ?? null) !== JSON.stringify(previous[q.variable] ?? null)),
  );
  return html`<div class="fr-callout fr-mb-3w">
    <h2 class="fr-callout__title fr-h5">${changed.length} réponse${changed.length > 1 ? 's' : ''} modifiée${changed.length > 1 ? 's' : ''} depuis le bilan ${m.annee - 1}</h2>
    <p class="fr-callout__text fr-text--sm">Elles sont signalées « Modifié » ci-dessous, avec la réponse de l’an dernier.</p>
    ${changed.length ? html`<ul class="fr-text--sm">${changed.map((q) => html`<li><a href="#q-${q.variable}">${labelFor(q.shortLabel ?? q.label, m.annee)}</a></li>`)}</ul>` : ''}
  </div>`;
}

export const reviewRoutes: FastifyPluginAsync = async (app) => {
  async function suiviData(query: SuiviQuery, user: ReturnType<typeof pageUser>) {
    if (!canFollowUp(user)) throw forbidden('Le suivi de campagne est réservé aux ARS, au CCOMS et à l’administration.');
    const campaigns = await listCampaigns(app.db);
    const annee = query.annee ? parseAnnee(query.annee) : ((await currentCampaign(app.db))?.annee ?? campaigns[0]?.annee ?? new Date().getFullYear());
    const departement = query.departement || undefined;
    const status = isStatus(query.statut) ? query.statut : undefined;
    const rows = await followUp(app.db, user, annee, { departement, status });
    return { campaigns, annee, departement, status, rows };
  }

  app.get<{ Querystring: SuiviQuery }>('/suivi', async (request, reply) => {
    const user = pageUser(request);
    const { campaigns, annee, departement, status, rows } = await suiviData(request.query, user);
    const all = status || departement ? await followUp(app.db, user, annee) : rows;
    const departements = [...new Set((await listClsm(app.db, user)).map((c) => c.departement))].sort();
    const counts = countByStatus(all);
    const expected = all.length;
    const notStarted = rows.filter((r) => r.status === 'non_commence');
    const started = rows.filter((r) => r.status !== 'non_commence');
    const exportHref = `/suivi.csv?annee=${annee}${departement ? `&departement=${encodeURIComponent(departement)}` : ''}${status ? `&statut=${status}` : ''}`;
    return sendPage(request, reply, {
      title: `Suivi de la campagne ${annee}`,
      breadcrumb: [{ href: '/', label: 'Accueil' }, { label: 'Suivi de la campagne' }],
      body: html`<h1>Suivi de la campagne ${annee}</h1>
        <p>${expected} CLSM attendus · ${counts.soumis + counts.valide} envoyés (${formatPct(expected ? (100 * (counts.soumis + counts.valide)) / expected : 0)}) · ${counts.valide} validés</p>
        <form method="get" action="/suivi" class="bc-filters fr-mb-3w">
          <div class="fr-select-group"><label class="fr-label" for="f-annee">Année</label>
            <select class="fr-select" id="f-annee" name="annee">${campaigns.map((c) => html`<option value="${c.annee}"${attrs({ selected: c.annee === annee })}>${c.annee}</option>`)}</select></div>
          <div class="fr-select-group"><label class="fr-label" for="f-departement">Département</label>
            <select class="fr-select" id="f-departement" name="departement"><option value="">Tous</option>${departements.map((d) => html`<option value="${d}"${attrs({ selected: d === departement })}>${d}</option>`)}</select></div>
          <div class="fr-select-group"><label class="fr-label" for="f-statut">Statut</label>
            <select class="fr-select" id="f-statut" name="statut"><option value="">Tous</option>${FOLLOW_UP_STATUSES.map((s) => html`<option value="${s}"${attrs({ selected: s === status })}>${STATUS_TEXT[s]} (${counts[s]})</option>`)}</select></div>
          <button type="submit" class="fr-btn fr-btn--secondary">Filtrer</button>
          <a class="fr-btn fr-btn--tertiary fr-icon-download-line fr-btn--icon-left" href="${exportHref}">Exporter (CSV)</a>
        </form>
        <h2 class="fr-h4">Bilans commencés (${started.length})</h2>
        ${started.length ? suiviTable(started, annee, `Bilans ${annee} commencés`, 'suivi-commences') : html`<p>Aucun.</p>`}
        <h2 class="fr-h4">CLSM qui n’ont pas commencé (${notStarted.length})</h2>
        ${notStarted.length ? suiviTable(notStarted, annee, `CLSM sans bilan ${annee}`, 'suivi-non-commences') : html`<p>Aucun : tous les CLSM ont commencé.</p>`}`,
    });
  });

  app.get<{ Querystring: SuiviQuery }>('/suivi.csv', async (request, reply) => {
    const user = pageUser(request);
    const { annee, rows } = await suiviData(request.query, user);
    const csv = stringify(
      rows.map((r) => [r.clsm.id, r.clsm.nom, r.clsm.region, r.clsm.departement, annee, r.status, r.completeness, r.lastActivity ?? '', r.submittedAt ?? '']),
      { header: true, columns: ['clsm_id', 'nom', 'region', 'departement', 'annee', 'statut', 'completude_pct', 'derniere_activite', 'envoye_le'] },
    );
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="suivi-campagne-${annee}.csv"`).send('\uFEFF' + csv);
  });

  app.get<{ Params: { clsmId: string; annee: string } }>('/bilans/:clsmId/:annee/relecture', async (request, reply) => {
    const user = pageUser(request);
    const annee = parseAnnee(request.params.annee);
    const view = await getBilan(app.db, user, request.params.clsmId, annee);
    const m = toModel(view);
    let previous: Answers | undefined;
    try {
      const before = await getBilan(app.db, user, m.clsm.id, annee - 1);
      if (before.status !== 'non_commence') previous = before.answers;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
    }
    const canAct = view.permissions.return || view.permissions.validate;
    const token = csrfToken(reply);
    const commentForm = canAct
      ? (variable: string) =>
          html`<details class="bc-no-print"><summary>Commenter cette réponse</summary>
            <div class="fr-input-group"><label class="fr-label" for="com-${variable}">Commentaire pour le ou la coordonnateur·rice</label>
            <textarea class="fr-input" id="com-${variable}" name="commentaire__${variable}" form="form-renvoi" rows="2"></textarea></div></details>`
      : undefined;
    return sendPage(request, reply, {
      title: `Relecture — ${bilanTitle(m)}`,
      breadcrumb: [{ href: '/', label: 'Accueil' }, { href: `/suivi?annee=${annee}`, label: 'Suivi de la campagne' }, { label: `Relecture — ${m.clsm.nom}` }],
      body: html`<h1 class="fr-h2">Relecture — ${bilanTitle(m)}</h1>
        <div class="bc-status fr-mb-2w">${statusBadge(m.status)}<span>Envoyé le ${formatDateTime(m.submittedAt)}</span><span>Complété à ${formatPct(view.completeness)}</span></div>
        ${previous ? changedSummary(m, previous) : html`<p>Pas de bilan ${annee - 1} pour comparer.</p>`}
        ${m.comments.length
          ? alert('info', 'Commentaires déjà envoyés', html`<ul>${m.comments.map((c) => html`<li class="bc-comment">${c.variable ? `${c.variable} : ` : ''}${c.message} (${formatDateTime(c.createdAt)})</li>`)}</ul>`)
          : ''}
        ${answersList(m, { previous, commentForm })}
        ${canAct
          ? html`<section class="bc-card bc-no-print" aria-labelledby="decision">
              <h2 class="fr-h4" id="decision">Décision</h2>
              <form method="post" action="${bilanPath(m)}/renvoi" id="form-renvoi">
                ${csrfField(token)}
                <input type="hidden" name="version" value="${m.version}">
                <div class="fr-input-group"><label class="fr-label" for="commentaire-general">Commentaire sur l’ensemble du bilan<span class="fr-hint-text">Facultatif si vous avez commenté des réponses ci-dessus.</span></label>
                  <textarea class="fr-input" id="commentaire-general" name="commentaire_general" rows="3"></textarea></div>
                ${view.permissions.return ? html`<button type="submit" class="fr-btn fr-btn--secondary">Renvoyer pour correction</button>` : ''}
              </form>
              ${view.permissions.validate
                ? html`<form method="post" action="${bilanPath(m)}/validation" class="fr-mt-2w">
                    ${csrfField(token)}<input type="hidden" name="version" value="${m.version}">
                    <button type="submit" class="fr-btn fr-icon-check-line fr-btn--icon-left">Valider le bilan</button>
                  </form>`
                : ''}
            </section>`
          : ''}`,
    });
  });

  app.post<{ Params: { clsmId: string; annee: string }; Body: Record<string, string | undefined> }>('/bilans/:clsmId/:annee/renvoi', async (request, reply) => {
    const user = pageUser(request);
    const annee = parseAnnee(request.params.annee);
    const body = request.body ?? {};
    const comments: Array<{ variable: string | null; message: string }> = Object.entries(body)
      .filter(([k, v]) => k.startsWith('commentaire__') && typeof v === 'string' && v.trim())
      .map(([k, v]) => ({ variable: k.slice('commentaire__'.length), message: String(v) }));
    if (body.commentaire_general?.trim()) comments.push({ variable: null, message: body.commentaire_general });
    try {
      await returnBilan(app.db, user, request.params.clsmId, annee, { comments, version: Number(body.version) });
    } catch (error) {
      if (error instanceof AppError && error.code === 'invalide') {
        return sendPage(request, reply, {
          status: 400,
          title: 'Renvoi impossible',
          body: html`<h1>Renvoi impossible</h1>${errorSummary(error.message, (error.extra.issues ?? [{ message: error.message }]).map((i) => ({ href: `/bilans/${encodeURIComponent(request.params.clsmId)}/${annee}/relecture`, message: i.message })))}
            <p><a href="/bilans/${encodeURIComponent(request.params.clsmId)}/${annee}/relecture">Revenir à la relecture</a></p>`,
        });
      }
      throw error;
    }
    return reply.redirect(`/suivi?annee=${annee}&renvoye=${encodeURIComponent(request.params.clsmId)}`, 303);
  });

  app.post<{ Params: { clsmId: string; annee: string }; Body: Record<string, string | undefined> }>('/bilans/:clsmId/:annee/validation', async (request, reply) => {
    const user = pageUser(request);
    const annee = parseAnnee(request.params.annee);
    await validateBilan(app.db, user, request.params.clsmId, annee, { version: Number(request.body?.version) });
    return reply.redirect(`/suivi?annee=${annee}`, 303);
  });

  app.get('/glossaire', async (request, reply) => {
    pageUser(request);
    const q = getQuestionnaire();
    return sendPage(request, reply, {
      title: 'Glossaire',
      body: html`<h1>Glossaire</h1><dl>${q.glossary.map((g) => html`<dt class="fr-text--bold fr-mt-2w">${g.term}</dt><dd>${labelFor(g.definition)}</dd>`)}</dl>`,
    });
  });
};
