/**
 * `channel-conformance list [SUITE...]`: the checks with id, level and title, without a run. Read from
 * the suites themselves (Playwright's --list), as scripts/list-checks.ts does for docs/CHECKS.md, but
 * through harness/config/layout.ts so that it works from a clone (TypeScript) and from the published
 * package (the compiled JavaScript in dist/, where scripts/ does not exist).
 * @module
 */

import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { CODE_ROOT, codePath } from '../config/layout.ts';
import { RUN_CONFIG_ENV, SUITE_IDS, type RunConfig, type SuiteId } from '../config/run-config.ts';
import { parseOptions, UsageError } from './args.ts';
import { readCheck } from '../checks/protocol.ts';
import { CannotRun } from './run.ts';

export const LIST_HELP = `usage: channel-conformance list [SUITE...] [--grep REGEX] [--json]
Prints the checks of the suites (none named: all of them), one a line: id, level (MUST or SHOULD), title.
Nothing is started and nothing is contacted.
suites: ${SUITE_IDS.join(', ')}
options:
  --grep REGEX  only the checks whose id or title matches (as run --grep)
  --json        one JSON array of {suite, id, level, title, source, sourceTitle, sourceUrl, quote, rule}`;

export interface ListedCheck {
  suite: string;
  id: string;
  level: string;
  title: string;
  /** `<document id>#<section>`, as results.json carries it. */
  source: string;
  sourceTitle: string;
  sourceUrl: string;
  /** The document's sentence that states the rule (empty when the check cites a reading). */
  quote: string;
  /** The shared-rule key of the two sides of an exchange (empty when none). */
  rule: string;
}

interface JsonSuite {
  specs?: Array<{ tests?: Array<{ projectName: string; annotations: Array<{ type: string; description?: string }> }> }>;
  suites?: JsonSuite[];
}

/** The checks of these suites, in suite order then by id. Loads the suite files; runs nothing. */
export function listSuiteChecks(suites: readonly SuiteId[], grep?: string): ListedCheck[] {
  const config: RunConfig = {
    suites: [...suites],
    // Listing loads the suites without running them; placeholders stand in for what a run needs.
    targets: Object.fromEntries(suites.map((s) => [s, { target: 'http://127.0.0.1:9', token: 'listing-only', clientToken: 'listing-only', reference: false }])),
    targetLabel: null,
    profile: 'jaicp',
    strict: false,
    timeoutMs: 5000,
    receiverHost: '127.0.0.1',
    receiverPort: 0,
    receiverUrl: null,
    receiverBodyLimit: 1024 * 1024,
    responseBodyLimit: 1024 * 1024,
    grep: grep ?? null,
    expectations: null,
    complete: true,
    reportDir: path.join(os.tmpdir(), `channel-conformance-list-${process.pid}`),
    startedAt: new Date(0).toISOString(),
    toolVersion: '0',
  };
  const cli = createRequire(import.meta.url).resolve('@playwright/test/cli');
  const r = spawnSync(process.execPath, [cli, 'test', '--list', '--reporter=json', '--config', codePath('harness/runner/conformance.config')], {
    cwd: CODE_ROOT,
    env: { ...process.env, [RUN_CONFIG_ENV]: JSON.stringify(config), FORCE_COLOR: '0' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  let report: { suites?: JsonSuite[]; errors?: Array<{ message?: string }> };
  try {
    report = JSON.parse(r.stdout) as typeof report;
  } catch {
    const why = `${r.stderr ?? ''}`.split('\n').find((l) => l.trim()) ?? `the test runner exited with ${r.status}`;
    throw new CannotRun(`the suites could not be listed: ${why}`);
  }
  if (report.errors?.length) throw new CannotRun(`the suites could not be listed: ${(report.errors[0].message ?? '').split('\n')[0]}`);
  const out: ListedCheck[] = [];
  const walk = (s: JsonSuite) => {
    for (const spec of s.specs ?? []) {
      for (const t of spec.tests ?? []) {
        // A test not declared with check() is listed with empty fields, for the catalogue test to name.
        const c = readCheck(t.annotations);
        out.push({
          suite: t.projectName,
          id: c?.id ?? '',
          level: c?.level ?? '',
          title: c?.title ?? '',
          source: c ? `${c.source.document}#${c.source.section}` : '',
          sourceTitle: c?.source.title ?? '',
          sourceUrl: c?.source.url ?? '',
          quote: c?.source.quote ?? '',
          rule: c?.rule ?? '',
        });
      }
    }
    for (const c of s.suites ?? []) walk(c);
  };
  for (const s of report.suites ?? []) walk(s);
  return out.sort((a, b) => suites.indexOf(a.suite as SuiteId) - suites.indexOf(b.suite as SuiteId) || a.id.localeCompare(b.id));
}

export function listCommand(argv: string[]): number {
  const { values, positionals } = parseOptions(argv, { grep: { type: 'string' }, json: { type: 'boolean' } });
  for (const s of positionals) if (!(SUITE_IDS as readonly string[]).includes(s)) throw new UsageError(`unknown suite "${s}" (known: ${SUITE_IDS.join(', ')})`);
  if (values.grep !== undefined) {
    try {
      new RegExp(values.grep);
    } catch {
      throw new UsageError('--grep is not a valid regular expression');
    }
  }
  const suites = (positionals.length ? [...new Set(positionals)] : [...SUITE_IDS]) as SuiteId[];
  const checks = listSuiteChecks(suites, values.grep);
  if (values.json) {
    process.stdout.write(`${JSON.stringify(checks, null, 2)}\n`);
    return 0;
  }
  const width = Math.max(0, ...checks.map((c) => c.id.length));
  const lines: string[] = [];
  for (const suite of suites) {
    const list = checks.filter((c) => c.suite === suite);
    if (!list.length) continue;
    const must = list.filter((c) => c.level === 'MUST').length;
    if (lines.length) lines.push('');
    lines.push(`${suite}: ${list.length} check${list.length === 1 ? '' : 's'} (${must} MUST, ${list.length - must} SHOULD)`);
    for (const c of list) lines.push(`  ${c.id.padEnd(width)}  ${c.level.padEnd(6)}  ${c.title}`);
  }
  if (!checks.length) lines.push(values.grep ? 'no check matches --grep' : 'no checks');
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
