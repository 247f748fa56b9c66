/**
 * The database, as Kysely sees it. Hand-written: one interface per table,
 * nullable columns as `T | null`, JSON columns as text (parsed by repositories).
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

export const ROLES = ['coordinateur', 'ars', 'ccoms', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const CLSM_STATUTS = ['en_projet', 'actif', 'en_sommeil'] as const;
export type ClsmStatut = (typeof CLSM_STATUTS)[number];

/** Stored statuses of a bilan; `non_commence` is the absence of a row. */
export const BILAN_STATUSES = ['brouillon', 'soumis', 'renvoye', 'valide'] as const;
export type BilanStatus = (typeof BILAN_STATUSES)[number];
export const FOLLOW_UP_STATUSES = ['non_commence', ...BILAN_STATUSES] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

export const CAMPAIGN_STATUSES = ['ouverte', 'fermee'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

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

export interface CampaignTable {
  annee: number;
  questionnaire_version: string;
  opens_on: string | null;
  closes_on: string | null;
  statut: CampaignStatus;
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
  status: BilanStatus;
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
  campaigns: CampaignTable;
  bilans: BilanTable;
  bilan_sections: BilanSectionTable;
  comments: CommentTable;
  audit_log: AuditTable;
}

export type ClsmRow = Selectable<ClsmTable>;
export type NewClsm = Insertable<ClsmTable>;
export type ClsmUpdate = Updateable<ClsmTable>;
export type UserRow = Selectable<UserTable>;
export type CampaignRow = Selectable<CampaignTable>;
export type BilanRow = Selectable<BilanTable>;
export type CommentRow = Selectable<CommentTable>;
export type AuditRow = Selectable<AuditTable>;
