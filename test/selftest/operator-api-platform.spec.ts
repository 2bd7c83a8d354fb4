import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { mutants, variations } from '../../reference/operator-api-platform/mutants.ts';
import { mutantTests, variationTests } from './mutants.ts';
import { cleanup, failedIds, outcome, runCli } from './cli.ts';

/** Self-tests of the operator-api-platform suite: the reference passes, every mutant is killed, every variation passes. */

test('operator-api-platform: the bundled reference passes every check with --strict (no --target)', async () => {
  const token = 'platform-chat-token-5f0c2a9e71';
  const r = await runCli(['run', 'operator-api-platform', '--strict', '--token', token]);
  expect(failedIds(r), outcome(r)).toEqual([]);
  expect(r.results?.summary.skipped, outcome(r)).toBe(0);
  expect(r.results?.summary.warnings, outcome(r)).toBe(0);
  expect(r.code, outcome(r)).toBe(0);
  // The webhook's apiKey and the Chat API token are secrets: only their placeholders reach the reports.
  const results = JSON.stringify(r.results);
  expect(results).toContain('/chatapi/webhook/operatorapi/$API_KEY');
  expect(results).toContain('/chatapi/$TOKEN');
  for (const f of ['results.json', 'junit.xml', 'index.html']) {
    const text = readFileSync(path.join(r.reportDir, f), 'utf8');
    expect(text, f).not.toContain(token);
    expect(text, f).not.toMatch(/\/operatorapi\/[0-9a-f]{32}/);
  }
  cleanup(r);
});

mutantTests('operator-api-platform', mutants);
variationTests('operator-api-platform', variations);
