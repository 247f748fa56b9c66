/**
 * `npm run test:faults`: the real server, as a separate process, through the
 * faults a deployment meets. For each: the saves the server acknowledged
 * (answered 200), and how many are found after recovery — always all — and
 * `PRAGMA integrity_check`.
 *
 * 1. SIGKILL of the server while 20 coordinators autosave; restart.
 * 2. A database on a tiny tmpfs filled up (root and `mount` needed; skipped
 *    with a message otherwise): French 503, reads still served, the cause
 *    logged once; room made again, saves resume.
 * 3. A hot backup (`npm run cli -- backup`) during saves.
 * 4. Two server processes on one SQLite file racing on one bilan: one 200, one 409.
 *
 * Bounded in time: each fault has a deadline; the whole run takes about a minute.
 * See docs/faults.md.
 */
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, openSync, rmSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiClient, ANNEE, autosaver, clsmId, coordinator, envFor, foundInAudit, integrity, ROOT, seed, sleep, startServer } from './support.ts';

interface Outcome {
  fault: string;
  /** Skipped, with the reason. */
  skipped?: string;
  acknowledged?: number;
  found?: number;
  integrity?: string;
  /** Further checks of this fault, each true when it held. */
  checks?: Record<string, boolean>;
  details?: string;
}

const CLIENTS = 20;
const work = mkdtempSync(join(tmpdir(), 'bilan-clsm-pannes-'));

async function signedIn(url: string, count: number): Promise<ApiClient[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const client = new ApiClient(url);
      await client.login(coordinator(i + 1));
      return client;
    }),
  );
}

async function sigkill(): Promise<Outcome> {
  const file = join(work, 'kill', 'base.sqlite');
  mkdirSync(join(work, 'kill'));
  await seed(file, CLIENTS);
  const server = await startServer(file);
  const clients = await signedIn(server.url, CLIENTS);
  const text = (i: number) => (n: number) => `kill ${clsmId(i)} n°${n}`;
  const savers = clients.map((c, i) => autosaver(c, clsmId(i + 1), text(i + 1)));
  await sleep(2000);
  server.child.kill('SIGKILL');
  await once(server.child, 'exit');
  await Promise.all(savers.map((s) => s.stop()));
  const acks = savers.flatMap((s) => s.acks);
  // Restart: each bilan holds its last acknowledged text, or the next one (sent, stored, killed before the answer).
  const again = await startServer(file);
  let served = 0;
  try {
    for (const [i, saver] of savers.entries()) {
      const bilan = await clients[i]!.on(again.url).request('GET', `/api/bilans/${clsmId(i + 1)}/${ANNEE}`);
      const stored = (bilan.json.answers as Record<string, unknown> | undefined)?.terr_quartiers;
      if (bilan.status === 200 && [saver.acks.at(-1)?.value, text(i + 1)(saver.acks.length + 1)].includes(stored as string)) served++;
    }
  } finally {
    await again.stop();
  }
  return {
    fault: `SIGKILL du serveur pendant ${CLIENTS} sauvegardes automatiques, puis redémarrage`,
    acknowledged: acks.length,
    found: foundInAudit(file, acks),
    integrity: integrity(file),
    checks: { 'après redémarrage, chaque bilan montre sa dernière sauvegarde acquittée (ou la suivante, envoyée avant l’arrêt)': served === CLIENTS },
  };
}

async function fullDisk(): Promise<Outcome> {
  const fault = 'base sur un tmpfs de 8 Mo rempli';
  const dir = join(work, 'tmpfs');
  mkdirSync(dir);
  if (process.getuid?.() !== 0) return { fault, skipped: 'il faut être root pour monter un tmpfs (mount -t tmpfs)' };
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', dir], { stdio: 'pipe' });
  } catch (error) {
    return { fault, skipped: `montage refusé ici (${String((error as { stderr?: Buffer }).stderr ?? error).trim()}) : conteneur sans CAP_SYS_ADMIN ?` };
  }
  const file = join(dir, 'base.sqlite');
  const filler = join(dir, 'remplissage');
  let server;
  try {
    await seed(file, CLIENTS);
    server = await startServer(file);
    const clients = await signedIn(server.url, CLIENTS);
    const text = (i: number) => (n: number) => `tmpfs ${clsmId(i)} n°${n} `.padEnd(1800, '·');
    const savers = clients.map((c, i) => autosaver(c, clsmId(i + 1), text(i + 1)));
    await sleep(800);
    // Fill what is left of the tmpfs.
    const fd = openSync(filler, 'w');
    const block = Buffer.alloc(64 * 1024, 1);
    try {
      for (;;) writeSync(fd, block);
    } catch {
      // ENOSPC: full
    }
    try {
      for (;;) writeSync(fd, block.subarray(0, 512));
    } catch {
      // full to the last block
    }
    closeSync(fd);
    const refusedBefore = savers.reduce((n, s) => n + (s.refusals.get(503) ?? 0), 0);
    await sleep(2500);
    const refused = savers.reduce((n, s) => n + (s.refusals.get(503) ?? 0), 0) - refusedBefore;
    const readDuringFull = await clients[0]!.request('GET', `/api/bilans/${clsmId(1)}/${ANNEE}`);
    const messages = new Set(savers.flatMap((s) => [...s.messages]));
    rmSync(filler);
    const acksAtFree = savers.reduce((n, s) => n + s.acks.length, 0);
    await sleep(1500);
    await Promise.all(savers.map((s) => s.stop()));
    const acks = savers.flatMap((s) => s.acks);
    await server.stop();
    const logged = (server.output().match(/Espace disque insuffisant : la base refuse les écritures/g) ?? []).length;
    const other = new Set([...savers.flatMap((s) => [...s.refusals.keys()])].filter((s) => s !== 503));
    return {
      fault,
      acknowledged: acks.length,
      found: foundInAudit(file, acks),
      integrity: integrity(file),
      checks: {
        'écritures refusées par une 503 pendant que le disque est plein': refused > 0,
        'message « Espace disque insuffisant, réessayez plus tard »': [...messages].some((m) => m.startsWith('Espace disque insuffisant, réessayez plus tard')),
        'aucune autre erreur (ni 500)': other.size === 0,
        'lecture servie pendant que le disque est plein': readDuringFull.status === 200,
        'cause journalisée une seule fois': logged === 1,
        'sauvegardes reprises une fois de la place libérée': acks.length > acksAtFree,
      },
      details: `${refused} écriture(s) refusée(s) (503) disque plein ; cause journalisée ${logged} fois${other.size ? ` ; autres statuts : ${[...other].join(', ')}` : ''}`,
    };
  } finally {
    await server?.stop();
    try {
      execFileSync('umount', [dir], { stdio: 'pipe' });
    } catch {
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
    }
  }
}

async function hotBackup(): Promise<Outcome> {
  mkdirSync(join(work, 'backup'));
  const file = join(work, 'backup', 'base.sqlite');
  const copy = join(work, 'backup', 'copie.sqlite');
  await seed(file, CLIENTS);
  const server = await startServer(file);
  try {
    const clients = await signedIn(server.url, CLIENTS);
    const savers = clients.map((c, i) => autosaver(c, clsmId(i + 1), (n) => `sauvegarde ${clsmId(i + 1)} n°${n}`));
    await sleep(1000);
    const before = savers.flatMap((s) => [...s.acks]);
    const cli = spawn('npm', ['run', '-s', 'cli', '--', 'backup', copy], { cwd: ROOT, env: envFor(file), stdio: ['ignore', 'pipe', 'pipe'] });
    let cliOutput = '';
    cli.stdout.on('data', (d: Buffer) => (cliOutput += d.toString()));
    cli.stderr.on('data', (d: Buffer) => (cliOutput += d.toString()));
    const [code] = (await once(cli, 'exit')) as [number];
    await sleep(500);
    await Promise.all(savers.map((s) => s.stop()));
    const during = savers.reduce((n, s) => n + s.acks.length, 0) - before.length;
    return {
      fault: 'sauvegarde à chaud (npm run cli -- backup) pendant les sauvegardes automatiques',
      acknowledged: before.length,
      found: code === 0 ? foundInAudit(copy, before) : 0,
      integrity: code === 0 ? integrity(copy) : `la commande a échoué (${code}) : ${cliOutput}`,
      checks: { 'la commande réussit': code === 0, 'les sauvegardes continuent pendant la copie': during > 0, 'la base elle-même est saine': integrity(file) === 'ok' },
      details: `acquittés avant la copie, retrouvés dans la copie ; ${during} autres acquittés pendant et après`,
    };
  } finally {
    await server.stop();
  }
}

async function twoProcesses(): Promise<Outcome> {
  mkdirSync(join(work, 'deux'));
  const file = join(work, 'deux', 'base.sqlite');
  await seed(file, 1);
  const [a, b] = await Promise.all([startServer(file), startServer(file)]);
  const rounds = 20;
  const outcomes: string[] = [];
  const acks: Array<{ clsm: string; value: string }> = [];
  try {
    const [onA] = await signedIn(a!.url, 1);
    const onB = onA!.on(b!.url);
    let version = 0;
    for (let round = 1; round <= rounds; round++) {
      const values = [`A n°${round}`, `B n°${round}`];
      const [ra, rb] = await Promise.all([
        onA!.request('PUT', `/api/bilans/${clsmId(1)}/${ANNEE}`, { answers: { terr_quartiers: values[0] }, version }),
        onB.request('PUT', `/api/bilans/${clsmId(1)}/${ANNEE}`, { answers: { terr_quartiers: values[1] }, version }),
      ]);
      outcomes.push(`${ra.status}/${rb.status}`);
      for (const [r, value] of [[ra, values[0]], [rb, values[1]]] as const) {
        if (r.status === 200) {
          acks.push({ clsm: clsmId(1), value: value! });
          version = r.json.version as number;
        }
      }
    }
  } finally {
    await Promise.all([a!.stop(), b!.stop()]);
  }
  const oneEach = outcomes.filter((o) => o === '200/409' || o === '409/200').length;
  return {
    fault: `deux processus serveur sur un même fichier SQLite, ${rounds} courses sur un même bilan`,
    acknowledged: acks.length,
    found: foundInAudit(file, acks),
    integrity: integrity(file),
    checks: { 'chaque course : un 200 et un 409': oneEach === rounds },
    details: `issues (A/B) : ${[...new Set(outcomes)].map((o) => `${o} × ${outcomes.filter((x) => x === o).length}`).join(', ')}`,
  };
}

/** A fault that takes longer than its deadline fails (and its processes are stopped by their own cleanup). */
async function bounded(name: string, run: () => Promise<Outcome>, ms: number): Promise<Outcome> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Outcome>((resolve) => {
    timer = setTimeout(() => resolve({ fault: name, integrity: `délai de ${ms / 1000} s dépassé` }), ms);
  });
  try {
    return await Promise.race([run().catch((error: unknown) => ({ fault: name, integrity: `erreur : ${error instanceof Error ? error.stack : String(error)}` })), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const started = Date.now();
const outcomes: Outcome[] = [];
for (const [name, run] of [
  ['SIGKILL', sigkill],
  ['disque plein', fullDisk],
  ['sauvegarde à chaud', hotBackup],
  ['deux processus', twoProcesses],
] as const) {
  const outcome = await bounded(name, run, 90_000);
  outcomes.push(outcome);
  const ok = isOk(outcome);
  process.stdout.write(`\n${ok ? '✔' : '✘'} ${outcome.fault}\n`);
  if (outcome.skipped) process.stdout.write(`  IGNORÉ : ${outcome.skipped}\n`);
  else {
    process.stdout.write(`  enregistrements acquittés : ${outcome.acknowledged ?? '?'} ; retrouvés après reprise : ${outcome.found ?? '?'}\n`);
    process.stdout.write(`  integrity_check : ${outcome.integrity}\n`);
    for (const [check, held] of Object.entries(outcome.checks ?? {})) process.stdout.write(`  ${held ? '✔' : '✘'} ${check}\n`);
    if (outcome.details) process.stdout.write(`  ${outcome.details}\n`);
  }
}

function isOk(o: Outcome): boolean {
  if (o.skipped) return true;
  return o.acknowledged !== undefined && o.acknowledged > 0 && o.found === o.acknowledged && o.integrity === 'ok' && Object.values(o.checks ?? {}).every(Boolean);
}

rmSync(work, { recursive: true, force: true });
const failed = outcomes.filter((o) => !isOk(o));
process.stdout.write(`\n${outcomes.length - failed.length}/${outcomes.length} pannes passées${outcomes.some((o) => o.skipped) ? ' (dont ignorées : ' + outcomes.filter((o) => o.skipped).length + ')' : ''} en ${Math.round((Date.now() - started) / 1000)} s\n`);
process.exitCode = failed.length ? 1 : 0;
