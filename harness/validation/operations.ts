/**
 * The operations and webhooks of a spec, read once into a flat table that the HTTP client, the
 * generated checks and the coverage report share.
 * @module
 */

import type { OpenAPIV3_1 } from 'openapi-types';
import type { SuiteId } from '../config/run-config.ts';
import { readSpec } from './spec-loader.ts';

export interface OperationInfo {
  operationId: string;
  method: string;
  path: string;
  /** Name of the request body's component schema, when it is a $ref. */
  requestSchema?: string;
  /** The media-type `example` of the request body, when there is one. */
  example?: unknown;
  /** Named request examples (`examples:` of the media type). */
  examples: Record<string, unknown>;
  /** Top-level required fields of the request schema. */
  requiredFields: string[];
  /** Documented statuses ('200', '2XX', '4XX', 'default') and their body schema name, if any. */
  responses: Record<string, string | undefined>;
  /** True for entries under `webhooks` (requests the IUT sends to the suite). */
  webhook: boolean;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

function refName(schema: unknown): string | undefined {
  const ref = (schema as { $ref?: string } | undefined)?.$ref;
  return ref?.startsWith('#/components/schemas/') ? ref.slice('#/components/schemas/'.length) : undefined;
}

function jsonMedia(content: Record<string, OpenAPIV3_1.MediaTypeObject> | undefined): OpenAPIV3_1.MediaTypeObject | undefined {
  if (!content) return undefined;
  return content['application/json'] ?? Object.values(content)[0];
}

export function readOperations(spec: OpenAPIV3_1.Document): OperationInfo[] {
  const out: OperationInfo[] = [];
  const schemas = (spec.components?.schemas ?? {}) as Record<string, OpenAPIV3_1.SchemaObject>;
  const visit = (pathKey: string, item: OpenAPIV3_1.PathItemObject | undefined, webhook: boolean) => {
    if (!item) return;
    for (const m of METHODS) {
      const op = item[m] as OpenAPIV3_1.OperationObject | undefined;
      if (!op) continue;
      const body = op.requestBody as OpenAPIV3_1.RequestBodyObject | undefined;
      const media = jsonMedia(body?.content);
      const requestSchema = refName(media?.schema);
      const responses: Record<string, string | undefined> = {};
      for (const [status, r] of Object.entries(op.responses ?? {})) {
        responses[status] = refName(jsonMedia((r as OpenAPIV3_1.ResponseObject).content)?.schema);
      }
      const examples: Record<string, unknown> = {};
      for (const [k, ex] of Object.entries(media?.examples ?? {})) examples[k] = (ex as OpenAPIV3_1.ExampleObject).value;
      out.push({
        operationId: webhook ? pathKey : (op.operationId ?? `${m.toUpperCase()} ${pathKey}`),
        method: m.toUpperCase(),
        path: pathKey,
        requestSchema,
        example: media?.example,
        examples,
        requiredFields: requestSchema ? [...((schemas[requestSchema]?.required as string[] | undefined) ?? [])] : [],
        responses,
        webhook,
      });
    }
  };
  for (const [p, item] of Object.entries(spec.paths ?? {})) visit(p, item as OpenAPIV3_1.PathItemObject, false);
  for (const [name, item] of Object.entries(spec.webhooks ?? {})) visit(name, item as OpenAPIV3_1.PathItemObject, true);
  return out;
}

const cache = new Map<SuiteId, OperationInfo[]>();

export function operationsOf(suite: SuiteId): OperationInfo[] {
  let ops = cache.get(suite);
  if (!ops) {
    ops = readOperations(readSpec(suite));
    cache.set(suite, ops);
  }
  return ops;
}

export function operation(suite: SuiteId, operationId: string): OperationInfo {
  const op = operationsOf(suite).find((o) => o.operationId === operationId);
  if (!op) throw new Error(`Test bug: operation ${operationId} is not in the ${suite} spec`);
  return op;
}

/** Does a documented response key ('200', '2XX', 'default') cover this status? */
export function statusDocumented(responses: Record<string, unknown>, status: number): string | undefined {
  const exact = String(status);
  if (exact in responses) return exact;
  const range = `${String(status)[0]}XX`;
  if (range in responses) return range;
  return 'default' in responses ? 'default' : undefined;
}
