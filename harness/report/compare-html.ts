/**
 * `channel-conformance compare DIR...`: several runs (vendors, or versions of one vendor) side by
 * side by check id in one self-contained page. A check that passed in the run to its left and fails
 * in this one is a regression and is highlighted. Rendered inertly, like index.html: data as JSON,
 * DOM built with textContent. The page's script and styles are page/compare-page.js and
 * page/compare.css, inlined as they are.
 * @module
 */

import { inlineJson, pageAsset } from './page/inline.ts';
import type { RunResults } from './results.ts';

export interface LabelledRun {
  label: string;
  results: RunResults;
}

/** What the page gets as JSON: the runs' headers, and one row per check id with a status per run. */
export interface CompareData {
  runs: Array<{ label: string; target: string; profile?: string; startedAt: string; version: string; summary: RunResults['summary'] }>;
  rows: CompareRow[];
}

export interface CompareRow {
  id: string;
  suite: string;
  title: string;
  level: string;
  /** Per run, left to right: the status, with `*` when the failure is in that run's baseline; null when the check did not run. */
  statuses: Array<string | null>;
}

export function renderCompareHtml(runs: LabelledRun[]): string {
  const rows = new Map<string, Omit<CompareRow, 'id'>>();
  runs.forEach((r, i) => {
    for (const c of r.results.checks) {
      const key = c.id;
      const row = rows.get(key) ?? { suite: c.suite, title: c.title, level: c.level, statuses: runs.map(() => null) };
      row.statuses[i] = c.expectedFailure ? `${c.status}*` : c.status;
      rows.set(key, row);
    }
  });
  const data: CompareData = {
    runs: runs.map((r) => ({
      label: r.label,
      target: r.results.target ?? 'bundled references',
      profile: r.results.profile,
      startedAt: r.results.startedAt,
      version: r.results.tool.version,
      summary: r.results.summary,
    })),
    rows: [...rows.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([id, r]) => ({ id, ...r })),
  };
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>channel-conformance: comparison</title>
<style>
${pageAsset('compare.css')}</style></head><body>
<h1>channel-conformance: runs compared by check id</h1>
<p>A <b>regression</b> is a check that passed (or warned) in the run to its left and fails in this one. <b>*</b> marks a failure listed in that run's baseline (--expect). Empty: the check did not run.</p>
<p><label><input type="checkbox" id="only-diff"> only checks whose status differs</label><label><input type="checkbox" id="only-reg"> only regressions</label></p>
<table id="t"></table>
<script type="application/json" id="data">${inlineJson(data)}</script>
<script>
${pageAsset('compare-page.js')}</script></body></html>
`;
}
