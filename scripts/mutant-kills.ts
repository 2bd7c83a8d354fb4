/**
 * Maintainer tool: run a suite against every mutant of its reference (or the named ones) and print
 * which checks each fails, as a starting point for the `kills` lists in reference/<suite>/mutants.ts.
 * Review each list by hand: a kill must follow from the rule the mutant breaks.
 *
 *   npx tsx scripts/mutant-kills.ts operator-api [mutant-id...]
 */
import type { MutantSpec, SuiteId } from '../reference/types.ts';
import type { Profile } from '../harness/config/run-config.ts';
import { runBatch } from '../harness/runner/batch.ts';
import { MUTANT_TIMEOUT_MS } from '../test/selftest/mutant-timeout.ts';

const [suite, ...only] = process.argv.slice(2) as [SuiteId, ...string[]];
const mod = (await import(`../reference/${suite}/mutants.ts`)) as { mutants: MutantSpec[]; mutantProfile?: (id: string) => Profile | undefined };
const chosen = only.length ? mod.mutants.filter((m) => only.includes(m.id)) : mod.mutants;
const started = Date.now();
// A mutant whose rule exists only under one profile (the webhook form of Aimylogic and Tovie) runs under it.
const byProfile = new Map<Profile, MutantSpec[]>();
for (const m of chosen) {
  const p = mod.mutantProfile?.(m.id) ?? 'jaicp';
  byProfile.set(p, [...(byProfile.get(p) ?? []), m]);
}
const failed = new Map<string, string[]>();
for (const [profile, list] of byProfile) {
  const r = await runBatch(
    suite,
    list.map((m) => ({ label: m.id, options: { mutant: m.id } })),
    { timeoutMs: Number(MUTANT_TIMEOUT_MS), strict: true, profile },
  );
  for (const [k, v] of r.failed) failed.set(k, v);
}
for (const m of chosen) {
  const got = failed.get(m.id) ?? [];
  const same = JSON.stringify(got) === JSON.stringify([...m.kills].sort());
  process.stdout.write(`${same ? '=' : '≠'} ${m.id}: ${JSON.stringify(got)}\n`);
}
process.stdout.write(`${chosen.length} mutants in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
