/** Starts the server: migrations, demo data on an empty database, listen, graceful close. */
import { buildApp } from './app.ts';
import { databaseLabel, loadConfig } from './config.ts';
import { demoAccountsText, isEmptyDatabase, seedDemo } from './demo/seed.ts';

const config = loadConfig();
const say = (m: string) => process.stdout.write(`${m}\n`);
// Under the start-up lock: of several instances starting together on an empty database, one loads the demonstration.
const app = await buildApp(config, {
  startup: async (services) => {
    if (!config.demo || !(await isEmptyDatabase(services))) return;
    say(`Base vide (${databaseLabel(config)}) : chargement des données de démonstration…`);
    await seedDemo(services, { info: say, warn: say });
  },
});

// The legal pages must name this deployment's publisher, host and contacts (docs/personal-data.md).
if (config.env === 'production' && config.site.placeholders.length) {
  app.log.warn(`Mentions légales incomplètes : définissez ${config.site.placeholders.join(', ')} (les pages publiques affichent des valeurs de démonstration).`);
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
