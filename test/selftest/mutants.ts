import { test, expect } from '@playwright/test';
import { startReference } from '../../reference/index.ts';
import type { MutantSpec, SuiteId, VariationSpec } from '../../reference/types.ts';
import { cleanup, failedIds, outcome, runCli } from './cli.ts';

import { MUTANT_TIMEOUT_MS } from './mutant-timeout.ts';

/**
 * The proof that the suite has teeth: each mutant of a reference breaks one rule, and the suite run
 * against it (with --strict, so SHOULD checks count) must fail exactly the checks its catalogue
 * entry names — not fewer (a check that cannot fail), not more (a check that fails for the wrong
 * reason). Each conformant variation must pass everything.
 */

export function mutantTests(suite: SuiteId, mutants: MutantSpec[], extraArgs: string[] = []): void {
  for (const m of mutants) {
    test(`${suite} mutant ${m.id} is killed by exactly its expected checks`, async () => {
      expect(m.kills.length, `mutant ${m.id} lists no check that kills it`).toBeGreaterThan(0);
      const ref = await startReference(suite, { mutant: m.id });
      try {
        const args = ['run', suite, '--target', ref.target, '--driver', ref.driver, '--strict', '--timeout', MUTANT_TIMEOUT_MS, ...extraArgs];
        if (ref.token) args.push('--token', ref.token);
        if (ref.clientToken) args.push('--client-token', ref.clientToken);
        const r = await runCli(args);
        expect(r.code, outcome(r)).toBe(1);
        expect(failedIds(r), outcome(r)).toEqual([...m.kills].sort());
        cleanup(r);
      } finally {
        await ref.close();
      }
    });
  }
}

export function variationTests(suite: SuiteId, variations: VariationSpec[], extraArgs: string[] = []): void {
  for (const v of variations) {
    test(`${suite} conformant variation ${v.id} passes with --strict`, async () => {
      const ref = await startReference(suite, { variation: v.id });
      try {
        const args = ['run', suite, '--target', ref.target, '--driver', ref.driver, '--strict', ...extraArgs];
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
