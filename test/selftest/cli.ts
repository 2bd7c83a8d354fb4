/**
 * Runs the real CLI (bin/channel-conformance.mjs) as a user would, and reads what it wrote.
 * The self-tests judge the suites only through this door: exit code, output and report files.
 * @module
 */

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunResults } from '../../harness/report/results.ts';

/** The clone's root folder. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = path.join(ROOT, 'bin/channel-conformance.mjs');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  reportDir: string;
  results?: RunResults;
}

/** Folders made by tempReportDir and not yet removed. */
const made = new Set<string>();

/**
 * A fresh folder for one run's reports. Every folder made here is removed whatever the test's
 * outcome: by cleanup() when the test gets there, by removeTempDirs() from an afterEach hook of the
 * spec files that use this, and at the latest when the worker process exits (a failed assertion, a
 * timeout), so a failing self-test leaves nothing behind in the temporary folder.
 */
export function tempReportDir(label: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `cc-${label.replace(/[^a-z0-9-]/gi, '_').slice(0, 40)}-`));
  made.add(dir);
  return dir;
}

/** Remove every folder tempReportDir made in this worker that is still there. */
export function removeTempDirs(): void {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
  made.clear();
}

process.on('exit', removeTempDirs);

export async function runCli(args: string[], opts: { env?: NodeJS.ProcessEnv; reportDir?: string; timeoutMs?: number } = {}): Promise<CliRun> {
  const reportDir = opts.reportDir ?? tempReportDir(args.join('_'));
  const full = args.includes('--report') || args[0] !== 'run' ? args : [...args, '--report', reportDir];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...full], {
      cwd: ROOT,
      env: { ...process.env, ...(opts.env ?? {}), CI: 'true', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 240_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const file = path.join(reportDir, 'results.json');
      const results = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as RunResults) : undefined;
      resolve({ code, stdout, stderr, reportDir, results });
    });
  });
}

export function failedIds(r: CliRun): string[] {
  return (r.results?.checks ?? [])
    .filter((c) => c.status === 'failed')
    .map((c) => c.id)
    .sort();
}

/** A one-line description of a run's outcome for assertion messages. */
export function outcome(r: CliRun): string {
  const s = r.results?.summary;
  const failures = (r.results?.checks ?? []).filter((c) => c.status === 'failed').map((c) => `${c.id}: ${c.message}`);
  return `exit ${r.code}; ${s ? `${s.passed} passed, ${s.failed} failed, ${s.warnings} warnings, ${s.skipped} skipped` : 'no results'}; stderr: ${r.stderr.trim().slice(0, 300)}\n${failures.join('\n')}`;
}

export function cleanup(r: CliRun): void {
  rmSync(r.reportDir, { recursive: true, force: true });
  made.delete(r.reportDir);
}
