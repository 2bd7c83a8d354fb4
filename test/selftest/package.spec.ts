import { test, expect } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './cli.ts';

/**
 * The package as a vendor gets it: `npm pack` (which builds dist/ in prepack), the tarball installed
 * into an empty folder, and the README's commands run there with npx: --help, the demo run, `serve`,
 * and a run against a target (the served simulator). A file missing from package.json's `files`, a
 * module the build did not emit, or a path that only works in a clone breaks this test.
 * It needs the npm registry for the package's dependencies (npm's cache serves most of them).
 */
test.setTimeout(15 * 60_000);

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** A child environment without the npm_* variables of an enclosing `npm test`, which would steer npm. */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  return { ...env, CI: 'true', FORCE_COLOR: '0', ...extra };
}

function sh(cmd: string, args: string[], cwd: string, env = cleanEnv(), timeoutMs = 5 * 60_000): Promise<Ran> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    /* already gone */
  }
}

const show = (r: Ran) => `exit ${r.code}\n--- stdout\n${r.stdout.slice(-3000)}\n--- stderr\n${r.stderr.slice(-2000)}`;

test('the packed tarball installs into an empty folder and runs: --help, the demo, serve, a run against a target', async () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'cc-package-'));
  let served: ChildProcess | undefined;
  try {
    const packed = await sh('npm', ['pack', '--pack-destination', tmp, '--loglevel=error'], ROOT);
    expect(packed.code, show(packed)).toBe(0);
    const tgz = readdirSync(tmp).find((f) => f.endsWith('.tgz'));
    expect(tgz, show(packed)).toBeDefined();
    expect(existsSync(path.join(ROOT, 'dist')), 'postpack removes the build from the clone').toBe(false);

    await test.step('the tarball holds the compiled code, not the sources', async () => {
      const list = (await sh('tar', ['-tzf', path.join(tmp, tgz!)], tmp)).stdout.split('\n');
      for (const f of [
        'bin/channel-conformance.mjs',
        'dist/harness/cli/main.js',
        'dist/harness/runner/conformance.config.js',
        'dist/harness/report/conformance-reporter.js',
        'dist/harness/report/page/report-page.js',
        'dist/harness/report/page/compare-page.js',
        'dist/harness/report/page/report.css',
        'dist/reference/index.js',
        'dist/specs/operator-api.yaml',
        'specs/operator-api.yaml',
        'README.md',
        'package.json',
      ]) {
        expect(list, f).toContain(`package/${f}`);
      }
      expect(list.filter((f) => f.endsWith('.spec.js')).length).toBeGreaterThan(10);
      expect(
        list.filter((f) => /\.ts$/.test(f)),
        'no TypeScript: nothing under node_modules compiles it',
      ).toEqual([]);
      expect(list.filter((f) => /^package\/(test|bench|scripts|\.ci)\//.test(f))).toEqual([]);
    });

    const app = path.join(tmp, 'app');
    await test.step('npm install of the tarball into an empty folder', async () => {
      rmSync(app, { recursive: true, force: true });
      mkdirSync(app);
      writeFileSync(path.join(app, 'package.json'), '{"name":"cc-package-test","private":true}\n');
      const installed = await sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', path.join(tmp, tgz!)], app);
      expect(installed.code, show(installed)).toBe(0);
    });
    // --yes=false: the installed copy, never one fetched from the registry.
    const npx = (args: string[], env?: NodeJS.ProcessEnv) => sh('npx', ['--yes=false', 'channel-conformance', ...args], app, cleanEnv(env));

    await test.step('npx channel-conformance --help', async () => {
      const help = await npx(['--help']);
      expect(help.code, show(help)).toBe(0);
      expect(help.stdout).toContain('usage: channel-conformance run [SUITE...] [options]');
    });

    await test.step('npx channel-conformance run: the demo exits 0 and writes the reports', async () => {
      const demo = await npx(['run']);
      expect(demo.code, show(demo)).toBe(0);
      expect(demo.stdout).toMatch(/CONFORMANT/);
      const report = path.join(app, 'conformance-report');
      for (const f of ['results.json', 'junit.xml', 'index.html', 'summary.md']) expect(existsSync(path.join(report, f)), f).toBe(true);
      const results = JSON.parse(readFileSync(path.join(report, 'results.json'), 'utf8'));
      expect(results.suites).toEqual(['operator-api', 'chat-api', 'omnichannel']);
      expect(results.summary.failed).toBe(0);
      test.info().annotations.push({ type: 'demo run', description: `${results.summary.total} checks in ${demo.ms} ms` });
    });

    await test.step('npx channel-conformance serve chat-api, then a run against it as a target', async () => {
      served = spawn('npx', ['--yes=false', 'channel-conformance', 'serve', 'chat-api', '--port', '0'], {
        cwd: app,
        env: cleanEnv(),
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
      let out = '';
      served.stdout!.on('data', (d) => (out += d));
      served.stderr!.on('data', (d) => (out += d));
      await expect.poll(() => out, { timeout: 60_000 }).toContain('Ctrl-C stops it.');
      const target = /base URL \(--target\): (\S+)/.exec(out)![1];
      const token = /channel token: +(\S+)/.exec(out)![1];
      const driver = /driver \(--driver\): +(\S+)/.exec(out)![1];
      expect(new URL(target).hostname).toBe('127.0.0.1');
      const hello = await fetch(`${target}/chatapi/${token}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"clientId":"me","query":"hello"}',
      });
      expect(hello.status).toBe(200);

      const report = path.join(tmp, 'against-target');
      const r = await npx(['run', 'chat-api', '--target', target, '--driver', driver, '--report', report], { CHANNEL_CONFORMANCE_TOKEN: token });
      expect(r.code, show(r)).toBe(0);
      const results = JSON.parse(readFileSync(path.join(report, 'results.json'), 'utf8'));
      expect(results.target).toBe(target);
      expect(results.summary.total).toBeGreaterThan(0);
      expect(results.summary.skipped, 'the driver was used').toBeLessThan(results.summary.total);
      for (const f of ['results.json', 'junit.xml', 'index.html', 'summary.md'])
        expect(readFileSync(path.join(report, f), 'utf8'), `${f} holds no token`).not.toContain(token);
      expect(r.stdout + r.stderr).not.toContain(token);

      killGroup(served, 'SIGINT'); // what Ctrl-C sends to the terminal's foreground group
      await expect.poll(() => out, { timeout: 30_000 }).toContain('stopped');
    });
  } finally {
    if (served && served.exitCode === null) killGroup(served, 'SIGKILL');
    rmSync(tmp, { recursive: true, force: true });
    rmSync(path.join(ROOT, 'dist'), { recursive: true, force: true }); // should postpack not have run
  }
});
