/**
 * Guards for what the IUT sent: a JSON object, JSON text, an absolute web URL. Each accepts any
 * value (the IUT's answers are untrusted) and never throws.
 * @module
 */

// One definition of "a JSON object" for the whole harness; ensure.ts holds it beside the assertions.
export { isObject } from './ensure.ts';

/** The value JSON text holds, or undefined when `raw` is not a string of JSON (JSON itself has no undefined). */
export function parseJson(raw: unknown): unknown {
  if (typeof raw !== 'string') return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

/** An absolute http(s) URL with a host ("https://example.com/x"); not a path, not ftp:, not "http://". */
export function isHttpUrl(v: unknown): v is string {
  if (typeof v !== 'string') return false;
  try {
    const u = new URL(v);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}
