import { test, expect } from '@playwright/test';
import { precondition, skipCheck } from '../../harness/checks/precondition.ts';
import { pollFor, pollUntil } from '../../harness/checks/poll.ts';
import { isHttpUrl, isObject, parseJson } from '../../harness/checks/json.ts';
import { CheckFailure } from '../../harness/checks/failure.ts';
import { is2xx } from '../../harness/checks/status.ts';
import { waitWatchingStrays } from '../../harness/receiver/delivery-watcher.ts';
import { Receiver, type Delivery } from '../../harness/receiver/receiver.ts';

/**
 * The shared check helpers of harness/checks (and the stray watch of the receiver) as tables: each
 * row is an input and what the helper must make of it. The suites rely on these instead of copies.
 */

// ---------------------------------------------------------------------------------------------
// JSON and URL guards

const OBJECTS: Array<[string, unknown, boolean]> = [
  ['an empty object', {}, true],
  ['an object with keys', { a: 1 }, true],
  ['null', null, false],
  ['an array', [], false],
  ['a string', '{}', false],
  ['a number', 1, false],
  ['undefined', undefined, false],
];
for (const [name, v, want] of OBJECTS) {
  test(`isObject: ${name} -> ${want}`, () => expect(isObject(v)).toBe(want));
}

const JSON_TEXTS: Array<[string, unknown, unknown]> = [
  ['an object', '{"a":1}', { a: 1 }],
  ['an array', '[1,2]', [1, 2]],
  ['a JSON null (a value, not a failure)', 'null', null],
  ['a JSON string', '"x"', 'x'],
  ['a number with spaces', ' 42 ', 42],
  ['text that is not JSON', 'a=1&b=2', undefined],
  ['a cut object', '{"a":', undefined],
  ['the empty string', '', undefined],
  ['a value that is not a string', { a: 1 }, undefined],
  ['undefined', undefined, undefined],
];
for (const [name, raw, want] of JSON_TEXTS) {
  test(`parseJson: ${name}`, () => expect(parseJson(raw)).toEqual(want));
}

const URLS: Array<[unknown, boolean]> = [
  ['https://example.com/x', true],
  ['http://127.0.0.1:8080/hook?k=1', true],
  ['HTTPS://EXAMPLE.COM', true],
  ['/relative/path', false],
  ['example.com/x', false],
  ['ftp://example.com/file', false],
  ['mailto:a@example.com', false],
  ['http://', false],
  ['', false],
  [42, false],
  [undefined, false],
];
for (const [v, want] of URLS) {
  test(`isHttpUrl: ${JSON.stringify(v) ?? 'undefined'} -> ${want}`, () => expect(isHttpUrl(v)).toBe(want));
}

const STATUSES: Array<[number | undefined, boolean]> = [
  [200, true],
  [202, true],
  [204, true],
  [299, true],
  [199, false],
  [300, false],
  [404, false],
  [500, false],
  [undefined, false],
];
for (const [status, want] of STATUSES) {
  test(`is2xx: status ${status ?? 'none (no answer)'} -> ${want}`, () => expect(is2xx({ status })).toBe(want));
}

// ---------------------------------------------------------------------------------------------
// Preconditions: a skip with the reason, never a failure

function skipRecorder() {
  const skips: string[] = [];
  return {
    skips,
    info: {
      skip: ((on: boolean, reason: string) => {
        if (!on) return;
        skips.push(reason);
        throw new Error('skipped');
      }) as never,
    },
  };
}

const PRECONDITIONS: Array<[string, unknown, string[]]> = [
  ['a value that holds lets the check go on', 'q-1', []],
  ['a 0 does not hold', 0, ['precondition not met: the answer carries a questionId (judged by x.y)']],
  ['an empty string does not hold', '', ['precondition not met: the answer carries a questionId (judged by x.y)']],
  ['undefined does not hold', undefined, ['precondition not met: the answer carries a questionId (judged by x.y)']],
];
for (const [name, ok, want] of PRECONDITIONS) {
  test(`precondition: ${name}`, () => {
    const r = skipRecorder();
    const run = () => precondition(ok, 'the answer carries a questionId (judged by x.y)', r.info);
    if (want.length) expect(run).toThrow('skipped');
    else expect(run).not.toThrow();
    expect(r.skips).toEqual(want);
  });
}

test('skipCheck: skips with the reason as given and never returns', () => {
  const r = skipRecorder();
  expect(() => skipCheck('needs a driver (--driver URL)', r.info)).toThrow('skipped');
  expect(r.skips).toEqual(['needs a driver (--driver URL)']);
  // A skip that did not throw (a test double) still cannot let the check go on.
  expect(() => skipCheck('x', { skip: (() => undefined) as never })).toThrow('unreachable');
});

// ---------------------------------------------------------------------------------------------
// Polling within a budget

interface PollRow {
  name: string;
  /** The values successive looks see (the last repeats). */
  looks: number[];
  withinMs: number;
  pauseMs?: number;
  maxPauseMs?: number;
  want: { value: number; met: boolean; looks?: number; maxLooks?: number };
}

const POLLS: PollRow[] = [
  { name: 'done at the first look costs one look and no pause', looks: [3], withinMs: 5000, want: { value: 3, met: true, looks: 1 } },
  { name: 'done at the third look', looks: [0, 1, 3], withinMs: 5000, pauseMs: 1, want: { value: 3, met: true, looks: 3 } },
  { name: 'a budget of 0 looks once', looks: [0], withinMs: 0, want: { value: 0, met: false, looks: 1 } },
  {
    name: 'never done: the last look is returned once the budget is spent',
    looks: [1, 2],
    withinMs: 60,
    pauseMs: 5,
    want: { value: 2, met: false, maxLooks: 13 },
  },
  {
    name: 'pauses double up to the cap: few looks in the budget',
    looks: [0],
    withinMs: 200,
    pauseMs: 10,
    maxPauseMs: 80,
    want: { value: 0, met: false, maxLooks: 6 },
  },
];

for (const row of POLLS) {
  test(`pollFor: ${row.name}`, async () => {
    let n = 0;
    const look = async () => row.looks[Math.min(n++, row.looks.length - 1)]!;
    const started = Date.now();
    const got = await pollFor(look, (v) => v >= 3, { withinMs: row.withinMs, pauseMs: row.pauseMs, maxPauseMs: row.maxPauseMs });
    expect(got).toEqual({ value: row.want.value, met: row.want.met });
    if (row.want.looks !== undefined) expect(n).toBe(row.want.looks);
    if (row.want.maxLooks !== undefined) expect(n).toBeLessThanOrEqual(row.want.maxLooks);
    // Bounded: never more than the budget plus one look's slack (generous for a loaded machine).
    expect(Date.now() - started).toBeLessThan(row.withinMs + 1000);
  });
}

const UNTIL: Array<{ name: string; looks: number[]; missed?: string; seen?: boolean; want: number | string }> = [
  { name: 'returns the value that satisfied it', looks: [0, 5], want: 5 },
  { name: 'fails with one sentence when it never holds', looks: [1], want: "the agent's reply did not happen within 30 ms" },
  {
    name: "says the miss in the caller's words, with what the last look saw",
    looks: [1],
    missed: 'did not reach the visitor',
    seen: true,
    want: "the agent's reply did not reach the visitor within 30 ms (the last look saw 1)",
  },
];
for (const row of UNTIL) {
  test(`pollUntil: ${row.name}`, async () => {
    let n = 0;
    const look = async () => row.looks[Math.min(n++, row.looks.length - 1)]!;
    const got = await pollUntil(look, (v) => v >= 3, {
      withinMs: 30,
      pauseMs: 1,
      what: "the agent's reply",
      missed: row.missed,
      seen: row.seen ? (v) => `the last look saw ${v}` : undefined,
    }).then(
      (v) => v,
      (e: unknown) => {
        if (!(e instanceof CheckFailure)) throw e;
        expect(e.received).toBe(1);
        return e.message;
      },
    );
    expect(got).toBe(row.want);
  });
}

// ---------------------------------------------------------------------------------------------
// Waiting for a delivery while watching strays (requests to paths the suite never gave out)

interface StrayRow {
  name: string;
  /** Requests sent while it waits, in order. */
  during: Array<{ url: string; body: string }>;
  strayEnds: boolean;
  budgetMs: number;
  /** The paths of the delivery and the stray it resolves with. */
  want: { delivery?: string; stray?: string };
}

const ofU1 = (d: Delivery) => (d.json as { userId?: string } | undefined)?.userId === 'u1';
const u1 = '{"userId":"u1"}';
const u2 = '{"userId":"u2"}';

const STRAYS: StrayRow[] = [
  {
    name: 'the awaited delivery on the right path ends the wait',
    during: [{ url: '/hook', body: u1 }],
    strayEnds: true,
    budgetMs: 5000,
    want: { delivery: '/hook' },
  },
  { name: 'a matching stray ends the wait at once', during: [{ url: '/hook-typo', body: u1 }], strayEnds: true, budgetMs: 5000, want: { stray: '/hook-typo' } },
  {
    name: 'a stray that does not match is ignored',
    during: [
      { url: '/junk', body: u2 },
      { url: '/hook', body: u1 },
    ],
    strayEnds: true,
    budgetMs: 5000,
    want: { delivery: '/hook' },
  },
  {
    name: 'a stray with an odd body is no match',
    during: [
      { url: '/junk', body: 'not json' },
      { url: '/hook', body: u1 },
    ],
    strayEnds: true,
    budgetMs: 5000,
    want: { delivery: '/hook' },
  },
  {
    name: 'without strayEnds a stray is kept and the wait goes on to the delivery',
    during: [
      { url: '/hook-typo', body: u1 },
      { url: '/hook', body: u1 },
    ],
    strayEnds: false,
    budgetMs: 5000,
    want: { delivery: '/hook', stray: '/hook-typo' },
  },
  {
    name: 'without strayEnds and without the delivery, the stray is kept to the end of the budget',
    during: [{ url: '/hook-typo', body: u1 }],
    strayEnds: false,
    budgetMs: 150,
    want: { stray: '/hook-typo' },
  },
  { name: 'nothing arrives: neither', during: [], strayEnds: true, budgetMs: 100, want: {} },
];

for (const row of STRAYS) {
  test(`waitWatchingStrays: ${row.name}`, async () => {
    const r = await Receiver.start({ host: '127.0.0.1', port: 0, bodyLimit: 1024 * 1024 });
    try {
      r.endpoint('webhook', '/hook');
      const waiting = waitWatchingStrays(r, r.waitFor(ofU1, row.budgetMs, r.nextSeq), ofU1, row.strayEnds);
      for (const p of row.during) await r.inject({ method: 'POST', url: p.url, headers: { 'content-type': 'application/json' }, payload: p.body });
      const got = await waiting;
      expect({ delivery: got.delivery?.path, stray: got.stray?.path }).toEqual({ delivery: row.want.delivery, stray: row.want.stray });
    } finally {
      await r.close();
    }
  });
}

test('waitWatchingStrays: stops listening to strays once the wait is over', async () => {
  const listeners: Array<(d: Delivery) => void> = [];
  const fake = {
    onStray: (l: (d: Delivery) => void) => {
      listeners.push(l);
      return () => listeners.splice(listeners.indexOf(l), 1);
    },
  };
  await waitWatchingStrays(fake, Promise.resolve(undefined), () => true);
  expect(listeners).toEqual([]);
});
