import { test, expect } from '@playwright/test';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { startReference } from '../../reference/index.ts';
import { failedIds, outcome, removeTempDirs, runCli, tempReportDir } from './cli.ts';
import { SMOKE } from './tiers.ts';

/**
 * Baselines (--expect), sharding and merge, and the comparison page, each proven once end to end
 * through the CLI: that the options reach the logic and the files come out. The logic itself
 * (marking, staleness, exit codes, merge order and coverage, the comparison's data) is tabled in
 * test/unit/report-logic.spec.ts.
 */

test.afterEach(removeTempDirs);

function baseline(entries: Record<string, string>): string {
  const file = path.join(tempReportDir('expect'), 'expected.json');
  writeFileSync(file, JSON.stringify({ expectedFailures: entries }));
  return file;
}

test('--expect with --update-expect: a listed failure is marked in every report and does not gate; the file is rewritten', async () => {
  const KILLED = 'operator-api.selectDestination.user-name-shown';
  const PASSES = 'operator-api.selectDestination.default-user-name';
  const ref = await startReference('operator-api', { mutant: 'user-name-ignored' });
  try {
    const reason = 'the agent console shows the platform name (TICKET-1)';
    const file = baseline({ [KILLED]: reason, [PASSES]: 'was broken once', 'operator-api.sendText.accepts-valid-request': 'did not run: not in --grep' });
    const r = await runCli([
      'run',
      'operator-api',
      '--target',
      ref.target,
      '--driver',
      ref.driver,
      '--strict',
      '--grep',
      'user-name',
      '--expect',
      file,
      '--update-expect',
    ]);
    // What the run itself reported, before the update: the listed failure did not gate, the listed check that passes is stale.
    expect(r.stdout, outcome(r)).toContain('1 expected failure (--expect) did not gate');
    expect(r.stdout).toContain(`stale expectation ${PASSES}: it passes now`);
    // The update: exactly the current failures, reasons kept; a check this partial run did not run is dropped with the suite's.
    expect(r.stdout).toContain(`${file} now lists 1 expected failure`);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ expectedFailures: { [KILLED]: reason } });
    // Then every report, rewritten against the updated file, marks the failure, and the run exits 0.
    expect(r.code, outcome(r)).toBe(0);
    const c = r.results!.checks.find((x) => x.id === KILLED)!;
    expect(c.status).toBe('failed');
    expect(c.expectedFailure).toBe(reason);
    expect(r.results!.staleExpectations).toEqual([]);
    expect(readFileSync(path.join(r.reportDir, 'junit.xml'), 'utf8')).toContain(`name="expected-failure" value="${reason}"`);
    expect(readFileSync(path.join(r.reportDir, 'summary.md'), 'utf8')).toContain(`baseline: ${reason}`);
    expect(readFileSync(path.join(r.reportDir, 'index.html'), 'utf8')).toContain(reason);
  } finally {
    await ref.close();
  }
});

test('a baseline that is not JSON exits 2 with one line', SMOKE, async () => {
  const file = baseline({});
  writeFileSync(file, 'not json');
  const r = await runCli(['run', 'operator-api', '--grep', 'user-name', '--expect', file]);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/^channel-conformance: the expectations file .* is not JSON/);
});

test('two shards merged equal the unsharded run, and compare shows the merged run beside a broken one', async () => {
  // A subset spanning several files keeps this quick; sharding splits by file.
  const subset = ['--grep', 'getDestinations|sendFile|closeChat|setWebhook.accepts|hidden-attributes-not-shown'];
  const REGRESSED = 'operator-api.selectDestination.hidden-attributes-not-shown';
  const ref = await startReference('operator-api', { mutant: 'hidden-attributes-leak' });
  try {
    const [whole, s1, s2, bad] = await Promise.all([
      runCli(['run', 'operator-api', ...subset]),
      runCli(['run', 'operator-api', ...subset, '--shard', '1/2']),
      runCli(['run', 'operator-api', ...subset, '--shard', '2/2']),
      runCli(['run', 'operator-api', '--target', ref.target, '--driver', ref.driver, ...subset]),
    ]);
    expect(s1.results!.summary.total).toBeGreaterThan(0);
    expect(s2.results!.summary.total).toBeGreaterThan(0);
    expect(s1.results!.summary.total + s2.results!.summary.total).toBe(whole.results!.summary.total);
    const out = tempReportDir('merged');
    const m = await runCli(['merge', s1.reportDir, s2.reportDir, '--report', out]);
    expect(m.code, m.stderr).toBe(0);
    const merged = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8'));
    const view = (r: { checks: Array<{ id: string; status: string; level: string; source: unknown }> }) =>
      r.checks.map((c) => [c.id, c.status, c.level, c.source]);
    expect(view(merged)).toEqual(view(whole.results!));
    expect(merged.summary).toEqual(whole.results!.summary);
    expect(merged.coverage).toEqual(whole.results!.coverage);
    for (const f of ['junit.xml', 'index.html', 'summary.md']) expect(existsSync(path.join(out, f))).toBe(true);
    expect(readFileSync(path.join(out, 'summary.md'), 'utf8')).toContain(`${whole.results!.summary.total} checks of \`operator-api\``);

    expect(failedIds(bad), outcome(bad)).toEqual([REGRESSED]);
    const page = path.join(tempReportDir('compare'), 'compare.html');
    const c = await runCli(['compare', out, bad.reportDir, '--out', page]);
    expect(c.code, c.stderr).toBe(0);
    const html = readFileSync(page, 'utf8');
    expect(html).toContain(`{"id":"${REGRESSED}"`);
    expect(html).toContain('"statuses":["passed","failed"]');
  } finally {
    await ref.close();
  }
});
