/** `npm run cli -- indicators` and `report` on a database holding the Céapsy 2021 fixture. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { testConfig } from '../../server/config.ts';
import { runCli } from '../../server/cli/program.ts';
import { importDataset } from './support/datasets.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let database: TestDatabase;
const root = new URL('../../', import.meta.url).pathname;
const cli = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], { cwd: root, env: { ...process.env, ...database.env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

beforeAll(async () => {
  database = await createTestDatabase();
  const app = await buildApp(testConfig(database.target));
  // A 2026.1 dataset: its campagne pinned to 2026.1 before the import.
  expect(await importDataset(app.services, 'ceapsy-2021')).toEqual({ registry: true, bilans: true });
  await app.close();
}, 60_000);
afterAll(() => database.drop());

describe('CLI analytics', () => {
  it('prints the catalogue as JSON, split by period, with the published Céapsy figures', () => {
    const res = cli('indicators', '--annee', '2020', '--split', 'periode_creation', '--format', 'json');
    expect(res.status, res.stderr).toBe(0);
    const { indicators } = JSON.parse(res.stdout) as { indicators: Record<string, unknown>[] };
    expect(indicators.length).toBeGreaterThan(500);
    expect(indicators).toContainEqual({ id: 'participation_usagers__copil', group: { periode_creation: 'depuis_2016' }, category: 'oui', n: 5, N: 7, pct: 71.43 });
    for (const row of indicators.filter((r) => r.value === undefined)) expect(Object.keys(row)).toEqual(['id', 'group', 'category', 'n', 'N', 'pct']);
  }, 60_000);

  it('writes the état des lieux (HTML and CSV) and refuses bad arguments in French', () => {
    const out = join(database.dir, 'rapport');
    const res = cli('report', '--annee', '2020', '--region', '11', '--out', out);
    expect(res.status, res.stderr).toBe(0);
    expect(existsSync(join(out, 'etat-des-lieux-2020-11.html'))).toBe(true);
    const html = readFileSync(join(out, 'etat-des-lieux-2020-11.html'), 'utf8');
    // The document of the page: cover, summary, chapters, methodology, Marianne embedded.
    expect(html).toContain('16 bilans');
    expect(html).toContain('Année 2020 — Île-de-France');
    for (const id of ['synthese', 'coordination', 'effet-2016', 'methodologie']) expect(html).toContain(`id="${id}"`);
    expect(html).toContain('data:font/woff2;base64,');
    expect(readFileSync(join(out, 'etat-des-lieux-2020-11.csv'), 'utf8').startsWith('\uFEFFindicateur;')).toBe(true);
    const bad = cli('indicators', '--split', 'commune');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('Découpage inconnu : commune');
  }, 60_000);

  it('prints the open data with --public: France and its régions, consented bilans only, masked; refuses a région', async () => {
    // In this process (runCli), on the same database: one tsx start-up less than a spawned CLI.
    const saved = { ...process.env };
    Object.assign(process.env, database.env);
    const out: string[] = [];
    const err: string[] = [];
    const run = (...argv: string[]) => runCli(argv, { out: (t) => out.push(String(t)), err: (t) => err.push(t) });
    try {
      expect(await run('indicators', '--public', '--format', 'json'), err.join('')).toBe(0);
      const json = JSON.parse(out.join('')) as { annee: number; bilans: number; indicators: Array<{ id: string; group: Record<string, string>; category: string; n: number | null; N: number | null }> };
      expect(json.annee).toBe(2020);
      const consent = json.indicators.find((r) => r.id === 'consentement_ccoms' && Object.keys(r.group).length === 0)!;
      expect(consent.n).toBe(consent.N);
      expect(consent.N).toBe(json.bilans);
      // No published count of 1 to 4.
      for (const r of json.indicators) if (r.n !== null) expect(r.n === 0 || r.n >= 5, `${r.id} ${r.category} ${r.n}`).toBe(true);
      expect(await run('indicators', '--public', '--region', '11')).toBe(2);
      expect(err.join('')).toContain('--public publie la France et ses régions');
    } finally {
      process.env = saved;
    }
  }, 60_000);
});
