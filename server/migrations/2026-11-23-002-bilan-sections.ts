/**
 * Frozen: never edit once released; add a new migration instead. Written against Kysely<any>.
 *
 * Answers move from one JSON text per bilan (`bilans.answers`) to one row per
 * section (`bilan_sections`): an autosave rewrites the section it saves, not
 * the whole bilan. Each bilan is split with the questionnaire version it is
 * pinned to (the registry keeps every version); a variable that version does
 * not have keeps its place in a `_hors_sections` row.
 */
import type { Kysely } from 'kysely';
import { getQuestionnaire, indexOf, type Answers } from '../../survey-schema/index.ts';

const OUTSIDE_SECTIONS = '_hors_sections';
const PAGE = 500;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('bilan_sections')
    .addColumn('bilan_id', 'integer', (c) => c.notNull().references('bilans.id').onDelete('cascade'))
    .addColumn('section', 'varchar(100)', (c) => c.notNull())
    .addColumn('answers', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('bilan_sections_pk', ['bilan_id', 'section'])
    .execute();

  for (let after = 0; ; ) {
    const page: { id: number; questionnaire_version: string; answers: string }[] = await db
      .selectFrom('bilans')
      .select(['id', 'questionnaire_version', 'answers'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(PAGE)
      .execute();
    const rows = page.flatMap((bilan) => {
      const index = indexOf(getQuestionnaire(bilan.questionnaire_version));
      const bySection = new Map<string, Answers>();
      for (const [variable, value] of Object.entries(JSON.parse(bilan.answers) as Answers)) {
        const section = index.questions.get(variable)?.section.id ?? OUTSIDE_SECTIONS;
        bySection.set(section, { ...bySection.get(section), [variable]: value });
      }
      return [...bySection].map(([section, answers]) => ({ bilan_id: bilan.id, section, answers: JSON.stringify(answers) }));
    });
    // A few rows per insert: 3 parameters each, under SQLite's limit of bound parameters.
    for (let i = 0; i < rows.length; i += 300) await db.insertInto('bilan_sections').values(rows.slice(i, i + 300)).execute();
    if (page.length < PAGE) break;
    after = page[page.length - 1]!.id;
  }

  await db.schema.alterTable('bilans').dropColumn('answers').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('bilans').addColumn('answers', 'text', (c) => c.notNull().defaultTo('{}')).execute();
  const rows: { bilan_id: number; answers: string }[] = await db.selectFrom('bilan_sections').select(['bilan_id', 'answers']).orderBy('bilan_id').orderBy('section').execute();
  const byBilan = new Map<number, Answers>();
  for (const row of rows) byBilan.set(row.bilan_id, { ...byBilan.get(row.bilan_id), ...(JSON.parse(row.answers) as Answers) });
  for (const [id, answers] of byBilan) await db.updateTable('bilans').set({ answers: JSON.stringify(answers) }).where('id', '=', id).execute();
  await db.schema.dropTable('bilan_sections').execute();
}
