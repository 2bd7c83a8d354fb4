/**
 * Terminal output: a progress line per check while running, then the verdict, the counts, the
 * slowest checks and where the report is. Colour only on a TTY.
 * @module
 */

import type { CheckResult, RunResults } from './results.ts';
import { diffWindow } from '../checks/text-diff.ts';

const tty = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: number) => (s: string) => (tty ? `\u001b[${code}m${s}\u001b[0m` : s);
const green = paint(32);
const red = paint(31);
const yellow = paint(33);
const dim = paint(2);

const MARK: Record<CheckResult['status'], string> = { passed: green('✓'), failed: red('✗'), warning: yellow('!'), skipped: dim('-') };

const MAX_DIFF_INPUT = 10_000;
const visible = (s: string) => JSON.stringify(s).slice(1, -1);

/** Expected and received around their first difference, the differing parts marked (coloured on a TTY). */
function diffLines(c: CheckResult): string {
  if (c.expected === undefined || c.received === undefined) return '';
  if (c.expected.length > MAX_DIFF_INPUT || c.received.length > MAX_DIFF_INPUT || c.expected === c.received) return '';
  const w = diffWindow(c.expected, c.received);
  const mark = (s: string, colour: (x: string) => string) => (tty ? colour(visible(s)) : `[${visible(s)}]`);
  return (
    `      ${dim('expected:')} ${visible(w.before)}${mark(w.expected, green)}${visible(w.after)}\n` +
    `      ${dim('received:')} ${visible(w.before)}${mark(w.received, red)}${visible(w.after)}\n`
  );
}

export class TerminalProgress {
  private done = 0;
  constructor(private total: number) {}

  /** A line before the checks (dim): what the run was given that a user needs to repeat it. */
  note(line: string): void {
    process.stdout.write(`${dim(line)}\n`);
  }

  check(c: CheckResult): void {
    this.done++;
    const n = `${String(this.done).padStart(String(this.total).length)}/${this.total}`;
    const tail = c.status === 'passed' ? dim(` ${c.durationMs} ms`) : ` — ${c.message ?? ''}`;
    process.stdout.write(`${dim(n)} ${MARK[c.status]} ${c.level.padEnd(6)} ${c.id}${tail}\n`);
    if (c.status !== 'passed' && c.status !== 'skipped') process.stdout.write(diffLines(c));
  }

  end(r: RunResults, reportDir: string, interrupted: boolean): void {
    const s = r.summary;
    const gating = r.checks.filter((c) => c.status === 'failed' && !c.expectedFailure);
    const stale = r.staleExpectations ?? [];
    const known = r.checks.filter((c) => c.expectedFailure);
    const out: string[] = [''];
    if (interrupted) out.push(yellow('The run was interrupted; the report holds the checks that finished.'));
    if (s.total === 0) {
      // The CLI says why in its one line.
      return;
    } else if (gating.length === 0 && stale.length === 0)
      out.push(
        green(
          `CONFORMANT${r.strict ? ' (strict: MUST and SHOULD)' : ' at MUST level'}${known.length ? `, apart from ${known.length} known failure${known.length > 1 ? 's' : ''} listed in the baseline` : ''}`,
        ),
      );
    else if (gating.length === 0) out.push(red(`BASELINE IS STALE: ${stale.length} expectation${stale.length > 1 ? 's' : ''} no longer hold`));
    else out.push(red(`NOT CONFORMANT: ${gating.length} gating check${gating.length > 1 ? 's' : ''} failed`));
    for (const c of gating.slice(0, 20)) out.push(`  ${red('✗')} ${c.id}: ${c.message ?? ''}`);
    if (gating.length > 20) out.push(`  … and ${gating.length - 20} more (see the report)`);
    for (const e of stale) out.push(`  ${red('✗')} stale expectation ${e.id}: ${e.why}`);
    if (known.length) out.push(dim(`${known.length} expected failure${known.length > 1 ? 's' : ''} (--expect) did not gate`));
    const warnings = r.checks.filter((c) => c.status === 'warning');
    if (warnings.length) out.push(yellow(`${warnings.length} SHOULD-level warning${warnings.length > 1 ? 's' : ''} (gating only with --strict)`));
    out.push(
      `${s.total} checks: ${s.passed} passed, ${s.failed} failed, ${s.warnings} warnings, ${s.skipped} skipped in ${(r.durationMs / 1000).toFixed(1)} s`,
    );
    const slow = [...r.checks]
      .sort((a, b) => b.durationMs - a.durationMs)
      .slice(0, 3)
      .filter((c) => c.durationMs > 0);
    if (slow.length) out.push(dim(`slowest: ${slow.map((c) => `${c.id} ${c.durationMs} ms`).join(', ')}`));
    for (const e of r.harnessErrors ?? []) out.push(yellow(`harness error (not the implementation's failure): ${e}`));
    if (r.unexpectedDeliveries) out.push(yellow(`${r.unexpectedDeliveries} unexpected deliveries reached the receiver (they change no verdict)`));
    out.push(`report: ${reportDir}/index.html`);
    process.stdout.write(`${out.join('\n')}\n`);
  }
}
