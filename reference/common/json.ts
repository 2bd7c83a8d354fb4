/**
 * The references' own guards for what a client sent: a JSON object, JSON text, an absolute web URL.
 * The harness has the same three in harness/checks/json.ts; the references keep this copy because a
 * reference must run without the harness (it is what `serve` starts, and the harness's oracle).
 * @module
 */

/** A JSON object: not null, not an array. */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value JSON text holds, or undefined when `raw` is not a string of JSON. */
export function parseJson(raw: unknown): unknown {
  if (typeof raw !== 'string') return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

/** An absolute http(s) URL with a host. */
export function isHttpUrl(v: unknown): v is string {
  if (typeof v !== 'string') return false;
  try {
    const u = new URL(v);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}
