import { test, expect } from '@playwright/test';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { startReference } from '../../reference/index.ts';
import type { StartedReference } from '../../reference/types.ts';
import { resultsIn, runIn, stderrLines, tempFolder } from './cli-in-folder.ts';
import { SMOKE } from './tiers.ts';

/**
 * `run --last-failed [--merge]`, the loop while fixing: the server under test keeps its address while
 * its code changes, played here by a broken reference closed and a correct one started on its port.
 */
const MUTANT = 'hidden-attributes-leak';
const BROKEN = 'operator-api.selectDestination.hidden-attributes-not-shown';
const GREP = ['--grep', 'hidden-attributes-not-shown|getDestinations\\.|setWebhook\\.accepts'];

async function onPort(port: number, mutant?: string): Promise<StartedReference> {
  return startReference('operator-api', { port, mutant });
}

test('without a previous run: exit 2 with one line', SMOKE, async () => {
  const dir = tempFolder('lf-none');
  try {
    const r = await runIn(dir, ['run', 'operator-api', '--last-failed']);
    expect(r.code).toBe(2);
    expect(stderrLines(r)).toEqual([`channel-conformance: --last-failed needs the results.json of a previous run in ${path.join(dir, 'conformance-report')}`]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--last-failed reruns only what failed, says how many, and narrows as things get fixed', async () => {
  const dir = tempFolder('lf');
  let ref = await onPort(0, MUTANT);
  const port = Number(new URL(ref.target).port);
  try {
    const args = ['run', 'operator-api', '--target', ref.target, '--driver', ref.driver];
    const full = await runIn(dir, [...args, ...GREP]);
    expect(full.code, full.stdout).toBe(1);
    const total = resultsIn(path.join(dir, 'conformance-report'))!.summary.total;
    expect(total).toBeGreaterThan(3);

    const rerun = await runIn(dir, [...args, '--last-failed']);
    expect(rerun.code, rerun.stdout + rerun.stderr).toBe(1);
    expect(rerun.stdout).toContain(`--last-failed: rerunning 1 of ${total} checks from conformance-report/results.json (1 failed, 0 warnings, 0 skipped)`);
    expect(rerun.stdout).toContain('The report now holds the rerun checks only; --merge keeps the full report.');
    expect(resultsIn(path.join(dir, 'conformance-report'))!.checks.map((c) => c.id)).toEqual([BROKEN]);

    await ref.close();
    ref = await onPort(port); // fixed
    const fixed = await runIn(dir, [...args, '--last-failed']);
    expect(fixed.code, fixed.stdout + fixed.stderr).toBe(0);
    expect(resultsIn(path.join(dir, 'conformance-report'))!.checks.map((c) => [c.id, c.status])).toEqual([[BROKEN, 'passed']]);

    const nothing = await runIn(dir, [...args, '--last-failed']);
    expect(nothing.code).toBe(0);
    expect(nothing.stdout).toBe('--last-failed: nothing to rerun: no check failed, warned or was skipped in conformance-report/results.json (1 check)\n');
  } finally {
    await ref.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--last-failed --merge folds the rerun into the full report: counts, verdict, summary.md', async () => {
  const dir = tempFolder('lf-merge');
  let ref = await onPort(0, MUTANT);
  const port = Number(new URL(ref.target).port);
  try {
    const args = ['run', 'operator-api', '--target', ref.target, '--driver', ref.driver];
    const full = await runIn(dir, [...args, ...GREP]);
    expect(full.code).toBe(1);
    const before = resultsIn(path.join(dir, 'conformance-report'))!;

    await ref.close();
    ref = await onPort(port);
    const merged = await runIn(dir, [...args, '--last-failed', '--merge']);
    expect(merged.code, merged.stdout + merged.stderr).toBe(0);
    expect(merged.stdout).toContain(
      `merged into the full report: ${before.summary.total} checks, ${before.summary.total} passed, 0 failed, 0 warnings, 0 skipped`,
    );
    const after = resultsIn(path.join(dir, 'conformance-report'))!;
    expect(after.checks.map((c) => c.id)).toEqual(before.checks.map((c) => c.id));
    expect(after.checks.every((c) => c.status === 'passed')).toBe(true);
    expect(readFileSync(path.join(dir, 'conformance-report', 'summary.md'), 'utf8')).toContain('### ✅ channel-conformance: conformant at MUST level');

    const otherTarget = await runIn(dir, ['run', 'operator-api', '--last-failed', '--merge']);
    expect(otherTarget.code).toBe(0); // nothing failed: nothing to merge, whatever the target
  } finally {
    await ref.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('skipped checks are rerun too, and --merge refuses a report made against another target', async () => {
  const dir = tempFolder('lf-skip');
  const ref = await onPort(0);
  try {
    const noDriver = await runIn(dir, ['run', 'operator-api', '--target', ref.target, ...GREP]);
    expect(noDriver.code).toBe(0);
    const before = resultsIn(path.join(dir, 'conformance-report'))!;
    const skipped = before.checks.filter((c) => c.status === 'skipped').length;
    expect(skipped).toBeGreaterThan(0);

    const elsewhere = await runIn(dir, ['run', 'operator-api', '--last-failed', '--merge']);
    expect(elsewhere.code).toBe(2);
    expect(stderrLines(elsewhere)).toEqual([
      'channel-conformance: --merge: the run in conformance-report/results.json was made with another target, profile or --strict; rerun without --merge',
    ]);

    const withDriver = await runIn(dir, ['run', 'operator-api', '--target', ref.target, '--driver', ref.driver, '--last-failed', '--merge']);
    expect(withDriver.code, withDriver.stdout + withDriver.stderr).toBe(0);
    expect(withDriver.stdout).toContain(
      `--last-failed: rerunning ${skipped} of ${before.summary.total} checks from conformance-report/results.json (0 failed, 0 warnings, ${skipped} skipped)`,
    );
    const after = resultsIn(path.join(dir, 'conformance-report'))!;
    expect(after.summary).toMatchObject({ total: before.summary.total, skipped: 0, failed: 0 });
  } finally {
    await ref.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
