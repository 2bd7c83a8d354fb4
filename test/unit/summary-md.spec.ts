import { test, expect } from '@playwright/test';
import { renderSummaryMarkdown, type SummaryOptions } from '../../harness/report/summary-md.ts';
import { summarize, type CheckResult, type RunResults } from '../../harness/report/results.ts';

/**
 * summary.md, the page GitHub shows as the job summary: one table of cases, each a run and what its page
 * must and must not say; and for every case, tables that stay tables (every row as many cells as its
 * header, whatever a message holds).
 */
const AIMYLOGIC = {
  document: '000_7e10e15c1a66dcd6.txt',
  title: 'Aimylogic — Operator API',
  url: 'https://help.aimylogic.com/docs/en/publication_channels/operator_api',
};

function check(over: Partial<CheckResult>): CheckResult {
  return {
    id: 'operator-api.x.y',
    suite: 'operator-api',
    title: 'a rule',
    level: 'MUST',
    source: { ...AIMYLOGIC, section: 'FileMessage' },
    status: 'passed',
    durationMs: 5,
    evidence: [],
    ...over,
  };
}

function run(checks: CheckResult[], over: Partial<RunResults> = {}): RunResults {
  return {
    tool: { name: 'channel-conformance', version: '0.1.0' },
    suites: [...new Set(checks.map((c) => c.suite))].length ? [...new Set(checks.map((c) => c.suite))] : ['operator-api'],
    target: 'http://127.0.0.1:8080',
    profile: 'jaicp',
    strict: false,
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 4200,
    summary: summarize(checks),
    checks,
    ...over,
  };
}

const failed = (id: string, message: string, over: Partial<CheckResult> = {}) => check({ id, status: 'failed', outcome: 'failure', message, ...over });
const HOSTILE = 'got | <img src=x onerror=alert(1)> [click](http://evil.example) ![i](x) `code` *b* _i_ ~~s~~ &amp; #1\nsecond line';

const CASES: Array<{ name: string; results: RunResults; opts?: SummaryOptions; says: string[]; never?: Array<string | RegExp> }> = [
  {
    name: 'every check passed',
    results: run([check({ id: 'operator-api.a.ok' }), check({ id: 'operator-api.b.ok' })]),
    says: [
      '### ✅ channel-conformance: conformant at MUST level',
      '2 checks of `operator-api` · against `http://127.0.0.1:8080` · profile `jaicp`',
      '| `operator-api` | ✅ conformant | 2 | 0 | 0 | 0 |',
      'beside this file',
    ],
    never: ['Failed checks', '<details>', '**all**'],
  },
  {
    name: 'strict, every check passed',
    results: run([check({})], { strict: true }),
    says: ['conformant at MUST and SHOULD level (--strict)', '· --strict ·'],
  },
  {
    name: 'a MUST failure: message, section linked, the document sentence on hover',
    results: run([
      check({ id: 'operator-api.a.ok' }),
      failed('operator-api.FileMessage.size-is-integer', 'FileMessage.size is "12", expected a JSON integer', {
        title: 'size is an integer',
        source: { ...AIMYLOGIC, section: 'FileMessage', quote: 'size — file size in bytes' },
      }),
    ]),
    says: [
      '### ❌ channel-conformance: not conformant — 1 gating check failed',
      '#### Failed checks (1)',
      '| level | check | message | document § section |',
      '| MUST | `operator-api.FileMessage.size-is-integer`<br>size is an integer | FileMessage.size is "12", expected a JSON integer | [Aimylogic — Operator API § FileMessage](https://help.aimylogic.com/docs/en/publication_channels/operator_api "size — file size in bytes") |',
      '| `operator-api` | ❌ not conformant | 1 | 1 | 0 | 0 |',
    ],
  },
  {
    name: 'a reading of this project: its page is not a public URL, so the section is text',
    results: run([
      failed('chat-api.events.cid', 'no cid', {
        suite: 'chat-api',
        source: {
          document: 'READINGS.md',
          section: 'chat-events-cid',
          title: 'channel-conformance — Readings',
          url: 'docs/readings/chat-api.md#chat-events-cid',
        },
      }),
    ]),
    says: ['| no cid | channel-conformance — Readings § chat-events-cid |'],
    never: ['](docs/'],
  },
  {
    name: 'only http(s) addresses become links, and a parenthesis cannot end one',
    results: run([
      failed('operator-api.a.js', 'm', { source: { document: 'd', section: 's', title: 'T', url: 'javascript:alert(1)' } }),
      failed('operator-api.b.paren', 'm', { source: { document: 'd', section: 's', title: 'T', url: 'https://example.com/a b(c)' } }),
    ]),
    says: ['| m | T § s |', '| m | [T § s](https://example.com/a%20b%28c%29) |'],
    never: ['javascript:'],
  },
  {
    name: 'a report from before titles: the document id stands in',
    results: run([failed('operator-api.a.b', 'm', { source: { document: '002_076e16f58a013e4f.txt', section: 'POST /sendText' } })]),
    says: ['| m | 002\\_076e16f58a013e4f.txt § POST /sendText |'],
  },
  {
    name: 'a harness error is marked as such',
    results: run([failed('operator-api.a.b', 'harness error: driver answered 500', { outcome: 'error' })], { harnessErrors: ['suite file did not load'] }),
    says: [
      '| (harness error) harness error: driver answered 500 |',
      "> **Harness error** (the suite could not judge; not the implementation's failure): suite file did not load",
    ],
  },
  {
    name: 'only known failures: conformant apart from the baseline, folded with the reasons',
    results: run([failed('operator-api.a.b', 'late', { expectedFailure: 'ships in 2.4 (TICKET-81)' })]),
    says: [
      '✅ channel-conformance: conformant at MUST level, apart from 1 known failure in the baseline',
      '<details><summary>1 known failure listed in the baseline (not gating)</summary>',
      '| late<br>baseline: ships in 2.4 (TICKET-81) |',
    ],
    never: ['#### Failed checks'],
  },
  {
    name: 'a stale baseline gates and lists its entries',
    results: run([check({ id: 'operator-api.a.b' })], {
      staleExpectations: [{ id: 'operator-api.a.b', reason: 'was broken', why: 'it passes now: remove it from the file' }],
    }),
    says: [
      '### ❌ channel-conformance: the baseline is stale — 1 expectation no longer holds',
      '- `operator-api.a.b`: it passes now: remove it from the file (listed because: was broken)',
    ],
  },
  {
    name: 'warnings are folded and do not change the verdict',
    results: run([
      check({ id: 'operator-api.w1', level: 'SHOULD', status: 'warning', message: 'w1' }),
      check({ id: 'operator-api.w2', level: 'SHOULD', status: 'warning', message: 'w2' }),
    ]),
    says: [
      '### ✅',
      '<details><summary>2 SHOULD-level warnings (gating only with --strict)</summary>',
      '| SHOULD | `operator-api.w1`<br>a rule | w1 |',
      '| `operator-api` | ✅ conformant | 0 | 0 | 2 | 0 |',
    ],
  },
  {
    name: 'skips are counted by reason',
    results: run([
      check({ id: 'operator-api.s1', status: 'skipped', message: 'needs a driver (--driver URL)' }),
      check({ id: 'operator-api.s2', status: 'skipped', message: 'needs a driver (--driver URL)' }),
      check({ id: 'operator-api.s3', status: 'skipped', message: 'the driver does not support agent-file' }),
    ]),
    says: ['<details><summary>3 skipped checks</summary>', '| needs a driver (--driver URL) | 2 |', '| the driver does not support agent-file | 1 |'],
  },
  {
    name: 'a hostile message stays text in its cell',
    results: run([failed('operator-api.a.b', HOSTILE)]),
    says: [
      'got \\| \\<img src=x onerror=alert(1)\\> \\[click\\](http://evil.example) \\!\\[i\\](x) \\`code\\` \\*b\\* \\_i\\_ \\~\\~s\\~\\~ \\&amp; \\#1 second line',
    ],
    never: [/(?<!\\)<img/, /(?<!\\)\]\(http:\/\/evil/, /(?<!\\)\]\(x\)/, /\nsecond line/],
  },
  {
    name: 'the artifact and the run page, when the action uploads the report',
    results: run([check({})]),
    opts: { artifact: 'conformance-report', runUrl: 'https://github.com/acme/chat-server/actions/runs/42' },
    says: ['Full report: artifact `conformance-report` on [the run’s page](https://github.com/acme/chat-server/actions/runs/42): index.html'],
    never: ['beside this file'],
  },
  {
    name: 'several suites: a row each and one for all',
    results: run(
      [
        check({ id: 'operator-api.a' }),
        failed('chat-api.b', 'm', { suite: 'chat-api' }),
        check({ id: 'omnichannel.c', suite: 'omnichannel', status: 'skipped', message: 's' }),
      ],
      { target: null },
    ),
    says: [
      '3 checks of `operator-api`, `chat-api`, `omnichannel` · against the bundled reference implementations',
      '| `chat-api` | ❌ not conformant | 0 | 1 | 0 | 0 |',
      '| `omnichannel` | ✅ conformant | 0 | 0 | 0 | 1 |',
      '| **all** | ❌ not conformant | 1 | 1 | 0 | 1 |',
    ],
  },
  {
    name: 'many failures: fifty rows, then where the rest is',
    results: run(Array.from({ length: 60 }, (_, i) => failed(`operator-api.f${String(i).padStart(2, '0')}`, `m${i}`))),
    says: ['#### Failed checks (60)', '`operator-api.f49`', '… and 10 more in the report.'],
    never: ['`operator-api.f50`'],
  },
  {
    name: 'no check ran',
    results: run([]),
    says: ['### ⚠️ channel-conformance: no check ran'],
  },
];

for (const c of CASES) {
  test(`summary.md: ${c.name}`, () => {
    const md = renderSummaryMarkdown(c.results, c.opts);
    for (const s of c.says) expect(md).toContain(s);
    for (const n of c.never ?? []) {
      if (typeof n === 'string') expect(md).not.toContain(n);
      else expect(md).not.toMatch(n);
    }
    expectWellFormedTables(md);
  });
}

/** Every table's rows have as many cells as its header (a `|` in a message must not add a cell). */
function expectWellFormedTables(md: string): void {
  const lines = md.split('\n');
  let width: number | undefined;
  for (const line of lines) {
    if (!line.startsWith('|')) {
      width = undefined;
      continue;
    }
    const cells = line.replace(/\\\|/g, '').split('|').length - 2;
    if (width === undefined) width = cells;
    expect(cells, `row: ${line}`).toBe(width);
  }
}
