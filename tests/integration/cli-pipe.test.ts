/**
 * The command line through a pipe, as `npm run cli -- codebook --format json | jq …`
 * runs it: the whole output arrives (more than a pipe's 64 KiB buffer, read
 * by a slow reader) with exit code 0, and a reader that stops early is not an error.
 */
import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { buildCodebook, getQuestionnaire } from '../../survey-schema/index.ts';
import { instruments } from '../../survey-schema/instruments/index.ts';

const shell = (pipeline: string) =>
  spawnSync('bash', ['-c', `set -o pipefail; ${pipeline}`], { cwd: new URL('../..', import.meta.url).pathname, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 60_000 });

it('codebook --format json | a slow reader: the whole JSON, exit code 0', () => {
  // The reader waits a second before reading: the pipe fills up and the CLI must wait for it, not exit.
  const run = shell('npm run -s cli -- codebook --format json | (sleep 1; cat)');
  expect(run.status, run.stderr).toBe(0);
  expect(run.stdout.length).toBeGreaterThan(64 * 1024);
  expect(JSON.parse(run.stdout)).toEqual(JSON.parse(JSON.stringify(buildCodebook(getQuestionnaire(), instruments))));
});

it('codebook | head: the reader stops early, the CLI stops quietly', () => {
  const run = shell('npm run -s cli -- codebook --format csv | head -c 100');
  expect(run.status, run.stderr).toBe(0);
  expect(run.stdout.startsWith('\uFEFFvariable;')).toBe(true);
  expect(run.stderr).not.toMatch(/EPIPE|Error/);
});
