/**
 * fast-check arbitraries built from the specs' JSON Schemas (issue 12): values a schema accepts,
 * biased towards what careless servers mishandle — characters outside the BMP, right-to-left and
 * combining characters, NUL, quotes and backslashes, long strings, deep objects, empty optional
 * objects, numeric-looking strings, reserved URL characters in ids.
 *
 * Generation never relies on a branch being exclusive: the caller filters with the validator
 * compiled from the same spec (`validIn`), so a `oneOf` whose branches overlap can never make a
 * "valid" request that the spec refuses. What the schemas do not bound is kept modest (strings up to
 * 2,000 characters, objects 4 levels deep, arrays of 5): the documents set no limits, and a server
 * may reasonably refuse a megabyte of text with a 4xx.
 * @module
 */

import fc from 'fast-check';

export type Schema = Record<string, unknown>;
export type Resolve = (ref: string) => Schema;

export interface GenerationLimits {
  maxString: number;
  maxDepth: number;
  maxItems: number;
}

export const DEFAULT_LIMITS: GenerationLimits = { maxString: 2000, maxDepth: 4, maxItems: 5 };

/** Single code points chosen for the trouble they cause, beside plain ASCII. */
const TRICKY_CHARS = [
  '😀',
  '👍🏽',
  '𝔘',
  '𠜎', // outside the BMP (surrogate pairs in UTF-16)
  'ש',
  'ل',
  '\u200f',
  '\u202e', // right-to-left letters and marks
  'e\u0301',
  '\u0308',
  '\u0327', // combining characters
  '\u0000',
  '\u0007',
  '\t',
  '\n',
  '\r\n', // control characters
  '"',
  "'",
  '\\',
  '/',
  '<',
  '&',
  '%',
  '{',
  '}', // quoting, escaping, markup, format strings
  'ß',
  'Ä',
  'я',
  '中',
  '\ufeff',
  '\u00a0',
];

const trickyChar = fc.oneof(
  { weight: 3, arbitrary: fc.string({ minLength: 1, maxLength: 1, unit: 'grapheme-ascii' }) },
  { weight: 2, arbitrary: fc.constantFrom(...TRICKY_CHARS) },
  { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 1, unit: 'grapheme' }) },
);

/** Text of any shape a client may send: tricky characters, sometimes long, sometimes empty. */
export function text(minLength = 0, maxLength = DEFAULT_LIMITS.maxString): fc.Arbitrary<string> {
  const shortMax = Math.max(minLength, Math.min(maxLength, 40));
  return fc
    .oneof(
      { weight: 6, arbitrary: fc.array(trickyChar, { minLength, maxLength: shortMax }).map((a) => a.join('')) },
      // `size: 'max'`: fast-check otherwise keeps arrays small whatever maxLength allows.
      { weight: 1, arbitrary: fc.array(trickyChar, { minLength: Math.max(minLength, shortMax), maxLength, size: 'max' }).map((a) => a.join('')) },
    )
    .filter((s) => s.length >= minLength && s.length <= Math.max(maxLength, minLength));
}

/** Identifiers: what a client may pick as a userId or clientId (numeric-looking, reserved URL characters). */
export function identifier(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.stringMatching(/^[A-Za-z0-9_-]{1,24}$/),
    fc.integer({ min: 0, max: 2 ** 53 - 1 }).map(String), // numeric-looking: must not come back as a number
    fc.constantFrom('a/b', 'a?b=c', 'a#b', 'a%2Fb', '100%', 'a b', 'a+b', 'ид-1', '😀', '..', '.', 'a.b'),
    text(1, 40),
  );
}

/**
 * Ids for path parameters: `identifier()`, and one in four holding a percent sign — literal, or
 * looking like an escape ("%25", "%2F", "%zz") — the characters that a path decoded twice, or not at
 * all, gets wrong. (identifier() alone draws one rarely within the default 20 inputs.)
 */
export function pathIdentifier(): fc.Arbitrary<string> {
  const percent = fc.tuple(identifier(), fc.constantFrom('%', '%25', '%2F', '%zz', '100%', '%%')).map(([id, p]) => `${id}${p}`);
  return fc.oneof({ weight: 3, arbitrary: identifier() }, { weight: 1, arbitrary: percent });
}

/**
 * Web URLs with percent-encoded paths, queries and fragments drawn from `text()` (so every tricky
 * character appears, encoded). Not fast-check's `webUrl()`: building its first instance costs about
 * 1.5 s of CPU (a reverse mapping over every percent-encodable character), paid again by every
 * Playwright worker, which on its own doubled the self-tests' time.
 */
export function webUrl(opts: { fragments?: boolean } = {}): fc.Arbitrary<string> {
  const segment = text(0, 12).map(encodeURIComponent);
  const query = fc
    .array(fc.tuple(text(1, 8), text(0, 12)), { maxLength: 3 })
    .map((kv) => (kv.length ? `?${kv.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}` : ''));
  const fragment = opts.fragments
    ? fc.option(
        text(0, 12).map((f) => `#${encodeURIComponent(f)}`),
        { nil: '' },
      )
    : fc.constant('');
  return fc
    .tuple(
      fc.constantFrom('http', 'https'),
      fc.domain(),
      fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
      fc.array(segment, { maxLength: 4 }),
      query,
      fragment,
    )
    .map(([scheme, host, port, path, q, f]) => `${scheme}://${host}${port === undefined ? '' : `:${port}`}/${path.join('/')}${q}${f}`);
}

function jsonValue(depth: number, limits: GenerationLimits): fc.Arbitrary<unknown> {
  return fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', maxDepth: depth },
      text(0, 60),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('value'), { maxLength: limits.maxItems }),
      fc.dictionary(text(0, 20), tie('value'), { maxKeys: limits.maxItems }),
    ),
  })).value;
}

/** A free-form JSON object (attributes, state, data): sometimes empty, sometimes deep, keys with dots. */
function freeObject(limits: GenerationLimits): fc.Arbitrary<Record<string, unknown>> {
  const key = fc.oneof(text(0, 20), fc.constantFrom('a.b', 'a.b.c', '$ref', '__proto__x', 'constructor', ''));
  return fc.oneof(fc.constant({}), fc.dictionary(key, jsonValue(limits.maxDepth, limits), { maxKeys: limits.maxItems }));
}

export function arbitraryFor(schema: Schema, resolve: Resolve, limits: GenerationLimits = DEFAULT_LIMITS, depth = 0): fc.Arbitrary<unknown> {
  if (typeof schema.$ref === 'string') return arbitraryFor(resolve(schema.$ref), resolve, limits, depth);
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  const branches = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined;
  if (branches) return fc.oneof(...branches.map((b) => arbitraryFor({ ...withoutKeys(schema, ['oneOf', 'anyOf']), ...b }, resolve, limits, depth)));
  const type = schema.type;
  if (Array.isArray(type)) return fc.oneof(...type.map((t) => arbitraryFor({ ...schema, type: t }, resolve, limits, depth)));
  switch (type) {
    case 'string':
      if (typeof schema.pattern === 'string') return fc.stringMatching(new RegExp(schema.pattern));
      if (schema.format === 'uri' || schema.format === 'url') return webUrl();
      return text(Number(schema.minLength ?? 0), Number(schema.maxLength ?? limits.maxString));
    case 'integer':
      return fc.integer({ min: Number(schema.minimum ?? -(2 ** 31)), max: Number(schema.maximum ?? 2 ** 31 - 1) });
    case 'number':
      return fc.double({ min: Number(schema.minimum ?? -1e9), max: Number(schema.maximum ?? 1e9), noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const items = (schema.items as Schema | undefined) ?? {};
      const min = Number(schema.minItems ?? 0);
      const max = Math.max(min, Math.min(Number(schema.maxItems ?? limits.maxItems), limits.maxItems));
      return fc.array(arbitraryFor(items, resolve, limits, depth + 1), { minLength: min, maxLength: max });
    }
    case 'object':
    case undefined: {
      const props = schema.properties as Record<string, Schema> | undefined;
      if (!props || depth >= limits.maxDepth) return freeObject(limits);
      const required = new Set((schema.required as string[] | undefined) ?? []);
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, s] of Object.entries(props)) model[k] = arbitraryFor(s, resolve, limits, depth + 1);
      return fc.record(model, { requiredKeys: [...required].filter((k) => k in props) });
    }
    default:
      return jsonValue(2, limits);
  }
}

function withoutKeys(o: Schema, keys: string[]): Schema {
  return Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));
}

/** Ways to make a valid request invalid, one defect each (the Invalid requests of issue 12). */
export type Defect =
  | { kind: 'missing'; field: string }
  | { kind: 'wrong-type'; field: string; value: unknown }
  | { kind: 'wrong-enum'; field: string; value: string };

/**
 * One defect per request: a mandatory field removed, a field given a value of another JSON type, or
 * an enumerated field given a value outside its list. Only top-level fields: nested defects are not
 * what the documents' error rules speak of.
 */
export function defects(schema: Schema, resolve: Resolve): Defect[] {
  const s = typeof schema.$ref === 'string' ? resolve(schema.$ref) : schema;
  const props = (s.properties as Record<string, Schema> | undefined) ?? {};
  const out: Defect[] = [];
  for (const field of (s.required as string[] | undefined) ?? []) {
    out.push({ kind: 'missing', field });
    const fs = typeof props[field]?.$ref === 'string' ? resolve(props[field].$ref as string) : (props[field] ?? {});
    const types = new Set([fs.type].flat().filter(Boolean) as string[]);
    const wrong = types.has('object') || types.has('array') ? 42 : types.has('string') ? { not: 'a string' } : 'not a number';
    if (!(types.has('string') && types.has('integer'))) out.push({ kind: 'wrong-type', field, value: wrong });
    if (Array.isArray(fs.enum)) out.push({ kind: 'wrong-enum', field, value: 'NOT_A_DOCUMENTED_VALUE' });
  }
  return out;
}

export function applyDefect(body: Record<string, unknown>, d: Defect): Record<string, unknown> {
  const out = { ...body };
  if (d.kind === 'missing') delete out[d.field];
  else out[d.field] = d.value;
  return out;
}
