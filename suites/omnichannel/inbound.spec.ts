/**
 * The inbound endpoint, `POST /connector/omnichannel/omnichannel_message/{token}/bot_api_webhook`,
 * and every row of the document's "Platform response when a request is unsuccessful" that a client
 * can provoke ("Internal server errors" cannot be provoked from outside and is not checked).
 *
 * Each rule is checked alone: the request breaks that rule only and is valid in every other respect
 * (docs/readings omni-one-rule-at-a-time: which answer wins when several rules apply at once is not
 * specified). Where the table names a status (400, 404, 200, 500) that status is meant; a valid event
 * is answered any 2xx (docs/readings omni-valid-2xx).
 */
import { check } from '../../fixtures/omnichannel.ts';
import { Receiver } from '../../harness/receiver/receiver.ts';
import { answerOf, ensure, ensure2xx, ensureAnswered, ensureStatus, isObject, snippet } from '../../harness/checks/ensure.ts';
import type { CallResult } from '../../harness/http/iut-client.ts';
import { shown, ensureIgnored, skipper, freshChatId, inboundPath, postEvent, postRaw, textEvent, visitorOf, without } from './helpers.ts';

/** Skip the current check with a reason (for helpers that decide mid-check). */

const NO_ACTIVE_CHANNEL = 'There is no active channel for received event.';
const ERROR_TABLE = 'Platform response when a request is unsuccessful';
const NO_CHANNEL_ROW = 'The Agent channel is inactive or there is an error in the App.Chatbots Webhook token in the URL';

/** The no-active-channel answer: 400 with a string under `error` (the exact text is its own check). */
function ensureNoActiveChannel(res: CallResult, what: string): void {
  ensureStatus(res, 400, what);
  const body = res.json;
  ensure(
    res.isJson && isObject(body) && typeof body.error === 'string',
    `${what} answered 400 with ${snippet(res.text)}, expected a JSON object with an "error" string`,
    { error: NO_ACTIVE_CHANNEL },
    res.text,
  );
}

function ensureNoActiveChannelText(res: CallResult, what: string): void {
  ensureAnswered(res, what);
  const error = isObject(res.json) ? res.json.error : undefined;
  ensure(
    error === NO_ACTIVE_CHANNEL,
    `${what} ${answerOf(res)}: its "error" is ${shown(error)}, expected ${shown(NO_ACTIVE_CHANNEL)}`,
    NO_ACTIVE_CHANNEL,
    error,
  );
}

check(
  {
    id: 'omnichannel.inbound.accepts-valid-message',
    title: 'a valid new_message posted to the App.Chatbots Webhook URL of an active channel is answered 2xx',
    level: 'MUST',
    doc: 'readings',
    section: 'omni-valid-2xx',
    rule: 'omni.new_message.inbound-url',
  },
  async ({ api, agentChannel, fresh }) => {
    const res = await postEvent(api, agentChannel.token, textEvent(fresh, freshChatId(), 'Hello, I need help with my order'));
    ensure2xx(res, 'a valid new_message');
  },
);

// -- The Agent channel is inactive or there is an error in the token: 400 {"error": "..."} -------

check(
  {
    id: 'omnichannel.inbound.unknown-token-400',
    title: 'an event with an unknown token in the URL is answered 400 with an "error"',
    level: 'MUST',
    doc: 'omnichannel',
    section: ERROR_TABLE,
    quote: NO_CHANNEL_ROW,
  },
  async ({ api, fresh, redactor }) => {
    const token = Receiver.secret();
    redactor.add(token, '$TOKEN_UNKNOWN');
    ensureNoActiveChannel(await postEvent(api, token, textEvent(fresh, freshChatId(), 'Hello')), 'an event with an unknown token');
  },
);

check(
  {
    id: 'omnichannel.inbound.unknown-token-error-text',
    title: 'the answer to an unknown token says "There is no active channel for received event."',
    level: 'SHOULD',
    doc: 'readings',
    section: 'omni-no-channel-text',
  },
  async ({ api, fresh, redactor }) => {
    const token = Receiver.secret();
    redactor.add(token, '$TOKEN_UNKNOWN');
    ensureNoActiveChannelText(await postEvent(api, token, textEvent(fresh, freshChatId(), 'Hello')), 'an event with an unknown token');
  },
);

check(
  {
    id: 'omnichannel.inbound.inactive-channel-400',
    title: 'an event for an inactive channel is answered 400 with an "error"',
    level: 'MUST',
    doc: 'omnichannel',
    section: ERROR_TABLE,
    quote: NO_CHANNEL_ROW,
  },
  async ({ api, channels, fresh }) => {
    const inactive = await channels.create('inactive', { active: false, auth: 'header' });
    ensureNoActiveChannel(await postEvent(api, inactive.token, textEvent(fresh, freshChatId(), 'Hello')), 'an event for an inactive channel');
  },
);

check(
  {
    id: 'omnichannel.inbound.inactive-channel-error-text',
    title: 'the answer to an inactive channel says "There is no active channel for received event."',
    level: 'SHOULD',
    doc: 'readings',
    section: 'omni-no-channel-text',
  },
  async ({ api, channels, fresh }) => {
    const inactive = await channels.create('inactive', { active: false, auth: 'header' });
    ensureNoActiveChannelText(await postEvent(api, inactive.token, textEvent(fresh, freshChatId(), 'Hello')), 'an event for an inactive channel');
  },
);

// -- A required parameter is missing in the request body: 400 --------------------------------------

const MISSING: Array<{ field: string; level: 'MUST' | 'SHOULD'; strip: (body: Record<string, unknown>) => Record<string, unknown> }> = [
  { field: 'chat_id', level: 'MUST', strip: (b) => without(b, 'chat_id') },
  { field: 'message', level: 'MUST', strip: (b) => without(b, 'message') },
  { field: 'visitor', level: 'SHOULD', strip: (b) => without(b, 'visitor') },
  { field: 'visitor.id', level: 'SHOULD', strip: (b) => ({ ...b, visitor: without(b.visitor as Record<string, unknown>, 'id') }) },
];

for (const m of MISSING) {
  check(
    {
      id: `omnichannel.inbound.missing-${m.field.replace(/[._]/g, '-')}-400`,
      title: `an event without ${m.field} is answered 400`,
      level: m.level,
      // The table says "A required parameter is missing" without naming them: the readings name them.
      doc: 'readings',
      section: m.level === 'MUST' ? 'omni-missing-required' : 'omni-missing-visitor',
      // The other side: the client server posts both (omnichannel-client.visitor.matches-schema).
      rule: m.level === 'MUST' ? 'omni.new_message.required' : undefined,
    },
    async ({ api, agentChannel, fresh }) => {
      const body = m.strip(textEvent(fresh, freshChatId(), 'Hello', visitorOf(fresh)));
      ensureStatus(await postEvent(api, agentChannel.token, body), 400, `an event without ${m.field}`);
    },
  );
}

check(
  {
    id: 'omnichannel.inbound.visitor-fields-optional',
    title: 'a new_message whose visitor has no fields, or null for the fields it does not know, is answered 2xx',
    level: 'SHOULD',
    doc: 'readings',
    section: 'omni-visitor-fields',
  },
  async ({ api, agentChannel, fresh }) => {
    const visitor = visitorOf(fresh);
    const cases: Array<[string, Record<string, unknown>]> = [
      ['a visitor with an id only', { id: visitor.id }],
      ['a visitor whose unknown fields are null', { id: visitor.id, fields: { ...visitor.fields, phone: null, email: null, site: null } }],
    ];
    for (const [what, v] of cases)
      ensure2xx(await postEvent(api, agentChannel.token, textEvent(fresh, freshChatId(), 'Hello', v)), `a new_message with ${what}`);
  },
);

// -- Incorrect URL specified: 404 -------------------------------------------------------------------

check(
  {
    id: 'omnichannel.inbound.wrong-url-404',
    title: 'an event posted to a wrong URL under /connector/ is answered 404',
    level: 'MUST',
    doc: 'omnichannel',
    section: ERROR_TABLE,
    quote: 'Incorrect URL specified',
  },
  async ({ api, agentChannel, fresh }) => {
    const right = inboundPath(agentChannel.token);
    const wrong = [
      { path: `${right}_v2`, what: 'a wrong last path segment' },
      { path: right.replace('/omnichannel_message/', '/omnichannel_messages/'), what: 'a misspelt connector segment' },
      { path: right.replace(/\/bot_api_webhook$/, ''), what: 'the path without /bot_api_webhook' },
    ];
    for (const w of wrong) {
      const res = await api.request('POST', w.path, { body: textEvent(fresh, freshChatId(), 'Hello'), observeAs: 'postInboundEvent' });
      ensureStatus(res, 404, `an event posted to ${w.what}`);
    }
  },
);

// -- Incorrect JSON: invalid event or kind parameter: 200 (and nothing reaches the agent) ------------

const INVALID_EVENT = 'cc_no_such_event';
const INVALID_KIND = 'cc_no_such_kind';

check(
  {
    id: 'omnichannel.inbound.invalid-event-200',
    title: 'an event other than new_message is answered 200',
    level: 'MUST',
    doc: 'omnichannel',
    section: ERROR_TABLE,
    quote: 'Incorrect JSON of the request body: invalid event or kind parameter',
  },
  async ({ api, agentChannel, fresh }) => {
    const body = { ...textEvent(fresh, freshChatId(), 'Hello'), event: INVALID_EVENT };
    ensureStatus(await postEvent(api, agentChannel.token, body), 200, `an event "${INVALID_EVENT}"`);
  },
);

check(
  {
    id: 'omnichannel.inbound.invalid-event-not-delivered',
    title: 'an event other than new_message does not reach the agent',
    level: 'SHOULD',
    doc: 'readings',
    section: 'omni-ignored-not-delivered',
  },
  async ({ api, agentChannel, driver, deliveries, fresh, run }, info) => {
    const chatId = freshChatId();
    const ignored = fresh.id('ignored');
    const c = { api, driver, deliveries, fresh, token: agentChannel.token, timeoutMs: run.timeoutMs, skip: skipper(info) };
    await ensureIgnored(c, chatId, { ...textEvent(fresh, chatId, ignored), event: INVALID_EVENT }, `the text of an event "${INVALID_EVENT}"`, (ms) =>
      ms.filter((t) => t.includes(ignored)),
    );
  },
);

check(
  {
    id: 'omnichannel.inbound.invalid-kind-200',
    title: 'a message of a kind other than visitor, file_visitor and keyboard_response is answered 200',
    level: 'MUST',
    doc: 'omnichannel',
    section: ERROR_TABLE,
    quote: 'Incorrect JSON of the request body: invalid event or kind parameter',
  },
  async ({ api, agentChannel, fresh }) => {
    const body = textEvent(fresh, freshChatId(), 'Hello');
    body.message = { ...(body.message as object), kind: INVALID_KIND };
    ensureStatus(await postEvent(api, agentChannel.token, body), 200, `a message of kind "${INVALID_KIND}"`);
  },
);

check(
  {
    id: 'omnichannel.inbound.invalid-kind-not-delivered',
    title: 'a message of an unknown kind does not reach the agent',
    level: 'SHOULD',
    doc: 'readings',
    section: 'omni-ignored-not-delivered',
  },
  async ({ api, agentChannel, driver, deliveries, fresh, run }, info) => {
    const chatId = freshChatId();
    const ignored = fresh.id('ignored');
    const body = textEvent(fresh, chatId, ignored);
    body.message = { ...(body.message as object), kind: INVALID_KIND };
    const c = { api, driver, deliveries, fresh, token: agentChannel.token, timeoutMs: run.timeoutMs, skip: skipper(info) };
    await ensureIgnored(c, chatId, body, `the text of a message of kind "${INVALID_KIND}"`, (ms) => ms.filter((t) => t.includes(ignored)));
  },
);

// -- Incorrect JSON: other errors: 500 ------------------------------------------------------------------

check(
  {
    id: 'omnichannel.inbound.malformed-json-500',
    title: 'a body that is not valid JSON is answered 500',
    level: 'MUST',
    doc: 'omnichannel',
    section: ERROR_TABLE,
    quote: 'Incorrect JSON of the request body: other errors besides specifying invalid event or kind parameters',
  },
  async ({ api, agentChannel }) => {
    const raw = `{"event": "new_message", "chat_id": ${freshChatId()}, "visitor": {"id": "v-1"}, "message": {"id": "m-1", "kind": "visitor", "text": "Hello"`;
    ensureStatus(await postRaw(api, agentChannel.token, raw), 500, 'a body that is not valid JSON');
  },
);

check(
  {
    id: 'omnichannel.inbound.chat-id-object-or-array-500',
    title: 'a chat_id that is a JSON object or array is answered 500',
    level: 'SHOULD',
    doc: 'readings',
    section: 'omni-chat-id-structured-500',
  },
  async ({ api, agentChannel, fresh }) => {
    const id = freshChatId();
    for (const [what, chatId] of [
      ['an object', { id }],
      ['an array', [id]],
    ] as const) {
      ensureStatus(await postEvent(api, agentChannel.token, textEvent(fresh, chatId, 'Hello')), 500, `an event whose chat_id is ${what}`);
    }
  },
);

check(
  {
    id: 'omnichannel.inbound.string-chat-id-accepted',
    title: 'a new_message whose chat_id is a string is answered 2xx',
    level: 'SHOULD',
    doc: 'readings',
    section: 'omni-chat-id-string',
    rule: 'omni.new_message.chat-id-type',
  },
  async ({ api, agentChannel, fresh }) => {
    const chatId = fresh.id('chat');
    ensure2xx(await postEvent(api, agentChannel.token, textEvent(fresh, chatId, 'Hello')), `a new_message with chat_id "${chatId}"`);
  },
);
