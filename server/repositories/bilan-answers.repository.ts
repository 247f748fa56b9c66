/**
 * A bilan's answers, stored one row per section of its questionnaire
 * (`bilan_sections`: bilan_id, section, answers as JSON keyed by variable).
 *
 * The form saves one section at a time: an autosave rewrites that section's
 * row (a few hundred bytes), never the whole bilan (about 10 KB once
 * complete). Whole answer sets are the union of the rows. A section without
 * any answer has no row. See docs/decisions/ (storage by section).
 */
import type { Kysely } from 'kysely';
import { indexOf, type Answers, type Questionnaire } from '../../survey-schema/index.ts';
import type { Database } from '../db/database.ts';

/** Where an answer to a variable the questionnaire does not have would go (never lost, never shown in a section). */
export const OUTSIDE_SECTIONS = '_hors_sections';

/** The section of a variable in a questionnaire. */
export const sectionOf = (questionnaire: Questionnaire, variable: string): string => indexOf(questionnaire).questions.get(variable)?.section.id ?? OUTSIDE_SECTIONS;

/** The answers grouped by section, in the questionnaire's order of sections. */
export function splitBySection(questionnaire: Questionnaire, answers: Answers): Map<string, Answers> {
  const bySection = new Map<string, Answers>();
  for (const [variable, value] of Object.entries(answers)) {
    const section = sectionOf(questionnaire, variable);
    let part = bySection.get(section);
    if (!part) bySection.set(section, (part = {}));
    part[variable] = value;
  }
  return bySection;
}

const parse = (json: string) => JSON.parse(json) as Answers;

/** All the answers of a bilan. */
export async function readAnswers(db: Kysely<Database>, bilanId: number): Promise<Answers> {
  return (await readAnswersOfBilans(db, [bilanId])).get(bilanId) ?? {};
}

/** Bilans read in one query at most (bound parameters stay well under every database's limit). */
const CHUNK = 500;

/** All the answers of several bilans (bilans without any answer are absent from the map). */
export async function readAnswersOfBilans(db: Kysely<Database>, bilanIds: readonly number[]): Promise<Map<number, Answers>> {
  const out = new Map<number, Answers>();
  for (let i = 0; i < bilanIds.length; i += CHUNK) {
    const rows = await db
      .selectFrom('bilan_sections')
      .select(['bilan_id', 'answers'])
      .where('bilan_id', 'in', bilanIds.slice(i, i + CHUNK))
      .orderBy('bilan_id')
      .orderBy('section')
      .execute();
    for (const row of rows) {
      const answers = out.get(row.bilan_id);
      if (answers) Object.assign(answers, parse(row.answers));
      else out.set(row.bilan_id, parse(row.answers));
    }
  }
  return out;
}

/** Stores a section's answers (removes its row when there is none left). */
export async function writeSection(db: Kysely<Database>, bilanId: number, section: string, answers: Answers): Promise<void> {
  if (Object.keys(answers).length === 0) {
    await db.deleteFrom('bilan_sections').where('bilan_id', '=', bilanId).where('section', '=', section).execute();
    return;
  }
  await db
    .insertInto('bilan_sections')
    .values({ bilan_id: bilanId, section, answers: JSON.stringify(answers) })
    .onConflict((oc) => oc.columns(['bilan_id', 'section']).doUpdateSet((eb) => ({ answers: eb.ref('excluded.answers') })))
    .execute();
}

/** Replaces every stored answer of a bilan (submission, import). */
export async function replaceAnswers(db: Kysely<Database>, bilanId: number, questionnaire: Questionnaire, answers: Answers): Promise<void> {
  await db.deleteFrom('bilan_sections').where('bilan_id', '=', bilanId).execute();
  const rows = sectionRows(bilanId, questionnaire, answers);
  if (rows.length) await db.insertInto('bilan_sections').values(rows).execute();
}

/** The section rows of an answer set, as stored (JSON per section). */
export function sectionRows<Id>(bilanId: Id, questionnaire: Questionnaire, answers: Answers): Array<{ bilan_id: Id; section: string; answers: string }> {
  return [...splitBySection(questionnaire, answers)].map(([section, part]) => ({ bilan_id: bilanId, section, answers: JSON.stringify(part) }));
}

/** Replaces every stored answer of many bilans (imports), a hundred rows per statement. */
export async function replaceAnswersOfBilans(db: Kysely<Database>, rows: ReadonlyArray<{ bilan_id: number; section: string; answers: string }>): Promise<void> {
  const ids = [...new Set(rows.map((r) => r.bilan_id))];
  for (let i = 0; i < ids.length; i += CHUNK) await db.deleteFrom('bilan_sections').where('bilan_id', 'in', ids.slice(i, i + CHUNK)).execute();
  for (let i = 0; i < rows.length; i += 100) await db.insertInto('bilan_sections').values(rows.slice(i, i + 100)).execute();
}
