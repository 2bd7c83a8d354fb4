/**
 * ajv validators compiled once per process from the specs' `components/schemas` (strict mode), keyed
 * by schema name. `#/components/schemas/X` references are rewritten to absolute ids so that each
 * component compiles on its own.
 * @module
 */

import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { SuiteId } from '../config/run-config.ts';
import { readSpec } from './spec-loader.ts';
import { describeAjvErrors } from './schema-errors.ts';

// ajv-formats is CommonJS: its default export arrives wrapped under ESM interop.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv2020) => void;

const ANNOTATIONS = ['x-assumption', 'example', 'x-should', 'x-level'];

export class SpecValidators {
  private ajv: Ajv2020;
  private cache = new Map<string, ValidateFunction>();
  readonly schemaNames: string[];

  constructor(readonly suite: SuiteId) {
    this.ajv = new Ajv2020({ strict: true, strictTypes: false, strictRequired: false, allErrors: true, keywords: ANNOTATIONS });
    addFormats(this.ajv);
    const spec = readSpec(suite);
    const schemas = (spec.components?.schemas ?? {}) as Record<string, object>;
    this.schemaNames = Object.keys(schemas);
    for (const [name, schema] of Object.entries(schemas)) {
      const prepared = optionalNullIsAbsent(rewriteRefs(schema, this.idFor.bind(this)));
      this.ajv.addSchema({ ...(prepared as object), $id: this.idFor(name) });
    }
  }

  private idFor(name: string): string {
    return `https://channel-conformance.local/${this.suite}/${name}`;
  }

  has(name: string): boolean {
    return this.schemaNames.includes(name);
  }

  private compiled(name: string): ValidateFunction {
    let v = this.cache.get(name);
    if (!v) {
      const found = this.ajv.getSchema(this.idFor(name));
      if (!found) throw new Error(`Test bug: schema ${name} is not in specs for ${this.suite}`);
      v = found;
      this.cache.set(name, v);
    }
    return v;
  }

  /** Validate `value` against a named component; returns located sentences (empty when valid). */
  validate(name: string, value: unknown, where: string): string[] {
    const v = this.compiled(name);
    return v(value) ? [] : describeAjvErrors(v.errors, where);
  }

  /** Compile every component now: a spec whose schemas do not compile is a harness error. */
  compileAll(): void {
    for (const n of this.schemaNames) this.compiled(n);
  }
}

function rewriteRefs(node: unknown, idFor: (name: string) => string): unknown {
  if (Array.isArray(node)) return node.map((n) => rewriteRefs(n, idFor));
  if (node && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/')) {
        out[k] = idFor(v.slice('#/components/schemas/'.length));
      } else {
        out[k] = rewriteRefs(v, idFor);
      }
    }
    return out;
  }
  return node;
}

/**
 * READINGS gen-null-absent: an optional property whose value is JSON `null` counts as absent (servers
 * in Kotlin or Java serialise every field). Every property that its object does not require accepts
 * `null` besides its own schema; describeAjvErrors drops the `null` branch from error sentences.
 */
export const NULL_BRANCH = { const: null } as const;

function optionalNullIsAbsent(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(optionalNullIsAbsent);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = optionalNullIsAbsent(v);
  const props = out.properties;
  if (props && typeof props === 'object' && !Array.isArray(props)) {
    const required = new Set(Array.isArray(out.required) ? (out.required as string[]) : []);
    const wrapped: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(props)) wrapped[k] = required.has(k) ? v : { anyOf: [NULL_BRANCH, v] };
    out.properties = wrapped;
  }
  return out;
}

const perProcess = new Map<SuiteId, SpecValidators>();

export function validatorsFor(suite: SuiteId): SpecValidators {
  let v = perProcess.get(suite);
  if (!v) {
    v = new SpecValidators(suite);
    perProcess.set(suite, v);
  }
  return v;
}
