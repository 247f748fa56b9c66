/**
 * Backups on PostgreSQL: `pg_dump --format=custom` and `pg_restore` into an
 * empty database, as docs/operations-postgresql.md shows; the restored
 * database serves the same bilan. (SQLite: `cli backup`, tested in
 * server-demo-cli.test.ts.)
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { testConfig } from '../../server/config.ts';
import { postgresBinDir } from '../../scripts/postgres-cluster.ts';
import { createPostgresDatabase, dropPostgresDatabase, onPostgres, postgresUrl } from '../support/database.ts';
import { Client, completeAnswers, seedWorld, startTestServer } from './support/server.ts';

describe.skipIf(!onPostgres)('PostgreSQL backup (pg_dump, pg_restore)', () => {
  it('a dump restored into an empty database serves the same bilan, its history and its comments', async () => {
    const server = await startTestServer();
    const restoredName = await createPostgresDatabase('bilan_restauree');
    try {
      await seedWorld(server);
      const coord = await Client.as(server.app, 'coordA1');
      const saved = await coord.put('/api/bilans/a1/2025', { answers: completeAnswers(), version: 0 });
      expect((await coord.post('/api/bilans/a1/2025/submit', { version: saved.json().version })).statusCode).toBe(200);
      const ars = await Client.as(server.app, 'arsR1');
      expect((await ars.post('/api/bilans/a1/2025/return', { comments: [{ variable: null, message: 'Merci de préciser le budget.' }] })).statusCode).toBe(200);
      const before = (await coord.get('/api/bilans/a1/2025')).json();

      const bin = process.env.POSTGRES_BIN || postgresBinDir();
      const dump = join(server.dir, 'bilan-clsm.dump');
      execFileSync(join(bin, 'pg_dump'), ['--format=custom', `--file=${dump}`, server.config.databaseUrl!]);
      execFileSync(join(bin, 'pg_restore'), ['--no-owner', `--dbname=${postgresUrl(restoredName)}`, dump]);

      const restored = await buildApp(testConfig({ databasePath: join(server.dir, 'inutilisee.sqlite'), databaseUrl: postgresUrl(restoredName) }));
      try {
        const reader = await Client.as(restored, 'coordA1');
        const after = (await reader.get('/api/bilans/a1/2025')).json();
        expect(after).toEqual(before);
        expect(after.statut).toBe('renvoye');
        expect(after.comments.map((c: { message: string }) => c.message)).toEqual(['Merci de préciser le budget.']);
        const history = (await reader.get('/api/bilans/a1/2025/historique?limit=500')).json();
        expect(history).toEqual((await coord.get('/api/bilans/a1/2025/historique?limit=500')).json());
        // Work goes on there: the correction is saved, its audit entries numbered after the restored ones (sequences restored too).
        const correction = await reader.put('/api/bilans/a1/2025', { answers: { copil_nb_reunions: (after.answers.copil_nb_reunions ?? 0) + 1 }, version: after.version });
        expect(correction.statusCode, correction.body).toBe(200);
        expect((await reader.get('/api/bilans/a1/2025/historique?limit=500')).json().length).toBe(history.length + 1);
      } finally {
        await restored.close();
      }
    } finally {
      await server.close();
      await dropPostgresDatabase(restoredName);
    }
  }, 60_000);
});
