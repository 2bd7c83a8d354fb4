/**
 * `channel-conformance run`: the run itself (runCommand), Playwright started on the conformance config,
 * the tool's version, and CannotRun for a run that cannot be made.
 * @module
 */

import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { CODE_ROOT, PACKAGE_ROOT, codePath } from '../config/layout.ts';
import { RUN_CONFIG_ENV, type RunConfig, type SuiteTarget } from '../config/run-config.ts';
import { SPEC_FILE } from '../validation/spec-loader.ts';
import { validateSpec } from '../validation/validate-spec.ts';
import { exitCodeOf, type RunResults } from '../report/results.ts';
import { applyExpectations, readExpectations, writeUpdatedExpectations } from '../report/expectations.ts';
import { writeReports } from '../report/write-reports.ts';
import { startReference } from '../../reference/index.ts';
import type { StartedReference } from '../../reference/types.ts';
import type { RunArgs } from './args.ts';
import { probeConnect, probeListen } from './preflight.ts';
import { ManualBridge } from '../driver/manual-bridge.ts';

/** A run that cannot be made: the CLI prints the message as one line and exits 2. */
export class CannotRun extends Error {}

const require = createRequire(import.meta.url);

export function toolVersion(): string {
  return (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * `channel-conformance run`: preflight, start the bundled references when there is no --target,
 * run the suites under Playwright with the conformance reporter, and turn the results into an exit code.
 */
export async function runCommand(args: RunArgs): Promise<number> {
  for (const s of args.suites) {
    try {
      await validateSpec(s);
    } catch (e) {
      throw new CannotRun(`the spec specs/${SPEC_FILE[s]} does not load: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  const portProblem = await probeListen(args.receiverHost, args.receiverPort);
  if (portProblem) throw new CannotRun(portProblem);

  const started: StartedReference[] = [];
  let bridge: ManualBridge | undefined;
  const stopAll = async () => {
    await Promise.allSettled([...started.map((r) => r.close()), bridge?.close()]);
  };
  try {
    const targets: Record<string, SuiteTarget> = {};
    if (args.target) {
      const problem = await probeConnect(args.target);
      if (problem) throw new CannotRun(`the target is unreachable: ${problem}`);
      let driver = args.driver;
      let manualWaitMs: number | undefined;
      if (driver === 'manual') {
        bridge = await ManualBridge.start({ waitSeconds: args.manualWaitS ?? 120 });
        driver = bridge.url;
        manualWaitMs = (args.manualWaitS ?? 120) * 1000;
        process.stdout.write(`Manual driver: the run will ask you to act in your agent console and settings. Prompts start with ">>>".\n`);
      } else if (driver) {
        const dp = await probeConnect(driver);
        if (dp) throw new CannotRun(`the driver is unreachable: ${dp}`);
      }
      for (const s of args.suites) {
        targets[s] = { target: args.target, driver, token: args.token, clientToken: args.clientToken, reference: false, manualWaitMs };
      }
    } else {
      for (const s of args.suites) {
        const ref = await startReference(s, { token: args.token, clientToken: args.clientToken });
        started.push(ref);
        targets[s] = { target: ref.target, driver: ref.driver, token: ref.token, clientToken: ref.clientToken ?? args.clientToken, reference: true };
      }
    }
    let expectations: Record<string, string> | null = null;
    if (args.expect) {
      if (existsSync(args.expect) || !args.updateExpect) {
        try {
          expectations = readExpectations(args.expect);
        } catch (e) {
          throw new CannotRun((e as Error).message);
        }
      } else expectations = {};
    }
    const reportDir = path.resolve(args.reportDir);
    mkdirSync(reportDir, { recursive: true });
    const resultsFile = path.join(reportDir, 'results.json');
    rmSync(resultsFile, { force: true });
    const config: RunConfig = {
      suites: args.suites,
      targets,
      targetLabel: args.target ?? null,
      profile: args.profile,
      strict: args.strict,
      timeoutMs: args.timeoutMs,
      seed: args.seed,
      generate: args.generate,
      receiverHost: args.receiverHost,
      receiverPort: args.receiverPort,
      receiverUrl: args.receiverUrl ?? null,
      receiverBodyLimit: args.receiverBodyLimit,
      responseBodyLimit: 8 * 1024 * 1024,
      grep: args.grep ?? null,
      expectations,
      complete: !args.grep && !args.shard,
      reportDir,
      startedAt: new Date().toISOString(),
      toolVersion: toolVersion(),
    };
    const code = await runPlaywright(config, args.shard);
    if (!existsSync(resultsFile)) throw new CannotRun(`the run ended without results (the test runner exited with ${code})`);
    const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as RunResults;
    if (results.summary.total === 0) {
      if (args.lastFailed) throw new CannotRun('no check ran: none of the checks to rerun exists in this version of the suites');
      if (args.grep) throw new CannotRun('no check ran: --grep matched no check');
      throw new CannotRun(`no check ran${results.harnessErrors?.length ? `: ${results.harnessErrors[0]}` : ''}`);
    }
    if (args.updateExpect && args.expect) {
      const n = writeUpdatedExpectations(args.expect, results, expectations ?? {});
      const updated = applyExpectations(results, readExpectations(args.expect), !args.grep && !args.shard);
      writeReports(updated, reportDir);
      process.stdout.write(`${args.expect} now lists ${n} expected failure${n === 1 ? '' : 's'}\n`);
      return exitCodeOf(updated);
    }
    return exitCodeOf(results);
  } finally {
    await stopAll();
  }
}

/** Start Playwright on the conformance config with this run configuration; resolves with its exit code. */
export function runPlaywright(config: RunConfig, shard?: string, quiet = false): Promise<number> {
  const cli = require.resolve('@playwright/test/cli');
  // .ts from a clone, .js from the published package (harness/config/layout.ts).
  const argv = [cli, 'test', '--config', codePath('harness/runner/conformance.config')];
  if (shard) argv.push('--shard', shard);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, {
      cwd: CODE_ROOT,
      stdio: ['ignore', quiet ? 'ignore' : 'inherit', quiet ? 'ignore' : 'inherit'],
      env: { ...process.env, [RUN_CONFIG_ENV]: JSON.stringify(config), FORCE_COLOR: process.stdout.isTTY ? '1' : '0' },
    });
    const forward = (sig: NodeJS.Signals) => child.kill(sig);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', reject);
    child.on('exit', (code) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? 1);
    });
  });
}
