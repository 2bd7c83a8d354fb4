import type { ErrorObject } from 'ajv';

/**
 * Turns ajv's raw errors into located sentences a vendor can act on:
 * "event body employee.avatarUrl is required", "response body destinations[0].hasOnline must be boolean".
 */
export function describeAjvErrors(errors: ErrorObject[] | null | undefined, where: string): string[] {
  if (!errors || errors.length === 0) return [];
  // oneOf/anyOf failures repeat every branch's errors; keep the most specific ones.
  // The `null` branch every optional property gets (gen-null-absent) is never what the vendor missed.
  const specific = errors.filter(
    (e) =>
      e.keyword !== 'oneOf' &&
      e.keyword !== 'anyOf' &&
      e.keyword !== 'if' &&
      !(e.keyword === 'const' && (e.params as { allowedValue?: unknown }).allowedValue === null),
  );
  const chosen = specific.length > 0 ? specific : errors;
  const seen = new Set<string>();
  const out: string[] = [];
  for (const e of chosen) {
    const s = sentence(e, where);
    if (!seen.has(s)) {
      seen.add(s);
      out.push(s);
    }
  }
  return out;
}

function location(instancePath: string, extra?: string): string {
  const parts = instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra !== undefined) parts.push(extra);
  let out = '';
  for (const p of parts) out += /^\d+$/.test(p) ? `[${p}]` : out === '' ? p : `.${p}`;
  return out;
}

function sentence(e: ErrorObject, where: string): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required': {
      const at = location(e.instancePath, String(p.missingProperty));
      return `${where} ${at} is required`;
    }
    case 'type': {
      const at = location(e.instancePath);
      return `${where}${at ? ` ${at}` : ''} must be ${article(String(p.type))}`;
    }
    case 'const':
      return `${where} ${location(e.instancePath)} must be ${JSON.stringify(p.allowedValue)}`;
    case 'enum':
      return `${where} ${location(e.instancePath)} must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'additionalProperties':
      return `${where} ${location(e.instancePath, String(p.additionalProperty))} is not allowed`;
    default: {
      const at = location(e.instancePath);
      return `${where}${at ? ` ${at}` : ''} ${e.message ?? 'is invalid'}`;
    }
  }
}

function article(type: string): string {
  if (type.includes(',')) return `one of ${type.replace(/,/g, ', ')}`;
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
