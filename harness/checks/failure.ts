import { test } from '@playwright/test';
import { redactInWorker } from '../secrets/redactor.ts';

/**
 * A check's verdict is carried by exceptions, so that a scenario reads top to bottom. Two kinds are
 * kept apart: a CheckFailure is the IUT breaking a rule; anything else thrown is a
 * harness error, reported as such and never blamed on the vendor.
 */
export class CheckFailure extends Error {
  constructor(
    message: string,
    readonly expected?: unknown,
    readonly received?: unknown,
  ) {
    super(message);
    this.name = 'CheckFailure';
  }
}

/** Prefix the reporter recognises in a serialized error to tell a rule failure from a harness error. */
export const FAILURE_NAME = 'CheckFailure';

/** Annotation set on a check whose rule was broken; its description is the one-line message. */
export const VERDICT_ANNOTATION = 'verdict-failed';

/** Annotation types carrying a failure's expected and received values to the reporters. */
export const EXPECTED_ANNOTATION = 'expected';
export const RECEIVED_ANNOTATION = 'received';

function text(v: unknown): string {
  const s = typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
  const r = redactInWorker(s);
  return r.length > 2000 ? `${r.slice(0, 2000)}…` : r;
}

export function fail(message: string, expected?: unknown, received?: unknown): never {
  try {
    // Runtime annotations reach the reporter with the result; outside a test there is none to annotate.
    const info = test.info();
    if (expected !== undefined) info.annotations.push({ type: EXPECTED_ANNOTATION, description: text(expected) });
    if (received !== undefined) info.annotations.push({ type: RECEIVED_ANNOTATION, description: text(received) });
  } catch {
    /* not inside a test: unit tests of the checks themselves */
  }
  throw new CheckFailure(message, expected, received);
}
