/**
 * What the generated checks of chat-api (properties.spec.ts, stateful.spec.ts) share: the spec's
 * schemas as fast-check arbitraries, and the two rules every generated valid request is held to —
 * no 5xx, and a 2xx answer that matches its documented schema. A 4xx to an unusual but valid input
 * is never a failure here (a server may refuse a NUL or 2,000 characters): only 5xx and schema
 * violations of 2xx answers are.
 * @module
 */

import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { arbitraryFor, text, type Resolve, type Schema } from '../../harness/generated/arbitraries.ts';
import { answerOf, describe, isObject } from '../../harness/checks/ensure.ts';
import { fail } from '../../harness/checks/failure.ts';
import type { CallResult } from '../../harness/http/iut-client.ts';
import type { SpecValidators } from '../../harness/validation/validators.ts';
import { readSpec } from '../../harness/validation/spec-loader.ts';

const schemas = (readSpec('chat-api').components?.schemas ?? {}) as Record<string, Schema>;
export const resolve: Resolve = (ref) => {
  const s = schemas[ref.replace('#/components/schemas/', '')];
  if (!s) throw new Error(`Test bug: no schema ${ref} in specs/chat-api.yaml`);
  return s;
};

/** Values of a named schema of specs/chat-api.yaml, kept only when its validator accepts them. */
export function valuesOf(name: string, validators: SpecValidators): fc.Arbitrary<unknown> {
  return arbitraryFor({ $ref: name }, resolve).filter((v) => validators.validate(name, v, 'generated').length === 0);
}

/** An object of a named schema (for bodies whose top level is an object). */
export function objectsOf(name: string, validators: SpecValidators): fc.Arbitrary<Record<string, unknown>> {
  return valuesOf(name, validators).filter(isObject);
}

/**
 * A state for the stateful run: never empty, with keys that a store may read as paths (dots,
 * slashes, a dollar sign) beside generated ones, and values of every JSON type.
 */
export function stateObjects(validators: SpecValidators): fc.Arbitrary<Record<string, unknown>> {
  const key = fc.oneof(fc.constantFrom('a.b', 'cart.items.0', 'page', '$set', 'x/y', '.'), text(1, 12));
  const value = fc.oneof(fc.integer(), text(0, 20), fc.boolean(), fc.constant(null), valuesOf('State', validators));
  return fc.dictionary(key, value, { minKeys: 1, maxKeys: 4 });
}

/** A short readable form of a request for failure sentences (whole JSON, cut at 300 characters). */
export function shown(v: unknown): string {
  const s = JSON.stringify(v) ?? describe(v);
  return s.length > 300 ? `${s.slice(0, 300)}…` : s;
}

/**
 * The answer to a valid request: some answer, not 5xx; a 2xx JSON answer matches `schema` (when
 * given). `what` names the request in the sentence.
 */
export function ensureValidAnswer(res: CallResult, what: string, schema: string | undefined, validators: SpecValidators): void {
  if (res.status === undefined) fail(`${what} got no answer (${res.error ?? 'no status'})`, 'an answer', res.error ?? 'nothing');
  if (res.status >= 500) fail(`${what} ${answerOf(res)}: a server error, to a request the spec calls valid`, 'not 5xx', res.status);
  if (!schema || res.status < 200 || res.status > 299) return;
  if (!res.isJson) {
    // A body is documented for this answer; an empty 2xx body (204) carries nothing to validate.
    if ((res.text ?? '').trim() === '') return;
    fail(`${what} ${answerOf(res)}, a body that is not JSON`, `JSON matching ${schema}`, (res.text ?? '').slice(0, 120));
  }
  const errors = validators.validate(schema, res.json, `answer to ${what}`);
  if (errors.length) fail(`${what} ${answerOf(res)}, which does not match ${schema}: ${errors[0]}`, schema, res.json);
}

/** An invalid request (one defect): 4xx. Never 5xx; a 2xx is accepting what the spec refuses. */
export function ensureRefused(res: CallResult, what: string): void {
  if (res.status === undefined) fail(`${what} got no answer (${res.error ?? 'no status'})`, 'a 4xx answer', res.error ?? 'nothing');
  if (res.status < 400 || res.status > 499) fail(`${what} ${answerOf(res)}, expected 4xx`, '4xx', res.status);
}

/** JSON deep equality: key order is free, values are compared as JSON (what the wire carries). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(JSON.parse(JSON.stringify(a) ?? 'null'), JSON.parse(JSON.stringify(b) ?? 'null'));
}

export { is2xx as is2xxStatus } from '../../harness/checks/status.ts';
