import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { listChecks, renderChecksMarkdown, withCounts } from '../../scripts/list-checks.ts';
import { DOCUMENTS } from '../../harness/checks/sources.ts';
import { ROOT } from '../selftest/cli.ts';

/**
 * The registry of requirements, checked in both directions (style.md §4): every check has a stable,
 * well-formed, unique id, a level and a source that exists; docs/CHECKS.md is exactly what the code
 * declares.
 */
const checks = listChecks();

test('every check has a unique, well-formed id, a title, a level and a known source', () => {
  expect(checks.length).toBeGreaterThan(50);
  const ids = checks.map((c) => c.id);
  expect(
    ids.filter((id, i) => ids.indexOf(id) !== i),
    'duplicate ids',
  ).toEqual([]);
  const docs = new Set<string>(Object.values(DOCUMENTS).map((d) => d.file));
  for (const c of checks) {
    expect(c.id, c.id).toMatch(new RegExp(`^${c.suite.replace('-', '\\-')}\\.[A-Za-z_]+\\.[a-z0-9-]+$`));
    expect(c.title.length, c.id).toBeGreaterThan(10);
    expect(['MUST', 'SHOULD'], c.id).toContain(c.level);
    const [doc, section] = c.source.split('#');
    expect(docs.has(doc), `${c.id} cites ${doc}`).toBe(true);
    expect(section?.length ?? 0, `${c.id} names a section`).toBeGreaterThan(2);
  }
});

test('docs/CHECKS.md lists exactly the checks the suites declare (npx tsx scripts/list-checks.ts --write)', () => {
  expect(readFileSync(path.join(ROOT, 'docs/CHECKS.md'), 'utf8')).toBe(renderChecksMarkdown(checks));
});

test('the README states how many checks exist at each level (npx tsx scripts/list-checks.ts --write)', () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  expect(readme).toBe(withCounts(readme, checks));
});
