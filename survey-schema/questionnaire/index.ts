/**
 * Every published version of the questionnaire. A campaign pins one; a bilan
 * is always read with the version it was filled with. Never edit a version
 * that a campaign used: add a new one.
 */
import type { Questionnaire } from '../meta-schema.ts';
import { bilanAnnuel } from './bilan-annuel.ts';

export const questionnaires: ReadonlyMap<string, Questionnaire> = new Map([[bilanAnnuel.version, bilanAnnuel]]);

/** The version new campaigns use. */
export const CURRENT_VERSION = bilanAnnuel.version;

/** @example getQuestionnaire('2026.1').title; */
export function getQuestionnaire(version: string = CURRENT_VERSION): Questionnaire {
  const q = questionnaires.get(version);
  if (!q) throw new Error(`Version de questionnaire inconnue : ${version}`);
  return q;
}
