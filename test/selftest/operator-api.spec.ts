import { test, expect } from '@playwright/test';
import { mutants, variations } from '../../reference/operator-api/mutants.ts';
import { mutantTests, variationTests } from './mutants.ts';
import { cleanup, failedIds, outcome, runCli } from './cli.ts';

/** Self-tests of the operator-api suite: the reference passes, every mutant is killed. */

test('operator-api: the bundled reference passes every check with --strict (no --target)', async () => {
  const r = await runCli(['run', 'operator-api', '--strict']);
  expect(failedIds(r), outcome(r)).toEqual([]);
  expect(r.results?.summary.skipped, outcome(r)).toBe(0);
  expect(r.results?.summary.warnings, outcome(r)).toBe(0);
  expect(r.code, outcome(r)).toBe(0);
  cleanup(r);
});

for (const profile of ['aimylogic', 'tovie']) {
  test(`operator-api: the reference passes with --profile ${profile}, which the report names`, async () => {
    const r = await runCli(['run', 'operator-api', '--strict', '--profile', profile, '--grep', 'setWebhook|sendText']);
    expect(r.code, outcome(r)).toBe(0);
    expect(r.results?.profile).toBe(profile);
    const sources = new Set(r.results?.checks.map((c) => c.source.document));
    expect([...sources].some((d) => d.startsWith(profile === 'aimylogic' ? '000_' : '001_'))).toBe(true);
    cleanup(r);
  });
}

mutantTests('operator-api', mutants);
variationTests('operator-api', variations);
