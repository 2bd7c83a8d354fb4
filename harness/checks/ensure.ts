import { isDeepStrictEqual } from 'node:util';
import type { HttpResult } from '../http/http-client.ts';
import { fail } from './failure.ts';

/**
 * Small assertion functions, one rule each, whose failures are one sentence saying
 * what was expected and what was seen. `what` names the request in words ("sendText", "the async request").
 */

const SNIPPET = 160;

export function snippet(text: string | undefined): string {
  if (text === undefined || text === '') return 'an empty body';
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > SNIPPET ? `${JSON.stringify(oneLine.slice(0, SNIPPET))}…` : JSON.stringify(oneLine);
}

/** The request got an HTTP answer at all (not refused, reset, timed out, cut off). */
export function ensureAnswered(res: HttpResult, what: string): number {
  if (res.error && res.status !== undefined && res.status >= 300 && res.status < 400) fail(`${what}: ${res.error}`);
  if (res.error || res.status === undefined) fail(`${what} got no usable answer: ${res.error ?? 'no status'}`);
  return res.status;
}

export function ensure2xx(res: HttpResult, what: string): void {
  const status = ensureAnswered(res, what);
  if (status < 200 || status > 299) fail(`${what} answered ${status} with ${snippet(res.text)}, expected a 2xx status`, '2xx', status);
}

export function ensure4xx(res: HttpResult, what: string): void {
  const status = ensureAnswered(res, what);
  if (status < 400 || status > 499) fail(`${what} answered ${status}, expected a 4xx status (a client error)`, '4xx', status);
}

export function ensureStatus(res: HttpResult, expected: number | number[], what: string): void {
  const status = ensureAnswered(res, what);
  const list = Array.isArray(expected) ? expected : [expected];
  if (!list.includes(status)) {
    fail(`${what} answered ${status} with ${snippet(res.text)}, expected ${list.join(' or ')}`, list.join(' or '), status);
  }
}

/** The body is JSON; returns it. */
export function ensureJsonBody(res: HttpResult, what: string): unknown {
  ensureAnswered(res, what);
  if (!res.isJson) fail(`${what} answered ${res.jsonError ?? 'no body'} (${snippet(res.text)}), expected a JSON body`);
  return res.json;
}

/** Schema errors collected on the result by the IUT client, as one failure. */
export function ensureNoSchemaErrors(errors: string[] | undefined, what: string): void {
  if (errors && errors.length > 0) {
    const more = errors.length > 3 ? ` (and ${errors.length - 3} more)` : '';
    fail(`${what} does not match the spec: ${errors.slice(0, 3).join('; ')}${more}`, 'a body valid against the spec', errors);
  }
}

export function ensureEqual(actual: unknown, expected: unknown, what: string): void {
  if (!isDeepStrictEqual(actual, expected)) {
    fail(`${what} is ${describe(actual)}, expected ${describe(expected)}`, expected, actual);
  }
}

export function ensure(condition: unknown, message: string, expected?: unknown, received?: unknown): asserts condition {
  if (!condition) fail(message, expected, received);
}

/** A value as a message shows it: JSON, cut to a line; a missing value reads "absent", never "undefined". */
export function describe(v: unknown): string {
  if (v === undefined) return 'absent';
  const s = JSON.stringify(v);
  if (s === undefined) return String(v);
  return s.length > SNIPPET ? `${s.slice(0, SNIPPET)}…` : s;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
