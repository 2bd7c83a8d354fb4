import { test, expect } from '@playwright/test';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startReference } from '../../reference/index.ts';
import { cleanup, failedIds, outcome, runCli, tempReportDir } from './cli.ts';

/** Baselines (--expect), sharding and merge, and the comparison page. */

function baseline(entries: Record<string, string>): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'cc-expect-')), 'expected.json');
  writeFileSync(file, JSON.stringify({ expectedFailures: entries }));
  return file;
}

test.describe('--expect baselines', () => {
  const KILLED = 'operator-api.selectDestination.user-name-shown';
  let ref: Awaited<ReturnType<typeof startReference>>;
  test.beforeAll(async () => {
    ref = await startReference('operator-api', { mutant: 'user-name-ignored' });
  });
  test.afterAll(async () => ref?.close());
  const args = () => ['run', 'operator-api', '--target', ref.target, '--driver', ref.driver, '--strict', '--grep', 'user-name'];

  test('a listed failure does not gate, and is marked in every report', async () => {
    const r = await runCli([...args(), '--expect', baseline({ [KILLED]: 'the agent console shows the platform name (TICKET-1)' })]);
    expect(r.code, outcome(r)).toBe(0);
    const c = r.results!.checks.find((x) => x.id === KILLED)!;
    expect(c.status).toBe('failed');
    expect(c.expectedFailure).toBe('the agent console shows the platform name (TICKET-1)');
    expect(readFileSync(path.join(r.reportDir, 'junit.xml'), 'utf8')).toContain('name="expected-failure" value="the agent console shows the platform name (TICKET-1)"');
    expect(r.stdout).toContain('1 expected failure (--expect) did not gate');
    expect(readFileSync(path.join(r.reportDir, 'summary.md'), 'utf8')).toContain('baseline: the agent console shows the platform name (TICKET-1)');
    cleanup(r);
  });

  test('an unlisted failure gates', async () => {
    const r = await runCli([...args(), '--expect', baseline({ 'operator-api.selectDestination.default-user-name': 'unrelated' })]);
    expect(r.code, outcome(r)).toBe(1);
    cleanup(r);
  });

  test('a listed check that now passes fails the run as a stale expectation', async () => {
    const r = await runCli(['run', 'operator-api', '--grep', 'user-name', '--expect', baseline({ [KILLED]: 'was broken once' })]);
    expect(r.code, outcome(r)).toBe(1);
    expect(r.results!.staleExpectations).toEqual([{ id: KILLED, reason: 'was broken once', why: 'it passes now: remove it from the file' }]);
    expect(r.stdout).toContain(`stale expectation ${KILLED}`);
    cleanup(r);
  });

  test('--update-expect rewrites the file to the current failures, keeping reasons', async () => {
    const file = baseline({ [KILLED]: 'kept reason', 'operator-api.sendText.accepts-valid-request': 'no longer fails' });
    const r = await runCli([...args(), '--expect', file, '--update-expect']);
    expect(r.code, outcome(r)).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ expectedFailures: { [KILLED]: 'kept reason' } });
    cleanup(r);
  });

  test('a baseline that is not JSON exits 2 with one line', async () => {
    const file = baseline({});
    writeFileSync(file, 'not json');
    const r = await runCli([...args(), '--expect', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^channel-conformance: the expectations file .* is not JSON/);
  });
});

test('two shards merged equal the unsharded run', async () => {
  // A subset spanning several files keeps this quick; sharding splits by file.
  const subset = ['--grep', 'getDestinations|sendFile|closeChat|setWebhook.accepts'];
  const whole = await runCli(['run', 'operator-api', ...subset]);
  const s1 = await runCli(['run', 'operator-api', ...subset, '--shard', '1/2']);
  const s2 = await runCli(['run', 'operator-api', ...subset, '--shard', '2/2']);
  expect(s1.results!.summary.total).toBeGreaterThan(0);
  expect(s2.results!.summary.total).toBeGreaterThan(0);
  expect(s1.results!.summary.total + s2.results!.summary.total).toBe(whole.results!.summary.total);
  const out = tempReportDir('merged');
  const m = await runCli(['merge', s1.reportDir, s2.reportDir, '--report', out]);
  expect(m.code, m.stderr).toBe(0);
  const merged = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8'));
  const view = (r: { checks: Array<{ id: string; status: string; level: string; source: unknown }> }) => r.checks.map((c) => [c.id, c.status, c.level, c.source]);
  expect(view(merged)).toEqual(view(whole.results!));
  expect(merged.summary).toEqual(whole.results!.summary);
  expect(merged.coverage).toEqual(whole.results!.coverage);
  for (const f of ['junit.xml', 'index.html', 'summary.md']) expect(existsSync(path.join(out, f))).toBe(true);
  expect(readFileSync(path.join(out, 'summary.md'), 'utf8')).toContain(`${whole.results!.summary.total} checks of \`operator-api\``);
  for (const r of [whole, s1, s2]) cleanup(r);
});

test('compare puts runs side by side and highlights regressions', async () => {
  const good = await runCli(['run', 'operator-api', '--grep', 'hidden-attributes-not-shown|getDestinations\\.']);
  const ref = await startReference('operator-api', { mutant: 'hidden-attributes-leak' });
  const bad = await runCli(['run', 'operator-api', '--target', ref.target, '--driver', ref.driver, '--grep', 'hidden-attributes-not-shown|getDestinations\\.']);
  await ref.close();
  expect(failedIds(bad)).toEqual(['operator-api.selectDestination.hidden-attributes-not-shown']);
  const out = path.join(tempReportDir('compare'), 'compare.html');
  const c = await runCli(['compare', good.reportDir, bad.reportDir, '--out', out]);
  expect(c.code, c.stderr).toBe(0);
  const html = readFileSync(out, 'utf8');
  expect(html).toContain('operator-api.selectDestination.hidden-attributes-not-shown');
  expect(html).toContain('"statuses":["passed","failed"]');
  cleanup(good);
  cleanup(bad);
});
