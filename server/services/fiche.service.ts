/**
 * The yearly fiche of a bilan (server/domain/fiche.ts) and its publication by
 * a public link. The one implementation behind the pages, the JSON API and
 * the CLI.
 *
 * - Reading the fiche: whoever may read the bilan.
 * - Publishing, withdrawing: the CLSM's coordinator and the admin
 *   (domain/access.ts `canPublishFiche`), once the bilan is sent (soumis or
 *   validé); each is audited on the bilan.
 * - The link: `/f/<token>`, 128 random bits in base64url, one live link per
 *   bilan; publishing again after a withdrawal makes a new link, the old one
 *   stays dead.
 * - The public read gives the fiche and nothing else of the bilan. A bilan
 *   sent back for correction or reopened is not shown meanwhile (its answers
 *   may change); the link works again once it is sent again.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { getQuestionnaire } from '../../survey-schema/index.ts';
import type { Database } from '../db/database.ts';
import { canPublishFiche, canReadBilan, canSeeClsm, type AuthUser } from '../domain/access.ts';
import { ficheOf, type FicheData } from '../domain/fiche.ts';
import type { BilanStatut, SuiviStatut } from '../domain/statuts.ts';
import { AppError, forbidden, notFound } from '../errors.ts';
import { msg } from '../messages.ts';
import { recordAudit } from '../repositories/audit.repository.ts';
import { readAnswers } from '../repositories/bilan-answers.repository.ts';
import { findBilanContext } from '../repositories/bilan.repository.ts';
import { findByToken, findLivePublication, insertPublication, listLivePublications, revokePublication, type PublicationRow } from '../repositories/fiche.repository.ts';
import type { BilanService } from './bilan.service.ts';
import type { ServiceDeps } from './deps.ts';

/** The statuts of a sent bilan: the only ones a fiche is published (and shown publicly) in. */
export const FICHE_PUBLIABLE: readonly BilanStatut[] = ['soumis', 'valide'];

/** The path of a public fiche. */
export const fichePublicPath = (token: string) => `/f/${token}`;

/** A link's identifier: 128 random bits, base64url (22 characters). */
const newToken = () => randomBytes(16).toString('base64url');
/** What a token looks like: anything else is answered 404 without a query. */
export const FICHE_TOKEN = /^[A-Za-z0-9_-]{22}$/;

export interface FichePublication {
  token: string;
  /** The full address (PUBLIC_URL + path), as printed on the fiche. */
  url: string;
  path: string;
  created_at: string;
  created_by: string | null;
}

export interface FicheView {
  clsm_id: string;
  annee: number;
  statut: SuiviStatut;
  fiche: FicheData;
  /** The live link, or null. */
  publication: FichePublication | null;
  /** A live link of a bilan back in correction answers 404 until it is sent again. */
  publication_suspendue: boolean;
  permissions: { publish: boolean; revoke: boolean };
  /** Why the user may not publish now, when it may publish at all (bilan not sent yet). */
  publish_refusal: string | null;
}

export interface ClsmPublication extends FichePublication {
  clsm_id: string;
  clsm_nom: string;
  annee: number;
  suspendue: boolean;
}

export function ficheService({ db, config }: ServiceDeps, bilans: BilanService) {
  const publicationOf = (row: PublicationRow): FichePublication => ({
    token: row.token,
    url: `${config.mail.publicUrl}${fichePublicPath(row.token)}`,
    path: fichePublicPath(row.token),
    created_at: row.created_at,
    created_by: row.created_by_email,
  });

  /** The bilan the user publishes or withdraws: 404 when it may not read it, 403 when it may read but not publish. */
  async function publishable(trx: Kysely<Database>, user: AuthUser, clsmId: string, annee: number) {
    const { clsm, bilan } = await findBilanContext(trx, clsmId, annee);
    if (!clsm || !canReadBilan(user, clsm, bilan ?? null)) throw notFound(msg.bilanIntrouvable(clsmId, annee));
    if (!canPublishFiche(user, clsm)) throw forbidden(user.role === 'ccoms' ? msg.lectureSeule : msg.ficheReserveeCoordination);
    return { clsm, bilan };
  }

  return {
    /** The fiche of a bilan (whoever may read the bilan), with its link and what the user may do. */
    async get(user: AuthUser, clsmId: string, annee: number): Promise<FicheView> {
      const view = await bilans.get(user, clsmId, annee);
      const { bilan } = await findBilanContext(db, clsmId, annee);
      const live = bilan ? await findLivePublication(db, bilan.id) : undefined;
      const sent = FICHE_PUBLIABLE.includes(view.statut as BilanStatut);
      const may = canPublishFiche(user, view.clsm);
      return {
        clsm_id: view.clsm.id,
        annee,
        statut: view.statut,
        fiche: ficheOf(getQuestionnaire(view.questionnaire_version), view.answers, view),
        publication: live ? publicationOf(live) : null,
        publication_suspendue: live !== undefined && !sent,
        permissions: { publish: may && sent && !live, revoke: may && live !== undefined },
        publish_refusal: may && !sent && !live ? msg.ficheNonEnvoyee(annee) : null,
      };
    },

    /** Publishes the fiche by a new public link (coordinator of the CLSM, admin; bilan sent). */
    async publish(user: AuthUser, clsmId: string, annee: number): Promise<FichePublication> {
      return db.transaction().execute(async (trx) => {
        const { bilan } = await publishable(trx, user, clsmId, annee);
        if (!bilan || !FICHE_PUBLIABLE.includes(bilan.statut)) throw new AppError('etat_incompatible', msg.ficheNonEnvoyee(annee));
        if (await findLivePublication(trx, bilan.id)) throw new AppError('conflit', msg.ficheDejaPubliee(annee));
        const now = new Date().toISOString();
        const token = newToken();
        const id = await insertPublication(trx, { bilan_id: bilan.id, token, created_at: now, created_by: user.id || null });
        // The audit names the link by its row, not its token: the trail is read by more people than the link is meant for.
        await recordAudit(trx, [{ userId: user.id, entity: 'bilan', entityId: String(bilan.id), action: 'fiche_publication', new: { publication: id } }], now);
        return publicationOf({ id, bilan_id: bilan.id, token, created_at: now, created_by_email: user.id ? user.email : null });
      });
    },

    /** Withdraws the live link: it answers 404 from now on (coordinator of the CLSM, admin). */
    async revoke(user: AuthUser, clsmId: string, annee: number): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const { bilan } = await publishable(trx, user, clsmId, annee);
        const live = bilan ? await findLivePublication(trx, bilan.id) : undefined;
        if (!bilan || !live || !(await revokePublication(trx, live.id, new Date().toISOString(), user.id || null))) throw new AppError('etat_incompatible', msg.ficheNonPubliee(annee));
        await recordAudit(trx, [{ userId: user.id, entity: 'bilan', entityId: String(bilan.id), action: 'fiche_retrait', old: { publication: live.id } }]);
      });
    },

    /** The live links of the CLSM the user sees (one CLSM when given; every CLSM for the admin and the CCOMS). */
    async list(user: AuthUser, clsmId?: string): Promise<ClsmPublication[]> {
      const rows = await listLivePublications(db, clsmId !== undefined ? [clsmId] : user.role === 'coordinateur' ? user.clsmIds : null);
      return rows
        .filter((r) => canSeeClsm(user, { id: r.clsm_id, region: r.region, departement: r.departement }))
        .map((r) => ({ ...publicationOf(r), clsm_id: r.clsm_id, clsm_nom: r.clsm_nom, annee: r.annee, suspendue: !FICHE_PUBLIABLE.includes(r.statut) }));
    },

    /** The fiche behind a public link, signed out: the fiche and nothing else; 404 when unknown, withdrawn, or the bilan is back in correction. */
    async publicFiche(token: string): Promise<{ fiche: FicheData; publication: Pick<FichePublication, 'url' | 'path'> }> {
      const row = FICHE_TOKEN.test(token) ? await findByToken(db, token) : undefined;
      if (!row || !FICHE_PUBLIABLE.includes(row.statut)) throw notFound(msg.ficheLienInconnu);
      const answers = await readAnswers(db, row.bilan_id);
      const clsm = { id: row.clsm_id, nom: row.nom, region: row.region, departement: row.departement };
      return {
        fiche: ficheOf(getQuestionnaire(row.questionnaire_version), answers, { clsm, annee: row.annee }),
        publication: { url: `${config.mail.publicUrl}${fichePublicPath(token)}`, path: fichePublicPath(token) },
      };
    },
  };
}

export type FicheService = ReturnType<typeof ficheService>;
