import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { listChecks, type ListedCheck } from '../../scripts/list-checks.ts';
import { readReadings } from '../../scripts/readings.ts';
import { DOCUMENTS } from '../../harness/checks/sources.ts';
import type { SuiteId, VariationSpec } from '../../reference/types.ts';
import { variations as operatorVariations } from '../../reference/operator-api/mutants.ts';
import { variations as chatVariations } from '../../reference/chat-api/mutants.ts';
import { variations as omnichannelVariations } from '../../reference/omnichannel/mutants.ts';
import { variations as platformVariations } from '../../reference/operator-api-platform/mutants.ts';
import { variations as clientVariations } from '../../reference/omnichannel-client/mutants.ts';
import { ROOT } from '../selftest/cli.ts';

/**
 * The levels rules of docs/READINGS.md, held by test: a verdict is only as trustworthy as the
 * citation behind it. A MUST check either quotes a document sentence or cites a reading marked MUST;
 * every FREEDOM reading is proven accepted by a conformant variation in each suite it binds; both
 * sides of an exchange grade a shared rule at the same level.
 */
const checks = listChecks();
const readings = readReadings();
const byAnchor = new Map(readings.map((r) => [r.anchor, r]));
const READINGS_DOC = DOCUMENTS.readings.file;
const DRIVER_DOC = DOCUMENTS.driver.file;

const anchorOf = (c: ListedCheck) => c.source.slice(READINGS_DOC.length + 1);
const citesReading = (c: ListedCheck) => c.source.startsWith(`${READINGS_DOC}#`);
const citesDocument = (c: ListedCheck) => !citesReading(c) && !c.source.startsWith(`${DRIVER_DOC}#`);

test('reading anchors are unique and well-formed', () => {
  const anchors = readings.map((r) => r.anchor);
  expect(
    anchors.filter((a, i) => anchors.indexOf(a) !== i),
    'duplicate anchors',
  ).toEqual([]);
  expect(readings.length).toBeGreaterThan(40);
  for (const r of readings) {
    if (r.level === 'FREEDOM') expect(r.suites.length, `${r.anchor} names the suites it binds`).toBeGreaterThan(0);
    else expect(r.suites, `${r.anchor}: only a FREEDOM names suites`).toEqual([]);
  }
});

test('a check citing a reading cites one that exists, and one that states a rule (MUST or SHOULD)', () => {
  const bad = checks
    .filter(citesReading)
    .filter((c) => !['MUST', 'SHOULD'].includes(byAnchor.get(anchorOf(c))?.level ?? ''))
    .map((c) => `${c.id} cites ${anchorOf(c)} (${byAnchor.get(anchorOf(c))?.level ?? 'no such reading'})`);
  expect(bad).toEqual([]);
});

test('a MUST check citing a reading cites one marked MUST (READINGS.md rule 2)', () => {
  const bad = checks
    .filter((c) => c.level === 'MUST' && citesReading(c) && byAnchor.get(anchorOf(c))?.level !== 'MUST')
    .map((c) => `${c.id} is MUST but cites ${anchorOf(c)}, marked ${byAnchor.get(anchorOf(c))?.level}`);
  expect(bad).toEqual([]);
});

test('a MUST check citing a document quotes the sentence that states its rule', () => {
  const bad = checks.filter((c) => c.level === 'MUST' && citesDocument(c) && c.quote.trim().length < 8).map((c) => c.id);
  expect(bad, 'MUST checks without a quote').toEqual([]);
});

const VARIATIONS: Record<SuiteId, VariationSpec[]> = {
  'operator-api': operatorVariations,
  'chat-api': chatVariations,
  omnichannel: omnichannelVariations,
  'operator-api-platform': platformVariations,
  'omnichannel-client': clientVariations,
};

test('every FREEDOM reading is taken by a conformant variation in each suite it binds', () => {
  const missing: string[] = [];
  for (const r of readings.filter((x) => x.level === 'FREEDOM')) {
    for (const suite of r.suites) {
      const list = VARIATIONS[suite as SuiteId];
      if (!list) missing.push(`${r.anchor} names an unknown suite ${suite}`);
      else if (!list.some((v) => v.proves?.includes(r.anchor))) missing.push(`${suite} has no variation proving ${r.anchor}`);
    }
  }
  expect(missing).toEqual([]);
  const unknown = Object.entries(VARIATIONS).flatMap(([suite, list]) =>
    list.flatMap((v) => (v.proves ?? []).filter((a) => byAnchor.get(a)?.level !== 'FREEDOM').map((a) => `${suite}/${v.id} proves ${a}, not a FREEDOM`)),
  );
  expect(unknown).toEqual([]);
});

const PAIRS: Array<[SuiteId, SuiteId]> = [
  ['operator-api', 'operator-api-platform'],
  ['omnichannel', 'omnichannel-client'],
];

test('both sides of an exchange grade each shared rule at the same level', () => {
  const groups = new Map<string, ListedCheck[]>();
  for (const c of checks.filter((x) => x.rule)) groups.set(c.rule, [...(groups.get(c.rule) ?? []), c]);
  const problems: string[] = [];
  for (const [rule, list] of groups) {
    const suites = new Set(list.map((c) => c.suite));
    const pair = PAIRS.find(([a, b]) => [...suites].every((s) => s === a || s === b));
    if (!pair) problems.push(`rule ${rule} spans ${[...suites].join(', ')}, not one exchange`);
    else if (!pair.every((s) => suites.has(s))) problems.push(`rule ${rule} is graded on one side only (${[...suites].join(', ')})`);
    const levels = new Set(list.map((c) => c.level));
    if (levels.size > 1) problems.push(`rule ${rule} is ${list.map((c) => `${c.level} in ${c.id}`).join(' but ')}`);
  }
  expect(problems).toEqual([]);
  for (const [a] of PAIRS) {
    const shared = [...groups.values()].filter((l) => l.some((c) => c.suite === a)).length;
    expect(shared, `shared rules between ${a} and its other side`).toBeGreaterThanOrEqual(8);
  }
});

test('no product file points at the project-internal design folder or its pages', () => {
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
    .split('\n')
    .filter((f) => f && !f.startsWith('test/') && !f.endsWith('package-lock.json'));
  const hits: string[] = [];
  for (const f of files) {
    let text: string;
    try {
      text = readFileSync(path.join(ROOT, f), 'utf8');
    } catch {
      continue;
    }
    for (const needle of ['../shared', 'assumptions.md', 'interface.md', 'style.md']) {
      if (text.includes(needle)) hits.push(`${f} mentions ${needle}`);
    }
    // Documents are named by title and address; their file ids live only in the sources table
    // (source.document of results.json).
    const fileId = /\b00[0-9]_[0-9a-f]{16}\.txt\b/.exec(text);
    if (fileId && f !== 'harness/checks/sources.ts') hits.push(`${f} names a document by its file id ${fileId[0]}`);
  }
  expect(hits).toEqual([]);
});
