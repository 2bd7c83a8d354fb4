/**
 * The readings pages (docs/readings/*.md) read as data, so that tests can hold the checks to them:
 * each reading is one list item `- <a id="ANCHOR"></a>**ANCHOR** · LEVEL[ · suite, suite] — text`.
 * @module
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { READING_PAGES } from '../harness/checks/sources.ts';

const root = fileURLToPath(new URL('../', import.meta.url));

export type ReadingLevel = 'MUST' | 'SHOULD' | 'FREEDOM' | 'UNCHECKED';

export interface Reading {
  anchor: string;
  level: ReadingLevel;
  /** For a FREEDOM: the suites whose checks it binds (each needs a conformant variation proving it). */
  suites: string[];
  page: string;
}

const ENTRY = /^- <a id="([a-z0-9-]+)"><\/a>\*\*([a-z0-9-]+)\*\* · (MUST|SHOULD|FREEDOM|UNCHECKED)(?: · ([a-z, -]+?))? —/;

export function readReadings(): Reading[] {
  const out: Reading[] = [];
  for (const page of Object.values(READING_PAGES)) {
    for (const line of readFileSync(path.join(root, page), 'utf8').split('\n')) {
      if (!line.startsWith('- <a id=')) continue;
      const m = ENTRY.exec(line);
      if (!m) throw new Error(`${page}: a reading entry is malformed: ${line}`);
      if (m[1] !== m[2]) throw new Error(`${page}: anchor ${m[1]} is shown as ${m[2]}`);
      out.push({ anchor: m[1], level: m[3] as ReadingLevel, suites: m[4] ? m[4].split(',').map((s) => s.trim()) : [], page });
    }
  }
  return out;
}
