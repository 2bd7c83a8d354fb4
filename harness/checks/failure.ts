/**
 * A check's verdict is carried by exceptions, so that a scenario reads top to bottom. A CheckFailure
 * is the IUT breaking a rule (its kind, 'vendor-failure', is its class's: protocol.ts); anything
 * unclassified thrown is a harness error, reported as such and never blamed on the vendor.
 * @module
 */

import { test } from '@playwright/test';
import { redactInWorker } from '../secrets/redactor.ts';
import { ANNOTATION, ClassifiedError } from './protocol.ts';

/** The IUT breaking a rule: a check's failure, of kind 'vendor-failure'. */
export class CheckFailure extends ClassifiedError {
  constructor(
    message: string,
    readonly expected?: unknown,
    readonly received?: unknown,
  ) {
    super('vendor-failure', message);
    this.name = 'CheckFailure';
  }
}

function text(v: unknown): string {
  const s = typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
  const r = redactInWorker(s);
  return r.length > 2000 ? `${r.slice(0, 2000)}…` : r;
}

export function fail(message: string, expected?: unknown, received?: unknown): never {
  try {
    // Runtime annotations reach the reporter with the result; outside a test there is none to annotate.
    const info = test.info();
    if (expected !== undefined) info.annotations.push({ type: ANNOTATION.expected, description: text(expected) });
    if (received !== undefined) info.annotations.push({ type: ANNOTATION.received, description: text(received) });
  } catch {
    /* not inside a test: unit tests of the checks themselves */
  }
  throw new CheckFailure(message, expected, received);
}
