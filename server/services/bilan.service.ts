/**
 * Bilans: reading (with last year's answers carried forward), draft saves
 * with optimistic concurrency, submission and review. The one implementation
 * behind the JSON API, the web form and the CLI: each function takes the
 * signed-in user and checks what they may do (domain/access.ts,
 * domain/workflow.ts), validates, writes and logs.
 *
 * Draft saves MERGE: the given answers replace those of the same variables,
 * `null` (or an empty string) clears one, the others are kept. A stale
 * `version` throws a ConflictError (409) carrying the stored bilan.
 */
import type { Kysely } from 'kysely';
import {
  carryForward,
  completeness,
  consistencyIssues,
  getQuestionnaire,
  indexOf,
  validateDraft,
  validateSubmission,
  type AnswerIssue,
  type Answers,
  type Questionnaire,
} from '../../survey-schema/index.ts';
import type { BilanRow, Database } from '../db/database.ts';
import type { BilanStatut, SuiviStatut } from '../domain/statuts.ts';
import { bilanScope, canEditAnswers, canReadBilan, canReview, type AuthUser } from '../domain/access.ts';
import { STATUT_LABEL } from '../domain/statuts.ts';
import { ACTION_LABEL, bilanContext, canTransition, deadlineOf, editingRefusal, statutAfter, todayInFrance, type BilanAction, type EditingWindow } from '../domain/workflow.ts';
import { AppError, ConflictError, answerIssues, forbidden, invalid, notFound } from '../errors.ts';
import { msg } from '../messages.ts';
import { pageAudit, recordAudit, type AuditEntry, type AuditView } from '../repositories/audit.repository.ts';
import { readAnswers, replaceAnswers, sectionOf, splitBySection, writeSection } from '../repositories/bilan-answers.repository.ts';
import {
  findBilanContext,
  findPreviousBilan,
  insertBilan,
  listBilanSummaries,
  pageBilanSummaries,
  updateBilanAtVersion,
  type BilanFilters,
  type BilanSummary,
} from '../repositories/bilan.repository.ts';
import type { Campagne } from '../repositories/campagne.repository.ts';
import type { Page, PageRequest } from '../repositories/pagination.ts';
import type { Clsm } from '../repositories/clsm.repository.ts';
import { addComments, listComments, type CommentView } from '../repositories/comment.repository.ts';
import { refreshDerived } from './derived-data.ts';
import type { ServiceDeps } from './deps.ts';
import { notifyBilanEvent, type BilanEvent } from './notification.service.ts';

/**
 * What a bilan holds of last year's (stored as JSON in `bilans.carried_forward`).
 * Which answers are carried is the questionnaire's carry-forward policy
 * (survey-schema `carryForward`): stable facts are carried, yearly counts,
 * amounts and the consent never, some figures and compositions carried
 * "à confirmer".
 */
export interface CarriedForward {
  /** The year the answers come from. */
  from_annee: number;
  /** Sections still holding last year's answers, unchanged and not confirmed. */
  sections: string[];
  /**
   * Variables carried "à confirmer" and not touched since: a save that
   * changes one or names it (`confirm_variables`), or "rien n'a changé" on
   * its section, takes it off; the submission refuses those left.
   */
  a_confirmer: string[];
}

export interface SectionState {
  id: string;
  number: number;
  title: string;
  required: number;
  answered: number;
  carried_forward: boolean;
}

export interface BilanView {
  clsm: Clsm;
  annee: number;
  campagne: Campagne;
  questionnaire_version: string;
  statut: SuiviStatut;
  /** 0 while nothing is stored; send it back with the next save. */
  version: number;
  answers: Answers;
  carried_forward: CarriedForward | null;
  completeness: number;
  sections: SectionState[];
  /**
   * What the submission would refuse now:
   * answers missing (`obligatoire`), consistency rules broken (`coherence`),
   * answers carried "à confirmer" not confirmed yet (`a_confirmer`).
   */
  submission_issues: AnswerIssue[];
  comments: CommentView[];
  created_at: string | null;
  updated_at: string | null;
  submitted_at: string | null;
  reviewed_at: string | null;
  /** What the signed-in user may do now. */
  permissions: Record<BilanAction, boolean>;
  /** The campagne's dates for this CLSM, and why the answers may not change now (null when they may, or when the user never could). */
  delai: { date_limite: string | null; prolongation: string | null; refus: string | null };
}

export interface DraftInput {
  answers: Record<string, unknown>;
  /** The `version` read with the bilan (0 when none was stored). */
  version: number;
  /** Sections confirmed "rien n'a changé": no longer flagged as carried forward, their answers "à confirmer" confirmed. */
  confirm_sections?: string[] | undefined;
  /**
   * Answers "à confirmer" the user confirms as they are. Absent: every
   * variable of `answers` (a save touching an answer confirms it). The web
   * form's autosave, which posts the whole section in the background, gives
   * `[]`: only the answers it changes are confirmed.
   */
  confirm_variables?: string[] | undefined;
}

/**
 * What a draft is read with: the bilan's questionnaire (its own version, or
 * the campagne's for a bilan not started) and what it reads besides the
 * answers (year, the CLSM's région and département). The web form's autosave
 * reads its posted fields with them, within the save (one load of the bilan).
 */
export interface DraftForm {
  questionnaire: Questionnaire;
  context: ReturnType<typeof bilanContext>;
}

export interface SaveResult {
  version: number;
  statut: BilanStatut;
  updated_at: string;
  /** Variables whose stored answer changed. */
  changed: string[];
  carried_forward: CarriedForward | null;
  completeness: number;
  sections: SectionState[];
  /** Consistency rules the saved answers break: they do not block a draft, they will block the submission. */
  warnings: AnswerIssue[];
}

export interface ReviewComment {
  /** A question variable, or null for the whole bilan. */
  variable: string | null;
  message: string;
}

interface Context {
  clsm: Clsm;
  campagne: Campagne;
  row: BilanRow | undefined;
  statut: SuiviStatut;
  questionnaire: Questionnaire;
  /** The CLSM's later closing date, if granted. */
  prolongation: string | null;
}

const windowOf = (ctx: Context): EditingWindow => ({ campagne: ctx.campagne, prolongation: ctx.prolongation, statut: ctx.statut, submittedAt: ctx.row?.submitted_at ?? null });
/** Why this user may not change the answers now because of the campagne (its statut, its dates), or null. */
const datesRefusal = (user: AuthUser, ctx: Context) => editingRefusal(windowOf(ctx), user.role, todayInFrance());

/** The stored JSON; rows written before "à confirmer" existed have no list. */
function parseCarried(json: string | null): CarriedForward | null {
  if (!json) return null;
  const stored = JSON.parse(json) as Partial<CarriedForward> & { from_annee: number };
  return { from_annee: stored.from_annee, sections: stored.sections ?? [], a_confirmer: stored.a_confirmer ?? [] };
}
/** What the questionnaire reads besides the answers: the year, the CLSM's région and département. */
const contextOf = (ctx: Context) => bilanContext(ctx.clsm, ctx.campagne.annee);
const isCleared = (v: unknown) => v === null || (typeof v === 'string' && v.trim() === '');

/** The CLSM, campagne and stored bilan; 404 for anything the user may not read. */
async function loadContext(db: Kysely<Database>, user: AuthUser, clsmId: string, annee: number): Promise<Context> {
  const { clsm, campagne, bilan, prolongation } = await findBilanContext(db, clsmId, annee);
  if (!clsm || !canReadBilan(user, clsm, bilan ?? null)) throw notFound(msg.bilanIntrouvable(clsmId, annee));
  if (!campagne) throw notFound(msg.campagneIntrouvable(annee));
  const questionnaire = getQuestionnaire(bilan?.questionnaire_version ?? campagne.questionnaire_version);
  return { clsm, campagne, row: bilan, statut: bilan?.statut ?? 'non_commence', questionnaire, prolongation };
}

/**
 * Last year's answers, for a bilan not started yet: the most recent earlier
 * bilan of the CLSM, carried into this year's questionnaire by its
 * carry-forward policy (through the version mappings when last year's
 * version differs), flagged per section, with the answers "à confirmer".
 */
async function prefillFor(db: Kysely<Database>, ctx: Context): Promise<{ answers: Answers; carried: CarriedForward | null }> {
  const previous = await findPreviousBilan(db, ctx.clsm.id, ctx.campagne.annee);
  if (!previous) return { answers: {}, carried: null };
  const from = getQuestionnaire(previous.questionnaire_version);
  const carried = carryForward(from, await readAnswers(db, previous.id), ctx.questionnaire, undefined, contextOf(ctx));
  if (carried.sections.length === 0) return { answers: {}, carried: null };
  return { answers: carried.answers, carried: { from_annee: previous.annee, sections: carried.sections, a_confirmer: carried.aConfirmer } };
}

function permissionsOf(user: AuthUser, ctx: Context): Record<BilanAction, boolean> {
  const edit = canEditAnswers(user, ctx.clsm) && datesRefusal(user, ctx) === null;
  const review = canReview(user, ctx.clsm);
  return {
    save: edit && canTransition('save', ctx.statut),
    submit: edit && canTransition('submit', ctx.statut),
    return: review && canTransition('return', ctx.statut),
    validate: review && canTransition('validate', ctx.statut),
    reopen: review && canTransition('reopen', ctx.statut),
  };
}

const withoutRow = <T extends { row: unknown }>({ row: _row, ...rest }: T): Omit<T, 'row'> => rest;

/** Progress per section, with the flat row it read (the consistency rules read the same row: an autosave computes it once). */
function sectionStates(ctx: Context, answers: Answers, carried: CarriedForward | null) {
  const c = completeness(ctx.questionnaire, answers, contextOf(ctx));
  const sections = c.sections.map((s) => ({ ...s, carried_forward: carried?.sections.includes(s.id) ?? false }));
  return { completeness: c.pct, sections, row: c.row };
}

/** Refuses an action the user, the campagne or the statut does not allow. */
function refuse(user: AuthUser, ctx: Context, action: BilanAction): void {
  const allowed = action === 'save' || action === 'submit' ? canEditAnswers(user, ctx.clsm) : canReview(user, ctx.clsm);
  if (!allowed) throw forbidden(user.role === 'ccoms' ? msg.lectureSeule : msg.interdit);
  const refusal = action === 'save' || action === 'submit' ? datesRefusal(user, ctx) : null;
  if (refusal) throw new AppError('etat_incompatible', refusal);
  if (!canTransition(action, ctx.statut)) {
    throw new AppError('etat_incompatible', action === 'save' ? msg.nonModifiable(STATUT_LABEL[ctx.statut].phrase) : msg.transition(ACTION_LABEL[action], STATUT_LABEL[ctx.statut].phrase));
  }
}

export function bilanService({ db, config, mailSignal }: ServiceDeps) {
  async function viewOf(user: AuthUser, ctx: Context): Promise<BilanView> {
    const { row } = ctx;
    const { answers, carried } = row
      ? { answers: await readAnswers(db, row.id), carried: parseCarried(row.carried_forward) }
      : canEditAnswers(user, ctx.clsm)
        ? await prefillFor(db, ctx)
        : { answers: {}, carried: null };
    return {
      clsm: ctx.clsm,
      annee: ctx.campagne.annee,
      campagne: ctx.campagne,
      questionnaire_version: ctx.questionnaire.version,
      statut: ctx.statut,
      version: row?.version ?? 0,
      answers,
      carried_forward: carried,
      ...withoutRow(sectionStates(ctx, answers, carried)),
      submission_issues: validateSubmission(ctx.questionnaire, answers, { ...contextOf(ctx), pendingConfirmation: carried?.a_confirmer ?? [] }).issues,
      comments: row ? await listComments(db, row.id) : [],
      created_at: row?.created_at ?? null,
      updated_at: row?.updated_at ?? null,
      submitted_at: row?.submitted_at ?? null,
      reviewed_at: row?.reviewed_at ?? null,
      permissions: permissionsOf(user, ctx),
      delai: {
        date_limite: deadlineOf(windowOf(ctx)),
        prolongation: ctx.prolongation,
        refus: canEditAnswers(user, ctx.clsm) && canTransition('save', ctx.statut) ? datesRefusal(user, ctx) : null,
      },
    };
  }

  /** The bilan of a CLSM for a year; when none is stored yet, prefilled from the previous year. */
  async function get(user: AuthUser, clsmId: string, annee: number): Promise<BilanView> {
    return viewOf(user, await loadContext(db, user, clsmId, annee));
  }

  /** Runs a write; a stale version comes out as a ConflictError carrying the stored bilan as the user may see it. */
  async function withConflict<T>(user: AuthUser, clsmId: string, annee: number, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (error instanceof ConflictError && error.extra.current === undefined) throw new ConflictError(error.message, await get(user, clsmId, annee));
      throw error;
    }
  }

  /**
   * Saves a draft (partial validation, merge); returns the new version and
   * the progress per section. `draft`: the answers, or how to read them once
   * the bilan's questionnaire is known (the web form's posted section).
   */
  function saveDraft(user: AuthUser, clsmId: string, annee: number, draft: DraftInput | ((form: DraftForm) => DraftInput)): Promise<SaveResult> {
    return withConflict(user, clsmId, annee, () =>
      db.transaction().execute(async (trx) => {
        const ctx = await loadContext(trx, user, clsmId, annee);
        const input = typeof draft === 'function' ? draft({ questionnaire: ctx.questionnaire, context: contextOf(ctx) }) : draft;
        refuse(user, ctx, 'save');
        if ((ctx.row?.version ?? 0) !== input.version) throw new ConflictError(msg.conflit);
        const checked = validateDraft(ctx.questionnaire, input.answers, contextOf(ctx));
        const unknownSections = (input.confirm_sections ?? []).filter((id) => !ctx.questionnaire.sections.some((s) => s.id === id));
        const issues = [...answerIssues(checked.issues), ...unknownSections.map((id) => ({ message: `Section inconnue : ${id}`, variable: 'confirm_sections' }))];
        if (issues.length) throw invalid(msg.brouillonInvalide(issues.length), issues);

        // The stored answers (last year's for a bilan not stored yet), merged with the given ones.
        const prefill = ctx.row ? null : await prefillFor(trx, ctx);
        const before = ctx.row ? await readAnswers(trx, ctx.row.id) : prefill!.answers;
        const after: Answers = { ...before };
        const changed: string[] = [];
        for (const v of Object.keys(input.answers)) {
          if (isCleared(input.answers[v])) delete after[v];
          else after[v] = checked.answers[v]!;
          if (JSON.stringify(after[v]) !== JSON.stringify(before[v])) changed.push(v);
        }
        // Sections edited or confirmed are no longer flagged as carried forward; answers touched or confirmed are no longer "à confirmer".
        const carriedBefore = ctx.row ? parseCarried(ctx.row.carried_forward) : prefill!.carried;
        const changedSections = new Set(changed.map((v) => sectionOf(ctx.questionnaire, v)));
        const confirmedSections = new Set(input.confirm_sections ?? []);
        const touched = new Set([...changedSections, ...confirmedSections]);
        const confirmed = new Set([...changed, ...(input.confirm_variables ?? Object.keys(input.answers))]);
        const carried = carriedBefore
          ? {
              ...carriedBefore,
              sections: carriedBefore.sections.filter((s) => !touched.has(s)),
              a_confirmer: carriedBefore.a_confirmer.filter((v) => !confirmed.has(v) && !confirmedSections.has(sectionOf(ctx.questionnaire, v))),
            }
          : null;
        const { row: flatRow, ...progress } = sectionStates(ctx, after, carried);

        const now = new Date().toISOString();
        const statut = statutAfter('save', ctx.statut);
        const version = input.version + 1;
        const consent = after.consentement_ccoms;
        const values = {
          version,
          statut,
          completude: progress.completeness,
          carried_forward: carried ? JSON.stringify(carried) : null,
          consentement_ccoms: typeof consent === 'string' ? consent : null,
          updated_at: now,
        };
        // The bilan row first: its version check is the lock; a stale save writes nothing.
        let bilanId: number;
        const sections = splitBySection(ctx.questionnaire, after);
        if (ctx.row) {
          if (!(await updateBilanAtVersion(trx, ctx.row.id, input.version, values))) throw new ConflictError(msg.conflit);
          bilanId = ctx.row.id;
          for (const section of changedSections) await writeSection(trx, bilanId, section, sections.get(section) ?? {});
        } else {
          const inserted = await insertBilan(trx, { clsm_id: clsmId, annee, questionnaire_version: ctx.questionnaire.version, ...values, created_at: now, submitted_at: null, submitted_by: null, reviewed_at: null, reviewed_by: null });
          if (inserted === undefined) throw new ConflictError(msg.conflit);
          bilanId = inserted;
          for (const [section, answers] of sections) await writeSection(trx, bilanId, section, answers);
        }
        // A brand-new bilan stores the carried-forward answers too: log them as such.
        const entry = (action: string, variable: string, old: unknown, value: unknown): AuditEntry => ({ userId: user.id, entity: 'bilan', entityId: String(bilanId), action, variable, old, new: value });
        const entries: AuditEntry[] = [
          ...changed.map((v) => entry('reponse', v, before[v] ?? null, after[v] ?? null)),
          ...(prefill ? Object.keys(prefill.answers).filter((v) => !changed.includes(v)).map((v) => entry('reprise', v, null, prefill.answers[v])) : []),
        ];
        if (statut !== ctx.statut) entries.push({ userId: user.id, entity: 'bilan', entityId: String(bilanId), action: 'statut', old: ctx.statut, new: statut });
        await recordAudit(trx, entries, now);
        return { version, statut, updated_at: now, changed, carried_forward: carried, ...progress, warnings: consistencyIssues(ctx.questionnaire, after, contextOf(ctx), flatRow) };
      }),
    );
  }

  /** A change of statut (submit, return, validate, reopen), version-checked when a version is given. */
  function transition(
    user: AuthUser,
    clsmId: string,
    annee: number,
    action: Exclude<BilanAction, 'save'>,
    expectedVersion: number | undefined,
    extra?: (trx: Kysely<Database>, ctx: Context, bilanId: number, now: string) => Promise<{ answers?: Answers; values: Partial<BilanRow>; event?: BilanEvent } | void>,
  ): Promise<BilanView> {
    return withConflict(user, clsmId, annee, async () => {
      const notified = await db.transaction().execute(async (trx) => {
        const ctx = await loadContext(trx, user, clsmId, annee);
        refuse(user, ctx, action);
        if (expectedVersion !== undefined && (ctx.row?.version ?? 0) !== expectedVersion) throw new ConflictError(msg.conflit);
        if (!ctx.row) throw invalid(msg.soumissionIncomplete(1), [{ message: 'Le bilan est vide : enregistrez vos réponses avant de le soumettre.' }]);
        const now = new Date().toISOString();
        const statut = statutAfter(action, ctx.statut);
        const changes = (await extra?.(trx, ctx, ctx.row.id, now)) ?? undefined;
        if (!(await updateBilanAtVersion(trx, ctx.row.id, ctx.row.version, { ...changes?.values, statut, version: ctx.row.version + 1, updated_at: now }))) throw new ConflictError(msg.conflit);
        await recordAudit(trx, [{ userId: user.id, entity: 'bilan', entityId: String(ctx.row.id), action: 'statut', old: ctx.statut, new: statut }], now);
        await refreshDerived(trx, { ...ctx.row, statut, region: ctx.clsm.region, departement: ctx.clsm.departement }, changes?.answers);
        return changes?.event ? notifyBilanEvent(trx, config.mail.publicUrl, changes.event, now) : false;
      });
      if (notified) mailSignal.notify();
      return get(user, clsmId, annee);
    });
  }

  return {
    get,
    saveDraft,

    /** Full validation, then read-only for the coordinator. Answers to questions that no longer apply are dropped (and logged). */
    submit(user: AuthUser, clsmId: string, annee: number, input: { version?: number | undefined } = {}): Promise<BilanView> {
      return transition(user, clsmId, annee, 'submit', input.version, async (trx, ctx, bilanId, now) => {
        const stored = await readAnswers(trx, bilanId);
        const pendingConfirmation = parseCarried(ctx.row?.carried_forward ?? null)?.a_confirmer ?? [];
        const result = validateSubmission(ctx.questionnaire, stored, { ...contextOf(ctx), pendingConfirmation });
        if (!result.ok) throw invalid(msg.soumissionIncomplete(result.issues.length), answerIssues(result.issues));
        const dropped = Object.keys(stored).filter((v) => result.answers[v] === undefined);
        if (dropped.length) await replaceAnswers(trx, bilanId, ctx.questionnaire, result.answers);
        await recordAudit(trx, dropped.map((v) => ({ userId: user.id, entity: 'bilan' as const, entityId: String(bilanId), action: 'non_applicable', variable: v, old: stored[v], new: null })), now);
        return { answers: result.answers, values: { submitted_at: now, submitted_by: user.id }, event: { action: 'submit', clsm: ctx.clsm, annee } };
      });
    },

    /** Back to the coordinator with comments on items (ARS, admin). */
    return(user: AuthUser, clsmId: string, annee: number, input: { comments: ReviewComment[]; version?: number | undefined }): Promise<BilanView> {
      return transition(user, clsmId, annee, 'return', input.version, async (trx, ctx, bilanId, now) => {
        const comments = input.comments.map((c) => ({ variable: c.variable || null, message: c.message.trim() })).filter((c) => c.message);
        if (comments.length === 0) throw invalid(msg.commentaireRequis);
        const index = indexOf(ctx.questionnaire);
        const unknown = comments.filter((c) => c.variable !== null && !index.questions.has(c.variable));
        if (unknown.length) throw invalid(msg.requeteInvalide, unknown.map((c) => ({ message: `Commentaire : la question « ${c.variable} » n'existe pas dans ce questionnaire`, variable: c.variable! })));
        await addComments(trx, bilanId, user.id, comments, now);
        const event: BilanEvent = { action: 'return', clsm: ctx.clsm, annee, comments, questionnaire: ctx.questionnaire, deadline: deadlineOf(windowOf(ctx)) };
        return { values: { reviewed_at: now, reviewed_by: user.id }, event };
      });
    },

    validate(user: AuthUser, clsmId: string, annee: number, input: { version?: number | undefined } = {}): Promise<BilanView> {
      return transition(user, clsmId, annee, 'validate', input.version, async (_trx, ctx, _id, now) => ({ values: { reviewed_at: now, reviewed_by: user.id }, event: { action: 'validate', clsm: ctx.clsm, annee } }));
    },

    /** Back to draft, editable again by the coordinator (ARS, admin). */
    reopen(user: AuthUser, clsmId: string, annee: number, input: { version?: number | undefined } = {}): Promise<BilanView> {
      return transition(user, clsmId, annee, 'reopen', input.version);
    },

    /** Every bilan the user may read (metadata), filtered: for small selections (one CLSM's years); users see `page`. */
    list(user: AuthUser, filters: BilanFilters = {}): Promise<BilanSummary[]> {
      return listBilanSummaries(db, bilanScope(user), filters);
    },

    /** A page of the bilans the user may read (metadata), filtered. */
    page(user: AuthUser, filters: BilanFilters, page: PageRequest): Promise<Page<BilanSummary>> {
      return pageBilanSummaries(db, bilanScope(user), filters, page);
    },

    /** The audit trail of a bilan, a page at a time: its coordinator, the ARS of its place, the admin. */
    async history(user: AuthUser, clsmId: string, annee: number, page: PageRequest): Promise<Page<AuditView>> {
      const ctx = await loadContext(db, user, clsmId, annee);
      if (!canEditAnswers(user, ctx.clsm) && !canReview(user, ctx.clsm)) throw notFound(msg.bilanIntrouvable(clsmId, annee));
      return ctx.row ? pageAudit(db, 'bilan', String(ctx.row.id), page) : { items: [], next_cursor: null };
    },
  };
}

export type BilanService = ReturnType<typeof bilanService>;
