/**
 * The tiers of the project's own tests (test/playwright.config.ts turns them into Playwright projects):
 * - untagged unit tests, plus the self-tests tagged SMOKE: `npm test`, the quick gate of every change
 *   (each suite passes its bundled reference; the mutant catalogues are consistent with the checks;
 *   the CLI's one-line exit-2 answers to what cannot be run);
 * - every other self-test, end to end through the CLI (`npm run test:e2e`);
 * - the self-tests tagged CATALOGUE: every mutant against the whole suite, every conformant variation
 *   (`npm run test:catalogue`), the longest part.
 * `npm run test:all` runs all three, and CI runs it (.ci/run).
 * @module
 */

/** A self-test that `npm test` runs. */
export const SMOKE = { tag: '@smoke' };

/** A self-test that runs a mutant or variation batch (`npm run test:catalogue`). */
export const CATALOGUE = { tag: '@catalogue' };
