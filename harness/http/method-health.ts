/**
 * Methods of an IUT that have failed pathologically (no answer in the budget, a trickle, a reset, a
 * body over the cap, not HTTP), so that a run against a server broken on one method stays bounded:
 * the first check that meets the pathology fails with it, and every later check that calls the same
 * method fails at once, naming that check, instead of waiting out the budget again. Checks that do
 * not call the method run as usual.
 *
 * Only a request that the spec calls valid can condemn a method (harness/http/iut-client.ts decides):
 * a server that hangs on a malformed request may still answer well-formed ones, and failing those at
 * once would be a false alarm.
 *
 * The registry is per process, which is per Playwright worker; it is keyed by the target's base URL
 * and the operation, because one worker may test several targets (the self-tests' mutant batches).
 * @module
 */

import type { TransportFailure } from './http-client.ts';

export interface BrokenMethod {
  operationId: string;
  failure: TransportFailure;
  /** Id of the check that met the pathology (or "an earlier exchange" outside a check). */
  seenIn: string;
  timeoutMs: number;
}

const broken = new Map<string, BrokenMethod>();

const key = (baseUrl: string, operationId: string) => `${baseUrl}\u0000${operationId}`;

export function markBroken(baseUrl: string, m: BrokenMethod): void {
  if (!broken.has(key(baseUrl, m.operationId))) broken.set(key(baseUrl, m.operationId), m);
}

export function brokenMethod(baseUrl: string, operationId: string): BrokenMethod | undefined {
  return broken.get(key(baseUrl, operationId));
}

/** "selectDestination did not answer in 5 s in operator-api.selectDestination.accepts-required-only; not retried" */
export function notRetried(m: BrokenMethod): string {
  const what: Record<TransportFailure, string> = {
    timeout: `did not answer in ${seconds(m.timeoutMs)}`,
    reset: 'had its connection reset',
    'too-large': 'answered a body over the size cap',
    'not-http': 'answered something that is not HTTP',
  };
  return `${m.operationId} ${what[m.failure]} in ${m.seenIn}; not retried`;
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/** Unit tests only. */
export function forgetBrokenMethods(): void {
  broken.clear();
}
