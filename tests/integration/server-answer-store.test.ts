/**
 * Answers stored per section (server/repositories/bilan-answers.repository.ts):
 * a save rewrites only the sections it changes, the migration from one JSON
 * text per bilan keeps every answer, and the WAL checkpoints run in a worker.
 */
import { Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/connection.ts';
import { migrationProvider } from '../../server/migrations/index.ts';
import { OUTSIDE_SECTIONS, readAnswers, splitBySection } from '../../server/repositories/bilan-answers.repository.ts';
import { getQuestionnaire, type Answers } from '../../survey-schema/index.ts';
import { createTestDatabase } from '../support/database.ts';
import { Client, completeAnswers, seedWorld, startTestServer, type TestServer } from './support/server.ts';

const q = getQuestionnaire();
const full = completeAnswers();
const sectionOfVariable = (variable: string) => q.sections.find((s) => s.questions.some((question) => question.variable === variable))!.id;

describe('a save', () => {
  let server: TestServer;
  let admin: Client;
  const rows = async () =>
    Object.fromEntries(
      (await server.app.db.selectFrom('bilan_sections').innerJoin('bilans', 'bilans.id', 'bilan_sections.bilan_id').select(['section', 'bilan_sections.answers']).where('bilans.clsm_id', '=', 'a2').execute()).map((r) => [
        r.section,
        r.answers,
      ]),
    );

  beforeAll(async () => {
    server = await startTestServer();
    await seedWorld(server);
    admin = await Client.as(server.app, 'admin');
  });
  afterAll(() => server.close());

  it('stores one row per answered section and rewrites only the sections it changes', async () => {
    let res = await admin.put('/api/bilans/a2/2025', { answers: full, version: 0 });
    expect(res.statusCode, res.body).toBe(200);
    const before = await rows();
    expect(Object.keys(before).sort()).toEqual([...splitBySection(q, full).keys()].sort());

    // The form posts its whole section, one answer changed.
    const section = sectionOfVariable('copil_nb_reunions');
    const page = Object.fromEntries(Object.entries(full).filter(([v]) => sectionOfVariable(v) === section));
    res = await admin.put('/api/bilans/a2/2025', { answers: { ...page, copil_nb_reunions: Number(full.copil_nb_reunions ?? 0) + 1 }, version: 1 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().changed).toEqual(['copil_nb_reunions']);
    const after = await rows();
    for (const s of Object.keys(before)) {
      if (s === section) expect(after[s]).not.toBe(before[s]);
      else expect(after[s], s).toBe(before[s]);
    }
    const id = (await server.app.db.selectFrom('bilans').select('id').where('clsm_id', '=', 'a2').executeTakeFirstOrThrow()).id;
    expect(await readAnswers(server.app.db, id)).toEqual({ ...full, copil_nb_reunions: Number(full.copil_nb_reunions ?? 0) + 1 });
  });

  it('removes the row of a section whose every answer is cleared', async () => {
    const section = q.sections.find((s) => s.questions.every((question) => question.variable !== 'consentement_ccoms') && Object.keys(full).some((v) => sectionOfVariable(v) === s.id))!;
    const cleared = Object.fromEntries(Object.keys(full).filter((v) => sectionOfVariable(v) === section.id).map((v) => [v, null]));
    const version = (await admin.get('/api/bilans/a2/2025')).json().version;
    expect((await admin.put('/api/bilans/a2/2025', { answers: cleared, version })).statusCode).toBe(200);
    expect(Object.keys(await rows())).not.toContain(section.id);
  });
});

describe('migration 2026-11-23-002 (answers per section)', () => {
  it('splits each stored JSON answer set by section, keeps unknown variables, and the way down gives the same JSON back', async () => {
    const database = await createTestDatabase();
    const { db } = openDatabase(database.target);
    try {
      const migrator = new Migrator({ db, provider: migrationProvider });
      expect((await migrator.migrateTo('2026-11-23-001-initial')).error).toBeUndefined();
      const legacy = db as unknown as import('kysely').Kysely<any>;
      const now = new Date().toISOString();
      await legacy.insertInto('clsm').values({ id: 'c1', nom: 'CLSM 1', region: 'R', departement: 'D', statut: 'actif', created_at: now, updated_at: now }).execute();
      await legacy.insertInto('campaigns').values({ annee: 2024, questionnaire_version: q.version, statut: 'ouverte', created_at: now, updated_at: now }).execute();
      const stored: Answers = { ...full, variable_d_une_ancienne_version: 'conservée' };
      for (const [clsm, answers] of [['c1', stored]] as const) {
        await legacy
          .insertInto('bilans')
          .values({ clsm_id: clsm, annee: 2024, questionnaire_version: q.version, answers: JSON.stringify(answers), version: 3, status: 'brouillon', created_at: now, updated_at: now })
          .execute();
      }

      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      const { id } = await db.selectFrom('bilans').select('id').executeTakeFirstOrThrow();
      expect(await readAnswers(db, id)).toEqual(stored);
      const outside = await db.selectFrom('bilan_sections').select('answers').where('section', '=', OUTSIDE_SECTIONS).executeTakeFirstOrThrow();
      expect(JSON.parse(outside.answers)).toEqual({ variable_d_une_ancienne_version: 'conservée' });

      expect((await migrator.migrateTo('2026-11-23-001-initial')).error).toBeUndefined();
      const back = await legacy.selectFrom('bilans').select('answers').executeTakeFirstOrThrow();
      expect(JSON.parse(back.answers)).toEqual(stored);
    } finally {
      await db.destroy();
      await database.drop();
    }
  });
});

