/** The command line's entry (`npm run cli -- …`): see server/cli/program.ts. */
import { runCli } from './cli/program.ts';

// A reader that stops early (`| head`) closes the pipe: nothing more to write, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exitCode ??= 0;
  process.stdout.destroy();
});

// exitCode rather than exit(): the process ends once standard output is flushed (a pipe is never cut).
runCli(process.argv.slice(2), { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`Erreur : ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
