/**
 * The one result model: results.json is this, and junit.xml and index.html are
 * renderings of it. Field names and meanings of the public interface (README, "Reports") are fixed; the rest are additions.
 * @module
 */

import type { Evidence } from '../http/evidence.ts';

export type CheckStatus = 'passed' | 'failed' | 'warning' | 'skipped';
export type Level = 'MUST' | 'SHOULD';

export interface CheckSource {
  document: string;
  section: string;
  /** The document's title: "Aimylogic — Operator API". */
  title?: string;
  /** Its public address (a reading: the readings page and anchor). */
  url?: string;
  /** Why this page is cited rather than the profile's own (JAICP's page lists the methods only). */
  note?: string;
  /** The document's sentence that states the rule. */
  quote?: string;
}

export interface CheckResult {
  id: string;
  suite: string;
  /** Addition: the project (`<suite>@<label>`) when one run tested several targets of a suite. */
  project?: string;
  title: string;
  level: Level;
  /** `document` and `section` are the public interface's; `title`, `url`, `note` and `quote` are additions. */
  source: CheckSource;
  status: CheckStatus;
  durationMs: number;
  message?: string;
  evidence: Evidence[];
  /** Addition: 'failure' when the IUT broke the rule, 'error' when the harness could not judge. */
  outcome?: 'failure' | 'error';
  expected?: string;
  received?: string;
  /** Addition: the check failed but is listed in the --expect baseline. */
  expectedFailure?: string;
}

export interface CoverageEntry {
  /** operationId or webhook name. */
  name: string;
  kind: 'operation' | 'webhook';
  method: string;
  path: string;
  documentedStatuses: string[];
  observedStatuses: number[];
  exercised: boolean;
}

export interface RunResults {
  tool: { name: 'channel-conformance'; version: string };
  suites: string[];
  target: string | null;
  /**
   * The Operator API profile (aimylogic, tovie, jaicp): recorded only when the run includes a suite
   * the profile applies to (operator-api, operator-api-platform); absent from every other run.
   */
  profile?: string;
  strict: boolean;
  startedAt: string;
  durationMs: number;
  summary: { total: number; passed: number; failed: number; warnings: number; skipped: number };
  checks: CheckResult[];
  /** Addition: spec coverage per suite. */
  coverage?: Record<string, CoverageEntry[]>;
  /** Addition: requests to the receiver that no check expected (never listed in full). */
  unexpectedDeliveries?: number;
  /** Addition: --expect entries that no longer hold (the check passes, or no such check ran). They gate. */
  staleExpectations?: Array<{ id: string; reason: string; why: string }>;
  /** Addition: errors outside any check (a suite that did not load); never the vendor's failure. */
  harnessErrors?: string[];
  /** Addition: "--shard i/n" when this is one share of a run. */
  shard?: string;
}

export function summarize(checks: CheckResult[]): RunResults['summary'] {
  const s = { total: checks.length, passed: 0, failed: 0, warnings: 0, skipped: 0 };
  for (const c of checks) {
    if (c.status === 'passed') s.passed++;
    else if (c.status === 'failed') s.failed++;
    else if (c.status === 'warning') s.warnings++;
    else s.skipped++;
  }
  return s;
}

/** A failed check's status: SHOULD failures are warnings unless --strict (README, "Exit codes"). */
export function failedStatus(level: Level, strict: boolean): CheckStatus {
  return level === 'SHOULD' && !strict ? 'warning' : 'failed';
}

/** Exit code per the README's "Exit codes": 0 all gating checks passed, 1 one failed. (2 is decided by the CLI.) */
export function exitCodeOf(results: RunResults): 0 | 1 {
  if (results.staleExpectations?.length) return 1;
  return results.checks.some((c) => c.status === 'failed' && !c.expectedFailure) ? 1 : 0;
}

/** The suites whose checks the --profile chooses the cited Operator API page for. */
export const PROFILE_SUITES: readonly string[] = ['operator-api', 'operator-api-platform'];

/** What results.json records as `profile`: the profile when a suite of the run uses it, else nothing. */
export function recordedProfile(suites: readonly string[], profile: string): string | undefined {
  return suites.some((s) => PROFILE_SUITES.includes(s)) ? profile : undefined;
}
