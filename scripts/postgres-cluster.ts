/**
 * A throwaway PostgreSQL cluster for tests and benchmarks: Debian's
 * PostgreSQL (`apt-get install -y postgresql`), `initdb` into a fresh
 * temporary folder, started on a free port of 127.0.0.1, stopped and removed
 * by `stop()`. PostgreSQL refuses to run as root: when we are root, the
 * folder belongs to the `postgres` user and the server runs as that user.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Cluster {
  /** `postgres://postgres@127.0.0.1:PORT/postgres`: the superuser on the maintenance database (creates databases). */
  adminUrl: string;
  port: number;
  /** The folder of the PostgreSQL programs (pg_dump, pg_restore). */
  binDir: string;
  stop(): void;
}

/** The newest installed PostgreSQL's programs, or a French error telling how to install it. */
export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a)) : [];
  if (!versions.length) throw new Error('PostgreSQL est introuvable (/usr/lib/postgresql/*/bin) : installez-le avec « apt-get install -y postgresql ».');
  return join(root, versions[0]!, 'bin');
}

/** A TCP port of 127.0.0.1 free right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

export async function startCluster(): Promise<Cluster> {
  const binDir = postgresBinDir();
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'bilan-clsm-pg-'));
  chmodSync(dir, 0o700);
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    chownSync(dir, uid, gid);
  }
  const run = (program: string, args: string[]) => {
    const command = [join(binDir, program), ...args].map(quote).join(' ');
    const res = asRoot ? spawnSync('su', ['postgres', '-s', '/bin/sh', '-c', command], { encoding: 'utf8' }) : spawnSync('/bin/sh', ['-c', command], { encoding: 'utf8' });
    if (res.status !== 0) {
      const log = existsSync(join(dir, 'server.log')) ? readFileSync(join(dir, 'server.log'), 'utf8') : '';
      throw new Error(`${program} a échoué (${res.status}) :\n${res.stdout}${res.stderr}${log}`);
    }
  };
  const data = join(dir, 'data');
  const port = await freePort();
  // C.UTF-8: byte order, as SQLite sorts; no fsync: a test cluster is thrown away.
  run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  const options = [`-p ${port}`, '-c listen_addresses=127.0.0.1', `-c unix_socket_directories=${dir}`, '-c max_connections=300', '-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off'];
  run('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-o', options.join(' '), '-w', '-t', '60', 'start']);
  let stopped = false;
  return {
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    binDir,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
