/**
 * A check that cannot go on because something another check judges did not happen is skipped, not
 * failed: one broken rule is then reported once, by its own check, not once per scenario that needs it.
 * @module
 */

import { test, type TestInfo } from '@playwright/test';

/** Skip the current check (or the given test's) with a reason; never returns. */
export function skipCheck(reason: string, info: Pick<TestInfo, 'skip'> = test.info()): never {
  info.skip(true, reason);
  // testInfo.skip(true) throws; this line only tells the compiler so.
  throw new Error('unreachable: testInfo.skip throws');
}

/**
 * Skip the current check unless `ok`: the reason, read as "precondition not met: <reason>", says what
 * was missing and names the check that judges it ("judged by <check id>").
 */
export function precondition(ok: unknown, reason: string, info?: Pick<TestInfo, 'skip'>): asserts ok {
  if (!ok) skipCheck(`precondition not met: ${reason}`, info);
}
