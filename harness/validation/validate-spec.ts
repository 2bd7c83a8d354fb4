/**
 * Full OpenAPI validation by swagger-parser. The CLI calls it before a run, so that a broken spec is
 * exit 2 with one line, not a crash in the middle of a run. Kept out of spec-loader.ts: swagger-parser
 * takes a noticeable part of a second to load, and every test worker imports the loader.
 * @module
 */

import SwaggerParser from '@apidevtools/swagger-parser';
import type { SuiteId } from '../config/run-config.ts';
import { specPath } from './spec-loader.ts';

/** Validates a suite's spec with swagger-parser; rejects when it is not valid OpenAPI. */
export async function validateSpec(suite: SuiteId): Promise<void> {
  await SwaggerParser.validate(specPath(suite));
}
