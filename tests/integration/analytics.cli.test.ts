/** `npm run cli -- indicators` and `report` on a database holding the Céapsy 2021 fixture. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { testConfig } from '../../server/config.ts';
import { SYSTEM_USER } from '../../server/domain/access.ts';

const dir = mkdtempSync(join(tmpdir(), 'bilan-clsm-analytics-cli-'));
const databasePath = join(dir, 'db.sqlite');
const root = new URL('../../', import.meta.url).pathname;
const cli = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], { cwd: root, env: { ...process.env, DATABASE_PATH: databasePath }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

beforeAll(async () => {
  const app = await buildApp(testConfig({ databasePath }));
  const fixture = (file: string) => readFileSync(new URL(`../../fixtures/ceapsy-2021/${file}`, import.meta.url));
  expect((await app.services.clsm.importCsv(SYSTEM_USER, fixture('registry.csv'))).ok).toBe(true);
  expect((await app.services.exchange.importCsv(SYSTEM_USER, fixture('bilans.csv'), { statut: 'valide' })).ok).toBe(true);
  await app.close();
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

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
    const out = join(dir, 'rapport');
    const res = cli('report', '--annee', '2020', '--region', '11', '--out', out);
    expect(res.status, res.stderr).toBe(0);
    expect(existsSync(join(out, 'etat-des-lieux-2020.html'))).toBe(true);
    expect(readFileSync(join(out, 'etat-des-lieux-2020.html'), 'utf8')).toContain('16 bilans');
    expect(readFileSync(join(out, 'etat-des-lieux-2020.csv'), 'utf8').startsWith('\uFEFFindicateur;')).toBe(true);
    const bad = cli('indicators', '--split', 'commune');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('Découpage inconnu : commune');
  }, 60_000);
});
