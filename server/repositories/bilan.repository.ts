/**
 * Bilans: reading (with last year's answers carried forward), draft saves with
 * optimistic concurrency, submission, review. Every function checks who may
 * do what (domain/access.ts, domain/workflow.ts), so the API routes and the
 * web pages share the same rules.
 *
 * Draft saves MERGE: the given answers replace those of the same variables,
 * `null` (or an empty string) clears one, the others are kept. The browser
 * autosave sends the section of its page; answers are stored per section
 * (bilan-answers.repository.ts), so a save reads and rewrites only the
 * sections it touches.
 */
import type { Kysely, Updateable } from 'kysely';
import { completeness, getQuestionnaire, indexOf, validateDraft, validateSubmission, type Answers, type Questionnaire } from '../../survey-schema/index.ts';
import type { BilanRow, BilanStatus, BilanTable, Database, FollowUpStatus } from '../db/database.ts';
import { CCOMS_STATUSES, canEditAnswers, canReadBilan, canReview, clsmScopeFilter, type AuthUser } from '../domain/access.ts';
import { ACTION_LABEL, campaignAllowsEditing, canTransition, statusAfter, type BilanAction } from '../domain/workflow.ts';
import { prepared } from '../db/prepared.ts';
import { AppError, answerIssues, forbidden, invalid, notFound } from '../errors.ts';
import { msg, statusLabel } from '../messages.ts';
import { recordAudit, type AuditEntry } from './audit.repository.ts';
import { readAnswers, readAnswersOfBilans, readSection, replaceAnswers, sectionOf, splitBySection, writeSection } from './bilan-answers.repository.ts';
import type { Campaign } from './campaign.repository.ts';
import type { Clsm } from './clsm.repository.ts';
import { addComments, listComments, type CommentView } from './comment.repository.ts';

/** Variables never carried forward: consent is asked again every year. */
const NOT_CARRIED_FORWARD = new Set(['consentement_ccoms']);

export interface CarriedForward {
  /** The year the answers come from. */
  from_annee: number;
  /** Sections still holding last year's answers, unchanged and not confirmed. */
  sections: string[];
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
  campagne: Campaign;
  questionnaire_version: string;
  status: FollowUpStatus;
  /** 0 while nothing is stored; send it back with the next save. */
  version: number;
  answers: Answers;
  carried_forward: CarriedForward | null;
  completeness: number;
  sections: SectionState[];
  comments: CommentView[];
  created_at: string | null;
  updated_at: string | null;
  submitted_at: string | null;
  reviewed_at: string | null;
  /** What the signed-in user may do now. */
  permissions: Record<BilanAction, boolean>;
}

interface Context {
  clsm: Clsm;
  campaign: Campaign;
  row: BilanRow | undefined;
  status: FollowUpStatus;
  questionnaire: Questionnaire;
}

const parseCarried = (json: string | null): CarriedForward | null => (json ? (JSON.parse(json) as CarriedForward) : null);
const isCleared = (v: unknown) => v === null || (typeof v === 'string' && v.trim() === '');

/** The CLSM, the campaign of the year and the stored bilan, in one query (run on every save). */
const contextQuery = prepared((db: Kysely<Database>, clsmId: string, annee: number) =>
  db
    .selectFrom('clsm')
    .leftJoin('campaigns', (join) => join.on('campaigns.annee', '=', annee))
    .leftJoin('bilans', (join) => join.onRef('bilans.clsm_id', '=', 'clsm.id').on('bilans.annee', '=', annee))
    .select([
      'clsm.id', 'clsm.nom', 'clsm.region', 'clsm.departement', 'clsm.autres_departements', 'clsm.communes', 'clsm.annee_creation', 'clsm.statut',
      'campaigns.annee as c_annee', 'campaigns.questionnaire_version as c_version', 'campaigns.opens_on', 'campaigns.closes_on', 'campaigns.statut as c_statut',
      'bilans.id as b_id', 'bilans.questionnaire_version as b_version', 'bilans.version', 'bilans.status', 'bilans.carried_forward',
      'bilans.consentement_ccoms', 'bilans.created_at', 'bilans.updated_at', 'bilans.submitted_at', 'bilans.submitted_by', 'bilans.reviewed_at', 'bilans.reviewed_by',
    ])
    .where('clsm.id', '=', clsmId),
);

/** Loads the CLSM, campaign and stored bilan in one query; 404 for anything the user may not read. */
async function loadContext(db: Kysely<Database>, user: AuthUser, clsmId: string, annee: number): Promise<Context> {
  const [found] = (await contextQuery(db, clsmId, annee)).rows;
  const clsm: Clsm | undefined = found && {
    id: found.id, nom: found.nom, region: found.region, departement: found.departement, autres_departements: found.autres_departements,
    communes: found.communes, annee_creation: found.annee_creation, statut: found.statut,
  };
  const row: BilanRow | undefined =
    found && found.b_id !== null
      ? {
          id: found.b_id, clsm_id: clsmId, annee, questionnaire_version: found.b_version!, version: found.version!, status: found.status!,
          carried_forward: found.carried_forward, consentement_ccoms: found.consentement_ccoms, created_at: found.created_at!, updated_at: found.updated_at!,
          submitted_at: found.submitted_at, submitted_by: found.submitted_by, reviewed_at: found.reviewed_at, reviewed_by: found.reviewed_by,
        }
      : undefined;
  if (!found || !clsm || !canReadBilan(user, clsm, row ?? null)) throw notFound(msg.bilanIntrouvable(clsmId, annee));
  if (found.c_annee === null) throw notFound(msg.campagneIntrouvable(annee));
  const campaign: Campaign = { annee, questionnaire_version: found.c_version!, opens_on: found.opens_on, closes_on: found.closes_on, statut: found.c_statut! };
  const questionnaire = getQuestionnaire(row?.questionnaire_version ?? campaign.questionnaire_version);
  return { clsm, campaign, row, status: row?.status ?? 'non_commence', questionnaire };
}

/**
 * Last year's answers, for a bilan not started yet: the most recent earlier
 * bilan of the CLSM, read through this year's questionnaire (variables it no
 * longer has are left out), flagged per section.
 */
export async function prefillFor(db: Kysely<Database>, clsmId: string, annee: number, questionnaire: Questionnaire): Promise<{ answers: Answers; carried: CarriedForward | null }> {
  const previous = await db
    .selectFrom('bilans')
    .select(['id', 'annee'])
    .where('clsm_id', '=', clsmId)
    .where('annee', '<', annee)
    .orderBy('annee', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!previous) return { answers: {}, carried: null };
  const index = indexOf(questionnaire);
  const source = Object.fromEntries(Object.entries(await readAnswers(db, previous.id)).filter(([v]) => index.questions.has(v) && !NOT_CARRIED_FORWARD.has(v)));
  const { answers } = validateDraft(questionnaire, source, { annee });
  const sections = questionnaire.sections.filter((s) => s.questions.some((q) => answers[q.variable] !== undefined)).map((s) => s.id);
  return { answers, carried: { from_annee: previous.annee, sections } };
}

function permissionsOf(user: AuthUser, ctx: Context): Record<BilanAction, boolean> {
  const edit = canEditAnswers(user, ctx.clsm) && campaignAllowsEditing(ctx.campaign.statut, user.role);
  const review = canReview(user, ctx.clsm);
  return {
    save: edit && canTransition('save', ctx.status),
    submit: edit && canTransition('submit', ctx.status),
    return: review && canTransition('return', ctx.status),
    validate: review && canTransition('validate', ctx.status),
    reopen: review && canTransition('reopen', ctx.status),
  };
}

function sectionStates(ctx: Context, answers: Answers, carried: CarriedForward | null) {
  const c = completeness(ctx.questionnaire, answers, { annee: ctx.campaign.annee });
  const sections = c.sections.map((s) => ({ ...s, carried_forward: carried?.sections.includes(s.id) ?? false }));
  return { completeness: c.pct, sections };
}

async function viewOf(db: Kysely<Database>, user: AuthUser, ctx: Context): Promise<BilanView> {
  const { row } = ctx;
  const { answers, carried } = row
    ? { answers: await readAnswers(db, row.id), carried: parseCarried(row.carried_forward) }
    : canEditAnswers(user, ctx.clsm)
      ? await prefillFor(db, ctx.clsm.id, ctx.campaign.annee, ctx.questionnaire)
      : { answers: {}, carried: null };
  return {
    clsm: ctx.clsm,
    annee: ctx.campaign.annee,
    campagne: ctx.campaign,
    questionnaire_version: ctx.questionnaire.version,
    status: ctx.status,
    version: row?.version ?? 0,
    answers,
    carried_forward: carried,
    ...sectionStates(ctx, answers, carried),
    comments: row ? await listComments(db, row.id) : [],
    created_at: row?.created_at ?? null,
    updated_at: row?.updated_at ?? null,
    submitted_at: row?.submitted_at ?? null,
    reviewed_at: row?.reviewed_at ?? null,
    permissions: permissionsOf(user, ctx),
  };
}

/** The bilan of a CLSM for a year; when none is stored yet, prefilled from the previous year. */
export async function getBilan(db: Kysely<Database>, user: AuthUser, clsmId: string, annee: number): Promise<BilanView> {
  return viewOf(db, user, await loadContext(db, user, clsmId, annee));
}

/**
 * The questionnaire a bilan is filled in with (its own version, or the
 * campaign's for a bilan not started), 404 like `getBilan` when the user may
 * not see it: what the web form's autosave needs to read the posted fields,
 * without the whole view (answers, comments, completeness) `getBilan` builds.
 */
export async function bilanQuestionnaire(db: Kysely<Database>, user: AuthUser, clsmId: string, annee: number): Promise<Questionnaire> {
  return (await loadContext(db, user, clsmId, annee)).questionnaire;
}

function refuse(user: AuthUser, ctx: Context, action: BilanAction): void {
  const allowed = action === 'save' || action === 'submit' ? canEditAnswers(user, ctx.clsm) : canReview(user, ctx.clsm);
  if (!allowed) throw forbidden(user.role === 'ccoms' ? msg.lectureSeule : msg.interdit);
  if ((action === 'save' || action === 'submit') && !campaignAllowsEditing(ctx.campaign.statut, user.role)) {
    throw new AppError('etat_incompatible', msg.campagneFermee(ctx.campaign.annee));
  }
  if (!canTransition(action, ctx.status)) {
    throw new AppError('etat_incompatible', action === 'save' ? msg.nonModifiable(statusLabel[ctx.status]) : msg.transition(ACTION_LABEL[action], statusLabel[ctx.status]));
  }
}

/** The 409 of a stale save or action: throws, carrying the stored bilan as the user may see it. */
export async function conflict(db: Kysely<Database>, user: AuthUser, clsmId: string, annee: number): Promise<never> {
  throw new AppError('conflit', msg.conflit, { current: await getBilan(db, user, clsmId, annee) });
}

/** The autosave's write: the merged answers, if the bilan is still at the version the save was based on. */
const updateDraft = prepared(
  (
    db: Kysely<Database>,
    version: number,
    status: BilanStatus,
    carried_forward: string | null,
    consentement_ccoms: string | null,
    updated_at: string,
    id: number,
    expectedVersion: number,
  ) => db.updateTable('bilans').set({ version, status, carried_forward, consentement_ccoms, updated_at }).where('id', '=', id).where('version', '=', expectedVersion),
);

export interface DraftInput {
  answers: Record<string, unknown>;
  /** The `version` read with the bilan (0 when none was stored). */
  version: number;
  /** Sections confirmed "rien n'a changé": no longer flagged as carried forward. */
  confirm_sections?: string[] | undefined;
}

export interface SaveResult {
  version: number;
  status: BilanStatus;
  updated_at: string;
  /** Variables whose stored answer changed. */
  changed: string[];
  carried_forward: CarriedForward | null;
}

export interface SaveProgress {
  completeness: number;
  sections: SectionState[];
}

/**
 * Saves a draft (partial validation, merge). A stale version gets a 409 carrying the stored bilan.
 * With `progress` (default), also returns the completeness per section (about
 * half the CPU of a save on a complete bilan: the JSON API's autosave leaves it out).
 */
export async function saveDraft(db: Kysely<Database>, user: AuthUser, clsmId: string, annee: number, input: DraftInput): Promise<SaveResult & SaveProgress>;
export async function saveDraft(db: Kysely<Database>, user: AuthUser, clsmId: string, annee: number, input: DraftInput, options: { progress: false }): Promise<SaveResult>;
export async function saveDraft(
  db: Kysely<Database>,
  user: AuthUser,
  clsmId: string,
  annee: number,
  input: DraftInput,
  options: { progress: boolean } = { progress: true },
): Promise<SaveResult | (SaveResult & SaveProgress)> {
  const outcome = await db.transaction().execute((trx) => saveDraftIn(trx, user, clsmId, annee, input, options));
  return outcome === 'conflict' ? conflict(db, user, clsmId, annee) : outcome;
}

/**
 * `saveDraft` inside the caller's transaction (the save thread commits
 * several saves at once): the result, or 'conflict' when `input.version` is
 * stale, in which case nothing was written (`conflict` then gives the 409).
 */
export async function saveDraftIn(
  trx: Kysely<Database>,
  user: AuthUser,
  clsmId: string,
  annee: number,
  input: DraftInput,
  options: { progress: boolean },
): Promise<SaveResult | (SaveResult & SaveProgress) | 'conflict'> {
  const ctx = await loadContext(trx, user, clsmId, annee);
  refuse(user, ctx, 'save');
  if ((ctx.row?.version ?? 0) !== input.version) return 'conflict' as const;
  const ctxAnnee = { annee };
  const checked = validateDraft(ctx.questionnaire, input.answers, ctxAnnee);
  const unknownSections = (input.confirm_sections ?? []).filter((id) => !ctx.questionnaire.sections.some((s) => s.id === id));
  const issues = [...answerIssues(checked.issues), ...unknownSections.map((id) => ({ message: `Section inconnue : ${id}`, variable: 'confirm_sections' }))];
  if (issues.length) throw invalid(msg.brouillonInvalide(issues.length), issues);

  // The sections the save touches, their stored answers (last year's for a bilan not stored yet), merged.
  const given = Object.keys(input.answers);
  const prefill = ctx.row ? null : await prefillFor(trx, clsmId, annee, ctx.questionnaire);
  const stored = prefill ? splitBySection(ctx.questionnaire, prefill.answers) : new Map<string, Answers>();
  const touchedSections = new Set(given.map((v) => sectionOf(ctx.questionnaire, v)));
  if (ctx.row) for (const section of touchedSections) stored.set(section, await readSection(trx, ctx.row.id, section));
  const merged = new Map<string, Answers>();
  const changed: string[] = [];
  const before = (v: string) => stored.get(sectionOf(ctx.questionnaire, v))?.[v];
  for (const section of touchedSections) merged.set(section, { ...stored.get(section) });
  for (const v of given) {
    const part = merged.get(sectionOf(ctx.questionnaire, v))!;
    if (isCleared(input.answers[v])) delete part[v];
    else part[v] = checked.answers[v]!;
    if (JSON.stringify(part[v]) !== JSON.stringify(before(v))) changed.push(v);
  }
  const after = (v: string) => merged.get(sectionOf(ctx.questionnaire, v))?.[v] ?? null;
  // Sections edited or confirmed are no longer flagged as carried forward.
  const carriedBefore = ctx.row ? parseCarried(ctx.row.carried_forward) : prefill!.carried;
  const changedSections = new Set(changed.map((v) => sectionOf(ctx.questionnaire, v)));
  const touched = new Set([...changedSections, ...(input.confirm_sections ?? [])]);
  const carried = carriedBefore ? { ...carriedBefore, sections: carriedBefore.sections.filter((s) => !touched.has(s)) } : null;

  const now = new Date().toISOString();
  const status = statusAfter('save', ctx.status);
  const version = input.version + 1;
  const consent = given.includes('consentement_ccoms') ? after('consentement_ccoms') : (ctx.row?.consentement_ccoms ?? null);
  const values = {
    version,
    status,
    carried_forward: carried ? JSON.stringify(carried) : null,
    consentement_ccoms: typeof consent === 'string' ? consent : null,
    updated_at: now,
  };
  // The bilan row first: its version check is the lock; a stale save writes nothing.
  let bilanId: number;
  if (ctx.row) {
    const r = await updateDraft(trx, values.version, values.status, values.carried_forward, values.consentement_ccoms, values.updated_at, ctx.row.id, input.version);
    if (Number(r.numAffectedRows) !== 1) return 'conflict' as const;
    bilanId = ctx.row.id;
    for (const section of changedSections) await writeSection(trx, bilanId, section, merged.get(section)!);
  } else {
    const inserted = await trx
      .insertInto('bilans')
      .values({ clsm_id: clsmId, annee, questionnaire_version: ctx.questionnaire.version, ...values, created_at: now, submitted_at: null, submitted_by: null, reviewed_at: null, reviewed_by: null })
      .onConflict((oc) => oc.columns(['clsm_id', 'annee']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) return 'conflict' as const;
    bilanId = inserted.id;
    for (const [section, answers] of merged) stored.set(section, answers);
    for (const [section, answers] of stored) await writeSection(trx, bilanId, section, answers);
  }
  // A brand-new bilan stores the carried-forward answers too: log them as such.
  const carriedIn = prefill ? Object.keys(prefill.answers).filter((v) => !changed.includes(v)) : [];
  const entries: AuditEntry[] = [
    ...changed.map((v) => ({ userId: user.id, entity: 'bilan' as const, entityId: String(bilanId), action: 'reponse', variable: v, old: before(v) ?? null, new: after(v) })),
    ...carriedIn.map((v) => ({ userId: user.id, entity: 'bilan' as const, entityId: String(bilanId), action: 'reprise', variable: v, old: null, new: prefill!.answers[v] })),
  ];
  if (status !== ctx.status) entries.push({ userId: user.id, entity: 'bilan', entityId: String(bilanId), action: 'statut', old: ctx.status, new: status });
  await recordAudit(trx, entries, now);
  const result: SaveResult = { version, status, updated_at: now, changed, carried_forward: carried };
  return options.progress ? { ...result, ...sectionStates(ctx, await readAnswers(trx, bilanId), carried) } : result;
}

async function transition(
  db: Kysely<Database>,
  user: AuthUser,
  clsmId: string,
  annee: number,
  action: Exclude<BilanAction, 'save'>,
  expectedVersion: number | undefined,
  extra?: (trx: Kysely<Database>, ctx: Context, bilanId: number, now: string) => Promise<Updateable<BilanTable> | void>,
): Promise<BilanView> {
  const outcome = await db.transaction().execute(async (trx) => {
    const ctx = await loadContext(trx, user, clsmId, annee);
    refuse(user, ctx, action);
    if (expectedVersion !== undefined && (ctx.row?.version ?? 0) !== expectedVersion) return 'conflict' as const;
    if (!ctx.row) throw invalid(msg.soumissionIncomplete(1), [{ message: 'Le bilan est vide : enregistrez vos réponses avant de le soumettre.' }]);
    const now = new Date().toISOString();
    const status = statusAfter(action, ctx.status);
    const changes = (await extra?.(trx, ctx, ctx.row.id, now)) ?? {};
    const r = await trx
      .updateTable('bilans')
      .set({ ...changes, status, version: ctx.row.version + 1, updated_at: now })
      .where('id', '=', ctx.row.id)
      .where('version', '=', ctx.row.version)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return 'conflict' as const;
    await recordAudit(trx, [{ userId: user.id, entity: 'bilan', entityId: String(ctx.row.id), action: 'statut', old: ctx.status, new: status }], now);
    return 'ok' as const;
  });
  return outcome === 'conflict' ? conflict(db, user, clsmId, annee) : getBilan(db, user, clsmId, annee);
}

/** Full validation, then read-only for the coordinator. Answers to questions that no longer apply are dropped (and logged). */
export function submitBilan(db: Kysely<Database>, user: AuthUser, clsmId: string, annee: number, input: { version?: number | undefined } = {}): Promise<BilanView> {
  return transition(db, user, clsmId, annee, 'submit', input.version, async (trx, ctx, bilanId, now) => {
    const stored = await readAnswers(trx, bilanId);
    const result = validateSubmission(ctx.questionnaire, stored, { annee });
    if (!result.ok) throw invalid(msg.soumissionIncomplete(result.issues.length), answerIssues(result.issues));
    const dropped = Object.keys(stored).filter((v) => result.answers[v] === undefined);
    if (dropped.length) await replaceAnswers(trx, bilanId, ctx.questionnaire, result.answers);
    await recordAudit(trx, dropped.map((v) => ({ userId: user.id, entity: 'bilan' as const, entityId: String(bilanId), action: 'non_applicable', variable: v, old: stored[v], new: null })), now);
    return { submitted_at: now, submitted_by: user.id };
  });
}

export interface ReviewComment {
  /** A question variable, or null for the whole bilan. */
  variable: string | null;
  message: string;
}

/** Back to the coordinator with comments on items (ARS, admin). */
export function returnBilan(db: Kysely<Database>, user: AuthUser, clsmId: string, annee: number, input: { comments: ReviewComment[]; version?: number | undefined }): Promise<BilanView> {
  return transition(db, user, clsmId, annee, 'return', input.version, async (trx, ctx, bilanId, now) => {
    const comments = input.comments.map((c) => ({ variable: c.variable || null, message: c.message.trim() })).filter((c) => c.message);
    if (comments.length === 0) throw invalid(msg.commentaireRequis);
    const index = indexOf(ctx.questionnaire);
    const unknown = comments.filter((c) => c.variable !== null && !index.questions.has(c.variable));
    if (unknown.length) throw invalid(msg.requeteInvalide, unknown.map((c) => ({ message: `Commentaire : la question « ${c.variable} » n'existe pas dans ce questionnaire`, variable: c.variable! })));
    await addComments(trx, bilanId, user.id, comments, now);
    return { reviewed_at: now, reviewed_by: user.id };
  });
}

export function validateBilan(db: Kysely<Database>, user: AuthUser, clsmId: string, annee: number, input: { version?: number | undefined } = {}): Promise<BilanView> {
  return transition(db, user, clsmId, annee, 'validate', input.version, async (_trx, _ctx, _id, now) => ({ reviewed_at: now, reviewed_by: user.id }));
}

/** Back to draft, editable again by the coordinator (ARS, admin). */
export function reopenBilan(db: Kysely<Database>, user: AuthUser, clsmId: string, annee: number, input: { version?: number | undefined } = {}): Promise<BilanView> {
  return transition(db, user, clsmId, annee, 'reopen', input.version);
}

// ---- lists, analytics, export

export interface BilanFilters {
  annee?: number | undefined;
  region?: string | undefined;
  departement?: string | undefined;
  statuses?: BilanStatus[] | undefined;
  clsmId?: string | undefined;
}

/** Bilans the user may read, as a query over bilans ⨝ clsm. CCOMS: consented and submitted only. */
function scopedBilans(db: Kysely<Database>, user: AuthUser, filters: BilanFilters) {
  let q = db.selectFrom('bilans').innerJoin('clsm', 'clsm.id', 'bilans.clsm_id').where(clsmScopeFilter(user));
  if (user.role === 'ccoms') q = q.where('bilans.consentement_ccoms', '=', 'oui').where('bilans.status', 'in', CCOMS_STATUSES);
  if (filters.annee !== undefined) q = q.where('bilans.annee', '=', filters.annee);
  if (filters.region) q = q.where('clsm.region', '=', filters.region);
  if (filters.departement) q = q.where('clsm.departement', '=', filters.departement);
  if (filters.statuses?.length) q = q.where('bilans.status', 'in', filters.statuses);
  if (filters.clsmId) q = q.where('clsm.id', '=', filters.clsmId);
  return q;
}

export interface BilanSummary {
  clsm_id: string;
  nom: string;
  region: string;
  departement: string;
  annee: number;
  status: BilanStatus;
  version: number;
  updated_at: string;
  submitted_at: string | null;
}

export async function listBilans(db: Kysely<Database>, user: AuthUser, filters: BilanFilters = {}): Promise<BilanSummary[]> {
  return scopedBilans(db, user, filters)
    .select(['bilans.clsm_id', 'clsm.nom', 'clsm.region', 'clsm.departement', 'bilans.annee', 'bilans.status', 'bilans.version', 'bilans.updated_at', 'bilans.submitted_at'])
    .orderBy('bilans.annee', 'desc')
    .orderBy('clsm.region')
    .orderBy('clsm.nom')
    .execute();
}

export interface BilanRecord {
  clsm_id: string;
  annee: number;
  region: string;
  departement: string;
  questionnaire_version: string;
  status: BilanStatus;
  answers: Answers;
}

/**
 * Bilans page by page (keyset on id): an export never holds the whole table
 * nor the database connection between pages.
 */
export async function* iterateBilans(db: Kysely<Database>, user: AuthUser, filters: BilanFilters = {}, pageSize = 200): AsyncGenerator<BilanRecord> {
  let after = 0;
  for (;;) {
    const page = await scopedBilans(db, user, filters)
      .select(['bilans.id', 'bilans.clsm_id', 'bilans.annee', 'clsm.region', 'clsm.departement', 'bilans.questionnaire_version', 'bilans.status'])
      .where('bilans.id', '>', after)
      .orderBy('bilans.id')
      .limit(pageSize)
      .execute();
    const answers = await readAnswersOfBilans(db, page.map((b) => b.id));
    for (const { id, ...r } of page) yield { ...r, answers: answers.get(id) ?? {} };
    if (page.length < pageSize) return;
    after = page[page.length - 1]!.id;
  }
}

/** For the indicators: every bilan in the caller's scope matching the filters. */
export async function listBilansForAnalytics(db: Kysely<Database>, user: AuthUser, filters: BilanFilters = {}): Promise<BilanRecord[]> {
  const out: BilanRecord[] = [];
  for await (const r of iterateBilans(db, user, filters, 1000)) out.push(r);
  return out;
}
