/**
 * Checks generated from a spec rather than written by hand: for every operation with a JSON request
 * body and a documented example,
 *  - the example is accepted (the documents promise it works);
 *  - for each mandatory field, a request lacking it is refused with 4xx;
 *  - a body that is not JSON is refused with 4xx.
 * The suite decides the level of each kind (docs/readings) and adapts the example to the run
 * (fresh user ids, the receiver's URL) through `prepare`.
 * @module
 */

import type { SuiteId } from '../config/run-config.ts';
import { operationsOf, type OperationInfo } from '../validation/operations.ts';

export type CaseKind = 'example' | 'missing-field' | 'non-json';

export interface RequestCase {
  kind: CaseKind;
  operation: OperationInfo;
  /** The field left out (missing-field cases). */
  field?: string;
  /** Stable id suffix: `<operationId>.<rule>`. */
  idSuffix: string;
  title: string;
}

export function requestCases(suite: SuiteId, filter: (op: OperationInfo) => boolean = () => true): RequestCase[] {
  const out: RequestCase[] = [];
  for (const op of operationsOf(suite)) {
    if (op.webhook || !op.requestSchema || op.example === undefined || !filter(op)) continue;
    out.push({
      kind: 'example',
      operation: op,
      idSuffix: `${op.operationId}.accepts-documented-example`,
      title: `${op.operationId} accepts the documented example request`,
    });
    for (const field of op.requiredFields) {
      out.push({
        kind: 'missing-field',
        operation: op,
        field,
        idSuffix: `${op.operationId}.rejects-missing-${kebab(field)}`,
        title: `${op.operationId} refuses a request without the mandatory field ${field} with 4xx`,
      });
    }
    out.push({
      kind: 'non-json',
      operation: op,
      idSuffix: `${op.operationId}.rejects-non-json`,
      title: `${op.operationId} refuses a body that is not JSON with 4xx`,
    });
  }
  return out;
}

/** The example with one top-level field removed. */
export function without(example: unknown, field: string): Record<string, unknown> {
  const copy = { ...(example as Record<string, unknown>) };
  delete copy[field];
  return copy;
}

function kebab(s: string): string {
  return s
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/_/g, '-')
    .toLowerCase();
}

/** Text that is not JSON but is sent with Content-Type application/json. */
export const NOT_JSON = '{"userId": "cc-not-json", this is not JSON';
