/**
 * Inputs of the generated Operator API checks (issue 12), drawn from the request schemas of
 * specs/operator-api.yaml with the shared arbitraries, then filtered with the suite's validator so
 * that "valid" is exactly what the spec accepts. Fields the bare schema generates poorly are drawn
 * richer: ids with `identifier()` (reserved URL characters, numeric-looking strings), pre-chat fields
 * as objects of strings, the JSON-string form of the table, or any other string.
 * @module
 */

import fc from 'fast-check';
import { randomInt } from 'node:crypto';
import { arbitraryFor, identifier, text, webUrl, defects, type Defect, type Schema } from '../../harness/generated/arbitraries.ts';
import { readSpec } from '../../harness/validation/spec-loader.ts';
import { operation } from '../../harness/validation/operations.ts';
import type { SpecValidators } from '../../harness/validation/validators.ts';
import { CheckFailure } from '../../harness/checks/failure.ts';
import { describe, isObject } from '../../harness/checks/ensure.ts';
import type { IutClient } from '../../harness/http/iut-client.ts';
import type { Delivery } from '../../harness/receiver/receiver.ts';
import { ensure2xx, ensureJsonBody } from '../../harness/checks/ensure.ts';
import { fail } from '../../harness/checks/failure.ts';

const schemas = (readSpec('operator-api').components?.schemas ?? {}) as Record<string, Schema>;
const resolve = (ref: string): Schema => schemas[ref.replace('#/components/schemas/', '')];

export type Body = Record<string, unknown>;

/** The request schema of an operation (all five POST methods have one). */
export function requestSchemaOf(op: string): string {
  const s = operation('operator-api', op).requestSchema;
  if (!s) throw new Error(`Test bug: ${op} has no request schema`);
  return s;
}

/** Pre-chat fields as the spec allows them: an object of strings, a string holding one, any string. */
export const preChatFields: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant({}),
  fc.dictionary(text(0, 20), text(0, 60), { maxKeys: 4 }),
  fc.dictionary(text(0, 20), text(0, 60), { minKeys: 1, maxKeys: 3 }).map((o) => JSON.stringify(o)),
  text(0, 60),
);

/** An http(s) link, or any string (the schema types url as a plain string). */
const fileUrl: fc.Arbitrary<string> = fc.oneof({ weight: 3, arbitrary: webUrl() }, { weight: 1, arbitrary: text(0, 80) });

/**
 * A valid body of `op`: the schema's own draw, with the richer fields above where the schema has them
 * (optional ones only when the draw has them), then kept only when the validator accepts it.
 */
export function validBody(op: string, validators: SpecValidators, extra: Record<string, fc.Arbitrary<unknown>> = {}): fc.Arbitrary<Body> {
  const schema = requestSchemaOf(op);
  const richer: Record<string, fc.Arbitrary<unknown>> = {
    userId: identifier(),
    attributes: preChatFields,
    hiddenAttributes: preChatFields,
    ...(op === 'sendFile' ? { url: fileUrl } : {}),
    ...extra,
  };
  return fc
    .tuple(arbitraryFor({ $ref: `#/components/schemas/${schema}` }, resolve), fc.record(richer))
    .map(([drawn, rich]) => {
      const body: Body = isObject(drawn) ? { ...drawn } : {};
      for (const [k, v] of Object.entries(rich)) if (k in body) body[k] = v;
      return body;
    })
    .filter((b) => validators.validate(schema, b, 'generated body').length === 0);
}

/** The mandatory-field defects of `op` (gen-malformed-4xx speaks of missing mandatory fields only). */
export function missingFieldDefects(op: string): Array<Extract<Defect, { kind: 'missing' }>> {
  return defects({ $ref: `#/components/schemas/${requestSchemaOf(op)}` }, resolve).filter(
    (d): d is Extract<Defect, { kind: 'missing' }> => d.kind === 'missing',
  );
}

/** Printable ASCII, short: what every chat platform takes without a second thought. */
export const plainString = (min = 1, max = 24): fc.Arbitrary<string> => fc.stringMatching(new RegExp(`^[A-Za-z0-9 _.-]{${min},${max}}$`));
export const plainId: fc.Arbitrary<string> = fc.stringMatching(/^[A-Za-z0-9_-]{1,24}$/);
/** Optional objects as a platform sends them: often empty ({}), else a few plain keys and values. */
export const plainObject: fc.Arbitrary<Record<string, string>> = fc.oneof(
  fc.constant({}),
  fc.dictionary(plainId, plainString(0, 24), { minKeys: 1, maxKeys: 3 }),
);

/** The destinationIds getDestinations lists (a precondition, judged leniently like firstDestinationId). */
export async function destinationIds(api: IutClient): Promise<string[]> {
  const res = await api.call('getDestinations');
  ensure2xx(res, 'getDestinations (needed to start a chat)');
  const body = ensureJsonBody(res, 'getDestinations (needed to start a chat)');
  const list: unknown[] = Array.isArray(body) ? body : isObject(body) && Array.isArray(body.destinations) ? body.destinations : [];
  const ids = list.flatMap((d) =>
    isObject(d) && (typeof d.destinationId === 'string' || typeof d.destinationId === 'number') ? [String(d.destinationId)] : [],
  );
  if (ids.length === 0) fail('getDestinations lists no agent group with a destinationId, so no chat can be started');
  return ids;
}

export function is2xx(status: number | undefined): boolean {
  return status !== undefined && status >= 200 && status < 300;
}

/**
 * Fresh userIds from generated ones: a number unique to the run and the request, put before the
 * generated id, so that a user is new to the IUT (no chat of an earlier check) and a numeric-looking
 * id stays numeric-looking. Shrinking works on the generated part.
 */
export class FreshUsers {
  private base = String(randomInt(100000, 999999));
  private n = 0;
  of(generated: string): string {
    return `${this.base}${String(++this.n).padStart(4, '0')}${generated}`;
  }
}

/** The event types of the document; another `type` is no event of it. */
export const EVENT_TYPES = ['TextMessage', 'FileMessage', 'Closed', 'SelectDestination'];

/** The event object of a delivery (an array around one object tolerated: another check judges it). */
export function eventBody(d: Delivery): Record<string, unknown> {
  const b = d.json;
  const one = Array.isArray(b) && b.length === 1 ? b[0] : b;
  return isObject(one) ? one : {};
}

/**
 * Whether an event names `userId`, loosely: the exact string, or the same number when the IUT echoed
 * a numeric-looking id as a JSON number (so that the schema check, not a timeout, reports it).
 */
export function namesUser(event: Record<string, unknown>, userId: string): boolean {
  if (event.userId === userId) return true;
  return typeof event.userId === 'number' && /^[0-9]+$/.test(userId) && event.userId === Number(userId);
}

/**
 * Shrinking with a time budget: each shrinking candidate that fails by a timeout costs the whole
 * --timeout, so once a failure is known and `budgetMs` has passed since the property started, further
 * candidates pass without a request and fast-check ends with the smallest failure found so far. The
 * replay of that failure (checkProperty's last call) still runs for real.
 */
export function withShrinkBudget<T>(predicate: (input: T) => Promise<void>, budgetMs: number): (input: T) => Promise<void> {
  const started = Date.now();
  let lastFailing: string | undefined;
  return async (input) => {
    const key = JSON.stringify(input);
    if (lastFailing !== undefined && key !== lastFailing && Date.now() - started > budgetMs) return;
    try {
      await predicate(input);
    } catch (e) {
      if (e instanceof CheckFailure) lastFailing = key;
      throw e;
    }
  };
}

/** A short, readable rendering of a value in a minimal case (strings cut at 60 characters). */
export function short(v: unknown): string {
  if (typeof v === 'string' && v.length > 60) return `${JSON.stringify(v.slice(0, 60))}… (${v.length} characters)`;
  return describe(v);
}
