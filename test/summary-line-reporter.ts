import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';

/**
 * Prints the plain closing line CI reads ("N passed, N failed"), since Playwright's own summary
 * is not one of the formats CI recognises.
 */
export default class SummaryLineReporter implements Reporter {
  private outcome = new Map<string, string>();
  onTestEnd(test: TestCase, _result: TestResult): void {
    this.outcome.set(test.id, test.outcome());
  }
  onEnd(): void {
    let passed = 0,
      failed = 0,
      skipped = 0;
    for (const o of this.outcome.values()) {
      if (o === 'expected' || o === 'flaky') passed++;
      else if (o === 'skipped') skipped++;
      else failed++;
    }
    process.stdout.write(`\nselftest: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
  printsToStdio(): boolean {
    return false;
  }
}
