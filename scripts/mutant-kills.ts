/**
 * Maintainer tool: run a suite against every mutant of its reference and print which checks fail,
 * as a starting point for the `kills` lists in reference/<suite>/mutants.ts. Review each list by
 * hand: a kill must follow from the rule the mutant breaks.
 *
 *   npx tsx scripts/mutant-kills.ts operator-api [mutant-id...]
 */
import { startReference } from '../reference/index.ts';
import type { MutantSpec, SuiteId } from '../reference/types.ts';
import { failedIds, runCli, cleanup } from '../test/selftest/cli.ts';
import { MUTANT_TIMEOUT_MS } from '../test/selftest/mutant-timeout.ts';

const [suite, ...only] = process.argv.slice(2) as [SuiteId, ...string[]];
const { mutants } = (await import(`../reference/${suite}/mutants.ts`)) as { mutants: MutantSpec[] };
const chosen = only.length ? mutants.filter((m) => only.includes(m.id)) : mutants;
const queue = [...chosen];
const out: Record<string, string[]> = {};
async function worker() {
  for (let m = queue.shift(); m; m = queue.shift()) {
    const ref = await startReference(suite, { mutant: m.id });
    const args = ['run', suite, '--target', ref.target, '--driver', ref.driver, '--strict', '--timeout', MUTANT_TIMEOUT_MS];
    if (ref.token) args.push('--token', ref.token);
    const r = await runCli(args);
    await ref.close();
    out[m.id] = failedIds(r);
    const same = JSON.stringify(out[m.id]) === JSON.stringify([...m.kills].sort());
    process.stdout.write(`${same ? '=' : '≠'} ${m.id} (exit ${r.code}): ${JSON.stringify(out[m.id])}\n`);
    cleanup(r);
  }
}
await Promise.all([worker(), worker()]);
