import { test, expect } from '@playwright/test';
import type { MutantSpec, SuiteId, VariationSpec } from '../../reference/types.ts';
import { startReference } from '../../reference/index.ts';
import { MUTANT_TIMEOUT_MS } from './mutant-timeout.ts';
import { runBatch } from './batch.ts';
import { cleanup, failedIds, outcome, runCli } from './cli.ts';

/**
 * The proof that the suite has teeth: each mutant of a reference breaks one rule, and the suite run
 * against it (strict, so SHOULD checks count) must fail exactly the checks its catalogue entry
 * names — not fewer (a check that cannot fail), not more (a check that fails for the wrong reason).
 * Each conformant variation must pass everything, through the real CLI with --target and --driver.
 */
export function mutantTests(suite: SuiteId, mutants: MutantSpec[]): void {
  test(`${suite}: every mutant of the reference is killed by exactly its expected checks`, async () => {
    test.setTimeout(600_000);
    for (const m of mutants) expect.soft(m.kills.length, `mutant ${m.id} lists no check that kills it`).toBeGreaterThan(0);
    const { failed } = await runBatch(
      suite,
      mutants.map((m) => ({ label: m.id, options: { mutant: m.id } })),
      { timeoutMs: Number(MUTANT_TIMEOUT_MS), strict: true },
    );
    for (const m of mutants) {
      expect.soft(failed.get(m.id), `mutant ${m.id} (${m.breaks})`).toEqual([...m.kills].sort());
    }
  });

  test(`${suite}: every check is killed by some mutant`, async () => {
    const killed = new Set(mutants.flatMap((m) => m.kills));
    const r = await runCli(['run', suite, '--strict']);
    const unkilled = (r.results?.checks ?? []).map((c) => c.id).filter((id) => !killed.has(id));
    expect(unkilled, 'checks no mutant proves able to fail').toEqual([]);
    cleanup(r);
  });
}

export function variationTests(suite: SuiteId, variations: VariationSpec[]): void {
  for (const v of variations) {
    test(`${suite} conformant variation ${v.id} passes with --strict`, async () => {
      const ref = await startReference(suite, { variation: v.id });
      try {
        const args = ['run', suite, '--target', ref.target, '--driver', ref.driver, '--strict'];
        if (ref.token) args.push('--token', ref.token);
        if (ref.clientToken) args.push('--client-token', ref.clientToken);
        const r = await runCli(args);
        expect(failedIds(r), outcome(r)).toEqual([]);
        expect(r.results?.summary.warnings, outcome(r)).toBe(0);
        expect(r.results?.summary.skipped, outcome(r)).toBe(0);
        expect(r.code, outcome(r)).toBe(0);
        cleanup(r);
      } finally {
        await ref.close();
      }
    });
  }
}
