import { test, expect } from '@playwright/test';
import fc from 'fast-check';
import { arbitraryFor, defects, applyDefect, pathIdentifier, type Schema } from '../../harness/generated/arbitraries.ts';
import { operationsOf } from '../../harness/validation/operations.ts';
import { readSpec } from '../../harness/validation/spec-loader.ts';
import { validatorsFor } from '../../harness/validation/validators.ts';
import type { SuiteId } from '../../harness/config/run-config.ts';

/**
 * The generators from the specs: what they make for a request schema is (mostly) valid against that
 * schema, and each defect makes a valid request invalid. A fixed seed: fc.sample prints none, so every
 * assertion's message names it (replay: the same SEED draws the same values).
 */
const SEED = 20261129;
const seeded = (what: string) => `${what} (fast-check seed ${SEED})`;

for (const suite of ['operator-api', 'chat-api', 'omnichannel'] as SuiteId[]) {
  const schemas = (readSpec(suite).components?.schemas ?? {}) as Record<string, Schema>;
  const resolve = (ref: string) => schemas[ref.replace('#/components/schemas/', '')];
  const v = validatorsFor(suite);
  const ops = operationsOf(suite).filter((o) => !o.webhook && o.requestSchema);

  test(`${suite}: generated request bodies are valid against their schema`, () => {
    expect(ops.length).toBeGreaterThan(0);
    for (const op of ops) {
      const samples = fc.sample(arbitraryFor({ $ref: op.requestSchema! }, resolve), { numRuns: 150, seed: SEED });
      const valid = samples.filter((s) => v.validate(op.requestSchema!, s, 'body').length === 0);
      // oneOf branches may overlap (a value matching two branches fails oneOf): the caller filters,
      // but most of what is generated must be usable.
      expect(
        valid.length,
        seeded(
          `${op.operationId}: ${v
            .validate(
              op.requestSchema!,
              samples.find((s) => !valid.includes(s)),
              'body',
            )
            .join('; ')}`,
        ),
      ).toBeGreaterThan(100);
    }
  });

  test(`${suite}: each defect makes a valid request invalid`, () => {
    for (const op of ops) {
      const valid = fc
        .sample(arbitraryFor({ $ref: op.requestSchema! }, resolve), { numRuns: 40, seed: SEED })
        .filter((s) => v.validate(op.requestSchema!, s, 'body').length === 0);
      for (const d of defects({ $ref: op.requestSchema! }, resolve)) {
        for (const body of valid.slice(0, 10)) {
          if (typeof body !== 'object' || body === null || Array.isArray(body)) continue;
          const broken = applyDefect(body as Record<string, unknown>, d);
          expect(v.validate(op.requestSchema!, broken, 'body').length, seeded(`${op.operationId} ${JSON.stringify(d)}`)).toBeGreaterThan(0);
        }
      }
    }
  });
}

test('strings reach outside the BMP, right-to-left, combining characters and NUL', () => {
  const s = fc.sample(
    arbitraryFor({ type: 'string' }, () => ({})),
    { numRuns: 400, seed: SEED },
  ) as string[];
  const all = s.join('');
  expect(all, seeded('outside the BMP')).toMatch(/[\u{10000}-\u{10FFFF}]/u);
  expect(all, seeded('right-to-left')).toMatch(/[\u0590-\u06FF]/);
  expect(all, seeded('combining')).toMatch(/\u0301|\u0308|\u0327/);
  expect(all, seeded('NUL')).toContain('\u0000');
  expect(
    s.some((x) => x.length > 500),
    seeded('a long string'),
  ).toBe(true);
});

test('pathIdentifier draws percent signs often enough for the default budget, and ids a path must escape', () => {
  const ids = fc.sample(pathIdentifier(), { numRuns: 200, seed: SEED });
  // One in four holds a percent sign by construction; within 20 draws (the default budget) some must.
  expect(ids.filter((id) => id.includes('%')).length, seeded('percent signs')).toBeGreaterThan(30);
  expect(
    ids.some((id) => /^\d+$/.test(id)),
    seeded('numeric-looking ids'),
  ).toBe(true);
  expect(
    ids.every((id) => typeof id === 'string' && id.length > 0),
    seeded('non-empty strings'),
  ).toBe(true);
  for (const id of ids) expect(decodeURIComponent(encodeURIComponent(id)), seeded('round trip')).toBe(id);
});
