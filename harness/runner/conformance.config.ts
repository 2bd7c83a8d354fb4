import { defineConfig } from '@playwright/test';
import os from 'node:os';
import path from 'node:path';
import { projectsOf, readRunConfig, type ProjectSpec } from '../config/run-config.ts';
import { CODE_EXT, CODE_ROOT, codePath } from '../config/layout.ts';

/**
 * The Playwright configuration of a conformance run. The CLI starts Playwright with it; everything
 * run-specific comes from the run configuration the CLI put in the environment.
 *
 * One project per suite, each limited to one worker: the IUT holds channel-wide state (the webhook
 * of setWebhook, the Chat API webhook setting, the Omnichannel channel), so checks of one suite must
 * not interleave. Different suites run side by side. (The self-tests' batches add lanes: projects
 * that run one suite against several targets one after another, harness/runner/batch.ts.)
 */
const run = readRunConfig();

const manual = Object.values(run.targets).find((t) => t.manualWaitMs)?.manualWaitMs;

export default defineConfig({
  testDir: path.join(CODE_ROOT, 'suites'),
  // .spec.ts in a clone, .spec.js in the published package (harness/config/layout.ts).
  testMatch: new RegExp(`\\.spec\\${CODE_EXT}$`),
  projects: projectsOf(run).map((p) => ({
    name: p.name,
    testDir: path.join(CODE_ROOT, 'suites', p.suite),
    workers: 1,
    // A self-test's lane: its suite's checks are declared once per variant of every lane
    // (fixtures/conformance.ts); this project runs only its own.
    grepInvert: othersVariants(p),
  })),
  // A fixed receiver port can be bound by one suite at a time; a person answers one prompt at a time.
  workers: run.receiverPort || manual ? 1 : (run.workers ?? Math.max(1, Math.min(run.suites.length, os.cpus().length + 1))),
  fullyParallel: false,
  retries: 0,
  // Generous: a check waits at most a few --timeout budgets; Playwright's timeout only stops a runaway.
  timeout: manual ? manual * 20 : Math.max(30_000, run.timeoutMs * 10),
  grep: run.grep ? new RegExp(run.grep) : undefined,
  reporter: [[codePath('harness/report/conformance-reporter')]],
  outputDir: path.join(os.tmpdir(), `channel-conformance-${process.pid}`),
  preserveOutput: 'never',
  quiet: true,
});

/** The declarations of a lane's suite that belong to other lanes (titles end `[<variant>]`), or undefined. */
function othersVariants(p: ProjectSpec): RegExp | undefined {
  if (!p.variants) return undefined;
  const own = new Set(p.variants);
  const others = projectsOf(run)
    .filter((q) => q.suite === p.suite && q.variants)
    .flatMap((q) => q.variants!)
    .filter((v) => !own.has(v));
  return others.length ? new RegExp(`\\[(?:${others.map(escapeRegExp).join('|')})\\]`) : undefined;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
