import { test, expect } from '@playwright/test';
import { mutants, variations } from '../../reference/chat-api/mutants.ts';
import { mutantTests, variationTests } from './mutants.ts';
import { cleanup, failedIds, outcome, runCli } from './cli.ts';
import { startReference } from '../../reference/index.ts';

/** Self-tests of the chat-api suite: the reference passes, every mutant is killed. */

test('chat-api: the bundled reference passes every check with --strict (no --target)', async () => {
  const r = await runCli(['run', 'chat-api', '--strict']);
  expect(failedIds(r), outcome(r)).toEqual([]);
  expect(r.results?.summary.skipped, outcome(r)).toBe(0);
  expect(r.results?.summary.warnings, outcome(r)).toBe(0);
  expect(r.code, outcome(r)).toBe(0);
  cleanup(r);
});

mutantTests('chat-api', mutants);
variationTests('chat-api', variations);

test('chat-api: a run against a target without --token cannot be made (exit 2, one line)', async () => {
  const ref = await startReference('chat-api');
  try {
    const r = await runCli(['run', 'chat-api', '--target', ref.target, '--driver', ref.driver], { env: { CHANNEL_CONFORMANCE_TOKEN: '' } });
    expect(r.code, outcome(r)).toBe(2);
    expect(r.stderr).toContain('chat-api needs --token');
    cleanup(r);
  } finally {
    await ref.close();
  }
});
