/**
 * The catalogue of checks, read from the suites themselves (Playwright's --list), never written by
 * hand: `npx tsx scripts/list-checks.ts` prints docs/CHECKS.md; `--write` writes it. A unit test keeps
 * the file in sync with the code (style.md §4).
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RUN_CONFIG_ENV, SUITE_IDS, type RunConfig } from '../harness/config/run-config.ts';

const root = fileURLToPath(new URL('../', import.meta.url));

export interface ListedCheck {
  suite: string;
  id: string;
  title: string;
  level: string;
  /** `<document id>#<section>`, as results.json carries it. */
  source: string;
  sourceTitle: string;
  sourceUrl: string;
  quote: string;
  rule: string;
}

export function listChecks(): ListedCheck[] {
  const config: RunConfig = {
    suites: [...SUITE_IDS],
    // Listing loads the suites without running them; placeholders stand in for what a run needs.
    targets: Object.fromEntries(SUITE_IDS.map((s) => [s, { target: 'http://127.0.0.1:9', token: 'listing-only', clientToken: 'listing-only', reference: false }])),
    targetLabel: null,
    profile: 'jaicp',
    strict: false,
    timeoutMs: 5000,
    receiverHost: '127.0.0.1',
    receiverPort: 0,
    receiverUrl: null,
    receiverBodyLimit: 1024 * 1024,
    responseBodyLimit: 1024 * 1024,
    grep: null,
    expectations: null,
    complete: true,
    reportDir: path.join(root, '.tmp', 'list'),
    startedAt: new Date(0).toISOString(),
    toolVersion: '0',
  };
  const cli = createRequire(import.meta.url).resolve('@playwright/test/cli');
  const r = spawnSync(process.execPath, [cli, 'test', '--list', '--reporter=json', '--config', path.join(root, 'harness/runner/conformance.config.ts')], {
    cwd: root,
    env: { ...process.env, [RUN_CONFIG_ENV]: JSON.stringify(config) },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const report = JSON.parse(r.stdout) as { suites: JsonSuite[] };
  const out: ListedCheck[] = [];
  const walk = (s: JsonSuite) => {
    for (const spec of s.specs ?? []) {
      for (const t of spec.tests ?? []) {
        const a = (type: string) => t.annotations.find((x) => x.type === type)?.description ?? '';
        out.push({
          suite: t.projectName,
          id: a('check-id'),
          title: a('check-title'),
          level: a('level'),
          source: a('source'),
          sourceTitle: a('source-title'),
          sourceUrl: a('source-url'),
          quote: a('quote'),
          rule: a('rule'),
        });
      }
    }
    for (const c of s.suites ?? []) walk(c);
  };
  for (const s of report.suites) walk(s);
  return out.sort((a, b) => SUITE_IDS.indexOf(a.suite as never) - SUITE_IDS.indexOf(b.suite as never) || a.id.localeCompare(b.id));
}

interface JsonSuite {
  specs?: Array<{ tests?: Array<{ projectName: string; annotations: Array<{ type: string; description?: string }> }> }>;
  suites?: JsonSuite[];
}

export function renderChecksMarkdown(checks: ListedCheck[]): string {
  const lines = ['# The checks', '', 'Generated from the suites by `npx tsx scripts/list-checks.ts --write`; do not edit by hand.', ''];
  lines.push(
    'A check is MUST when a document sentence states its rule (quoted below) or when a reading marked MUST in',
    '[the readings](READINGS.md) does; every other check is SHOULD, and gates the exit code only with `--strict`.',
    '',
  );
  for (const suite of SUITE_IDS) {
    const list = checks.filter((c) => c.suite === suite);
    if (!list.length) continue;
    const must = list.filter((c) => c.level === 'MUST').length;
    lines.push(`## ${suite} (${list.length} checks: ${must} MUST, ${list.length - must} SHOULD)`, '', '| id | level | what it checks | source |', '|---|---|---|---|');
    for (const c of list) lines.push(`| \`${c.id}\` | ${c.level} | ${cell(c.title)} | ${cell(citation(c))} |`);
    lines.push('');
  }
  return lines.join('\n');
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** "[Aimylogic — Operator API](url), POST /sendText: “quote”" or "[reading chat-events-cid](readings/chat-api.md#…)". */
function citation(c: ListedCheck): string {
  const section = c.source.split('#').slice(1).join('#');
  if (c.source.startsWith('READINGS.md#')) return `[reading \`${section}\`](${c.sourceUrl.replace(/^docs\//, '')})`;
  const where = c.sourceUrl ? `[${c.sourceTitle}](${c.sourceUrl})` : c.sourceTitle || c.source;
  return `${where}, ${section}${c.quote ? `: “${c.quote}”` : ''}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const md = renderChecksMarkdown(listChecks());
  if (process.argv.includes('--write')) writeFileSync(path.join(root, 'docs/CHECKS.md'), md);
  else process.stdout.write(md);
}
