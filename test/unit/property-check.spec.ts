import { test, expect } from '@playwright/test';
import fc from 'fast-check';
import { checkProperty } from '../../harness/generated/property-check.ts';
import { CheckFailure, fail } from '../../harness/checks/failure.ts';

/** The property runner: shrinks to a minimal input, names the seed, keeps only the minimal case's evidence. */

test('a broken rule is shrunk to a minimal input and reported with the seed', async () => {
  const evidence: unknown[] = ['before'];
  let err: unknown;
  try {
    await checkProperty({
      arbitrary: fc.string({ maxLength: 50 }),
      // A "server" that fails on any text holding a "z".
      predicate: async (s) => {
        evidence.push(`request ${JSON.stringify(s)}`);
        if (s.includes('z')) fail(`the server answered 500 to ${JSON.stringify(s)}`);
      },
      runs: 300,
      seed: 42,
      evidence,
    });
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(CheckFailure);
  expect((err as Error).message).toMatch(/^the server answered 500 to "z" — minimal case after \d+ generated inputs: "z" \(seed 42; replay with --seed 42\)$/);
  // Only the minimal case's exchange remains after what was there before.
  expect(evidence).toEqual(['before', 'request "z"']);
});

test('the same seed draws the same inputs', async () => {
  const draw = async () => {
    const seen: number[] = [];
    await checkProperty({ arbitrary: fc.integer(), predicate: async (n) => void seen.push(n), runs: 20, seed: 7 });
    return seen;
  };
  expect(await draw()).toEqual(await draw());
});

test('a harness error is rethrown as it is, never shrunk into a verdict', async () => {
  const boom = new Error('Test bug: no such operation');
  await expect(
    checkProperty({
      arbitrary: fc.nat(),
      predicate: async () => {
        throw boom;
      },
      runs: 10,
      seed: 1,
    }),
  ).rejects.toBe(boom);
});

test('a rule that holds passes', async () => {
  await checkProperty({
    arbitrary: fc.nat(),
    predicate: async (n) => {
      if (n < 0) fail('negative');
    },
    runs: 50,
    seed: 3,
  });
});
