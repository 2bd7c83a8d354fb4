import { test, expect } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CheckResult, CheckStatus, RunResults } from '../../harness/report/results.ts';
import { exitCodeOf, summarize } from '../../harness/report/results.ts';
import { applyExpectations, readExpectations, writeUpdatedExpectations } from '../../harness/report/expectations.ts';
import { mergeResults, MergeError } from '../../harness/report/merge.ts';
import { renderCompareHtml } from '../../harness/report/compare-html.ts';
import { renderJunit } from '../../harness/report/junit.ts';
import { renderSummaryMarkdown } from '../../harness/report/summary-md.ts';

/**
 * The logic behind the report commands, as tables: --expect baselines (marking, staleness, exit
 * code, --update-expect), merge of shards, and the comparison page's data. The CLI's wiring of each
 * is proven once end to end in test/selftest/reports.spec.ts.
 */

function check(id: string, status: CheckStatus, extra: Partial<CheckResult> = {}): CheckResult {
  return { id, suite: id.split('.')[0], title: id, level: 'MUST', source: { document: 'd', section: 's' }, status, durationMs: 1, evidence: [], ...extra };
}

function run(checks: CheckResult[], extra: Partial<RunResults> = {}): RunResults {
  return {
    tool: { name: 'channel-conformance', version: '0.0.0' },
    suites: ['operator-api'],
    target: 'http://iut.test',
    strict: true,
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 10,
    summary: summarize(checks),
    checks,
    ...extra,
  };
}

const A = 'operator-api.a.rule';
const B = 'operator-api.b.rule';

// [name, status of A in the run (or absent), complete run, expectedFailure on A, stale entries, exit code]
const EXPECT_ROWS: Array<[string, CheckStatus | null, boolean, string | undefined, Array<{ id: string; why: string }>, 0 | 1]> = [
  ['a listed failure is marked and does not gate', 'failed', true, 'TICKET-1', [], 0],
  ['a listed warning is marked', 'warning', true, 'TICKET-1', [], 0],
  ['a listed check that passes is stale and gates', 'passed', true, undefined, [{ id: A, why: 'it passes now: remove it from the file' }], 1],
  ['a listed check that was skipped is neither', 'skipped', true, undefined, [], 0],
  ['a listed check of a suite that ran, absent from a complete run, is stale', null, true, undefined, [{ id: A, why: 'no such check ran' }], 1],
  ['absent from a partial run (--grep, --shard) is not stale', null, false, undefined, [], 0],
];

for (const [name, status, complete, marked, stale, code] of EXPECT_ROWS) {
  test(`applyExpectations: ${name}`, () => {
    const checks = [check(B, 'passed'), ...(status ? [check(A, status)] : [])];
    const r = applyExpectations(run(checks), { [A]: 'TICKET-1', 'chat-api.other.rule': 'another suite: never stale here' }, complete);
    expect(r.checks.find((c) => c.id === A)?.expectedFailure).toBe(marked);
    expect(r.checks.find((c) => c.id === B)?.expectedFailure).toBeUndefined();
    expect(r.staleExpectations).toEqual(stale.map((s) => ({ ...s, reason: 'TICKET-1' })));
    expect(exitCodeOf(r)).toBe(code);
  });
}

test('exitCodeOf: an unlisted failure gates, warnings do not', () => {
  expect(exitCodeOf(run([check(A, 'failed'), check(B, 'passed')]))).toBe(1);
  expect(exitCodeOf(run([check(A, 'warning'), check(B, 'skipped')]))).toBe(0);
});

test('a marked failure is shown with its reason in junit.xml and summary.md', () => {
  const r = applyExpectations(run([check(A, 'failed', { message: 'broke' })]), { [A]: 'the console shows <the platform name> (TICKET-1)' }, true);
  expect(renderJunit(r)).toContain('name="expected-failure" value="the console shows &lt;the platform name&gt; (TICKET-1)"');
  expect(renderSummaryMarkdown(r)).toContain('baseline: the console shows');
});

test.describe('expectation files', () => {
  let dir = '';
  test.beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'cc-expect-unit-'));
  });
  test.afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const FILES: Array<[string, string, string | RegExp]> = [
    ['not JSON', 'not json', /^the expectations file .* is not JSON \(/],
    ['no expectedFailures', '{"failures": {}}', /must be \{"expectedFailures"/],
    ['a reason missing', `{"expectedFailures": {"${A}": " "}}`, /with a reason for every id$/],
    ['a list instead of a map', `{"expectedFailures": ["${A}"]}`, /with a reason for every id$/],
  ];
  for (const [name, content, message] of FILES) {
    test(`readExpectations refuses ${name}`, () => {
      const file = path.join(dir, 'e.json');
      writeFileSync(file, content);
      expect(() => readExpectations(file)).toThrow(message);
    });
  }

  test('--update-expect lists exactly the gating failures, keeping reasons and other suites', () => {
    const file = path.join(dir, 'e.json');
    const r = run([
      check(A, 'failed'),
      check(B, 'passed'),
      check('operator-api.c.rule', 'failed', { message: 'new' }),
      check('operator-api.d.rule', 'warning'),
    ]);
    const n = writeUpdatedExpectations(file, r, {
      [A]: 'kept reason',
      [B]: 'no longer fails',
      'operator-api.gone.rule': 'removed check',
      'chat-api.x.rule': 'other suite',
    });
    expect(n).toBe(3);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      expectedFailures: { 'chat-api.x.rule': 'other suite', [A]: 'kept reason', 'operator-api.c.rule': 'TODO: why does this fail? (new)' },
    });
  });
});

test.describe('mergeResults', () => {
  const whole = run([check(A, 'passed'), check(B, 'failed'), check('operator-api.c.rule', 'skipped'), check('operator-api.d.rule', 'warning')], {
    coverage: {
      'operator-api': [
        { name: 'sendText', kind: 'operation', method: 'POST', path: '/t', documentedStatuses: ['200'], observedStatuses: [200, 400], exercised: true },
        { name: 'closeChat', kind: 'operation', method: 'POST', path: '/c', documentedStatuses: ['200'], observedStatuses: [200], exercised: true },
      ],
    },
    unexpectedDeliveries: 3,
  });
  const share = (ids: string[], statuses: number[][], extra: Partial<RunResults>): RunResults =>
    run(
      whole.checks.filter((c) => ids.includes(c.id)),
      {
        coverage: {
          'operator-api': whole.coverage!['operator-api'].map((e, i) => ({ ...e, observedStatuses: statuses[i], exercised: statuses[i].length > 0 })),
        },
        ...extra,
      },
    );

  const SPLITS: Array<[string, RunResults[]]> = [
    [
      'two shares, each in its own order',
      [
        share(['operator-api.d.rule', A], [[400], []], { unexpectedDeliveries: 1, durationMs: 7, startedAt: '2026-01-01T00:00:01.000Z' }),
        share([B, 'operator-api.c.rule'], [[200], [200]], { unexpectedDeliveries: 2 }),
      ],
    ],
    [
      'three shares, one holding a check twice',
      [
        share([A], [[200], []], { unexpectedDeliveries: 3 }),
        share([B, A], [[400], [200]], { unexpectedDeliveries: 0 }),
        share(['operator-api.c.rule', 'operator-api.d.rule'], [[], []], {}),
      ],
    ],
  ];
  for (const [name, parts] of SPLITS) {
    test(`${name} merge into the whole run`, () => {
      const m = mergeResults(parts);
      expect(m.checks.map((c) => [c.id, c.status])).toEqual(whole.checks.map((c) => [c.id, c.status]));
      expect(m.summary).toEqual(whole.summary);
      expect(m.coverage).toEqual(whole.coverage);
      expect(m.unexpectedDeliveries).toBe(3);
      expect(m.startedAt).toBe(whole.startedAt);
      expect(exitCodeOf(m)).toBe(exitCodeOf(whole));
    });
  }

  const MISMATCHES: Array<[string, Partial<RunResults>]> = [
    ['another target', { target: 'http://other.test' }],
    ['another profile', { profile: 'tovie' }],
    ['another strictness', { strict: false }],
    ['other suites', { suites: ['chat-api'] }],
  ];
  for (const [name, extra] of MISMATCHES) {
    test(`refuses shares of ${name}`, () => {
      expect(() => mergeResults([whole, run([], extra)])).toThrow(MergeError);
    });
  }
  test('refuses nothing to merge', () => expect(() => mergeResults([])).toThrow('nothing to merge'));
});

/** The data the comparison page renders (its script builds the table from it; test/browser covers that). */
function compareData(html: string): { runs: Array<{ label: string }>; rows: Array<{ id: string; statuses: Array<string | null> }> } {
  const m = html.match(/<script type="application\/json" id="data">(.*?)<\/script>/s);
  return JSON.parse(m![1]);
}

test('compare: rows by check id, a status per run, null where a check did not run, * for a baseline failure', () => {
  const left = run([check(A, 'passed'), check(B, 'passed')]);
  const right = run([check(A, 'failed'), check(B, 'failed', { expectedFailure: 'known' }), check('operator-api.c.rule', 'warning')]);
  const d = compareData(
    renderCompareHtml([
      { label: 'v1', results: left },
      { label: 'v2', results: right },
    ]),
  );
  expect(d.runs.map((r) => r.label)).toEqual(['v1', 'v2']);
  expect(d.rows.map((r) => [r.id, r.statuses])).toEqual([
    [A, ['passed', 'failed']],
    [B, ['passed', 'failed*']],
    ['operator-api.c.rule', [null, 'warning']],
  ]);
});

test('compare: a title cannot close the data script', () => {
  const html = renderCompareHtml([
    { label: 'a', results: run([check(A, 'passed', { title: '</script><script>alert(1)</script>' })]) },
    { label: 'b', results: run([]) },
  ]);
  expect(html).not.toContain('</script><script>alert(1)');
  expect(compareData(html).rows).toHaveLength(1);
});
