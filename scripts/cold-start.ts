/**
 * Cold start of the CLI: the time from the command to its first check line ("1/52 ✓ MUST …"), which is
 * what a person waits through before anything happens, and what the choice of shipping compiled
 * JavaScript rather than compiling TypeScript at every start (bin/channel-conformance.mjs) rests on.
 *
 *   npx tsx scripts/cold-start.ts [--runs N] [--cwd DIR] [--clear DIR]... -- COMMAND ARG...
 *
 * --clear empties a folder before each run (a transform cache: Playwright's or tsx's, under the temp
 * folder) to time the very first start after an install. Prints each run and the median; the run is
 * stopped once the first check line is seen. Timing is for reading, never asserted by a test.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: 'string', default: '5' }, cwd: { type: 'string' }, clear: { type: 'string', multiple: true } },
});
if (positionals.length === 0) {
  process.stderr.write('usage: npx tsx scripts/cold-start.ts [--runs N] [--cwd DIR] [--clear DIR]... -- COMMAND ARG...\n');
  process.exit(2);
}
const FIRST_CHECK = /^\s*\d+\/\d+ \S+ (MUST|SHOULD) /m;

function once(): Promise<number> {
  for (const d of values.clear ?? []) rmSync(d, { recursive: true, force: true });
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(positionals[0], positionals.slice(1), {
      cwd: values.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FORCE_COLOR: '0' },
    });
    let out = '';
    let seen: number | undefined;
    child.stdout.on('data', (d) => {
      out += d;
      if (seen === undefined && FIRST_CHECK.test(out)) {
        seen = Number(process.hrtime.bigint() - started) / 1e6;
        child.kill('SIGTERM'); // the CLI forwards it to Playwright and stops its references
      }
    });
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', () => (seen === undefined ? reject(new Error(`no check line:\n${out.slice(-500)}`)) : resolve(seen)));
  });
}

const times: number[] = [];
for (let i = 0; i < Number(values.runs); i++) {
  const ms = await once();
  times.push(ms);
  process.stdout.write(`run ${i + 1}: ${ms.toFixed(0)} ms to the first check line\n`);
}
const sorted = [...times].sort((a, b) => a - b);
process.stdout.write(
  `median ${sorted[Math.floor(sorted.length / 2)].toFixed(0)} ms, min ${sorted[0].toFixed(0)} ms, max ${sorted[sorted.length - 1].toFixed(0)} ms over ${times.length} runs\n`,
);
