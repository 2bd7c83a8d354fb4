/**
 * Spec coverage: which operations and webhooks of each suite's spec some check exercised, and which
 * documented statuses were observed. Operations are counted from the IUT client; webhook events
 * from the checks that validated a delivery against the webhook's schema.
 * @module
 */

import type { SuiteId } from '../config/run-config.ts';
import { operationsOf } from '../validation/operations.ts';
import type { CoverageEntry } from './results.ts';

export interface CoverageLogLike {
  operations: Array<[string, number | null]>;
  events: string[];
}

export function buildCoverage(suite: SuiteId, logs: CoverageLogLike[]): CoverageEntry[] {
  const seenOps = new Map<string, Set<number>>();
  const seenEvents = new Set<string>();
  for (const l of logs) {
    for (const [op, status] of l.operations) {
      const set = seenOps.get(op) ?? new Set<number>();
      if (status !== null) set.add(status);
      seenOps.set(op, set);
    }
    for (const e of l.events) seenEvents.add(e);
  }
  return operationsOf(suite).map((o) => ({
    name: o.operationId,
    kind: o.webhook ? 'webhook' : 'operation',
    method: o.method,
    path: o.path,
    documentedStatuses: Object.keys(o.responses),
    observedStatuses: [...(seenOps.get(o.operationId) ?? [])].sort(),
    exercised: o.webhook ? seenEvents.has(o.operationId) : seenOps.has(o.operationId),
  }));
}
