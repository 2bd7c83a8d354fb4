/**
 * Batches for the self-tests: one suite run against many reference instances (mutants, conformant
 * variations) in one Playwright runner, with the CLI's own config, fixtures, checks and reporter.
 * @module
 */

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runPlaywright, toolVersion } from '../cli/run.ts';
import { targetKey, type Profile, type RunConfig, type SuiteTarget } from '../config/run-config.ts';
import type { RunResults } from '../report/results.ts';
import { startReference } from '../../reference/index.ts';
import type { ReferenceOptions, StartedReference, SuiteId } from '../../reference/types.ts';

/** A reference variant of a batch: its label (what its results name after `<suite>@`) and how to start it. */
export interface BatchEntry {
  label: string;
  options: ReferenceOptions;
}

export interface BatchOutcome {
  results: RunResults;
  /** Failed check ids by label. */
  failed: Map<string, string[]>;
  /** Warnings and skips by label (a variation must have none). */
  notPassed: Map<string, string[]>;
  /** Passed check ids by label. */
  passed: Map<string, string[]>;
}

/**
 * Runs one suite against many references at once — in one runner, and in as many workers as lanes
 * (`workers`, default 3), each lane's worker running the suite against its references one after
 * another — so that a catalogue of seventy mutants costs one runner start and three worker starts,
 * not seventy. The same config, fixtures, checks and reporter as a CLI run; only the argument parsing
 * is skipped (the CLI itself is proven by the other self-tests).
 */
export async function runBatch(
  suite: SuiteId,
  entries: BatchEntry[],
  opts: { timeoutMs: number; strict: boolean; workers?: number; profile?: Profile; grep?: string },
): Promise<BatchOutcome> {
  const refs: StartedReference[] = [];
  let reportDir: string | undefined;
  try {
    const targets: Record<string, SuiteTarget> = {};
    for (const e of entries) {
      const ref = await startReference(suite, e.options);
      refs.push(ref);
      targets[targetKey(suite, e.label)] = { target: ref.target, driver: ref.driver, token: ref.token, clientToken: ref.clientToken, reference: true };
    }
    // One lane per worker, the variants dealt round-robin: each lane's worker starts once and runs the
    // suite against its variants one after another (run-config.ts, ProjectSpec.variants).
    const laneCount = Math.max(1, Math.min(opts.workers ?? 3, entries.length));
    const lanes = Array.from({ length: laneCount }, (_, i) => ({
      name: `${suite}@lane-${i + 1}`,
      suite,
      variants: entries.filter((_, j) => j % laneCount === i).map((e) => e.label),
    }));
    reportDir = mkdtempSync(path.join(os.tmpdir(), `cc-batch-${suite}-${opts.profile ?? 'jaicp'}-`));
    const config: RunConfig = {
      suites: [suite],
      targets,
      projects: lanes,
      workers: laneCount,
      targetLabel: null,
      profile: opts.profile ?? 'jaicp',
      strict: opts.strict,
      timeoutMs: opts.timeoutMs,
      receiverHost: '127.0.0.1',
      receiverPort: 0,
      receiverUrl: null,
      receiverBodyLimit: 1024 * 1024,
      responseBodyLimit: 8 * 1024 * 1024,
      grep: opts.grep ?? null,
      expectations: null,
      complete: true,
      reportDir,
      startedAt: new Date().toISOString(),
      toolVersion: toolVersion(),
    };
    await runPlaywright(config, undefined, true);
    const file = path.join(reportDir, 'results.json');
    if (!existsSync(file)) throw new Error(`the batch run of ${suite} wrote no results`);
    const results = JSON.parse(readFileSync(file, 'utf8')) as RunResults;
    if (results.harnessErrors?.length) throw new Error(`harness errors in the batch run of ${suite}: ${results.harnessErrors.join('; ')}`);
    const failed = new Map<string, string[]>();
    const notPassed = new Map<string, string[]>();
    const passed = new Map<string, string[]>();
    for (const e of entries) for (const m of [failed, notPassed, passed]) m.set(e.label, []);
    for (const c of results.checks) {
      const label = (c.project ?? '').split('@')[1];
      if (c.status === 'failed') failed.get(label)?.push(c.id);
      if (c.status === 'passed') passed.get(label)?.push(c.id);
      else notPassed.get(label)?.push(`${c.id} (${c.status}: ${c.message})`);
    }
    for (const m of [failed, passed]) for (const list of m.values()) list.sort();
    return { results, failed, notPassed, passed };
  } finally {
    await Promise.allSettled(refs.map((r) => r.close()));
    // The results are read above; the reports of a batch are never looked at.
    if (reportDir) rmSync(reportDir, { recursive: true, force: true });
  }
}
