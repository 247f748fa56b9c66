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
  id: Generated<number>;
  email: string;
  password_hash: string;
  role: Role;
  /** ARS: the region; optional département for a délégation départementale. */
  region: string | null;
  departement: string | null;
  created_at: ColumnType<Timestamp, Timestamp, never>;
  updated_at: Timestamp;
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
  entity: 'bilan' | 'user' | 'clsm' | 'campagne';
  entity_id: string;
  action: string;
  variable: string | null;
  /** JSON of the old and new values. */
  old_value: string | null;
  new_value: string | null;
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
}

export type ClsmRow = Selectable<ClsmTable>;
export type NewClsm = Insertable<ClsmTable>;
export type ClsmUpdate = Updateable<ClsmTable>;
export type UserRow = Selectable<UserTable>;
export type CampagneRow = Selectable<CampagneTable>;
export type BilanRow = Selectable<BilanTable>;
export type CommentRow = Selectable<CommentTable>;
export type AuditRow = Selectable<AuditTable>;
