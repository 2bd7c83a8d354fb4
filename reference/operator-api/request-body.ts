/**
 * Reading request bodies. Mandatory fields are refused with 400 when missing or not strings
 * (reading gen-malformed-4xx: 4xx for a missing mandatory field). Optional fields of a wrong type are ignored
 * rather than refused: which wrong types must be refused is not specified, and a reference should
 * accept everything the documents allow.
 * @module
 */

export class BadRequest extends Error {
  readonly statusCode = 400;
}

export type Body = Record<string, unknown>;

export function objectBody(body: unknown): Body {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new BadRequest('the body must be a JSON object');
  }
  return body as Body;
}

export function requireString(body: Body, field: string): string {
  const v = body[field];
  if (v === undefined || v === null) throw new BadRequest(`the mandatory field "${field}" is missing`);
  if (typeof v !== 'string') throw new BadRequest(`the field "${field}" must be a string`);
  return v;
}

export function optionalString(body: Body, field: string): string | undefined {
  const v = body[field];
  return typeof v === 'string' ? v : undefined;
}

/** A size in bytes: a non-negative integer, or a string of digits. */
export function optionalSize(body: Body, field: string): number | undefined {
  const v = body[field];
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return v;
  if (typeof v === 'string' && /^[0-9]+$/.test(v)) return Number(v);
  return undefined;
}

/**
 * Pre-chat fields (attributes, hiddenAttributes): a JSON object, or a string holding one (the table
 * says "string ... Accepts JSON in the {"key":"value"} form", the example passes an object).
 * Anything else gives no fields.
 */
export function preChatFields(v: unknown): Record<string, unknown> | undefined {
  let value = v;
  if (typeof value === 'string') {
    try {
      value = parseJson(value);
    } catch {
      return undefined;
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  return { ...(value as Record<string, unknown>) };
}

/** JSON.parse without `__proto__` keys, so that no later copy can change an object's prototype. */
export function parseJson(text: string): unknown {
  return JSON.parse(text, (key, value: unknown) => (key === '__proto__' ? undefined : value));
}

export { isHttpUrl as isAbsoluteHttpUrl } from '../common/json.ts';
