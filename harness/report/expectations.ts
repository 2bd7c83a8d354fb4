/**
 * Known-failure baselines (`--expect FILE`), after undici's WPT expectations: listed
 * failures do not gate; an unlisted failure gates; a listed check that now passes fails the run as a
 * "stale expectation", so the file cannot rot.
 *
 * The file is JSON: { "expectedFailures": { "<check id>": "<why it fails, e.g. a ticket>" } }.
 * @module
 */

import { readFileSync, writeFileSync } from 'node:fs';
import type { RunResults } from './results.ts';

export interface ExpectationsFile {
  expectedFailures: Record<string, string>;
}

export class ExpectationsError extends Error {}

export function readExpectations(file: string): Record<string, string> {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch {
    throw new ExpectationsError(`the expectations file ${file} cannot be read`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (e) {
    throw new ExpectationsError(`the expectations file ${file} is not JSON (${(e as Error).message.split('\n')[0]})`);
  }
  const map = (parsed as Partial<ExpectationsFile>)?.expectedFailures;
  if (!map || typeof map !== 'object' || Array.isArray(map) || Object.values(map).some((v) => typeof v !== 'string' || v.trim() === '')) {
    throw new ExpectationsError(`the expectations file ${file} must be {"expectedFailures": {"<check id>": "<reason>"}} with a reason for every id`);
  }
  return map as Record<string, string>;
}

/**
 * Mark listed failures as expected and record stale entries. `complete` says whether every check of
 * the selected suites ran (no --grep, no --shard): only then is a listed id that did not run stale.
 */
export function applyExpectations(results: RunResults, expected: Record<string, string>, complete: boolean): RunResults {
  const ran = new Map(results.checks.map((c) => [c.id, c]));
  const stale: Array<{ id: string; reason: string; why: string }> = [];
  for (const c of results.checks) {
    const reason = expected[c.id];
    if (reason === undefined) continue;
    if (c.status === 'failed' || c.status === 'warning') c.expectedFailure = reason;
    else if (c.status === 'passed') stale.push({ id: c.id, reason, why: 'it passes now: remove it from the file' });
  }
  if (complete) {
    const suites = new Set(results.suites);
    for (const [id, reason] of Object.entries(expected)) {
      if (!ran.has(id) && suites.has(id.split('.')[0])) stale.push({ id, reason, why: 'no such check ran' });
    }
  }
  results.staleExpectations = stale;
  return results;
}

/** `--update-expect`: the file rewritten to list exactly the current gating failures, reasons kept. */
export function writeUpdatedExpectations(file: string, results: RunResults, previous: Record<string, string>): number {
  const next: Record<string, string> = {};
  for (const c of results.checks) {
    if (c.status === 'failed') next[c.id] = previous[c.id] ?? `TODO: why does this fail? (${c.message ?? ''})`.slice(0, 300);
  }
  // Entries of suites or checks this run did not cover are kept as they were.
  const ran = new Set(results.checks.map((c) => c.id));
  for (const [id, reason] of Object.entries(previous)) if (!ran.has(id) && !results.suites.includes(id.split('.')[0])) next[id] = reason;
  const sorted = Object.fromEntries(Object.entries(next).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(file, `${JSON.stringify({ expectedFailures: sorted }, null, 2)}\n`);
  return Object.keys(sorted).length;
}
