import { test, expect } from '@playwright/test';
import { mutants, variations } from '../../reference/chat-api/mutants.ts';
import { listChecks } from '../../scripts/list-checks.ts';
import { cleanup, failedIds, outcome, runCli } from './cli.ts';
import { CATALOGUE, SMOKE } from './tiers.ts';
import { GREP_GENERATED_ONLY, GREP_SCENARIOS_ONLY, isGeneratedCheck } from '../../harness/generated/check-ids.ts';
import { startReference } from '../../reference/index.ts';
import { runBatch } from '../../harness/runner/batch.ts';
import { MUTANT_TIMEOUT_MS } from './mutant-timeout.ts';
import { unexplainedFailures } from './mutants.ts';

/** Self-tests of the chat-api suite: the reference passes, every mutant is killed. */

test('chat-api: the bundled reference passes every check with --strict (no --target)', SMOKE, async () => {
  const r = await runCli(['run', 'chat-api', '--strict']);
  expect(failedIds(r), outcome(r)).toEqual([]);
  expect(r.results?.summary.skipped, outcome(r)).toBe(0);
  expect(r.results?.summary.warnings, outcome(r)).toBe(0);
  expect(r.code, outcome(r)).toBe(0);
  cleanup(r);
});

/**
 * The mutant and variation proofs of test/selftest/mutants.ts, in two halves run side by side: the
 * scenario checks, and the generated checks (which try many inputs and shrink every failure, so cost
 * more per mutant). For each mutant, the checks it fails in both halves together are exactly its
 * `kills`; each variation passes every check of both halves, strict, nothing skipped.
 */

const HALVES = [
  { name: 'scenario', grep: GREP_SCENARIOS_ONLY, generated: false },
  { name: 'generated', grep: GREP_GENERATED_ONLY, generated: true },
] as const;

for (const half of HALVES) {
  test(`chat-api: every mutant of the reference fails exactly the ${half.name} checks of its kills`, CATALOGUE, async () => {
    test.setTimeout(900_000);
    const { failed, results } = await runBatch(
      'chat-api',
      mutants.map((m) => ({ label: m.id, options: { mutant: m.id } })),
      { timeoutMs: Number(MUTANT_TIMEOUT_MS), strict: true, grep: half.grep },
    );
    for (const m of mutants) {
      const expected = m.kills.filter((k) => isGeneratedCheck(k) === half.generated).sort();
      expect.soft(failed.get(m.id), `mutant ${m.id} (${m.breaks})`).toEqual(expected);
    }
    // As test/selftest/mutants.ts: every failure a mutant provokes explains itself.
    expect.soft(unexplainedFailures(results.checks), 'failure messages that do not explain themselves').toEqual([]);
  });

  test(`chat-api: every conformant variation passes every ${half.name} check with --strict`, CATALOGUE, async () => {
    test.setTimeout(900_000);
    const { notPassed, passed } = await runBatch(
      'chat-api',
      variations.map((v) => ({ label: v.id, options: { variation: v.id } })),
      { timeoutMs: 5000, strict: true, grep: half.grep },
    );
    for (const v of variations) {
      expect.soft(notPassed.get(v.id), `variation ${v.id} (${v.description})`).toEqual([]);
      expect.soft(passed.get(v.id)?.length ?? 0, `variation ${v.id}: checks that passed`).toBeGreaterThan(half.generated ? 15 : 50);
    }
  });
}

test('chat-api: every check is killed by some mutant', SMOKE, () => {
  for (const m of mutants) expect.soft(m.kills.length, `mutant ${m.id} lists no check that kills it`).toBeGreaterThan(0);
  const killed = new Set(mutants.flatMap((m) => m.kills));
  const ids = listChecks()
    .filter((c) => c.suite === 'chat-api')
    .map((c) => c.id);
  expect(ids.length).toBeGreaterThan(0);
  expect(
    ids.filter((id) => !killed.has(id)),
    'checks no mutant proves able to fail',
  ).toEqual([]);
  const known = new Set(ids);
  expect(
    [...killed].filter((id) => !known.has(id)),
    'kills naming checks that do not exist',
  ).toEqual([]);
});

/**
 * The mutants made for the generated checks (issue 12): each misbehaves only on inputs no scenario
 * check sends. Their kills name generated checks only (here), so the two halves above prove that the
 * generated checks kill each within the default budget (the fixed default seed, 20 inputs per
 * property) and that the scenario checks alone let every one of them pass.
 */
const GENERATED_ONLY = [
  'client-id-decoded-twice',
  'state-dot-keys-nested',
  'numeric-client-id-as-number',
  'bidi-or-combining-500',
  'empty-data-500',
  'wrong-type-500',
  'status-wrong-type-500',
  'empty-batch-500',
  'events-lost-same-moment',
  'history-dedups-repeated-query',
  'status-read-cached',
  'not-read-count-ignores-async',
];

test('chat-api: the mutants made for the generated checks are killed by generated checks only', SMOKE, () => {
  for (const id of GENERATED_ONLY) {
    const m = mutants.find((x) => x.id === id);
    expect(m, id).toBeDefined();
    expect(m!.kills.length, id).toBeGreaterThan(0);
    expect(
      m!.kills.filter((k) => !isGeneratedCheck(k)),
      id,
    ).toEqual([]);
  }
});

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
