/**
 * The database, as Kysely sees it. Hand-written: one interface per table,
 * nullable columns as `T | null`, JSON columns as text (parsed by repositories).
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { BilanStatut, CampagneStatut, ClsmStatut, Role } from '../domain/statuts.ts';

/** ISO 8601 timestamps, stored as text. */
type Timestamp = string;

export interface ClsmTable {
  id: string;
  nom: string;
  region: string;
  /** The main département (ARS délégations are scoped on it). */
  departement: string;
  /** Other départements covered, comma separated. */
  autres_departements: string | null;
  communes: string | null;
  annee_creation: number | null;
  statut: ClsmStatut;
  created_at: ColumnType<Timestamp, Timestamp, never>;
  updated_at: Timestamp;
}

export interface UserTable {
  /** Never reused (AUTOINCREMENT / serial): a deleted account's sessions can never reach a new one. */
  id: Generated<number>;
  email: string;
  /** null until an invited person chooses a password. */
  password_hash: string | null;
  role: Role;
  /** ARS: the region; optional département for a délégation départementale. */
  region: string | null;
  departement: string | null;
  disabled_at: Timestamp | null;
  invited_at: Timestamp | null;
  invited_by: number | null;
  last_login_at: Timestamp | null;
  /** Anonymised (RGPD): the row stays, as « Compte anonymisé n° id », so that what the account did stays readable. */
  anonymised_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  created_at: ColumnType<Timestamp, Timestamp, never>;
  updated_at: Timestamp;
}

/** A signed-in session: the cookie holds a random token, this row its SHA-256. Deleting the row ends the session. */
export interface SessionTable {
  id: Generated<number>;
  token_hash: string;
  user_id: number;
  created_at: Timestamp;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export type AccountTokenPurpose = 'invitation' | 'reinitialisation';

/** A single-use link of an invitation or a password reset (the token itself is only in the mail). */
export interface AccountTokenTable {
  id: Generated<number>;
  token_hash: string;
  user_id: number;
  purpose: AccountTokenPurpose;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_by: number | null;
}

/** Failed sign-ins per key (`compte:<email>` or `adresse:<ip>`), and the lock they led to. */
export interface LoginFailureTable {
  key: string;
  failures: number;
  first_at: Timestamp;
  locked_until: Timestamp | null;
}

export type MailStatut = 'pending' | 'sending' | 'sent' | 'failed';

/** Every mail, queued in the transaction of what it tells; a worker claims and sends it. */
export interface MailQueueTable {
  id: Generated<number>;
  kind: string;
  to_address: string;
  user_id: number | null;
  subject: string;
  /** Cleared once sent over SMTP (they may hold a sign-in link); kept with the outbox. */
  text_body: string | null;
  html_body: string | null;
  statut: MailStatut;
  attempts: number;
  next_attempt_at: Timestamp;
  /** While `sending`: the claim's lease; past it, another worker may take the mail again. */
  locked_until: Timestamp | null;
  last_error: string | null;
  message_id: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
}

/** An event waiting to be mailed to one person (submissions to the ARS: one mail, or a daily digest). */
export interface NotificationTable {
  id: Generated<number>;
  user_id: number;
  kind: 'soumission';
  clsm_id: string;
  annee: number;
  created_at: Timestamp;
  /** The mail that told it; null while waiting. */
  mail_id: number | null;
}

/** A reminder sent about one CLSM's bilan of a year. */
export interface RelanceTable {
  id: Generated<number>;
  annee: number;
  clsm_id: string;
  sent_at: Timestamp;
  sent_by: number | null;
  recipients: number;
  /** Days before closing of the scheduled step that sent it; null when sent by hand. */
  etape: number | null;
}

/** The scheduled reminder steps already run (never twice). */
export interface RelanceEtapeTable {
  annee: number;
  jours: number;
  done_at: Timestamp;
}

/** A later closing date for one CLSM in one campagne. */
export interface ProlongationTable {
  annee: number;
  clsm_id: string;
  /** Last day (inclusive) the coordinator may still save and submit. */
  jusqu_au: string;
  created_at: Timestamp;
  created_by: number | null;
}

/** Coordinators' CLSM (one or more). */
export interface UserClsmTable {
  user_id: number;
  clsm_id: string;
}

export interface CampagneTable {
  annee: number;
  questionnaire_version: string;
  opens_on: string | null;
  closes_on: string | null;
  statut: CampagneStatut;
  /** Automatic reminders: days before the closing date, comma separated ("14,3"); null: none. */
  relances_jours: string | null;
  created_at: ColumnType<Timestamp, Timestamp, never>;
  updated_at: Timestamp;
}

export interface BilanTable {
  id: Generated<number>;
  clsm_id: string;
  annee: number;
  questionnaire_version: string;
  /** Optimistic concurrency counter: +1 on every write. */
  version: number;
  statut: BilanStatut;
  /** 0-100 among the questions that apply, kept at every write (the follow-up reads it). */
  completude: number | null;
  /** JSON `{ from_annee, sections: string[] }`: sections still holding last year's answers. */
  carried_forward: string | null;
  /** Copy of `consentement_ccoms` for scoping queries without parsing answers. */
  consentement_ccoms: string | null;
  created_at: ColumnType<Timestamp, Timestamp, never>;
  updated_at: Timestamp;
  submitted_at: Timestamp | null;
  submitted_by: number | null;
  reviewed_at: Timestamp | null;
  reviewed_by: number | null;
}

/** A bilan's answers to one section of its questionnaire (repositories/bilan-answers.repository.ts). */
export interface BilanSectionTable {
  bilan_id: number;
  section: string;
  /** JSON `Answers` of the section, keyed by question variable. */
  answers: string;
}

/**
 * The flat analytic row of a bilan that feeds the indicators (submitted or
 * validated), kept up to date at every write that changes it: dashboards read
 * rows, they never re-flatten answers.
 */
export interface BilanFlatRowTable {
  bilan_id: number;
  /** The questionnaire registry and flattening format the row was built with; rows of another format are rebuilt at start. */
  format: string;
  /** JSON `FlatRow` (codebook columns), without region and département (read from the registry). */
  row: string;
}

/**
 * Counters bumped in the transaction of every change they stand for
 * (`indicateurs`: a bilan entering, leaving or changing in the indicators, or
 * the registry): caches are keyed on them, so any instance sees a change on
 * its next request.
 */
export interface ChangeStampTable {
  name: string;
  value: number;
}

export interface CommentTable {
  id: Generated<number>;
  bilan_id: number;
  /** A question variable, or null for a comment on the whole bilan. */
  variable: string | null;
  message: string;
  author_id: number | null;
  created_at: ColumnType<Timestamp, Timestamp, never>;
}

export interface AuditTable {
  id: Generated<number>;
  at: ColumnType<Timestamp, Timestamp, never>;
  user_id: number | null;
  entity: 'bilan' | 'user' | 'clsm' | 'campagne' | 'mail' | 'export';
  entity_id: string;
  action: string;
  variable: string | null;
  /** JSON of the old and new values. */
  old_value: string | null;
  new_value: string | null;
}

/** A public link to a bilan's yearly fiche; revoked links stay (audit). */
export interface FichePublicationTable {
  id: Generated<number>;
  bilan_id: number;
  /** The link's random identifier (128 bits, base64url). */
  token: string;
  created_at: ColumnType<Timestamp, Timestamp, never>;
  created_by: number | null;
  revoked_at: Timestamp | null;
  revoked_by: number | null;
}

export interface Database {
  clsm: ClsmTable;
  users: UserTable;
  user_clsm: UserClsmTable;
  campagnes: CampagneTable;
  bilans: BilanTable;
  bilan_sections: BilanSectionTable;
  bilan_flat_rows: BilanFlatRowTable;
  change_stamps: ChangeStampTable;
  comments: CommentTable;
  audit_log: AuditTable;
  sessions: SessionTable;
  account_tokens: AccountTokenTable;
  login_failures: LoginFailureTable;
  mail_queue: MailQueueTable;
  notifications: NotificationTable;
  relances: RelanceTable;
  relance_etapes: RelanceEtapeTable;
  prolongations: ProlongationTable;
  fiche_publications: FichePublicationTable;
}

export type ClsmRow = Selectable<ClsmTable>;
export type NewClsm = Insertable<ClsmTable>;
export type ClsmUpdate = Updateable<ClsmTable>;
export type UserRow = Selectable<UserTable>;
export type CampagneRow = Selectable<CampagneTable>;
export type BilanRow = Selectable<BilanTable>;
export type CommentRow = Selectable<CommentTable>;
export type AuditRow = Selectable<AuditTable>;
export type MailRow = Selectable<MailQueueTable>;
export type AccountTokenRow = Selectable<AccountTokenTable>;
