/**
 * `tsx scripts/with-postgres.ts <commande…>`: runs a command with a throwaway
 * PostgreSQL cluster (scripts/postgres-cluster.ts), then stops it whatever
 * the command's outcome. The command gets:
 * - TEST_POSTGRES_URL: the superuser on the maintenance database; the test
 *   harness creates one database per test server from it;
 * - POSTGRES_BIN: the folder of pg_dump and pg_restore.
 */
import { spawn } from 'node:child_process';
import { startCluster } from './postgres-cluster.ts';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  process.stderr.write('Usage : tsx scripts/with-postgres.ts <commande> [arguments…]\n');
  process.exit(2);
}

const cluster = await startCluster();
process.stderr.write(`PostgreSQL de test : port ${cluster.port} (${cluster.binDir})\n`);
const child = spawn(command, args, {
  stdio: 'inherit',
  shell: false,
  env: { ...process.env, TEST_POSTGRES_URL: cluster.adminUrl, POSTGRES_BIN: cluster.binDir, PATH: `${process.cwd()}/node_modules/.bin:${process.env.PATH}` },
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  cluster.stop();
  process.exit(code ?? (signal ? 1 : 0));
});
