/**
 * The report commands of the CLI: `merge` and `compare`, over report folders already written.
 * @module
 */

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { mergeResults, readResults, MergeError } from '../report/merge.ts';
import { renderCompareHtml } from '../report/compare-html.ts';
import { writeReports } from '../report/write-reports.ts';
import { exitCodeOf } from '../report/results.ts';
import { parseOptions, UsageError } from './args.ts';
import { CannotRun } from './run.ts';

/** `merge DIR... [--report OUT]`: shares of a sharded run into one report; exit code as the whole run's. */
export function mergeCommand(argv: string[]): number {
  const { values, positionals } = parse(argv, { report: { type: 'string' } });
  if (positionals.length === 0) throw new UsageError('merge needs the report folders of the shares: channel-conformance merge DIR... [--report OUT]');
  try {
    const merged = mergeResults(positionals.map(readResults));
    const out = path.resolve(String(values.report ?? './conformance-report'));
    writeReports(merged, out);
    const s = merged.summary;
    process.stdout.write(
      `merged ${positionals.length} shares: ${s.total} checks, ${s.passed} passed, ${s.failed} failed, ${s.warnings} warnings, ${s.skipped} skipped\nreport: ${out}/index.html\n`,
    );
    return exitCodeOf(merged);
  } catch (e) {
    if (e instanceof MergeError) throw new CannotRun(e.message);
    throw e;
  }
}

/** `compare DIR... [--out FILE]`: several runs side by side by check id, regressions highlighted. */
export function compareCommand(argv: string[]): number {
  const { values, positionals } = parse(argv, { out: { type: 'string' } });
  if (positionals.length < 2) throw new UsageError('compare needs two or more report folders: channel-conformance compare DIR DIR... [--out FILE]');
  try {
    const runs = positionals.map((dir) => ({ label: path.basename(path.resolve(dir)), results: readResults(dir) }));
    const out = path.resolve(String(values.out ?? './conformance-compare.html'));
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, renderCompareHtml(runs));
    process.stdout.write(`compared ${runs.length} runs: ${out}\n`);
    return 0;
  } catch (e) {
    if (e instanceof MergeError) throw new CannotRun(e.message);
    throw e;
  }
}

function parse(argv: string[], options: Record<string, { type: 'string' }>) {
  return parseOptions(argv, options);
}
