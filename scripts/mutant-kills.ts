/**
 * Maintainer tool: run a suite against every mutant of its reference (or the named ones) and print
 * which checks each fails, as a starting point for the `kills` lists in reference/<suite>/mutants.ts.
 * Review each list by hand: a kill must follow from the rule the mutant breaks.
 *
 *   npx tsx scripts/mutant-kills.ts operator-api [mutant-id...]
 */
import type { MutantSpec, SuiteId } from '../reference/types.ts';
import { runBatch } from '../test/selftest/batch.ts';
import { MUTANT_TIMEOUT_MS } from '../test/selftest/mutant-timeout.ts';

const [suite, ...only] = process.argv.slice(2) as [SuiteId, ...string[]];
const { mutants } = (await import(`../reference/${suite}/mutants.ts`)) as { mutants: MutantSpec[] };
const chosen = only.length ? mutants.filter((m) => only.includes(m.id)) : mutants;
const started = Date.now();
const { failed } = await runBatch(suite, chosen.map((m) => ({ label: m.id, options: { mutant: m.id } })), {
  timeoutMs: Number(MUTANT_TIMEOUT_MS),
  strict: true,
});
for (const m of chosen) {
  const got = failed.get(m.id) ?? [];
  const same = JSON.stringify(got) === JSON.stringify([...m.kills].sort());
  process.stdout.write(`${same ? '=' : '≠'} ${m.id}: ${JSON.stringify(got)}\n`);
}
process.stdout.write(`${chosen.length} mutants in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
