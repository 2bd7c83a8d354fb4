import { test } from '@playwright/test';

/** The id of the check running now (its `check-id` annotation), or undefined outside a check. */
export function currentCheckId(): string | undefined {
  try {
    return test.info().annotations.find((a) => a.type === 'check-id')?.description;
  } catch {
    return undefined; // not inside a test: unit tests of the harness
  }
}
