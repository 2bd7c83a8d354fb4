/**
 * `channel-conformance merge DIR...`: the results of the shares of one sharded run (--shard i/n)
 * merged into one result, as an unsharded run would have written it: every check once, in the same
 * order, the coverage united, the counts recomputed.
 * @module
 */

import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { CoverageEntry, RunResults } from './results.ts';
import { summarize } from './results.ts';

export class MergeError extends Error {}

export function readResults(dir: string): RunResults {
  const file = path.join(dir, 'results.json');
  if (!existsSync(file)) throw new MergeError(`${dir} holds no results.json`);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as RunResults;
  } catch {
    throw new MergeError(`${file} is not a results file`);
  }
}

export function mergeResults(parts: RunResults[]): RunResults {
  if (parts.length === 0) throw new MergeError('nothing to merge');
  const first = parts[0];
  for (const p of parts) {
    if (p.target !== first.target || p.profile !== first.profile || p.strict !== first.strict || p.suites.join() !== first.suites.join()) {
      throw new MergeError('the results are not shares of one run (suites, target, profile or strictness differ); use compare for different runs');
    }
  }
  const seen = new Set<string>();
  const checks = parts
    .flatMap((p) => p.checks)
    .filter((c) => {
      const key = `${c.project ?? c.suite}|${c.id}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  checks.sort(
    (a, b) => first.suites.indexOf(a.suite) - first.suites.indexOf(b.suite) || (a.project ?? '').localeCompare(b.project ?? '') || a.id.localeCompare(b.id),
  );
  const coverage: Record<string, CoverageEntry[]> = {};
  for (const p of parts) {
    for (const [suite, entries] of Object.entries(p.coverage ?? {})) {
      const into = coverage[suite];
      if (!into) {
        coverage[suite] = entries.map((e) => ({ ...e, observedStatuses: [...e.observedStatuses] }));
        continue;
      }
      for (const e of entries) {
        const t = into.find((x) => x.name === e.name && x.kind === e.kind);
        if (!t) {
          into.push({ ...e });
          continue;
        }
        t.exercised ||= e.exercised;
        t.observedStatuses = [...new Set([...t.observedStatuses, ...e.observedStatuses])].sort();
      }
    }
  }
  const stale = parts.flatMap((p) => p.staleExpectations ?? []);
  const startedAt = parts.map((p) => p.startedAt).sort()[0];
  const merged: RunResults = {
    tool: first.tool,
    suites: first.suites,
    target: first.target,
    profile: first.profile,
    strict: first.strict,
    startedAt,
    durationMs: Math.max(...parts.map((p) => p.durationMs)),
    summary: summarize(checks),
    checks,
    coverage,
    unexpectedDeliveries: parts.reduce((a, p) => a + (p.unexpectedDeliveries ?? 0), 0),
  };
  if (stale.length) merged.staleExpectations = stale;
  const errors = parts.flatMap((p) => p.harnessErrors ?? []);
  if (errors.length) merged.harnessErrors = errors;
  return merged;
}
