import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestError, TestResult } from '@playwright/test/reporter';
import { generation, readRunConfig, targetKey, type RunConfig, type SuiteId } from '../config/run-config.ts';
import { checkIdOf, judge, oneLine, readCheck, variantOf } from '../checks/protocol.ts';
import type { Evidence } from '../http/evidence.ts';
import { recordedProfile, summarize, type CheckResult, type RunResults } from './results.ts';
import { buildCoverage, type CoverageLogLike } from './coverage.ts';
import { writeReports } from './write-reports.ts';
import { applyExpectations } from './expectations.ts';
import { TerminalProgress } from './terminal.ts';
import { Redactor } from '../secrets/redactor.ts';
import { isGeneratedCheck } from '../generated/check-ids.ts';

/**
 * The Playwright reporter behind every conformance run: turns test results into the one result model
 * and writes results.json, junit.xml and index.html. Playwright's own statuses are mapped here and
 * nowhere else (through harness/checks/protocol.ts, which reads the kind each check recorded): a
 * failed SHOULD check is a warning unless --strict.
 */
export default class ConformanceReporter implements Reporter {
  private run!: RunConfig;
  private checks: CheckResult[] = [];
  private coverageLogs = new Map<string, CoverageLogLike[]>();
  private started = Date.now();
  private terminal!: TerminalProgress;
  private shard: string | undefined;
  private harnessErrors: string[] = [];
  private redactor?: Redactor;

  onBegin(config: FullConfig, suite: Suite): void {
    this.run = readRunConfig();
    this.shard = config.shard ? `${config.shard.current}/${config.shard.total}` : undefined;
    this.terminal = new TerminalProgress(suite.allTests().length);
    // Generated checks draw their inputs from a seed: say which, first, so that any run can be replayed.
    if (suite.allTests().some((t) => isGeneratedCheck(checkIdOf(t.annotations) ?? ''))) {
      const g = generation(this.run);
      this.terminal.note(`generated checks: seed ${g.seed}, ${g.runs} inputs per property (replay with --seed ${g.seed})`);
    }
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const meta = readCheck(test.annotations);
    if (!meta) return; // not a check (should not happen: every suite test is declared with check())
    const projectName = test.parent.project()?.name ?? 'unknown';
    const suite = projectName.split('@')[0] as SuiteId;
    // A self-test's lane runs many targets in one project: a result names the target it ran against.
    const variant = variantOf(test.annotations);
    const project = variant === undefined ? projectName : targetKey(suite, variant);
    const c: CheckResult = {
      id: meta.id,
      suite,
      project: project === suite ? undefined : project,
      title: meta.title || test.title,
      level: meta.level,
      source: meta.source,
      status: 'passed',
      durationMs: result.duration,
      evidence: [],
    };
    for (const a of result.attachments) {
      if (!a.body) continue;
      if (a.name === 'evidence') c.evidence = JSON.parse(a.body.toString('utf8')) as Evidence[];
      if (a.name === 'coverage') {
        const list = this.coverageLogs.get(suite) ?? [];
        list.push(JSON.parse(a.body.toString('utf8')) as CoverageLogLike);
        this.coverageLogs.set(suite, list);
      }
    }
    const errors = result.errors.length ? result.errors : result.error ? [result.error] : [];
    Object.assign(c, judge({ status: result.status, annotations: result.annotations, declared: test.annotations, errors }, meta.level, this.run.strict));
    this.secondLayer(c);
    this.checks.push(c);
    this.terminal.check(c);
  }

  async onEnd(result: FullResult): Promise<void> {
    const run = this.run ?? readRunConfig();
    const coverage: Record<string, ReturnType<typeof buildCoverage>> = {};
    for (const s of run.suites) coverage[s] = buildCoverage(s as SuiteId, this.coverageLogs.get(s) ?? []);
    const results: RunResults = {
      tool: { name: 'channel-conformance', version: run.toolVersion },
      suites: run.suites,
      target: run.targetLabel,
      profile: recordedProfile(run.suites, run.profile),
      strict: run.strict,
      startedAt: run.startedAt,
      durationMs: Date.now() - this.started,
      summary: summarize(this.checks),
      checks: this.checks.sort(
        (a, b) =>
          run.suites.indexOf(a.suite as SuiteId) - run.suites.indexOf(b.suite as SuiteId) ||
          (a.project ?? '').localeCompare(b.project ?? '') ||
          a.id.localeCompare(b.id),
      ),
      coverage,
      unexpectedDeliveries: collectUnexpected(run.reportDir),
      shard: this.shard,
      harnessErrors: this.harnessErrors.length ? this.harnessErrors : undefined,
    };
    if (run.expectations) applyExpectations(results, run.expectations, run.complete);
    mkdirSync(run.reportDir, { recursive: true });
    writeReports(results, run.reportDir);
    this.terminal.end(results, run.reportDir, result.status === 'interrupted');
  }

  /**
   * Belt and braces: evidence and messages are redacted in the worker at capture; the tokens the CLI
   * knows are scrubbed here once more from what a check wrote in words (messages, harness errors).
   */
  private scrubber(): Redactor {
    if (!this.redactor) {
      this.redactor = new Redactor();
      for (const t of Object.values((this.run ?? readRunConfig()).targets)) {
        this.redactor.add(t.token, '$TOKEN');
        this.redactor.add(t.clientToken, '$CLIENT_TOKEN');
      }
    }
    return this.redactor;
  }

  private secondLayer(c: CheckResult): void {
    const r = this.scrubber();
    if (c.message) c.message = r.text(c.message);
    if (c.expected) c.expected = r.text(c.expected);
    if (c.received) c.received = r.text(c.received);
    c.evidence = r.json(c.evidence) as Evidence[];
  }

  /** Errors outside any check (a suite file that does not load, a worker that crashed). */
  onError(error: TestError): void {
    // Printed with the summary (or, when no check ran, by the CLI as its one line).
    this.harnessErrors.push(this.scrubber().text(oneLine(error.message ?? error.value ?? 'unknown error').replace(/^Error: /, '')));
    if (process.env.CHANNEL_CONFORMANCE_DEBUG && error.stack) process.stderr.write(`${error.stack}\n`);
  }

  printsToStdio(): boolean {
    return true;
  }
}

/** Receivers write their counts of unexpected deliveries next to the report; sum and remove them. */
function collectUnexpected(dir: string): number {
  let total = 0;
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((n) => n.startsWith('.unexpected-'));
  } catch {
    return 0;
  }
  for (const n of names) {
    const p = path.join(dir, n);
    try {
      total += (JSON.parse(readFileSync(p, 'utf8')) as { count: number }).count;
    } catch {
      /* a half-written count is no count */
    }
    rmSync(p, { force: true });
  }
  return total;
}
