import { test } from '@playwright/test';
import { checkIdOf } from './protocol.ts';

/** The id of the check running now (its declaration's annotations), or undefined outside a check. */
export function currentCheckId(): string | undefined {
  try {
    return checkIdOf(test.info().annotations);
  } catch {
    return undefined; // not inside a test: unit tests of the harness
  }
}
