import { test, expect } from '@playwright/test';
import { renderJunit } from '../../harness/report/junit.ts';
import { summarize, type CheckResult, type RunResults } from '../../harness/report/results.ts';

/** junit.xml: one testcase per check; rule failures as <failure>, harness errors as <error>. */
function check(over: Partial<CheckResult>): CheckResult {
  return {
    id: 'operator-api.x.y',
    suite: 'operator-api',
    title: 't',
    level: 'MUST',
    source: { document: 'd.txt', section: 's' },
    status: 'passed',
    durationMs: 5,
    evidence: [],
    ...over,
  };
}

test('failures, harness errors, warnings and skips each render as CI systems expect', () => {
  const checks = [
    check({ id: 'operator-api.a.passes' }),
    check({ id: 'operator-api.b.fails', status: 'failed', outcome: 'failure', message: 'sendText answered 500 & <b>', expected: '2xx', received: '500' }),
    check({ id: 'operator-api.c.errs', status: 'failed', outcome: 'error', message: 'harness error: boom' }),
    check({ id: 'operator-api.d.warns', level: 'SHOULD', status: 'warning', message: 'w' }),
    check({ id: 'operator-api.e.skips', status: 'skipped', message: 'needs a driver (--driver URL)' }),
  ];
  const results: RunResults = {
    tool: { name: 'channel-conformance', version: '1' },
    suites: ['operator-api'],
    target: null,
    profile: 'jaicp',
    strict: false,
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 10,
    summary: summarize(checks),
    checks,
  };
  const xml = renderJunit(results);
  expect(xml.match(/<testcase /g)).toHaveLength(5);
  expect(xml).toContain('<testsuites name="channel-conformance" tests="5" failures="1" errors="1" skipped="1"');
  expect(xml).toContain(
    '<failure message="sendText answered 500 &amp; &lt;b&gt;" type="MUST">sendText answered 500 &amp; &lt;b&gt;\nexpected: 2xx\nreceived: 500</failure>',
  );
  expect(xml).toContain('<error message="harness error: boom" type="MUST">');
  expect(xml).toContain('<skipped message="needs a driver (--driver URL)"/>');
  expect(xml).toContain('<system-out>WARNING (SHOULD): w</system-out>');
  expect(xml).toContain('<property name="requirement" value="operator-api.b.fails"/>');
  expect(xml).toContain('<property name="source" value="d.txt#s"/>');
});
