/**
 * summary.md: the run in a page of Markdown, for a place that shows Markdown next to a build (GitHub's
 * job summary, where action.yml appends it; a GitLab merge request note; a chat message). The verdict,
 * the counts per suite, and every gating failure with its one-line message and the document section
 * that states the rule; warnings, known failures and skips folded below. The full evidence stays in
 * index.html: this page says where to find it.
 * @module
 */

import type { CheckResult, RunResults } from './results.ts';
import { code, link, table, text } from './markdown.ts';

export interface SummaryOptions {
  /** Name of the CI artifact holding the report folder, when one is uploaded. */
  artifact?: string;
  /** The CI run's page, where that artifact is listed. */
  runUrl?: string;
}

/** Rows per table: a job summary holds 1 MiB, and a page of a hundred failures is read in the report anyway. */
const MAX_ROWS = 50;

export function renderSummaryMarkdown(r: RunResults, opts: SummaryOptions = {}): string {
  const gating = r.checks.filter((c) => c.status === 'failed' && !c.expectedFailure);
  const stale = r.staleExpectations ?? [];
  const known = r.checks.filter((c) => c.expectedFailure);
  const warnings = r.checks.filter((c) => c.status === 'warning' && !c.expectedFailure);
  const skipped = r.checks.filter((c) => c.status === 'skipped');
  const out: string[] = [`### ${verdict(r, gating.length, stale.length, known.length)}`, '', context(r), ''];

  out.push(
    table(
      ['suite', 'verdict', 'passed', 'failed', 'warnings', 'skipped'],
      [
        ...r.suites.map((s) =>
          countsRow(
            code(s),
            r.checks.filter((c) => c.suite === s),
          ),
        ),
        ...(r.suites.length > 1 ? [countsRow('**all**', r.checks)] : []),
      ],
      ['l', 'l', 'r', 'r', 'r', 'r'],
    ),
    '',
  );

  if (gating.length) out.push(`#### Failed checks (${gating.length})`, '', checksTable(gating), '');
  if (stale.length) {
    out.push(`#### Stale baseline (${stale.length})`, '', 'These entries of the --expect file no longer hold; they gate until they are removed:', '');
    for (const e of stale) out.push(`- ${code(e.id)}: ${text(e.why)} (listed because: ${text(e.reason)})`);
    out.push('');
  }
  if (warnings.length) out.push(folded(`${warnings.length} SHOULD-level warning${plural(warnings.length)} (gating only with --strict)`, checksTable(warnings)));
  if (known.length) out.push(folded(`${known.length} known failure${plural(known.length)} listed in the baseline (not gating)`, checksTable(known, true)));
  if (skipped.length) out.push(folded(`${skipped.length} skipped check${plural(skipped.length)}`, skipReasons(skipped)));
  for (const e of r.harnessErrors ?? []) out.push(`> **Harness error** (the suite could not judge; not the implementation's failure): ${text(e)}`, '');
  if (r.unexpectedDeliveries)
    out.push(`${r.unexpectedDeliveries} unexpected deliveries reached the receiver (requests to unknown paths); they change no verdict.`, '');
  out.push(footer(opts));
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

function verdict(r: RunResults, gating: number, stale: number, known: number): string {
  if (r.summary.total === 0) return '⚠️ channel-conformance: no check ran';
  if (gating) return `❌ channel-conformance: not conformant — ${gating} gating check${plural(gating)} failed`;
  if (stale) return `❌ channel-conformance: the baseline is stale — ${stale} expectation${plural(stale)} no longer hold${stale === 1 ? 's' : ''}`;
  const level = r.strict ? 'MUST and SHOULD level (--strict)' : 'MUST level';
  return `✅ channel-conformance: conformant at ${level}${known ? `, apart from ${known} known failure${plural(known)} in the baseline` : ''}`;
}

function context(r: RunResults): string {
  const parts = [
    `${r.summary.total} check${plural(r.summary.total)} of ${r.suites.map(code).join(', ')}`,
    `against ${r.target ? code(r.target) : 'the bundled reference implementations'}`,
  ];
  if (r.profile) parts.push(`profile ${code(r.profile)}`);
  if (r.strict) parts.push('--strict');
  if (r.shard) parts.push(`shard ${code(r.shard)}`);
  parts.push(`${text(r.tool.name)} ${text(r.tool.version)}`, `${(r.durationMs / 1000).toFixed(1)} s`);
  return parts.join(' · ');
}

function countsRow(label: string, checks: CheckResult[]): string[] {
  const n = (s: CheckResult['status']) => checks.filter((c) => c.status === s).length;
  const failing = checks.some((c) => c.status === 'failed' && !c.expectedFailure);
  return [label, failing ? '❌ not conformant' : '✅ conformant', String(n('passed')), String(n('failed')), String(n('warning')), String(n('skipped'))];
}

/** One row per check: level, id and title, the one-line message, and the section that states the rule. */
function checksTable(checks: CheckResult[], withReason = false): string {
  const rows = checks
    .slice(0, MAX_ROWS)
    .map((c) => [
      c.level,
      `${code(c.id)}<br>${text(c.title, 160)}`,
      `${c.outcome === 'error' ? '(harness error) ' : ''}${text(c.message ?? '')}${withReason && c.expectedFailure ? `<br>baseline: ${text(c.expectedFailure)}` : ''}`,
      section(c),
    ]);
  const more = checks.length > MAX_ROWS ? `\n\n… and ${checks.length - MAX_ROWS} more in the report.` : '';
  return `${table(['level', 'check', 'message', 'document § section'], rows)}${more}`;
}

/** "Aimylogic — Operator API § FileMessage", linked to the page, the document's sentence on hover. */
function section(c: CheckResult): string {
  const s = c.source;
  const label = `${s.title ?? s.document} § ${s.section}`;
  return link(label, s.url, s.quote);
}

function skipReasons(checks: CheckResult[]): string {
  const by = new Map<string, number>();
  for (const c of checks) by.set(c.message ?? 'skipped', (by.get(c.message ?? 'skipped') ?? 0) + 1);
  const rows = [...by.entries()].sort((a, b) => b[1] - a[1]).map(([reason, n]) => [text(reason), String(n)]);
  return table(['reason', 'checks'], rows, ['l', 'r']);
}

function folded(summary: string, body: string): string {
  // A blank line after <summary> lets GitHub render the Markdown inside <details>.
  return `<details><summary>${summary.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</summary>\n\n${body}\n\n</details>\n`;
}

function footer(opts: SummaryOptions): string {
  const files = 'index.html (opens from disk, with the evidence of every exchange), results.json, junit.xml';
  if (!opts.artifact) return `Full report: ${files}, beside this file.`;
  const where = opts.runUrl ? ` on ${link('the run’s page', opts.runUrl)}` : '';
  return `Full report: artifact ${code(opts.artifact)}${where}: ${files}.`;
}

function plural(n: number): string {
  return n === 1 ? '' : 's';
}
