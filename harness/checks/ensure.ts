/**
 * Small assertion functions, one rule each, whose failures are one sentence saying
 * what was expected and what was seen. `what` names the request in words ("sendText", "the async request").
 * A sentence about an HTTP answer always shows its status and its body, cut to a line.
 * @module
 */

import { isDeepStrictEqual, inspect } from 'node:util';
import type { HttpResult } from '../http/http-client.ts';
import { fail } from './failure.ts';

const SNIPPET = 160;

/**
 * A body as a message shows it: on one line, JSON-quoted, at most SNIPPET characters once quoted
 * (escapes included, so a body of control characters cannot make it longer), with the full length
 * said when it was cut.
 */
export function snippet(text: string | undefined): string {
  if (text === undefined || text.trim() === '') return 'an empty body';
  const oneLine = text.replace(/\s+/g, ' ').trim();
  const quoted = JSON.stringify(oneLine);
  if (quoted.length <= SNIPPET + 2) return quoted;
  // Cut by code points, so that a character outside the BMP is never split into a lone surrogate.
  let points = Array.from(oneLine.slice(0, SNIPPET * 2)).slice(0, SNIPPET);
  while (JSON.stringify(points.join('')).length > SNIPPET + 2) points = points.slice(0, -1);
  return `${JSON.stringify(points.join(''))}… (${oneLine.length} characters in all)`;
}

/**
 * What an exchange got, for a sentence: "answered 500 with "<body>"", or "got no usable answer (reset)"
 * when there was none. Preconditions and checks that read a key of an answer say this, so that a
 * reader sees the status and the body the key was looked for in.
 */
export function answerOf(res: Pick<HttpResult, 'status' | 'text' | 'error'>): string {
  if (res.status === undefined) return `got no usable answer (${res.error ?? 'no status line'})`;
  return `answered ${res.status} with ${snippet(res.text)}`;
}

/** The request got an HTTP answer at all (not refused, reset, timed out, cut off). */
export function ensureAnswered(res: HttpResult, what: string): number {
  if (res.error && res.status !== undefined && res.status >= 300 && res.status < 400) fail(`${what}: ${res.error}`);
  if (res.error || res.status === undefined) fail(`${what} got no usable answer: ${res.error ?? 'no status line'}`);
  return res.status;
}

export function ensure2xx(res: HttpResult, what: string): void {
  const status = ensureAnswered(res, what);
  if (status < 200 || status > 299) fail(`${what} ${answerOf(res)}, expected a 2xx status`, '2xx', status);
}

export function ensure4xx(res: HttpResult, what: string): void {
  const status = ensureAnswered(res, what);
  if (status < 400 || status > 499) fail(`${what} ${answerOf(res)}, expected a 4xx status (a client error)`, '4xx', status);
}

export function ensureStatus(res: HttpResult, expected: number | number[], what: string): void {
  const status = ensureAnswered(res, what);
  const list = Array.isArray(expected) ? expected : [expected];
  if (!list.includes(status)) fail(`${what} ${answerOf(res)}, expected ${list.join(' or ')}`, list.join(' or '), status);
}

/** The body is JSON; returns it. */
export function ensureJsonBody(res: HttpResult, what: string): unknown {
  ensureAnswered(res, what);
  if (!res.isJson) fail(`${what} ${answerOf(res)}, expected a JSON body${res.jsonError ? ` (${res.jsonError})` : ''}`, 'a JSON body', res.text ?? '');
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
    fail(`${what} is ${describe(actual)}, expected ${describe(expected)}`, expected, received(actual));
  }
}

export function ensure(condition: unknown, message: string, expected?: unknown, received?: unknown): asserts condition {
  if (!condition) fail(message, expected, received);
}

/**
 * A value as a message shows it: JSON, cut to a line. A missing value reads "absent", never
 * "undefined"; a JSON null the IUT sent reads "JSON null", so that it is never mistaken for a value
 * the suite lost; a value JSON cannot write (NaN, a cycle) is described, never "[object Object]".
 */
export function describe(v: unknown): string {
  if (v === undefined) return 'absent';
  if (v === null) return 'JSON null';
  if (typeof v === 'number' && !Number.isFinite(v)) return Number.isNaN(v) ? 'not a number' : `${v > 0 ? 'plus' : 'minus'} infinity`;
  let s: string | undefined;
  try {
    s = JSON.stringify(v);
  } catch {
    s = inspect(v, { depth: 2, breakLength: Infinity });
  }
  if (s === undefined) s = typeof v === 'function' ? 'a function' : inspect(v);
  return s.length > SNIPPET ? `${s.slice(0, SNIPPET)}…` : s;
}

/**
 * The `received` of a failure for a value that may be missing: the value itself, the words
 * "(absent)", or "JSON null" for a null the IUT sent — never a bare null, which a reader cannot tell
 * from a value the check failed to find.
 */
export function received(v: unknown): unknown {
  if (v === undefined) return '(absent)';
  return v === null ? 'JSON null' : v;
}

/**
 * Words of a sentence built from a value that was missing or could not be printed: what describe()
 * and received() exist to avoid. The self-tests hold every failure message to these.
 */
export const GARBLE = /\bundefined\b|\[object Object\]|\bNaN\b/;

/**
 * A bare `null` standing for a missing value. A JSON null inside JSON text (`{"id":null}`, `[null]`,
 * `"null"`) and the words "JSON null" are the IUT's own value, shown as it came, and are not matched.
 */
export const BARE_NULL = /(?<![[{,:"]\s?|JSON )\bnull\b(?![\]}:"]|,\S)/;

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
