/**
 * `run --last-failed [--merge]`: the quick loop while fixing. Reads the previous results.json in the
 * report folder and reruns only the checks that did not pass there: failed, warned (a broken SHOULD
 * rule is a failure that does not gate) and skipped. Checks are chosen by id, which never changes
 * meaning, so a rerun after an upgrade of the suite still picks the same rules.
 *
 * The rerun writes its own report in the folder (the next --last-failed narrows further); with
 * --merge, the rerun's checks replace theirs in the previous report, which stays a full report.
 * @module
 */

import { existsSync } from 'node:fs';
import path from 'node:path';
import { MergeError, mergeResults, readResults } from '../report/merge.ts';
import { exitCodeOf, recordedProfile, type CheckResult, type RunResults } from '../report/results.ts';
import { writeReports } from '../report/write-reports.ts';
import type { SuiteId } from '../config/run-config.ts';
import type { RunArgs } from './args.ts';
import { CannotRun, runCommand } from './run.ts';

const RERUN: ReadonlyArray<CheckResult['status']> = ['failed', 'warning', 'skipped'];

export interface Rerun {
  args: RunArgs;
  previous: RunResults;
  checks: CheckResult[];
}

/** What to rerun, or the one line saying why nothing is to be rerun (then `args` is unused). */
export function planRerun(args: RunArgs): Rerun {
  const dir = path.resolve(args.reportDir);
  if (!existsSync(path.join(dir, 'results.json'))) throw new CannotRun(`--last-failed needs the results.json of a previous run in ${dir}`);
  let previous: RunResults;
  try {
    previous = readResults(dir);
  } catch (e) {
    throw new CannotRun(`--last-failed: ${(e as Error).message}`);
  }
  if (!Array.isArray(previous.checks) || !Array.isArray(previous.suites)) throw new CannotRun(`--last-failed: ${dir}/results.json is not a results file`);
  const wanted = (c: CheckResult) => RERUN.includes(c.status) && (!args.suitesNamed || (args.suites as string[]).includes(c.suite));
  const checks = previous.checks.filter(wanted);
  const suites = previous.suites.filter((s) => checks.some((c) => c.suite === s)) as SuiteId[];
  return { previous, checks, args: { ...args, suites, grep: idPattern(checks.map((c) => c.id)) } };
}

/**
 * Playwright matches --grep against "project file title", and a check's title starts with its id and a
 * space (fixtures/conformance.ts), so each id is matched whole: "a.b" never selects "a.b-2".
 */
export function idPattern(ids: string[]): string {
  const escaped = [...new Set(ids)].map((id) => id.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'));
  return `(?:^|\\s)(?:${escaped.join('|')})(?:\\s|$)`;
}

export async function lastFailedCommand(args: RunArgs): Promise<number> {
  const plan = planRerun(args);
  const { previous, checks } = plan;
  const count = (s: CheckResult['status']) => checks.filter((c) => c.status === s).length;
  const from = path.join(args.reportDir, 'results.json');
  if (checks.length === 0) {
    process.stdout.write(
      `--last-failed: nothing to rerun: no check failed, warned or was skipped in ${from} (${previous.checks.length} check${previous.checks.length === 1 ? '' : 's'})\n`,
    );
    return exitCodeOf(previous);
  }
  if (
    args.merge &&
    (previous.target !== (args.target ?? null) || previous.profile !== recordedProfile(previous.suites, args.profile) || previous.strict !== args.strict)
  ) {
    throw new CannotRun(`--merge: the run in ${from} was made with another target, profile or --strict; rerun without --merge`);
  }
  process.stdout.write(
    `--last-failed: rerunning ${checks.length} of ${previous.checks.length} checks from ${from} (${count('failed')} failed, ${count('warning')} warnings, ${count('skipped')} skipped)\n`,
  );
  const code = await runCommand(plan.args);
  if (!args.merge) {
    process.stdout.write(`The report now holds the rerun checks only; --merge keeps the full report.\n`);
    return code;
  }
  const merged = mergeInto(previous, readResults(path.resolve(args.reportDir)));
  writeReports(merged, path.resolve(args.reportDir));
  const s = merged.summary;
  process.stdout.write(
    `merged into the full report: ${s.total} checks, ${s.passed} passed, ${s.failed} failed, ${s.warnings} warnings, ${s.skipped} skipped\nreport: ${path.resolve(args.reportDir)}/index.html\n`,
  );
  return exitCodeOf(merged);
}

/** The previous report with the rerun's checks in place of theirs; counts and coverage recomputed. */
export function mergeInto(previous: RunResults, rerun: RunResults): RunResults {
  try {
    // A rerun covers fewer suites; as a share of the previous run it merges like one (the rerun's
    // check wins, being first). Its harness errors are the current ones; the previous run's are history.
    // A rerun of checks of other suites only records no profile (results.ts, recordedProfile): the
    // previous run's stands, as its checks are the ones the profile chose the citations of.
    const merged = mergeResults([{ ...rerun, suites: previous.suites, profile: rerun.profile ?? previous.profile }, previous]);
    merged.harnessErrors = rerun.harnessErrors;
    merged.startedAt = previous.startedAt;
    merged.durationMs = previous.durationMs + rerun.durationMs;
    return merged;
  } catch (e) {
    if (e instanceof MergeError) throw new CannotRun(`--merge: ${e.message}`);
    throw e;
  }
}
