/**
 * The script of action.yml (`channel-conformance github-action`, run by the action's step; not a
 * command for people). It turns the action's inputs into a `run` command line, runs it as a person
 * would, then writes what GitHub shows: summary.md appended to $GITHUB_STEP_SUMMARY with the artifact's
 * name, the verdict and counts to $GITHUB_OUTPUT. Its exit code is run's, so the step fails as run does.
 *
 * Inputs arrive as INPUT_* variables that action.yml sets from `inputs` (never spliced into the shell
 * script, so an input cannot inject a command). There is no token input: inputs are echoed in the log,
 * so tokens come from the environment (CHANNEL_CONFORMANCE_TOKEN from the caller's `env:` and secrets).
 * @module
 */

import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../config/layout.ts';
import { findConfigFile, loadConfigFile } from '../config/config-file.ts';
import { renderSummaryMarkdown } from '../report/summary-md.ts';
import { text } from '../report/markdown.ts';
import type { RunResults } from '../report/results.ts';
import { parseRunArgs } from './args.ts';

export type Verdict = 'conformant' | 'not-conformant' | 'not-run';

/** The `run` command line the inputs describe; an empty input leaves the setting to the config file or the default. */
export function runArgv(env: NodeJS.ProcessEnv): string[] {
  const input = (name: string) => (env[`INPUT_${name}`] ?? '').trim();
  const argv = [
    'run',
    ...input('SUITES')
      .split(/[\s,]+/)
      .filter(Boolean),
  ];
  const flags: Array<[string, string]> = [
    ['CONFIG', '--config'],
    ['TARGET', '--target'],
    ['DRIVER', '--driver'],
    ['PROFILE', '--profile'],
    ['TIMEOUT', '--timeout'],
    ['EXPECT', '--expect'],
    ['REPORT', '--report'],
  ];
  for (const [name, flag] of flags) if (input(name)) argv.push(flag, input(name));
  if (/^true$/i.test(input('STRICT'))) argv.push('--strict');
  // More options of run, split on white space (`--grep sendText --timeout 10000`).
  argv.push(...input('ARGS').split(/\s+/).filter(Boolean));
  return argv;
}

export async function githubActionCommand(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const argv = runArgv(env);
  const reportDir = await reportDirOf(argv, env);
  const startedAt = Date.now();
  const { code, lastError } = await runCli(argv, env);
  const results = freshResults(reportDir, startedAt);
  const artifact = (env.INPUT_ARTIFACT_NAME ?? '').trim() || undefined;
  const runUrl =
    env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
      ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
      : undefined;

  const verdict: Verdict = !results || code === 2 ? 'not-run' : code === 0 ? 'conformant' : 'not-conformant';
  const summary = results
    ? renderSummaryMarkdown(results, { artifact, runUrl })
    : `### ⚠️ channel-conformance: the run could not be made\n\n${lastError ? `> ${text(lastError)}\n` : `The command ended with exit code ${code} and wrote no results.\n`}`;
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, `${summary}\n`);
  else process.stdout.write(`\n${summary}`);

  const s = results?.summary;
  writeOutputs(env, {
    verdict,
    'exit-code': String(code),
    report: reportDir,
    total: String(s?.total ?? 0),
    passed: String(s?.passed ?? 0),
    failed: String(s?.failed ?? 0),
    warnings: String(s?.warnings ?? 0),
    skipped: String(s?.skipped ?? 0),
  });
  return code;
}

/** Where run will write, resolved as run resolves it (flags over the config file over the default). */
async function reportDirOf(argv: string[], env: NodeJS.ProcessEnv): Promise<string> {
  try {
    const i = argv.indexOf('--config');
    const file = findConfigFile(i >= 0 ? argv[i + 1] : undefined);
    return path.resolve(parseRunArgs(argv.slice(1), env, file ? await loadConfigFile(file) : undefined).reportDir);
  } catch {
    return path.resolve('conformance-report'); // run will say what is wrong, in its one line
  }
}

function runCli(argv: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; lastError?: string }> {
  const bin = path.join(PACKAGE_ROOT, 'bin', 'channel-conformance.mjs');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...argv], { env, stdio: ['ignore', 'inherit', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => {
      process.stderr.write(d);
      err = (err + d.toString('utf8')).slice(-8192);
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      // run's own one-line reason (README, "Exit codes"), for the summary.
      const lastError = err
        .split('\n')
        .find((l) => l.startsWith('channel-conformance: '))
        ?.replace(/^channel-conformance: /, '');
      resolve({ code: code ?? 2, lastError });
    });
  });
}

/** This run's results.json; one left by an earlier run (this one stopped before writing) is not this run's. */
function freshResults(dir: string, since: number): RunResults | undefined {
  const file = path.join(dir, 'results.json');
  if (!existsSync(file) || statSync(file).mtimeMs < since - 1000) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as RunResults;
  } catch {
    return undefined;
  }
}

function writeOutputs(env: NodeJS.ProcessEnv, outputs: Record<string, string>): void {
  const lines = Object.entries(outputs).map(([k, v]) => `${k}=${v.replace(/[\r\n]+/g, ' ')}`);
  if (env.GITHUB_OUTPUT) appendFileSync(env.GITHUB_OUTPUT, `${lines.join('\n')}\n`);
  else process.stdout.write(`${lines.join('\n')}\n`);
}
