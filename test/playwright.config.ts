import { defineConfig } from '@playwright/test';

/**
 * The project's own tests (unit tests of the harness and the references, and the self-tests that
 * run the conformance suites against references and mutants). Not the conformance suites themselves:
 * those run through harness/runner/conformance.config.ts, started by the CLI.
 *
 * Three tiers (test/selftest/tiers.ts), one Playwright project each, so that the quick gate stays
 * quick and the full proof stays one command:
 * - `unit` + `smoke` (`npm test`): every unit test, and the self-tests tagged @smoke;
 * - `e2e` (`npm run test:e2e`): the other self-tests and the browser test of the report;
 * - `catalogue` (`npm run test:catalogue`): the self-tests tagged @catalogue, mutant and variation batches.
 * `npm run test:all` (what CI runs) runs all of them.
 */
export default defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.ts$/,
  fullyParallel: true,
  // Three: the self-tests spend much of their time waiting on loopback deliveries, so a third
  // worker fills idle CPU on a 2-core machine.
  workers: 3,
  forbidOnly: !!process.env.CI,
  timeout: 120_000,
  reporter: [['list'], ['./summary-line-reporter.ts']],
  // In this order, so that a run of all of them starts the longest tests (the batches) first.
  projects: [
    { name: 'catalogue', testMatch: /selftest\/.*\.spec\.ts$/, grep: /@catalogue/ },
    { name: 'e2e', testMatch: /(selftest|browser)\/.*\.spec\.ts$/, grepInvert: /@smoke|@catalogue/ },
    { name: 'smoke', testMatch: /selftest\/.*\.spec\.ts$/, grep: /@smoke/ },
    { name: 'unit', testMatch: /unit\/.*\.spec\.ts$/ },
  ],
});
