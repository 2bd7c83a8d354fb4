import { test, expect } from '@playwright/test';
import type { HttpResult } from '../../harness/http/http-client.ts';
import type { IutClient } from '../../harness/http/iut-client.ts';
import { CheckFailure } from '../../harness/checks/failure.ts';
import { answerOf, BARE_NULL, describe, ensure2xx, ensure4xx, ensureJsonBody, ensureStatus, GARBLE, snippet } from '../../harness/checks/ensure.ts';
import { firstDestinationId } from '../../suites/operator-api/helpers.ts';
import { ensureProperty } from '../../suites/chat-api/helpers.ts';
import type { Evidence } from '../../harness/http/evidence.ts';
import type { CheckResult } from '../../harness/report/results.ts';
import { unexplained } from '../selftest/mutants.ts';

/**
 * Every helper that reads an HTTP answer, against every odd answer a broken server gives: its
 * failure shows the status and the body (cut to a bound), and never prints a value it could not find
 * as "undefined", "null", "NaN" or "[object Object]". One row per helper, status and kind of body.
 */

/** An answer as harness/http/http-client.ts builds it: no text for an empty body, JSON parsed when it is JSON. */
function answer(status: number, body: string): HttpResult {
  const res: HttpResult = { status, headers: {}, isJson: false, bodyBytes: Buffer.byteLength(body), durationMs: 1, evidence: undefined as never };
  if (body === '') return res;
  res.text = body;
  try {
    res.json = JSON.parse(body.trim());
    res.isJson = true;
  } catch (e) {
    res.jsonError = `the body is not JSON (${(e as Error).message.split('\n')[0]})`;
  }
  return res;
}

/** The kinds of body a check may be handed where it reads `key`. */
const BODIES = {
  'missing key': (key: string) => JSON.stringify({ unrelated: true, note: `no ${key} here` }),
  'wrong type': (key: string) => JSON.stringify({ [key]: { nested: [1, 2] } }),
  null: (key: string) => JSON.stringify({ [key]: null }),
  'top-level null': () => 'null',
  HTML: () => '<!doctype html>\n<html><head><title>502 Bad Gateway</title></head>\n<body><h1>502 Bad Gateway</h1><hr>nginx</body></html>',
  empty: () => '',
  huge: (key: string) => JSON.stringify({ other: key, filler: 'x'.repeat(1024 * 1024) }),
  'non-JSON': () => 'error=upstream+timed+out&code=504',
} satisfies Record<string, (key: string) => string>;
type BodyKind = keyof typeof BODIES;
const ALL = Object.keys(BODIES) as BodyKind[];
const NOT_JSON: BodyKind[] = ['HTML', 'empty', 'non-JSON'];

interface Helper {
  name: string;
  /** The key the helper reads from the body (for the bodies that lack it or mistype it). */
  key: string;
  statuses: number[];
  bodies: BodyKind[];
  call: (res: HttpResult) => unknown;
}

const HELPERS: Helper[] = [
  { name: 'ensure2xx', key: 'id', statuses: [400, 500, 503], bodies: ALL, call: (res) => ensure2xx(res, 'sendText') },
  { name: 'ensure4xx', key: 'error', statuses: [200, 204, 500], bodies: ALL, call: (res) => ensure4xx(res, 'send_message without chat_id') },
  { name: 'ensureStatus', key: 'id', statuses: [200, 404, 500], bodies: ALL, call: (res) => ensureStatus(res, [201, 202], 'the async request') },
  { name: 'ensureJsonBody', key: 'id', statuses: [200, 500], bodies: NOT_JSON, call: (res) => ensureJsonBody(res, 'getDestinations') },
  {
    name: 'firstDestinationId (operator-api)',
    key: 'destinations',
    statuses: [200],
    bodies: ALL,
    call: (res) => firstDestinationId({ call: async () => ({ ...res, schemaErrors: [] }) } as unknown as IutClient),
  },
  {
    name: 'ensureProperty (chat-api)',
    key: 'clientId',
    statuses: [200],
    bodies: ALL.filter((b) => !NOT_JSON.includes(b)),
    call: (res) => ensureProperty(res.json, 'clientId', 'client-1', 'the clientId of the answer', res),
  },
];

/** The most a message may hold: a sentence around one cut body. */
const MESSAGE_BOUND = 420;

async function failureOf(call: () => unknown): Promise<CheckFailure> {
  try {
    await call();
  } catch (e) {
    if (e instanceof CheckFailure) return e;
    throw e;
  }
  throw new Error('the helper accepted the answer: this row of the table is wrong');
}

/** What a reader must find of the body: its start as the message quotes it, or the words for an empty one. */
function bodyShown(body: string): string {
  const oneLine = body.replace(/\s+/g, ' ').trim();
  return oneLine === '' ? 'an empty body' : JSON.stringify(oneLine.slice(0, 40)).slice(0, -1);
}

const ROWS = HELPERS.flatMap((h) => h.statuses.flatMap((status) => h.bodies.map((kind) => ({ h, status, kind }))));

test(`the table holds ${ROWS.length} rows over ${HELPERS.length} helpers`, () => {
  // Every kind of body is tried on some helper, and every helper fails on some rows.
  expect(new Set(ROWS.map((r) => r.kind))).toEqual(new Set(ALL));
  expect(HELPERS.every((h) => ROWS.some((r) => r.h === h))).toBe(true);
});

for (const { h, status, kind } of ROWS) {
  test(`${h.name}: ${status} with a ${kind} body shows the status and the cut body`, async () => {
    const body = BODIES[kind](h.key);
    const err = await failureOf(() => h.call(answer(status, body)));
    const m = err.message;
    expect(m).toContain(`answered ${status} with `);
    expect(m).toContain(bodyShown(body));
    expect(m.length, m).toBeLessThanOrEqual(MESSAGE_BOUND);
    expect(m).not.toMatch(GARBLE);
    expect(m).not.toMatch(BARE_NULL);
    // What the reporters show as received is never the bare word for a value that was not there.
    const received = err.received === undefined ? '' : (JSON.stringify(err.received) ?? '');
    expect(received).not.toMatch(GARBLE);
    expect(received).not.toBe('null');
  });
}

test('answerOf without an answer names the transport failure', () => {
  expect(answerOf({ error: 'the connection was reset' })).toBe('got no usable answer (the connection was reset)');
  expect(answerOf({})).toBe('got no usable answer (no status line)');
});

const VALUES: Array<[string, unknown, string | RegExp]> = [
  ['a missing value', undefined, 'absent'],
  ['a JSON null', null, 'JSON null'],
  ['NaN', Number.NaN, 'not a number'],
  ['infinity', -Infinity, 'minus infinity'],
  [
    'a cycle',
    (() => {
      const o: Record<string, unknown> = { a: 1 };
      o.self = o;
      return o;
    })(),
    /^<ref \*1> \{ a: 1, self: \[Circular \*1\] \}$/,
  ],
  ['a BigInt', 10n, '10n'],
  ['a function', () => 1, 'a function'],
  ['a huge object', { s: 'y'.repeat(5000) }, /^\{"s":"y+…$/],
  ['null inside an object', { id: null }, '{"id":null}'],
];

for (const [name, v, shown] of VALUES) {
  test(`describe: ${name}`, () => {
    const d = describe(v);
    if (typeof shown === 'string') expect(d).toBe(shown);
    else expect(d).toMatch(shown);
    expect(d.length).toBeLessThanOrEqual(170);
    expect(d).not.toMatch(GARBLE);
    expect(d).not.toMatch(BARE_NULL);
  });
}

const SNIPPETS: Array<[string, string | undefined, string]> = [
  ['no body', undefined, 'an empty body'],
  ['only whitespace', ' \n\t ', 'an empty body'],
  ['lines joined', '{\n  "a": 1\n}', '"{ \\"a\\": 1 }"'],
  ['control characters cut after escaping', '\u0001'.repeat(100), `"${'\\u0001'.repeat(26)}"… (100 characters in all)`],
  // Cut inside the second emoji by UTF-16 length: the whole first one stays, no half of the second.
  ['no lone surrogate at the cut', `${'a'.repeat(158)}😀😀`, `"${'a'.repeat(158)}😀"… (162 characters in all)`],
];

for (const [name, text, shown] of SNIPPETS) {
  test(`snippet: ${name}`, () => {
    expect(snippet(text)).toBe(shown);
  });
}

/** The mutant self-test's criterion itself (test/selftest/mutants.ts), on recorded results. */
function failed(message: string, last: Evidence | Evidence[] | undefined, extra: Partial<CheckResult> = {}): CheckResult {
  return {
    id: 'omnichannel-client.x.y',
    suite: 'omnichannel-client',
    title: 't',
    level: 'MUST',
    source: { document: 'd', section: 's' },
    status: 'failed',
    durationMs: 1,
    message,
    evidence: Array.isArray(last) ? last : last ? [last] : [],
    ...extra,
  };
}
function exchange(status: number, body: string): Evidence {
  return {
    kind: 'exchange',
    channel: 'iut',
    startedAt: '',
    durationMs: 1,
    curl: '',
    request: { method: 'POST', url: 'http://iut.test/send_message', headers: {} },
    response: { status, headers: {}, body, bodyBytes: body.length, truncated: false },
  };
}
const OK = '{"result":"ok"}';
const CRITERION: Array<[string, CheckResult, string | undefined]> = [
  [
    'a status cited without the body',
    failed('send_message answered 200, expected a 4xx status (a client error)', exchange(200, OK)),
    'does not show the body of the 200 answer it judged',
  ],
  [
    'a status cited with the body',
    failed(`send_message ${answerOf({ status: 200, text: OK })}, expected a 4xx status (a client error)`, exchange(200, OK)),
    undefined,
  ],
  ['an error status not cited at all', failed('the message was refused', exchange(500, 'oops')), 'does not show the status 500 of the answer it judged'],
  ['an error status with an empty body', failed('x answered 500 with an empty body, expected a 2xx status', exchange(500, '')), undefined],
  ['a 2xx judged on its content, not citing it', failed('the answer does not match the spec: /id is required', exchange(200, '{}')), undefined],
  ['a delivery judged last', failed('chat_id was posted as "1"', { kind: 'note', text: 'n' }), undefined],
  ['undefined in the message', failed('the id is undefined', undefined), 'prints undefined, NaN or [object Object]'],
  ['a bare null in the message', failed('the id is null, expected "a"', undefined), 'prints a bare null for a missing value'],
  ['a JSON null shown as such', failed('the id is JSON null, expected {"id":null}', undefined), undefined],
  ['null as the whole received', failed('the id is absent', undefined, { received: 'null' }), 'prints a bare null for a missing value'],
  [
    'a check judging several answers is held to the one its message cites',
    failed('getEvents with an unknown token answered 200 with "{}", expected 401', [exchange(200, '{}'), exchange(401, OK)]),
    undefined,
  ],
  [
    'several answers with the cited status: the one whose body is shown',
    failed('sendRequest with an unknown token answered 200 with "{\\"a\\":1}", expected 401', [exchange(200, '{"a":1}'), exchange(200, '{"b":2}')]),
    undefined,
  ],
  [
    'the cited answer without its body',
    failed('getEvents with an unknown token answered 200, expected 401', [exchange(200, '{"events":[]}'), exchange(401, OK)]),
    'does not show the body of the 200 answer it judged',
  ],
];
for (const [name, c, verdict] of CRITERION) {
  test(`mutant self-test criterion: ${name}`, () => {
    expect(unexplained(c)).toBe(verdict);
  });
}
