/**
 * The server of `npm run bench:rush`, in a child process of its own so that
 * the load generator does not share its event loop: what `npm start` runs
 * (loadConfig from the environment, buildApp, listen), on the port given
 * (0: any free one), without the demonstration. It tells its parent the port
 * once listening; on request it reports the delay of its event loop since the
 * last report (how long a request could wait behind another's work).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';

export interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
}

export type ServerMessage = { port: number } | { loop: LoopDelay };

const config = loadConfig();
const app = await buildApp(config);
const RESOLUTION_MS = 10;
const delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
delay.enable();

const send = (message: ServerMessage) => process.send?.(message);
/** The histogram holds the timer's whole interval: the delay is what exceeds the resolution. */
const ms = (ns: number) => Math.max(0, ns / 1e6 - RESOLUTION_MS);
process.on('message', (message) => {
  if (message !== 'loop') return;
  send({ loop: { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) } });
  delay.reset();
});
process.on('SIGTERM', () => {
  app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});

await app.listen({ host: config.host, port: config.port });
// As npm start: the analytics thread loads on listen. Ready here before the bench starts, so a "cold"
// dashboard measures computing from the stored rows, not loading modules (which no analyst meets after warm-up).
await app.analyticsReady();
send({ port: (app.server.address() as AddressInfo).port });
