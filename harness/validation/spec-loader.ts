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

/** The spec as written (refs kept): the validators compile from this form. */
export function readSpec(suite: SuiteId): OpenAPIV3_1.Document {
  return YAML.parse(readFileSync(specPath(suite), 'utf8')) as OpenAPIV3_1.Document;
}
