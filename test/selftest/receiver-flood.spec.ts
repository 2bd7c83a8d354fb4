import { test, expect } from '@playwright/test';
import http from 'node:http';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { startReference } from '../../reference/index.ts';
import { cleanup, outcome, runCli } from './cli.ts';

/**
 * The hardened receiver (issue 6, part 2): 10,000 junk requests sent to the receiver while a real
 * operator-api run against the bundled reference is going on change no verdict, are counted as
 * "unexpected deliveries" in results.json and the terminal summary, and are never dumped into the
 * reports.
 */

const JUNK = 10_000;
const CONCURRENCY = 32;
const MARKER = 'JUNK-7f3c-FLOOD';

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** One junk request of a varied kind: unknown paths, guessed webhook paths, odd methods, bodies over the limit. */
function junk(i: number): { method: string; path: string; body?: string | Buffer; headers?: Record<string, string> } {
  switch (i % 8) {
    case 0:
      return { method: 'POST', path: `/${MARKER}/${i}`, body: JSON.stringify({ marker: MARKER, i }), headers: { 'content-type': 'application/json' } };
    case 1:
      // A guess at the webhook path: the {apiKey} is unguessable, so this is a stray too.
      return {
        method: 'POST',
        path: `/chatadapter/chatapi/webhook/operatorapi/${randomBytes(16).toString('hex')}`,
        body: JSON.stringify({ type: 'TextMessage', userId: MARKER, text: MARKER }),
        headers: { 'content-type': 'application/json' },
      };
    case 2:
      return { method: 'GET', path: `/?q=${MARKER}-${i}` };
    case 3:
      return { method: 'PUT', path: `/chatadapter/${MARKER}`, body: `${MARKER} not json {{{`, headers: { 'content-type': 'application/json' } };
    case 4:
      return { method: 'DELETE', path: `/${MARKER}` };
    case 5:
      return { method: 'POST', path: `/${MARKER}`, body: `${MARKER}=${i}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } };
    case 6:
      // Every 80th request: a body over the 1 MB limit.
      return i % 80 === 6
        ? { method: 'POST', path: `/${MARKER}/big`, body: Buffer.alloc(1024 * 1024 + 10, 'x'), headers: { 'content-type': 'application/json' } }
        : { method: 'PATCH', path: `/${MARKER}/${i}`, body: MARKER, headers: { 'content-type': 'text/plain' } };
    default:
      return { method: 'OPTIONS', path: `/${MARKER}/${'a'.repeat(i % 200)}` };
  }
}

interface FloodStats {
  answered: number;
  refused: number;
  other: number;
  statuses: Record<number, number>;
}

function send(agent: http.Agent, port: number, j: ReturnType<typeof junk>): Promise<number | 'refused' | 'other'> {
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port, method: j.method, path: j.path, headers: j.headers, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', () => resolve('other'));
    });
    req.setTimeout(30_000, () => req.destroy());
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED' ? 'refused' : 'other'));
    req.end(j.body);
  });
}

/** Wait until something listens on the port (the receiver of the run), or the run is over. */
async function listening(port: number, over: () => boolean): Promise<boolean> {
  while (!over()) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host: '127.0.0.1', port });
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 10));
  }
  return false;
}

async function flood(port: number, over: () => boolean): Promise<FloodStats> {
  const stats: FloodStats = { answered: 0, refused: 0, other: 0, statuses: {} };
  if (!(await listening(port, over))) return stats;
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  let next = 0;
  const lane = async () => {
    while (next < JUNK) {
      const r = await send(agent, port, junk(next++));
      if (r === 'refused') stats.refused++;
      else if (r === 'other') stats.other++;
      else {
        stats.answered++;
        stats.statuses[r] = (stats.statuses[r] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  agent.destroy();
  return stats;
}

test('10,000 junk requests to the receiver during a run change no verdict and are only counted', async () => {
  test.setTimeout(180_000);
  const ref = await startReference('operator-api');
  try {
    const port = await freePort();
    let over = false;
    const run = runCli(['run', 'operator-api', '--target', ref.target, '--driver', ref.driver, '--receiver-port', String(port)], {
      timeoutMs: 150_000,
    }).finally(() => (over = true));
    const [r, stats] = await Promise.all([run, flood(port, () => over)]);
    test.info().annotations.push({ type: 'flood', description: JSON.stringify({ ...stats, unexpectedDeliveries: r.results?.unexpectedDeliveries }) });

    // No verdict changes.
    expect(r.code, outcome(r)).toBe(0);
    expect(r.results!.summary.failed, outcome(r)).toBe(0);
    expect(r.results!.summary.warnings, outcome(r)).toBe(0);
    expect(r.results!.summary.passed, outcome(r)).toBe(r.results!.summary.total);

    // The flood reached the receiver during the run, was refused as it should be, and was counted.
    expect(stats.answered, JSON.stringify(stats)).toBeGreaterThan(0);
    for (const s of Object.keys(stats.statuses).map(Number)) expect([404, 413], `junk answered ${s}`).toContain(s);
    expect(r.results!.unexpectedDeliveries ?? 0, JSON.stringify(stats)).toBeGreaterThan(0);
    // Every junk request the receiver answered was counted (the count is taken after the receiver
    // closed); one cut off as the run ended may have been counted without its answer arriving.
    const counted = r.results!.unexpectedDeliveries ?? 0;
    expect(counted, JSON.stringify(stats)).toBeGreaterThanOrEqual(stats.answered);
    expect(counted, JSON.stringify(stats)).toBeLessThanOrEqual(stats.answered + stats.other);
    expect(r.stdout).toContain(`${r.results!.unexpectedDeliveries} unexpected deliveries`);

    // Summarised, never dumped: no junk in any report file, and the HTML stays report-sized.
    for (const f of readdirSync(r.reportDir)) {
      const text = readFileSync(path.join(r.reportDir, f), 'utf8');
      expect(text.includes(MARKER), `${f} holds no junk`).toBe(false);
    }
    expect(r.stdout.includes(MARKER)).toBe(false);
    // The page is the results plus a fixed shell: nothing of the flood was added to it.
    const resultsBytes = statSync(path.join(r.reportDir, 'results.json')).size;
    expect(statSync(path.join(r.reportDir, 'index.html')).size).toBeLessThan(resultsBytes + 256 * 1024);
    cleanup(r);
  } finally {
    await ref.close();
  }
});
