import { test, expect } from '@playwright/test';
import { existsSync } from 'node:fs';
import SwaggerParser from '@apidevtools/swagger-parser';
import { SUITE_IDS } from '../../harness/config/run-config.ts';
import { specPath, readSpec, SPEC_FILE } from '../../harness/validation/spec-loader.ts';
import { SpecValidators } from '../../harness/validation/validators.ts';
import { readOperations } from '../../harness/validation/operations.ts';

/**
 * Every spec loads with swagger-parser, compiles under strict ajv, and its examples are valid
 * against their own schemas (the seed documents' examples are not: the specs carry fixed ones).
 */
// One block per spec file (several suites may share one).
for (const suite of SUITE_IDS.filter((s, i) => SUITE_IDS.findIndex((o) => SPEC_FILE[o] === SPEC_FILE[s]) === i)) {
  test.describe(`specs for ${suite}`, () => {
    test.skip(!existsSync(specPath(suite)), `no spec for ${suite} yet`);

    test('loads and validates with @apidevtools/swagger-parser', async () => {
      await expect(SwaggerParser.validate(specPath(suite))).resolves.toBeTruthy();
      expect(readSpec(suite).openapi).toMatch(/^3\.1\./);
    });

    test('every component schema compiles under strict ajv', () => {
      const v = new SpecValidators(suite);
      expect(() => v.compileAll()).not.toThrow();
      expect(v.schemaNames.length).toBeGreaterThan(0);
    });

    test('every operation has an operationId and every request body example is valid', () => {
      const spec = readSpec(suite);
      const v = new SpecValidators(suite);
      const ops = readOperations(spec);
      expect(ops.length).toBeGreaterThan(0);
      for (const op of ops) {
        if (!op.webhook) expect(op.operationId, `${op.method} ${op.path}`).not.toMatch(/ /);
        if (!op.requestSchema) continue;
        const examples = [op.example, ...Object.values(op.examples)].filter((e) => e !== undefined);
        for (const ex of examples) {
          expect(v.validate(op.requestSchema, ex, `${op.operationId} example`), `${op.operationId} example`).toEqual([]);
        }
      }
    });

    test('every x-assumption is a non-empty note', () => {
      const notes: unknown[] = [];
      const walk = (n: unknown) => {
        if (Array.isArray(n)) n.forEach(walk);
        else if (n && typeof n === 'object') {
          for (const [k, v] of Object.entries(n)) {
            if (k === 'x-assumption') notes.push(v);
            walk(v);
          }
        }
      };
      walk(readSpec(suite));
      expect(notes.length).toBeGreaterThan(0);
      for (const n of notes) expect(typeof n === 'string' && n.trim().length > 10).toBe(true);
    });
  });
}
