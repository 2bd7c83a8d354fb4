import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { RunResults } from './results.ts';
import { renderJunit } from './junit.ts';
import { renderHtml } from './html.ts';
import { renderSummaryMarkdown } from './summary-md.ts';

/** Writes the three report files of the public interface from one result, and summary.md for CI pages. */
export function writeReports(results: RunResults, dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(path.join(dir, 'junit.xml'), renderJunit(results));
  writeFileSync(path.join(dir, 'index.html'), renderHtml(results));
  writeFileSync(path.join(dir, 'summary.md'), renderSummaryMarkdown(results));
}
