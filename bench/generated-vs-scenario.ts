/**
 * Issue 12's comparison: for the mutants made for the generated checks (those whose every killing
 * check is generated or stateful), how many the generated checks kill and in what time, beside the
 * same count for the scenario checks alone. Same references, seed and budget as the self-tests.
 * @module
 */

import { runBatch } from '../harness/runner/batch.ts';
import { MUTANT_TIMEOUT_MS } from '../test/selftest/mutant-timeout.ts';
import { DEFAULT_GENERATE, DEFAULT_SEED } from '../harness/config/run-config.ts';
import type { MutantSpec, SuiteId } from '../reference/types.ts';
import { GREP_GENERATED_ONLY, GREP_SCENARIOS_ONLY, isGeneratedCheck } from '../harness/generated/check-ids.ts';

export interface SideFigures {
  killed: number;
  wallMs: number;
  checksRun: number;
}

async function side(suite: SuiteId, hidden: MutantSpec[], grep: string): Promise<SideFigures> {
  const t0 = performance.now();
  const out = await runBatch(
    suite,
    hidden.map((m) => ({ label: m.id, options: { mutant: m.id } })),
    { timeoutMs: Number(MUTANT_TIMEOUT_MS), strict: true, grep },
  );
  const wallMs = performance.now() - t0;
  const killed = hidden.filter((m) => (out.failed.get(m.id)?.length ?? 0) > 0).length;
  return { killed, wallMs, checksRun: out.results.checks.length };
}

export async function generatedVersusScenarios(suites: SuiteId[], fmt: (n: number, digits?: number) => string): Promise<void> {
  console.log(
    `Generated checks versus scenario checks, on the mutants made for the generated checks (seed ${DEFAULT_SEED}, ${DEFAULT_GENERATE} inputs per property):`,
  );
  for (const suite of suites) {
    const { mutants } = (await import(`../reference/${suite}/mutants.ts`)) as { mutants: MutantSpec[] };
    const hidden = mutants.filter((m) => m.kills.length > 0 && m.kills.every(isGeneratedCheck));
    if (hidden.length === 0) {
      console.log(`  ${suite}: no mutants made for the generated checks`);
      continue;
    }
    const gen = await side(suite, hidden, GREP_GENERATED_ONLY);
    const scen = await side(suite, hidden, GREP_SCENARIOS_ONLY);
    console.log(
      `  ${suite.padEnd(14)} ${hidden.length} mutants · generated checks kill ${gen.killed} in ${fmt(gen.wallMs / 1000, 1)} s (${gen.checksRun} check runs) · scenario checks alone kill ${scen.killed} in ${fmt(scen.wallMs / 1000, 1)} s (${scen.checksRun} check runs)`,
    );
  }
}
