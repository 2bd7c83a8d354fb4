/**
 * The OpenAPI documents of the suites: where they live, which one describes which suite, and each
 * read once per process.
 * @module
 */

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import YAML from 'yaml';
import type { OpenAPIV3_1 } from 'openapi-types';
import type { SuiteId } from '../config/run-config.ts';

/** Where the OpenAPI documents live, relative to this file (works from a clone and from npx). */
export const SPECS_DIR = fileURLToPath(new URL('../../specs/', import.meta.url));

/** Which spec file describes which suite (one file may serve several suites later). */
export const SPEC_FILE: Record<SuiteId, string> = {
  'operator-api': 'operator-api.yaml',
  'chat-api': 'chat-api.yaml',
  omnichannel: 'omnichannel.yaml',
  // The other side of the same exchanges is described by the same documents.
  'operator-api-platform': 'operator-api.yaml',
  'omnichannel-client': 'omnichannel.yaml',
};

export function specPath(suite: SuiteId): string {
  return path.join(SPECS_DIR, SPEC_FILE[suite]);
}

const parsed = new Map<string, OpenAPIV3_1.Document>();

/**
 * The spec as written (refs kept): the validators compile from this form. Parsed once per process
 * (YAML parsing costs ~100 ms a document, and the validators, the operation table and the generated
 * checks each ask for it in every worker); each caller gets its own copy, free to change.
 */
export function readSpec(suite: SuiteId): OpenAPIV3_1.Document {
  const file = specPath(suite);
  let doc = parsed.get(file);
  if (!doc) {
    doc = YAML.parse(readFileSync(file, 'utf8')) as OpenAPIV3_1.Document;
    parsed.set(file, doc);
  }
  return structuredClone(doc);
}
