import { test, expect, type TestInfo } from '@playwright/test';
import {
  ANNOTATION,
  checkAnnotations,
  checkIdOf,
  judge,
  kindOfError,
  readCheck,
  readVerdict,
  recordVerdict,
  type Annotation,
  type CheckRecord,
  type ErrorKind,
  type Judgement,
  type TestEnd,
} from '../../harness/checks/protocol.ts';
import { CheckFailure } from '../../harness/checks/failure.ts';
import { DriverError } from '../../harness/driver/driver-client.ts';
import { recordingVerdict } from '../../fixtures/conformance.ts';
import type { Level } from '../../harness/report/results.ts';

/**
 * The check protocol (harness/checks/protocol.ts): a check's metadata survives the trip through
 * annotations; each kind of end maps to one results.json status and outcome; and the verdict follows
 * what was thrown, never the words of its message.
 */

const SOURCE = { document: '002_076e16f58a013e4f.txt', section: 'sendText', title: 'JAICP — Operator API', url: 'https://example.test/op' };

const RECORDS: Array<{ name: string; record: CheckRecord }> = [
  { name: 'a MUST check citing a section', record: { id: 'operator-api.sendText.accepts', title: 'sendText accepts a text', level: 'MUST', source: SOURCE } },
  {
    name: 'a SHOULD check with a note, a quote and a shared rule',
    record: {
      id: 'operator-api.FileMessage.size-is-integer',
      title: 'FileMessage.size is an integer',
      level: 'SHOULD',
      source: { ...SOURCE, note: 'the rule is stated on the Aimylogic page', quote: 'size — file size in bytes' },
      rule: 'file-size-integer',
    },
  },
  {
    name: 'a reading whose section holds a #',
    record: {
      id: 'chat-api.events.ts',
      title: 'events after ts only',
      level: 'MUST',
      source: { document: 'READINGS.md', section: 'chat-events#ts', title: 'Readings', url: 'docs/readings/chat-api.md#chat-events' },
    },
  },
];

for (const { name, record } of RECORDS) {
  test(`metadata written then read is the same: ${name}`, () => {
    const written = checkAnnotations(record);
    expect(readCheck(written)).toEqual(record);
    expect(checkIdOf(written)).toBe(record.id);
  });
}

test('a test not declared with check() has no check to read', () => {
  expect(readCheck([{ type: 'flood', description: '{}' }])).toBeUndefined();
});

/** A real failure of Playwright's own expect, as a check's body would throw it. */
function expectError(): unknown {
  try {
    expect(1).toBe(2);
  } catch (e) {
    return e;
  }
  throw new Error('expect(1).toBe(2) did not throw');
}

const ERRORS: Array<{ thrown: string; error: unknown; kind: ErrorKind }> = [
  { thrown: 'a CheckFailure', error: new CheckFailure('sendText answered 500'), kind: 'vendor-failure' },
  { thrown: "Playwright's expect", error: expectError(), kind: 'vendor-failure' },
  { thrown: 'a DriverError', error: new DriverError("the driver's POST operator/agent-text failed: status 500"), kind: 'driver-error' },
  { thrown: 'a TypeError', error: new TypeError('x is not a function'), kind: 'harness-error' },
  { thrown: 'a plain Error', error: new Error('boom'), kind: 'harness-error' },
  { thrown: 'a string', error: 'boom', kind: 'harness-error' },
];

for (const { thrown, error, kind } of ERRORS) {
  test(`${thrown} is a ${kind}`, () => {
    expect(kindOfError(error)).toBe(kind);
  });
}

/** Annotations as a check's run leaves them: its recorded verdict, and fail()'s expected and received. */
function ran(kind?: ErrorKind, message?: string, values: Annotation[] = []): Annotation[] {
  const list: Annotation[] = [...values];
  if (kind) recordVerdict(list, { kind, message });
  return list;
}

const VALUES: Annotation[] = [
  { type: ANNOTATION.expected, description: '2xx' },
  { type: ANNOTATION.received, description: '500' },
];

interface Row {
  name: string;
  end: TestEnd;
  /** Status under (MUST), (SHOULD), (SHOULD --strict); the rest of the judgement is the same for all. */
  statuses: [Judgement['status'], Judgement['status'], Judgement['status']];
  rest: Omit<Judgement, 'status'>;
}

const end = (over: Partial<TestEnd>): TestEnd => ({ status: 'passed', annotations: [], declared: [], errors: [], ...over });

const MAPPING: Row[] = [
  { name: 'passed', end: end({}), statuses: ['passed', 'passed', 'passed'], rest: {} },
  {
    name: 'a recorded vendor failure (the Playwright test itself passed)',
    end: end({ annotations: ran('vendor-failure', 'sendText answered 500', VALUES) }),
    statuses: ['failed', 'warning', 'failed'],
    rest: { outcome: 'failure', message: 'sendText answered 500', expected: '2xx', received: '500' },
  },
  {
    name: 'a recorded harness error',
    end: end({
      status: 'failed',
      annotations: ran('harness-error', 'TypeError: x is not a function'),
      errors: [{ message: 'TypeError: x is not a function' }],
    }),
    statuses: ['failed', 'warning', 'failed'],
    rest: { outcome: 'error', message: 'harness error: TypeError: x is not a function' },
  },
  {
    name: 'a recorded driver error',
    end: end({
      status: 'failed',
      annotations: ran('driver-error', "the driver's GET operator/chat failed: status 500"),
      errors: [{ message: "DriverError: the driver's GET operator/chat failed: status 500" }],
    }),
    statuses: ['failed', 'warning', 'failed'],
    rest: { outcome: 'error', message: "harness error: the driver's GET operator/chat failed: status 500" },
  },
  {
    name: 'a skip in the body (the reason is Playwright’s skip annotation)',
    end: end({ status: 'skipped', annotations: [{ type: ANNOTATION.skip, description: 'needs a driver (--driver URL)' }, ...ran('skip')] }),
    statuses: ['skipped', 'skipped', 'skipped'],
    rest: { message: 'needs a driver (--driver URL)' },
  },
  {
    name: 'a skip declared with the test',
    end: end({ status: 'skipped', declared: [{ type: ANNOTATION.skip, description: 'not with this profile' }] }),
    statuses: ['skipped', 'skipped', 'skipped'],
    rest: { message: 'not with this profile' },
  },
  { name: 'a skip without a reason', end: end({ status: 'skipped' }), statuses: ['skipped', 'skipped', 'skipped'], rest: { message: 'skipped' } },
  {
    name: 'timed out (the IUT did not answer in time)',
    end: end({ status: 'timedOut', errors: [{ message: 'Test timeout of 30000ms exceeded.' }] }),
    statuses: ['failed', 'warning', 'failed'],
    rest: { outcome: 'failure', message: 'Test timeout of 30000ms exceeded.' },
  },
  {
    name: 'timed out without an error',
    end: end({ status: 'timedOut' }),
    statuses: ['failed', 'warning', 'failed'],
    rest: { outcome: 'failure', message: 'the check did not finish in time' },
  },
  {
    name: 'timed out, and the abandoned body threw a harness error afterwards',
    end: end({ status: 'timedOut', annotations: ran('harness-error', 'socket hang up'), errors: [{ message: 'Test timeout of 30000ms exceeded.' }] }),
    statuses: ['failed', 'warning', 'failed'],
    rest: { outcome: 'failure', message: 'Test timeout of 30000ms exceeded.' },
  },
  {
    name: 'failed outside the body, nothing recorded (a fixture)',
    end: end({ status: 'failed', errors: [{ message: 'Error: chat-api needs --token\n    at fixture' }] }),
    statuses: ['failed', 'warning', 'failed'],
    rest: { outcome: 'error', message: 'harness error: chat-api needs --token' },
  },
  {
    name: 'interrupted',
    end: end({ status: 'interrupted' }),
    statuses: ['failed', 'warning', 'failed'],
    rest: { outcome: 'error', message: 'harness error: failed' },
  },
];

const LEVELS: Array<[Level, boolean]> = [
  ['MUST', false],
  ['SHOULD', false],
  ['SHOULD', true],
];

/** A judgement without the keys that hold nothing (results.json drops them too). */
function defined(j: Judgement): Judgement {
  return Object.fromEntries(Object.entries(j).filter(([, v]) => v !== undefined)) as Judgement;
}

for (const row of MAPPING) {
  test(`status mapping: ${row.name}`, () => {
    LEVELS.forEach(([level, strict], i) => {
      expect(defined(judge(row.end, level, strict)), `${level}${strict ? ' --strict' : ''}`).toEqual({ status: row.statuses[i], ...row.rest });
    });
    // MUST gates with or without --strict.
    expect(judge(row.end, 'MUST', true).status).toBe(row.statuses[0]);
  });
}

/**
 * The worker's half: what a check's body throws, through the check() wrapper, to results.json. The
 * Playwright test's own end is what Playwright makes of the wrapper: it failed when the wrapper
 * rethrew (its error serialized as "Name: message"), was skipped after testInfo.skip, passed otherwise.
 */
async function throughWrapper(thrown: unknown, opts: { skip?: boolean } = {}): Promise<TestEnd> {
  const info = { expectedStatus: 'passed', annotations: [] as Annotation[] };
  const body = async () => {
    if (opts.skip) info.expectedStatus = 'skipped'; // what testInfo.skip(true, reason) does before it throws
    throw thrown;
  };
  try {
    await recordingVerdict(body)({}, info as unknown as TestInfo);
    return end({ annotations: info.annotations });
  } catch (e) {
    if (e !== thrown) throw e;
    if (info.expectedStatus === 'skipped') return end({ status: 'skipped', annotations: info.annotations });
    const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    return end({ status: 'failed', annotations: info.annotations, errors: [{ message }] });
  }
}

const WORDING: Array<{ name: string; thrown: unknown; outcome: 'failure' | 'error'; message: string }> = [
  { name: 'a vendor failure', thrown: new CheckFailure('sendText answered 500'), outcome: 'failure', message: 'sendText answered 500' },
  {
    name: 'the same vendor failure reworded',
    thrown: new CheckFailure('the IUT refused a valid text'),
    outcome: 'failure',
    message: 'the IUT refused a valid text',
  },
  {
    name: 'a vendor failure whose message starts with "Error:"',
    thrown: new CheckFailure('Error: the IUT said so'),
    outcome: 'failure',
    message: 'Error: the IUT said so',
  },
  {
    name: 'a vendor failure whose message starts with "harness error"',
    thrown: new CheckFailure('harness error in the IUT'),
    outcome: 'failure',
    message: 'harness error in the IUT',
  },
  { name: "Playwright's expect", thrown: expectError(), outcome: 'failure', message: 'expect(received).toBe(expected) // Object.is equality' },
  { name: 'a harness error', thrown: new Error('boom'), outcome: 'error', message: 'harness error: boom' },
  {
    name: 'a harness error that reads like a rule failure',
    thrown: new Error('CheckFailure: sendText answered 500'),
    outcome: 'error',
    message: 'harness error: CheckFailure: sendText answered 500',
  },
  {
    name: 'a harness error that reads like an expect failure',
    thrown: new Error('expect(received).toBe(expected)'),
    outcome: 'error',
    message: 'harness error: expect(received).toBe(expected)',
  },
  { name: 'a TypeError', thrown: new TypeError('x is not a function'), outcome: 'error', message: 'harness error: TypeError: x is not a function' },
  {
    name: 'a driver error',
    thrown: new DriverError("the driver's POST chat/webhook failed: status 500"),
    outcome: 'error',
    message: "harness error: the driver's POST chat/webhook failed: status 500",
  },
  {
    name: 'a driver error that reads like a rule failure',
    thrown: new DriverError('CheckFailure: the IUT broke it'),
    outcome: 'error',
    message: 'harness error: CheckFailure: the IUT broke it',
  },
];

for (const row of WORDING) {
  test(`the verdict follows what was thrown, not its words: ${row.name}`, async () => {
    const e = await throughWrapper(row.thrown);
    expect(judge(e, 'MUST', false)).toMatchObject({ status: 'failed', outcome: row.outcome, message: row.message });
    expect(judge(e, 'SHOULD', false)).toMatchObject({ status: 'warning', outcome: row.outcome });
  });
}

test('a vendor failure ends the Playwright test normally; every other kind propagates', async () => {
  expect((await throughWrapper(new CheckFailure('x'))).status).toBe('passed');
  expect((await throughWrapper(expectError())).status).toBe('passed');
  expect((await throughWrapper(new DriverError('x'))).status).toBe('failed');
  expect((await throughWrapper(new Error('x'))).status).toBe('failed');
  expect((await throughWrapper(new Error('x'), { skip: true })).status).toBe('skipped');
});

test('a skip is recorded as a skip, whatever was thrown', async () => {
  const e = await throughWrapper(new CheckFailure('Test is skipped: needs a driver'), { skip: true });
  expect(readVerdict(e.annotations)).toEqual({ kind: 'skip' });
  expect(judge(e, 'MUST', true)).toEqual({ status: 'skipped', message: 'skipped' });
});

test('a recorded message is what the report shows: the verdict never parses it', async () => {
  const [a, b] = await Promise.all([throughWrapper(new Error('first wording')), throughWrapper(new Error('second, quite different'))]);
  expect(judge(a, 'MUST', false).status).toBe(judge(b, 'MUST', false).status);
  expect(judge(a, 'MUST', false).outcome).toBe(judge(b, 'MUST', false).outcome);
  expect(readVerdict(a.annotations)).toEqual({ kind: 'harness-error', message: 'first wording' });
});

test('a malformed verdict annotation is none: the Playwright status decides', () => {
  for (const description of ['not json', '{"kind":"nonsense"}', '']) {
    expect(readVerdict([{ type: ANNOTATION.verdict, description }])).toBeUndefined();
  }
  expect(judge(end({ annotations: [{ type: ANNOTATION.verdict, description: '{"kind":"nonsense"}' }] }), 'MUST', false)).toEqual({ status: 'passed' });
});
