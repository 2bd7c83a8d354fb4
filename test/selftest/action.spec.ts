import { test, expect } from '@playwright/test';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { startReference } from '../../reference/index.ts';
import { ROOT } from './cli.ts';
import { runProcess } from './cli-in-folder.ts';
import { SMOKE } from './tiers.ts';

/**
 * action.yml run as GitHub's runner runs a composite action: each `run` step a bash script
 * (`bash --noprofile --norc -eo pipefail`) in the workspace, with `${{ … }}` expressions expanded, the
 * variables GitHub sets (GITHUB_STEP_SUMMARY, GITHUB_OUTPUT per step, GITHUB_ACTION_PATH, …), step
 * outputs read back from GITHUB_OUTPUT, and the action's outputs mapped from them. `uses:` steps (the
 * artifact upload) are recorded with their evaluated inputs, not run.
 */
interface Step {
  id?: string;
  if?: string;
  shell?: string;
  'working-directory'?: string;
  env?: Record<string, string>;
  run?: string;
  uses?: string;
  with?: Record<string, string>;
}
interface Action {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const ACTION = YAML.parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as Action;
const PREVIOUS_SUMMARY = '## Build\n\nan earlier step wrote this\n';

interface ActionRun {
  code: number;
  stdout: string;
  stderr: string;
  summary: string;
  outputs: Record<string, string>;
  uploads: Array<{ uses: string; with: Record<string, string> }>;
  workspace: string;
}

/** Every folder a test made, removed after it whatever its outcome. */
const made: string[] = [];
test.afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function runAction(inputs: Record<string, string>, opts: { env?: NodeJS.ProcessEnv; files?: Record<string, string> } = {}): Promise<ActionRun> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'cc-action-'));
  made.push(tmp);
  const workspace = path.join(tmp, 'workspace');
  mkdirSync(workspace);
  for (const [name, body] of Object.entries(opts.files ?? {})) writeFileSync(path.join(workspace, name), body);
  const summaryFile = path.join(tmp, 'step_summary');
  writeFileSync(summaryFile, PREVIOUS_SUMMARY);
  // npm must not run: node_modules exists here, and the install step must see that.
  const fakeBin = path.join(tmp, 'bin');
  mkdirSync(fakeBin);
  writeFileSync(path.join(fakeBin, 'npm'), '#!/bin/sh\necho "npm ran although node_modules exists" >&2\nexit 97\n');
  chmodSync(path.join(fakeBin, 'npm'), 0o755);

  const ctx = {
    inputs: Object.fromEntries(Object.entries(ACTION.inputs).map(([k, v]) => [k, inputs[k] ?? v.default ?? ''])),
    github: { action_path: ROOT },
    steps: {} as Record<string, { outputs: Record<string, string> }>,
  };
  for (const k of Object.keys(inputs)) if (!(k in ACTION.inputs)) throw new Error(`action.yml has no input ${k}`);
  const base: NodeJS.ProcessEnv = {
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k))),
    ...(opts.env ?? {}),
    PATH: `${fakeBin}${path.delimiter}${process.env.PATH}`,
    CI: 'true',
    FORCE_COLOR: '0',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_ACTION_PATH: ROOT,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'acme/chat-server',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    RUNNER_OS: 'Linux',
    RUNNER_TEMP: tmp,
  };
  let code = 0;
  let stdout = '';
  let stderr = '';
  const uploads: ActionRun['uploads'] = [];
  expect(ACTION.runs.using).toBe('composite');
  for (const [i, step] of ACTION.runs.steps.entries()) {
    if (!condition(step.if, ctx, code)) continue;
    if (step.uses) {
      uploads.push({ uses: step.uses, with: Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, expand(String(v), ctx)])) });
      continue;
    }
    expect(step.shell, 'a composite run step names its shell').toBe('bash');
    const script = path.join(tmp, `step-${i}.sh`);
    writeFileSync(script, expand(step.run!, ctx));
    const outputFile = path.join(tmp, `output-${i}`);
    writeFileSync(outputFile, '');
    const env = { ...base, GITHUB_OUTPUT: outputFile, ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(String(v), ctx)])) };
    const cwd = step['working-directory'] ? expand(step['working-directory'], ctx) : workspace;
    const r = await bash(script, cwd, env);
    stdout += r.stdout;
    stderr += r.stderr;
    if (step.id) ctx.steps[step.id] = { outputs: parseOutputs(readFileSync(outputFile, 'utf8')) };
    if (r.code !== 0) {
      code = r.code;
      if (step.id === 'install') throw new Error(`the install step failed: ${r.stderr}`);
    }
  }
  const outputs = Object.fromEntries(Object.entries(ACTION.outputs).map(([k, v]) => [k, expand(v.value, ctx)]));
  const summary = readFileSync(summaryFile, 'utf8');
  return { code, stdout, stderr, summary, outputs, uploads, workspace };
}

type Ctx = { inputs: Record<string, string>; github: Record<string, string>; steps: Record<string, { outputs: Record<string, string> }> };

/** `${{ inputs.x }}`, `${{ github.action_path }}`, `${{ steps.id.outputs.x }}`: all action.yml may use. */
function value(expr: string, ctx: Ctx): string {
  const e = expr.trim();
  const input = /^inputs\.([\w-]+)$/.exec(e);
  if (input) return ctx.inputs[input[1]] ?? '';
  const github = /^github\.([\w-]+)$/.exec(e);
  if (github) return ctx.github[github[1]] ?? '';
  const output = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(e);
  if (output) return ctx.steps[output[1]]?.outputs[output[2]] ?? '';
  const literal = /^'(.*)'$/.exec(e);
  if (literal) return literal[1];
  throw new Error(`an expression this test does not evaluate: ${e}`);
}

function expand(s: string, ctx: Ctx): string {
  return s.replace(/\$\{\{(.*?)\}\}/g, (_, e: string) => value(e, ctx));
}

/** A step's `if`: success() unless it says always(); `a != ''` and `a == 'b'` joined by &&. */
function condition(cond: string | undefined, ctx: Ctx, failedCode: number): boolean {
  if (!cond) return failedCode === 0;
  const parts = cond.split('&&').map((p) => p.trim());
  if (!parts.includes('always()') && failedCode !== 0) return false;
  return parts.every((p) => {
    if (p === 'always()') return true;
    const m = /^(.+?)\s*(!=|==)\s*(.+)$/.exec(p);
    if (!m) throw new Error(`a condition this test does not evaluate: ${p}`);
    const [a, b] = [value(m[1], ctx), value(m[3], ctx)];
    return m[2] === '==' ? a === b : a !== b;
  });
}

function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([\w-]+)<<(.+)$/.exec(lines[i]);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2], i + 1);
      out[heredoc[1]] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (lines[i].includes('=')) out[lines[i].slice(0, lines[i].indexOf('='))] = lines[i].slice(lines[i].indexOf('=') + 1);
  }
  return out;
}

async function bash(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  const r = await runProcess('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], cwd, env);
  return { ...r, code: r.code ?? 1 };
}

test('a failing run: the step fails, the job summary gains the failed check and the artifact, the outputs carry the verdict', async () => {
  const ref = await startReference('operator-api', { mutant: 'hidden-attributes-leak' });
  try {
    const r = await runAction({ suites: 'operator-api', target: ref.target, driver: ref.driver, args: '--grep hidden-attributes-not-shown' });
    expect(r.code, r.stderr).toBe(1);
    expect(r.summary.startsWith(PREVIOUS_SUMMARY), 'appended, not overwritten').toBe(true);
    const added = r.summary.slice(PREVIOUS_SUMMARY.length);
    expect(added).toContain('### ❌ channel-conformance: not conformant — 1 gating check failed');
    expect(added).toContain('`operator-api.selectDestination.hidden-attributes-not-shown`');
    expect(added).toContain('| the agent sees the hidden attribute hiddenkey-');
    expect(added).toContain(`against \`${ref.target}\``);
    expect(added).toContain('Full report: artifact `conformance-report` on [the run’s page](https://github.com/acme/chat-server/actions/runs/4242)');
    const report = path.join(r.workspace, 'conformance-report');
    const results = JSON.parse(readFileSync(path.join(report, 'results.json'), 'utf8'));
    expect(r.outputs).toEqual({
      verdict: 'not-conformant',
      'exit-code': '1',
      total: String(results.summary.total),
      passed: String(results.summary.passed),
      failed: '1',
      warnings: '0',
      skipped: String(results.summary.skipped),
      report,
    });
    expect(readFileSync(path.join(report, 'summary.md'), 'utf8')).toContain('`operator-api.selectDestination.hidden-attributes-not-shown`');
    expect(r.uploads).toEqual([{ uses: 'actions/upload-artifact@v4', with: { name: 'conformance-report', path: report, 'if-no-files-found': 'ignore' } }]);
    expect(r.stdout, 'the run prints its lines in the log').toContain('operator-api.selectDestination.hidden-attributes-not-shown');
  } finally {
    await ref.close();
  }
});

test('a passing run with a config file in the workspace: its report folder is the one uploaded; no artifact when its name is empty', async () => {
  const config = JSON.stringify({ '//': "a vendor repository's settings", suites: ['operator-api'], report: 'reports/cc' });
  const r = await runAction({ report: '', 'artifact-name': '', args: '--grep getDestinations' }, { files: { 'channel-conformance.config.json': config } });
  expect(r.code, r.stderr).toBe(0);
  const report = path.join(r.workspace, 'reports', 'cc');
  expect(r.outputs.verdict).toBe('conformant');
  expect(r.outputs.report).toBe(report);
  expect(Number(r.outputs.total)).toBeGreaterThan(0);
  expect(r.outputs.total).toBe(r.outputs.passed);
  expect(readdirSync(report)).toEqual(expect.arrayContaining(['results.json', 'summary.md', 'index.html', 'junit.xml']));
  expect(r.summary).toContain('### ✅ channel-conformance: conformant at MUST level');
  expect(r.summary).toContain('Full report: index.html');
  expect(r.uploads).toEqual([]);
});

test('a run that cannot be made: exit 2, the reason in the summary, verdict not-run', SMOKE, async () => {
  const server = net.createServer();
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((res) => server.close(res));
  const r = await runAction({ suites: 'operator-api', target: `http://127.0.0.1:${port}` });
  expect(r.code).toBe(2);
  expect(r.summary).toContain('### ⚠️ channel-conformance: the run could not be made\n\n> the target is unreachable: the connection was refused');
  expect(r.outputs).toMatchObject({ verdict: 'not-run', 'exit-code': '2', total: '0' });
  expect(r.stderr).toContain('channel-conformance: the target is unreachable: the connection was refused');
});

test('inputs never reach a shell: command substitution in an input stays text', SMOKE, async () => {
  const r = await runAction({ suites: 'operator-api', target: 'http://127.0.0.1:1/$(touch pwned-target)', args: '`touch pwned-args` $(touch pwned-args2)' });
  expect(r.code).toBe(2);
  for (const f of ['pwned-target', 'pwned-args', 'pwned-args2']) expect(existsSync(path.join(r.workspace, f)), f).toBe(false);
});

test('the token comes from the environment and appears nowhere: log, summary, outputs, report', async () => {
  const ref = await startReference('chat-api');
  try {
    const token = ref.token!;
    const r = await runAction(
      { suites: 'chat-api', target: ref.target, driver: ref.driver, args: '--grep chat-api.sendRequest' },
      { env: { CHANNEL_CONFORMANCE_TOKEN: token } },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(Number(r.outputs.total)).toBeGreaterThan(0);
    expect(r.stdout + r.stderr).not.toContain(token);
    expect(r.summary).not.toContain(token);
    expect(JSON.stringify(r.outputs)).not.toContain(token);
    for (const f of readdirSync(r.outputs.report)) expect(readFileSync(path.join(r.outputs.report, f), 'utf8'), f).not.toContain(token);
  } finally {
    await ref.close();
  }
});
