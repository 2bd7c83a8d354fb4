import { defineConfig } from '@playwright/test';

/**
 * The project's own tests (unit tests of the harness and the references, and the self-tests that
 * run the conformance suites against references and mutants). Not the conformance suites themselves:
 * those run through harness/runner/conformance.config.ts, started by the CLI.
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
});
