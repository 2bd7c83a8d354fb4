/**
 * `npm run bench`: performance figures, measured and printed (never asserted in tests).
 *
 *  - wall and CPU time of a full run of every suite against the bundled references (the CLI, as a
 *    user runs it), and the per-check overhead of the harness;
 *  - the receiver's throughput: events per second received and validated against the spec schema,
 *    with 1, 16 and 256 concurrent senders on loopback (senders in their own thread);
 *  - a soak of 100,000 events through the receiver: lost events and memory growth;
 *  - peak memory.
 *  - bounded runs: operator-api against a server broken on one method, against a healthy run;
 *  - generated versus scenario checks on the mutants made for the generated checks.
 * Goals (issue 6): all suites in under 10 s of wall time on 2 cores; at least 10,000 validated events/s.
 *
 * `npm run bench -- SECTION…` runs only the named sections: runs, bounded, generated, receiver, soak.
 */
import { spawn } from 'node:child_process';
import { readFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Receiver } from '../harness/receiver/receiver.ts';
import { SpecValidators } from '../harness/validation/validators.ts';
import type { RunResults } from '../harness/report/results.ts';
import { DEFAULT_SUITES, SUITE_IDS } from '../harness/config/run-config.ts';
import { startHostile, type Pathology } from '../test/hostile/servers.ts';
import { generatedVersusScenarios } from './generated-vs-scenario.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const TICKS = 100; // Linux USER_HZ: /proc/<pid>/stat times are in these.

/** CPU seconds used by this process's waited-for children so far (Linux /proc). */
function childrenCpuSeconds(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) / TICKS; // cutime + cstime
  } catch {
    return NaN;
  }
}

async function cliRun(args: string[]): Promise<{ wallMs: number; cpuS: number; results?: RunResults }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cc-bench-'));
  const cpu0 = childrenCpuSeconds();
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'bin/channel-conformance.mjs'), 'run', ...args, '--report', dir], { stdio: 'ignore', cwd: root });
    child.on('error', reject);
    child.on('exit', () => resolve());
  });
  const wallMs = performance.now() - t0;
  const cpuS = childrenCpuSeconds() - cpu0;
  const file = path.join(dir, 'results.json');
  const results = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as RunResults) : undefined;
  rmSync(dir, { recursive: true, force: true });
  return { wallMs, cpuS, results };
}

async function throughput(
  concurrency: number,
  total: number,
  keep: boolean,
): Promise<{ perSecond: number; lost: number; invalid: number; rssGrowthMb: number }> {
  const receiver = await Receiver.start({ host: '127.0.0.1', port: 0, bodyLimit: 1024 * 1024, keep });
  const validators = new SpecValidators('operator-api');
  const url = receiver.endpoint('webhook', `/chatadapter/chatapi/webhook/operatorapi/${Receiver.secret()}`);
  let validated = 0;
  let invalid = 0;
  receiver.onDelivery((d) => {
    if (validators.validate('TextMessageEvent', d.json, 'event body').length === 0) validated++;
    else invalid++;
  });
  global.gc?.();
  const rss0 = process.memoryUsage().rss;
  const t0 = performance.now();
  const result = await new Promise<{ sent: number; failed: number }>((resolve, reject) => {
    const w = new Worker(new URL('./sender-worker.mjs', import.meta.url), { workerData: { url, total, concurrency } });
    w.once('message', resolve);
    w.once('error', reject);
  });
  const seconds = (performance.now() - t0) / 1000;
  global.gc?.();
  const rssGrowthMb = (process.memoryUsage().rss - rss0) / 1024 / 1024;
  await receiver.close();
  return { perSecond: validated / seconds, lost: result.sent - validated - invalid, invalid, rssGrowthMb };
}

function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

const SECTIONS = ['runs', 'bounded', 'generated', 'receiver', 'soak'] as const;
const asked = process.argv.slice(2);
const unknown = asked.filter((a) => !(SECTIONS as readonly string[]).includes(a));
if (unknown.length) {
  console.error(`bench: unknown section ${unknown.join(', ')}; the sections are ${SECTIONS.join(', ')}`);
  process.exit(2);
}
const wanted = (s: (typeof SECTIONS)[number]) => asked.length === 0 || asked.includes(s);

const suites = SUITE_IDS.filter((s) => existsSync(path.join(root, 'suites', s)));
console.log(
  `channel-conformance bench — ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}, ${os.platform()} ${os.arch()}`,
);
console.log('');

if (wanted('runs')) {
  console.log('Full runs against the bundled references (the CLI, as a user runs it):');
  const single = await cliRun(['operator-api', '--grep', 'getDestinations.answers-200-json']);
  console.log(`  startup (one check):          ${fmt(single.wallMs)} ms wall, ${fmt(single.cpuS, 2)} s CPU`);
  for (const s of suites) {
    const r = await cliRun([s]);
    console.log(
      `  ${s.padEnd(28)} ${fmt(r.wallMs)} ms wall, ${fmt(r.cpuS, 2)} s CPU, ${r.results?.summary.total ?? 0} checks (${r.results?.summary.passed ?? 0} passed)`,
    );
  }
  const three = await cliRun([]);
  console.log(
    `  default run (${DEFAULT_SUITES.join(', ')}): ${fmt(three.wallMs)} ms wall, ${fmt(three.cpuS, 2)} s CPU, ${three.results?.summary.total ?? 0} checks — goal: under 10,000 ms`,
  );
  const all = await cliRun(suites);
  const checks = all.results?.checks ?? [];
  const checkTime = checks.reduce((a, c) => a + c.durationMs, 0);
  console.log(`  all ${suites.length} suites: ${fmt(all.wallMs)} ms wall, ${fmt(all.cpuS, 2)} s CPU, ${checks.length} checks`);
  const durations = checks.map((c) => c.durationMs).sort((a, b) => a - b);
  const median = durations.length ? durations[Math.floor(durations.length / 2)] : NaN;
  console.log(`  time inside checks: ${fmt(checkTime)} ms in all, of which waits for deliveries and quiet windows are most`);
  console.log(
    `  per-check overhead of the harness: median check ${fmt(median)} ms (most checks make 1-4 loopback requests; that is fixtures, capture, validation and reporting)`,
  );
  console.log('');
}

if (wanted('bounded')) {
  console.log('Bounded runs: operator-api against a server broken on one method (--timeout 5000, the default):');
  const healthyRun = await cliRun(['operator-api']);
  console.log(`  healthy (the reference):                 ${fmt(healthyRun.wallMs)} ms wall`);
  for (const [pathology, method] of [
    ['trickle', 'selectDestination'],
    ['hang', 'selectDestination'],
    ['form-events', 'setWebhook'],
  ] as Array<[Pathology, string]>) {
    const h = await startHostile(pathology, method);
    const r = await cliRun(['operator-api', '--target', h.target, '--driver', h.driver]);
    await h.close();
    const bound = 2 * healthyRun.wallMs + 5000;
    console.log(
      `  ${`${method} ${pathology}:`.padEnd(40)} ${fmt(r.wallMs)} ms wall (${fmt(r.wallMs / healthyRun.wallMs, 1)}× healthy; goal: at most 2 × healthy + one budget = ${fmt(bound)} ms)`,
    );
  }
  console.log('');
}

if (wanted('generated')) {
  await generatedVersusScenarios(['operator-api', 'chat-api', 'omnichannel'], fmt);
  console.log('');
}

if (wanted('receiver')) {
  console.log('Receiver throughput (events received and validated against TextMessageEvent, loopback):');
  for (const c of [1, 16, 256]) {
    const total = c === 1 ? 5_000 : 20_000;
    const r = await throughput(c, total, false);
    console.log(
      `  ${String(c).padStart(3)} concurrent senders: ${fmt(r.perSecond)} events/s (${fmt(total)} events, ${r.lost} lost, ${r.invalid} invalid) — goal: at least 10,000/s`,
    );
  }
  console.log('');
}

if (wanted('soak')) {
  console.log('Soak: 100,000 events through the receiver (counting, not keeping):');
  const soak = await throughput(64, 100_000, false);
  console.log(`  ${fmt(soak.perSecond)} events/s, ${soak.lost} lost, ${soak.invalid} invalid, resident memory change ${fmt(soak.rssGrowthMb, 1)} MB`);
  const soak2 = await throughput(64, 100_000, false);
  console.log(
    `  again: ${fmt(soak2.perSecond)} events/s, ${soak2.lost} lost, resident memory change ${fmt(soak2.rssGrowthMb, 1)} MB (memory must not grow with the event count)`,
  );
  console.log('');
}
console.log(`Peak memory of this process: ${fmt(process.resourceUsage().maxRSS / 1024, 0)} MB`);
