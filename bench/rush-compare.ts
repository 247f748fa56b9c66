/**
 * `npm run bench:rush:postgres`: bench/rush.ts twice — SQLite with one
 * server, then PostgreSQL with RUSH_INSTANCES servers (default 2) on one
 * database — and their main figures side by side. Each run's own report is
 * printed as it ends; the RUSH_* settings apply to both.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface Tally {
  n: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
}
interface Figures {
  database: string;
  instances: number;
  saves: { A: Tally; B: Tally };
  ratio: number;
  pages: Record<string, Tally>;
  loop: { A?: number; B?: number };
  errors: number;
  lost: number;
  checked: number;
  dashboard: { cold: number; warm: number; afterSave: number; floor: number };
}

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'bilan-clsm-rush-compare-'));
const runs: Figures[] = [];
try {
  for (const database of ['sqlite', 'postgres'] as const) {
    const json = join(dir, `${database}.json`);
    const res = spawnSync(process.execPath, ['--import', 'tsx', 'bench/rush.ts'], { cwd: root, stdio: 'inherit', env: { ...process.env, RUSH_DATABASE: database, RUSH_JSON: json } });
    if (res.status !== 0) throw new Error(`bench/rush.ts (${database}) s'est arrêté (code ${res.status})`);
    runs.push(JSON.parse(readFileSync(json, 'utf8')) as Figures);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const f = (x: number | undefined, digits = 0) => (x === undefined || x === null || Number.isNaN(x) ? '—' : x.toFixed(digits));
const [a, b] = runs as [Figures, Figures];
const title = (r: Figures) => (r.database === 'sqlite' ? 'SQLite, 1 instance' : `PostgreSQL, ${r.instances} instances`);
const line = (label: string, x: string, y: string) => process.stdout.write(`${label.padEnd(44)} ${x.padStart(22)} ${y.padStart(24)}\n`);
const tally = (t: Tally | undefined) => (t ? `${f(t.p50)} / ${f(t.p99)} ms (${t.n}${t.errors ? `, ${t.errors} err.` : ''})` : '—');

process.stdout.write('\nBanc « rush » : SQLite et PostgreSQL côte à côte (p50 / p99, nombre de requêtes)\n');
line('', title(a), title(b));
line('Enregistrements, phase A (sans analystes)', tally(a.saves.A), tally(b.saves.A));
line('Enregistrements, phase B (avec analystes)', tally(a.saves.B), tally(b.saves.B));
line('Rapport p99 B / p99 A', f(a.ratio, 2), f(b.ratio, 2));
for (const name of Object.keys(a.pages)) line(`Analystes : ${name}`, tally(a.pages[name]), tally(b.pages[name]));
line('Boucle d’événements p99, phase A / B (ms)', `${f(a.loop.A, 1)} / ${f(a.loop.B, 1)}`, `${f(b.loop.A, 1)} / ${f(b.loop.B, 1)}`);
line('Erreurs', String(a.errors), String(b.errors));
line('Enregistrements perdus', `${a.lost} / ${a.checked}`, `${b.lost} / ${b.checked}`);
line('Tableau de bord à froid (ms)', f(a.dashboard.cold), f(b.dashboard.cold));
line('Tableau de bord à chaud (ms)', f(a.dashboard.warm, 1), f(b.dashboard.warm, 1));
line('Tableau de bord après un enregistrement (ms)', f(a.dashboard.afterSave), f(b.dashboard.afterSave));
line('Plancher : lecture + JSON.parse (ms)', f(a.dashboard.floor, 1), f(b.dashboard.floor, 1));
