import { test, expect } from '@playwright/test';
import type { MutantSpec, SuiteId, VariationSpec } from '../../reference/types.ts';
import { listChecks } from '../../scripts/list-checks.ts';
import { MUTANT_TIMEOUT_MS } from './mutant-timeout.ts';
import { runBatch } from './batch.ts';

/**
 * The proof that the suite has teeth: each mutant of a reference breaks one rule, and the suite run
 * against it (strict, so SHOULD checks count) must fail exactly the checks its catalogue entry
 * names — not fewer (a check that cannot fail), not more (a check that fails for the wrong reason).
 * Each conformant variation must pass everything, strict, with nothing skipped.
 *
 * Both run as batches (one runner, one project per reference variant) to keep `npm test` inside its
 * budget on two cores; the CLI's own path (--target, --driver, exit codes) is proven by cli.spec.ts,
 * reports.spec.ts, hostile.spec.ts and the reference runs of each suite's self-test.
 */
/** Words of a message built from a missing or unprintable value. */
const GARBLE = /\bundefined\b|\[object Object\]|\bNaN\b/;

export function mutantTests(suite: SuiteId, mutants: MutantSpec[]): void {
  test(`${suite}: every mutant of the reference is killed by exactly its expected checks`, async () => {
    test.setTimeout(900_000);
    for (const m of mutants) expect.soft(m.kills.length, `mutant ${m.id} lists no check that kills it`).toBeGreaterThan(0);
    const { failed, results } = await runBatch(
      suite,
      mutants.map((m) => ({ label: m.id, options: { mutant: m.id } })),
      { timeoutMs: Number(MUTANT_TIMEOUT_MS), strict: true },
    );
    for (const m of mutants) {
      expect.soft(failed.get(m.id), `mutant ${m.id} (${m.breaks})`).toEqual([...m.kills].sort());
    }
    // Every check's failure message, as the mutants provoke it, reads as a sentence: a value the
    // check could not find is described, never interpolated as "undefined" or "[object Object]".
    const garbled = results.checks
      .filter((c) => c.status === 'failed' && GARBLE.test(c.message ?? ''))
      .map((c) => `${c.project}: ${c.id}: ${c.message}`);
    expect.soft(garbled, 'failure messages that print undefined, NaN or [object Object]').toEqual([]);
  });

  test(`${suite}: every check is killed by some mutant`, () => {
    const killed = new Set(mutants.flatMap((m) => m.kills));
    const ids = listChecks().filter((c) => c.suite === suite).map((c) => c.id);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.filter((id) => !killed.has(id)), 'checks no mutant proves able to fail').toEqual([]);
    const known = new Set(ids);
    expect([...killed].filter((id) => !known.has(id)), 'kills naming checks that do not exist').toEqual([]);
  });
}

export function variationTests(suite: SuiteId, variations: VariationSpec[]): void {
  test(`${suite}: every conformant variation passes every check with --strict`, async () => {
    test.setTimeout(600_000);
    const { notPassed } = await runBatch(
      suite,
      variations.map((v) => ({ label: v.id, options: { variation: v.id } })),
      { timeoutMs: 5000, strict: true },
    );
    for (const v of variations) expect.soft(notPassed.get(v.id), `variation ${v.id} (${v.description})`).toEqual([]);
  });
}
