import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { RunResults } from './results.ts';
import { renderJunit } from './junit.ts';
import { renderHtml } from './html.ts';

/** Writes the three report files of the public interface from one result. */
export function writeReports(results: RunResults, dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(path.join(dir, 'junit.xml'), renderJunit(results));
  writeFileSync(path.join(dir, 'index.html'), renderHtml(results));
}
