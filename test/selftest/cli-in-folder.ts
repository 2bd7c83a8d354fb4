/**
 * The real CLI run in a folder of the test's own, as a vendor runs it in their repository: the config
 * file is found there and relative paths start there (cli.ts's runCli runs in the clone and adds a
 * --report; these tests need neither).
 * @module
 */

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunResults } from '../../harness/report/results.ts';
import { ROOT } from './cli.ts';

const BIN = path.join(ROOT, 'bin/channel-conformance.mjs');

export interface FolderRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function tempFolder(label: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `cc-${label}-`));
}

export function runIn(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<FolderRun> {
  return runProcess(process.execPath, [BIN, ...args], cwd, { ...process.env, ...env, CI: 'true', FORCE_COLOR: '0' });
}

/** Run a process to its end (killed after 4 minutes), collecting what it printed. */
export function runProcess(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<FolderRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export function resultsIn(dir: string): RunResults | undefined {
  const file = path.join(dir, 'results.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as RunResults) : undefined;
}

/** stderr as the lines a person reads (npm's own warnings aside). */
export function stderrLines(r: FolderRun): string[] {
  return r.stderr.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('npm warn'));
}
