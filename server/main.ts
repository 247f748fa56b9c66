/** Starts the server: migrations, demo data on an empty database, listen, graceful close. */
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { demoAccountsText, isEmptyDatabase, seedDemo } from './demo/seed.ts';

const config = loadConfig();
const app = await buildApp(config);
const log = { info: (m: string) => app.log.info(m), warn: (m: string) => app.log.warn(m) };

if (config.demo && (await isEmptyDatabase(app.services))) {
  process.stdout.write(`Base vide (${config.databasePath}) : chargement des données de démonstration…\n`);
  await seedDemo(app.services, log);
}

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    app.log.info(`${signal} reçu : arrêt propre`);
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

await app.listen({ host: config.host, port: config.port });
const address = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;
process.stdout.write(`\nBilan CLSM : ${address}  (API : ${address}/api/docs)\n`);
if (config.demo) process.stdout.write(`${demoAccountsText()}\n\n`);
