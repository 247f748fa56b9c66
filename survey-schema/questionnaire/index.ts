/**
 * Every published version of the questionnaire. A campaign pins one; a bilan
 * is always read with the version it was filled with. Never edit a version
 * that a campaign used: add a new one (a new definition file, derived from the
 * previous one if you like, appended to `VERSIONS`).
 */
import { QuestionnaireSchema, type Questionnaire, type QuestionnaireInput } from '../meta-schema.ts';
import { bilanAnnuel } from './bilan-annuel.ts';
import { bilanAnnuel2027 } from './bilan-annuel-2027.ts';
import { mapping2026To2027 } from './mapping-2026-2027.ts';
import { registerMappings } from '../versions.ts';

export interface QuestionnaireRegistry {
  /** Every version, oldest first. */
  versions: readonly Questionnaire[];
  /** The version new campaigns use (the last one). */
  current: Questionnaire;
  /** @throws when the version is unknown */
  get(version?: string): Questionnaire;
}

/**
 * A registry of questionnaire versions. Each definition is checked against
 * the meta-schema; versions must be distinct.
 *
 * @example
 * const registry = createRegistry([bilanAnnuel]);
 * registry.get('2026.1') === bilanAnnuel; // true
 */
export function createRegistry(definitions: ReadonlyArray<Questionnaire | QuestionnaireInput>): QuestionnaireRegistry {
  const versions = definitions.map((d) => QuestionnaireSchema.parse(d));
  const byVersion = new Map<string, Questionnaire>();
  for (const q of versions) {
    if (byVersion.has(q.version)) throw new Error(`Version de questionnaire en double : ${q.version}`);
    byVersion.set(q.version, q);
  }
  const current = versions[versions.length - 1];
  if (!current) throw new Error('Aucune version de questionnaire');
  return {
    versions,
    current,
    get(version = current.version) {
      const q = byVersion.get(version);
      if (!q) throw new Error(`Version de questionnaire inconnue : ${version}`);
      return q;
    },
  };
}

/** The versions of the "bilan annuel CLSM", oldest first. */
const registry = createRegistry([bilanAnnuel, bilanAnnuel2027]);
/** How a bilan of each version reads in the next one (prefill, harmonised indicators, codebook). */
registerMappings(registry.versions, [mapping2026To2027]);

export const questionnaires: ReadonlyMap<string, Questionnaire> = new Map(registry.versions.map((q) => [q.version, q]));

/** The version new campaigns use. */
export const CURRENT_VERSION = registry.current.version;

/** @example getQuestionnaire('2026.1').version; // '2026.1' */
export function getQuestionnaire(version: string = CURRENT_VERSION): Questionnaire {
  return registry.get(version);
}

/** Every version, oldest first. @example questionnaireVersions().map((q) => q.version); // ['2026.1', '2027.1'] */
export function questionnaireVersions(): readonly Questionnaire[] {
  return registry.versions;
}
