import { test, expect } from '@playwright/test';
import { PerTarget } from '../../fixtures/per-target.ts';

/** What a worker keeps per target (fixtures/per-target.ts): made once per key and name, closed once, newest first. */

test('a value is made once per key and name, and separately for another target', async () => {
  const kept = new PerTarget();
  let made = 0;
  const make = () => ++made;
  expect(await kept.keep('suite@a', 'receiver', make)).toBe(1);
  expect(await kept.keep('suite@a', 'receiver', make)).toBe(1);
  expect(await kept.keep('suite@b', 'receiver', make)).toBe(2);
  expect(await kept.keep('suite@a', 'webhook', make)).toBe(3);
  // Two checks asking at once still share one value.
  const [x, y] = await Promise.all([kept.keep('suite@c', 'r', async () => ++made), kept.keep('suite@c', 'r', async () => ++made)]);
  expect([x, y]).toEqual([4, 4]);
});

test('a make that fails fails every later check of that target the same way, and no other target', async () => {
  const kept = new PerTarget();
  let calls = 0;
  const failing = () => {
    calls++;
    throw new Error('port taken');
  };
  await expect(kept.keep('suite@a', 'receiver', failing)).rejects.toThrow('port taken');
  await expect(kept.keep('suite@a', 'receiver', failing)).rejects.toThrow('port taken');
  expect(calls).toBe(1);
  expect(await kept.keep('suite@b', 'receiver', () => 'ok')).toBe('ok');
});

test('closeAll closes every kept value once, newest first, skips values that failed, and reports a close that throws', async () => {
  const kept = new PerTarget();
  const closed: string[] = [];
  await kept.keep(
    'a',
    'receiver',
    () => 'a-receiver',
    (v) => void closed.push(v),
  );
  await kept.keep(
    'a',
    'webhook',
    () => 'a-webhook',
    (v) => void closed.push(v),
  );
  await kept.keep(
    'b',
    'receiver',
    () => 'b-receiver',
    (v) => void closed.push(v),
  );
  await kept.keep('b', 'nothing to close', () => 'x');
  await kept
    .keep(
      'c',
      'broken',
      () => Promise.reject(new Error('never made')),
      () => void closed.push('broken'),
    )
    .catch(() => undefined);
  await kept.closeAll();
  expect(closed).toEqual(['b-receiver', 'a-webhook', 'a-receiver']);
  await kept.closeAll();
  expect(closed).toHaveLength(3);

  const throwing = new PerTarget();
  await throwing.keep(
    'a',
    'r',
    () => 1,
    () => {
      throw new Error('close failed');
    },
  );
  await throwing.keep(
    'b',
    'r',
    () => 2,
    () => void closed.push('b closed anyway'),
  );
  await expect(throwing.closeAll()).rejects.toThrow('close failed');
  expect(closed.at(-1)).toBe('b closed anyway');
});
