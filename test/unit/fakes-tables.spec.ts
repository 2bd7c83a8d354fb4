import { test, expect } from '@playwright/test';
import { Receiver } from '../../harness/receiver/receiver.ts';
import { OmnichannelPlatform, specVocabulary } from '../../harness/fakes/omnichannel-platform.ts';
import {
  EngagementPlatform,
  AGENT_EVENT_TYPES,
  OPERATOR_METHODS,
  httpMethodOf,
  type FakeServer,
  type OperatorMethod,
} from '../../harness/fakes/engagement-platform.ts';
import { mountClientServer, SEND_MESSAGE_ANSWER } from '../../harness/fakes/client-server.ts';
import { operation, operationsOf } from '../../harness/validation/operations.ts';
import { INBOUND_ERROR_TABLE, REFERENCE_VOCABULARY, inboundRow, type ChannelState, type InboundRowId } from '../../reference/omnichannel/error-table.ts';
import { EVENT_TYPES as PLATFORM_WEBHOOK_EVENTS } from '../../reference/operator-api-platform/webhook.ts';
import { startReference } from '../../reference/index.ts';
import type { StartedReference } from '../../reference/types.ts';

/**
 * Each fake counterpart (harness/fakes) held to the table of the reference it mirrors, by asking
 * both the same requests: the fake Omnichannel platform and the Omnichannel reference to the inbound
 * error table (reference/omnichannel/error-table.ts), row by row and with faults combined (so that
 * the order of the rows is the same on both sides); the fake engagement platform and the Operator
 * API reference to the spec's methods; the fake client server and the omnichannel-client reference
 * to the answer of a valid send_message; and the lists of event types to the specs.
 */

type Json = Record<string, unknown>;
type Answer = { status: number; body: unknown };

const TOKEN = 'tok-fakes-tables-active';
const INACTIVE = 'tok-fakes-tables-inactive';
const inboundPath = (token: string) => `/connector/omnichannel/omnichannel_message/${token}/bot_api_webhook`;

let receiver: Receiver;
let omnichannel: StartedReference;
let operatorApi: StartedReference;
let client: StartedReference;
let engagement: FakeServer;

test.beforeAll(async () => {
  receiver = await Receiver.start({ host: '127.0.0.1', port: 0, bodyLimit: 1024 * 1024 });
  OmnichannelPlatform.mount(receiver, TOKEN);
  engagement = new EngagementPlatform(receiver).main;
  omnichannel = await startReference('omnichannel', { token: TOKEN });
  const made = await fetch(`${omnichannel.driver}/omnichannel/channel`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: INACTIVE, webhookUrl: null, webhookToken: null, active: false }),
  });
  expect(made.status).toBe(200);
  operatorApi = await startReference('operator-api');
  client = await startReference('omnichannel-client');
});

test.afterAll(async () => {
  await Promise.all([receiver?.close(), omnichannel?.close(), operatorApi?.close(), client?.close()]);
});

function parsed(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

async function fetched(url: string, init: RequestInit): Promise<Answer> {
  const res = await fetch(url, init);
  return { status: res.status, body: parsed(await res.text()) };
}

async function injected(
  method: string,
  url: string,
  payload?: string,
  headers: Record<string, string> = { 'content-type': 'application/json' },
): Promise<Answer> {
  const res = await receiver.inject({ method, url, headers, payload });
  return { status: res.statusCode, body: parsed(res.body) };
}

// ---------------------------------------------------------------------------------------------
// The Omnichannel inbound error table.

function referenceInbound(raw: string, channel: ChannelState): Promise<Answer> {
  const token = channel === 'active' ? TOKEN : channel === 'inactive' ? INACTIVE : 'tok-fakes-tables-unknown';
  return fetched(`${omnichannel.target}${inboundPath(token)}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw });
}

/** The fake platform has one channel, active: the only channel state it can be asked about. */
function fakeInbound(raw: string): Promise<Answer> {
  return injected('POST', inboundPath(TOKEN), raw);
}

/** What the table says, for a raw body the way both sides read it (JSON, or not JSON at all). */
function tableAnswer(raw: string, channel: ChannelState): { row: InboundRowId; answer: Answer } {
  let body: unknown;
  try {
    body = JSON.parse(raw) as unknown;
  } catch {
    body = undefined;
  }
  const request = { body, channel };
  const row = inboundRow(request, REFERENCE_VOCABULARY);
  return { row: row.id, answer: row.answer(request) };
}

function textEvent(): Json {
  return {
    event: 'new_message',
    chat_id: 4242,
    visitor: { id: 'visitor-17', fields: { name: 'Anna', login: 'anna.k' } },
    message: { id: 'msg-1', kind: 'visitor', text: 'Hello' },
  };
}

function fileEvent(): Json {
  const e = textEvent();
  e.message = {
    id: 'msg-2',
    kind: 'file_visitor',
    data: { id: 'file-77', state: 'ready', name: 'invoice.pdf', content_type: 'application/pdf', size: 48213, url: 'https://files.example.com/invoice.pdf' },
  };
  return e;
}

function buttonEvent(): Json {
  const e = textEvent();
  e.message = { id: 'msg-3', kind: 'keyboard_response', data: { button: { id: 'b-1', text: 'Yes please' } } };
  return e;
}

/** Set (or, with undefined, delete) the value at a dotted path of a copy of `event`. */
function withValue(event: Json, path: string, value: unknown): Json {
  const copy = structuredClone(event);
  const keys = path.split('.');
  let at: Json = copy;
  for (const k of keys.slice(0, -1)) {
    if (typeof at[k] !== 'object' || at[k] === null) return copy;
    at = at[k] as Json;
  }
  const last = keys.at(-1)!;
  if (value === undefined) delete at[last];
  else at[last] = value;
  return copy;
}

/** One request per row that reaches exactly that row: adding a row without one does not compile. */
const ROW_EXAMPLES: Record<InboundRowId, { raw: string; channel: ChannelState }> = {
  'not-json-object': { raw: '{"event": "new_message",', channel: 'active' },
  'no-active-channel': { raw: JSON.stringify(textEvent()), channel: 'inactive' },
  'missing-chat_id': { raw: JSON.stringify(withValue(textEvent(), 'chat_id', undefined)), channel: 'active' },
  'missing-message': { raw: JSON.stringify(withValue(textEvent(), 'message', undefined)), channel: 'active' },
  'missing-visitor': { raw: JSON.stringify(withValue(textEvent(), 'visitor', undefined)), channel: 'active' },
  'missing-visitor.id': { raw: JSON.stringify(withValue(textEvent(), 'visitor.id', undefined)), channel: 'active' },
  'missing-event': { raw: JSON.stringify(withValue(textEvent(), 'event', undefined)), channel: 'active' },
  'chat-id-not-scalar': { raw: JSON.stringify(withValue(textEvent(), 'chat_id', { id: 4242 })), channel: 'active' },
  'invalid-event': { raw: JSON.stringify(withValue(textEvent(), 'event', 'message_read')), channel: 'active' },
  'invalid-kind': { raw: JSON.stringify(withValue(textEvent(), 'message.kind', 'sticker')), channel: 'active' },
  'kind-parameter-missing': { raw: JSON.stringify(withValue(textEvent(), 'message.text', undefined)), channel: 'active' },
  'file-not-ready': { raw: JSON.stringify(withValue(fileEvent(), 'message.data.state', 'upload')), channel: 'active' },
  delivered: { raw: JSON.stringify(textEvent()), channel: 'active' },
};

test.describe('the Omnichannel inbound error table', () => {
  test('each row: its example reaches it, and the reference and the fake platform answer what it says', async () => {
    for (const row of INBOUND_ERROR_TABLE) {
      const { raw, channel } = ROW_EXAMPLES[row.id];
      const want = tableAnswer(raw, channel);
      expect(want.row, `the example of row ${row.id}`).toBe(row.id);
      expect(await referenceInbound(raw, channel), `the reference, row ${row.id}`).toEqual(want.answer);
      if (channel === 'active') expect(await fakeInbound(raw), `the fake platform, row ${row.id}`).toEqual(want.answer);
    }
  });

  test('the fake platform knows no other channel: a wrong token is a path it never gave out (404, a stray), not a 400', async () => {
    const before = receiver.unexpectedCount;
    const res = await injected('POST', inboundPath('tok-fakes-tables-unknown'), JSON.stringify(textEvent()));
    expect(res.status).toBe(404);
    expect(receiver.unexpectedCount).toBe(before + 1);
    // …where the reference (and the table) say 400, no active channel.
    expect((await referenceInbound(JSON.stringify(textEvent()), 'unknown')).status).toBe(400);
  });

  test('bodies that are not a JSON object: the first row on both sides', async () => {
    for (const raw of ['', 'not json', '{', '[]', '[{"event":"new_message"}]', 'null', '"new_message"', '42']) {
      const want = tableAnswer(raw, 'active');
      expect(want.row, JSON.stringify(raw)).toBe('not-json-object');
      expect(await referenceInbound(raw, 'active'), `the reference, body ${JSON.stringify(raw)}`).toEqual(want.answer);
      expect(await fakeInbound(raw), `the fake platform, body ${JSON.stringify(raw)}`).toEqual(want.answer);
    }
  });

  test('faults combined two at a time: the reference and the fake platform pick the same row, in the table order', async () => {
    const faults: Array<[string, unknown]> = [
      ['chat_id', undefined],
      ['chat_id', null],
      ['chat_id', { id: 1 }],
      ['chat_id', [1]],
      ['chat_id', true],
      ['chat_id', 'chat-as-string'],
      ['message', undefined],
      ['message', 'a string'],
      ['visitor', undefined],
      ['visitor', 'a string'],
      ['visitor.id', undefined],
      ['event', undefined],
      ['event', 'message_read'],
      ['message.kind', 'sticker'],
      ['message.kind', undefined],
      ['message.text', undefined],
      ['message.data', undefined],
      ['message.data.state', 'upload'],
      ['message.data.id', undefined],
      ['message.data.url', undefined],
      ['message.data.button.text', undefined],
    ];
    const seen = new Set<InboundRowId>();
    let cases = 0;
    for (const base of [textEvent(), fileEvent(), buttonEvent()]) {
      for (let i = 0; i < faults.length; i++) {
        for (let j = i; j < faults.length; j++) {
          const event = withValue(withValue(base, ...faults[i]!), ...faults[j]!);
          const raw = JSON.stringify(event);
          const want = tableAnswer(raw, 'active');
          seen.add(want.row);
          cases++;
          expect(await referenceInbound(raw, 'active'), `the reference, ${raw}`).toEqual(want.answer);
          expect(await fakeInbound(raw), `the fake platform, ${raw}`).toEqual(want.answer);
        }
      }
    }
    // Every row that an active channel and a JSON object can reach was reached.
    const reachable = INBOUND_ERROR_TABLE.map((r) => r.id).filter((id) => id !== 'not-json-object' && id !== 'no-active-channel');
    expect([...seen].sort()).toEqual(reachable.sort());
    expect(cases).toBeGreaterThan(600);
  });

  test("the processed event and message kinds are the spec's", () => {
    const spec = specVocabulary();
    expect(REFERENCE_VOCABULARY.event).toBe(spec.event);
    expect([...REFERENCE_VOCABULARY.kinds].sort()).toEqual([...spec.kinds].sort());
  });
});

// ---------------------------------------------------------------------------------------------
// The engagement platform: the Operator API's methods.

const SPEC = 'operator-api-platform';

function referenceCall(op: OperatorMethod, method: string, raw?: string): Promise<Answer> {
  const headers: Record<string, string> = raw === undefined ? {} : { 'content-type': 'application/json' };
  return fetched(`${operatorApi.target}/${op}`, { method, headers, body: raw });
}

function fakeCall(op: OperatorMethod, method: string, raw?: string): Promise<Answer> {
  return injected(method, engagement.pathOf(op), raw, raw === undefined ? {} : { 'content-type': 'application/json' });
}

const isSuccess = (a: Answer) => a.status >= 200 && a.status < 300;
const isRefusal = (a: Answer) => a.status >= 400 && a.status < 500;

test.describe('the engagement platform and the Operator API reference', () => {
  test("the fake serves exactly the spec's methods, each with the spec's HTTP method", () => {
    const specMethods = operationsOf(SPEC).filter((o) => !o.webhook);
    expect([...OPERATOR_METHODS].sort()).toEqual(specMethods.map((o) => o.operationId).sort());
    for (const o of specMethods) expect(httpMethodOf(o.operationId as OperatorMethod), o.operationId).toBe(o.method);
  });

  test("both accept the spec's example of each method and refuse it without each required field, or without a JSON object", async () => {
    for (const op of OPERATOR_METHODS) {
      const { method, example, requiredFields } = operation(SPEC, op);
      if (method === 'GET') {
        const [ref, fake] = [await referenceCall(op, 'GET'), await fakeCall(op, 'GET')];
        expect(isSuccess(ref) && isSuccess(fake), `${op}: reference ${ref.status}, fake ${fake.status}`).toBe(true);
        for (const a of [ref, fake]) expect(Array.isArray((a.body as Json).destinations), `${op} lists destinations`).toBe(true);
        continue;
      }
      expect(example, `${op} has a spec example`).toBeDefined();
      const ok = [await referenceCall(op, method, JSON.stringify(example)), await fakeCall(op, method, JSON.stringify(example))];
      expect(ok.map(isSuccess), `${op} example: ${ok.map((a) => a.status).join(' / ')}`).toEqual([true, true]);
      expect(requiredFields.length, `${op} has required fields`).toBeGreaterThan(0);
      for (const field of requiredFields) {
        const raw = JSON.stringify(withValue(example as Json, field, undefined));
        const res = [await referenceCall(op, method, raw), await fakeCall(op, method, raw)];
        expect(res.map(isRefusal), `${op} without ${field}: ${res.map((a) => a.status).join(' / ')}`).toEqual([true, true]);
      }
      for (const raw of ['[1]', 'not json', '"text"']) {
        const res = [await referenceCall(op, method, raw), await fakeCall(op, method, raw)];
        expect(res.map(isRefusal), `${op} with body ${raw}: ${res.map((a) => a.status).join(' / ')}`).toEqual([true, true]);
      }
    }
  });

  test("the agent's event types are the spec's webhooks, the ones the platform reference's webhook takes", () => {
    expect(AGENT_EVENT_TYPES.length).toBeGreaterThan(0);
    expect([...AGENT_EVENT_TYPES].sort()).toEqual([...PLATFORM_WEBHOOK_EVENTS].sort());
  });
});

// ---------------------------------------------------------------------------------------------
// The client server: send_message.

test('the fake client server answers a valid send_message as the omnichannel-client reference does', async () => {
  const body = JSON.stringify(operation('omnichannel-client', 'send_message').example);
  const ref = await fetched(`${client.target}/send_message`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Token ${client.clientToken}` },
    body,
  });
  const server = mountClientServer(receiver, 'send_message_sync', Receiver.secret());
  const fake = await injected('POST', `${receiver.localPathOf(server.webhookUrl)}/send_message`, body);
  expect(ref).toEqual({ status: SEND_MESSAGE_ANSWER.status, body: SEND_MESSAGE_ANSWER.body });
  expect(fake).toEqual(ref);
});
