/**
 * `specs/driver.yaml`: the driver protocol as OpenAPI 3.1 (what vendors generate their driver stubs
 * from). The harness reads it for two things: the list of endpoints (held to the code table of
 * harness/driver/protocol.ts by test/unit/driver-protocol.spec.ts) and the schemas of the read
 * endpoints' answers, against which every driver answer with a body is validated.
 * @module
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { SPECS_DIR } from './spec-loader.ts';
import { describeAjvErrors } from './schema-errors.ts';

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv2020) => void;

export const DRIVER_SPEC_PATH = path.join(SPECS_DIR, 'driver.yaml');

export interface DriverSpecEndpoint {
  method: 'GET' | 'POST';
  /** Relative to the driver's base URL, without a leading slash: `operator/chat`. */
  path: string;
  operationId: string;
  suites: string[];
  additive: boolean;
  manual?: 'observable' | 'confirmed';
  /** Required query parameters (GET). */
  query: string[];
  /** The JSON schema of a 200 answer's body, when the endpoint answers one the suite reads. */
  answerSchema?: object;
}

type Obj = Record<string, unknown>;

let cached: { doc: Obj; endpoints: DriverSpecEndpoint[] } | undefined;

function load(): { doc: Obj; endpoints: DriverSpecEndpoint[] } {
  if (cached) return cached;
  const doc = YAML.parse(readFileSync(DRIVER_SPEC_PATH, 'utf8')) as Obj;
  const endpoints: DriverSpecEndpoint[] = [];
  for (const [p, item] of Object.entries((doc.paths ?? {}) as Record<string, Obj>)) {
    for (const method of ['get', 'post'] as const) {
      const op = item[method] as Obj | undefined;
      if (!op) continue;
      const params = (op.parameters ?? []) as Array<{ name: string; in: string; required?: boolean }>;
      const answer = ((op.responses as Obj | undefined)?.['200'] as Obj | undefined)?.content as Obj | undefined;
      const schema = (answer?.['application/json'] as Obj | undefined)?.schema as object | undefined;
      endpoints.push({
        method: method.toUpperCase() as 'GET' | 'POST',
        path: p.replace(/^\//, ''),
        operationId: String(op.operationId),
        suites: (op['x-suites'] ?? []) as string[],
        additive: op['x-additive'] === true,
        manual: op['x-manual'] as DriverSpecEndpoint['manual'],
        query: params.filter((x) => x.in === 'query' && x.required).map((x) => x.name),
        answerSchema: schema,
      });
    }
  }
  cached = { doc, endpoints };
  return cached;
}

/** Every endpoint of specs/driver.yaml, in the document's order. */
export function driverSpecEndpoints(): DriverSpecEndpoint[] {
  return load().endpoints;
}

let ajv: Ajv2020 | undefined;
const DEFS_ID = 'https://channel-conformance.local/driver';
/** The document's `#/components/schemas/X` references, as references into the compiled `$defs`. */
const rewrite = (json: string): string => json.replace(/"#\/components\/schemas\//g, `"${DEFS_ID}#/$defs/`);
const validators = new Map<string, ValidateFunction>();

function validatorFor(method: string, endpoint: string): ValidateFunction | undefined {
  const key = `${method} ${endpoint}`;
  if (validators.has(key)) return validators.get(key);
  const e = load().endpoints.find((x) => x.method === method && x.path === endpoint);
  if (!e?.answerSchema) return undefined;
  if (!ajv) {
    ajv = new Ajv2020({ strict: true, strictTypes: false, strictRequired: false, allErrors: true });
    addFormats(ajv);
    const schemas = ((load().doc.components as Obj | undefined)?.schemas ?? {}) as object;
    ajv.addSchema({ $id: DEFS_ID, $defs: JSON.parse(rewrite(JSON.stringify(schemas))) as object });
  }
  const schema = JSON.parse(rewrite(JSON.stringify(e.answerSchema))) as object;
  const v = ajv.compile(schema);
  validators.set(key, v);
  return v;
}

/**
 * Check a driver answer against specs/driver.yaml: located sentences ("the driver's GET
 * omnichannel/inbox answer messages is required"), empty when it conforms or when the endpoint's
 * answer has no schema (an action's answer: any body).
 */
export function validateDriverAnswer(method: string, endpoint: string, body: unknown): string[] {
  const v = validatorFor(method, endpoint);
  if (!v || v(body)) return [];
  return describeAjvErrors(v.errors, `the driver's ${method} ${endpoint} answer`);
}
