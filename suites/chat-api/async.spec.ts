/**
 * POST /chatapi/{token}/async (sendRequestAsync) and the channel's webhook (`webhooks.asyncReply`):
 * "you only get the message ID in response to the request. The rest of the information will be sent
 * to a webhook". The webhook also receives an agent's reply to a client. Every check that waits for
 * a delivery needs the driver, which sets the channel's Webhook URL (fixtures/chat-api.ts).
 */
import { check } from '../../fixtures/chat-api.ts';
import type { ChatApi } from '../../fixtures/chat-api.ts';
import type { DeliveryWatcher } from '../../harness/receiver/delivery-watcher.ts';
import type { SpecValidators } from '../../harness/validation/validators.ts';
import type { CoverageLog } from '../../fixtures/conformance.ts';
import type { Delivery } from '../../harness/receiver/receiver.ts';
import { describe, ensure, ensure2xx, ensure4xx, ensureEqual, ensureJsonBody, ensureNoSchemaErrors, ensureStatus, isObject } from '../../harness/checks/ensure.ts';
import { fail } from '../../harness/checks/failure.ts';
import { ask, deliveryFor, deliveryJudgedElsewhere, deliveryWithQuestion, deliveryWithText, itemsOf, precondition, questionIdIn } from './helpers.ts';

const ASYNC = 'POST /chatapi/{token}/async';

/** Send an async request; it must be accepted with a questionId for the check to go on. */
async function sendAsync(chat: ChatApi, clientId: string, query: string): Promise<string> {
  const res = await chat.call('sendRequestAsync', { body: { clientId, query } });
  precondition(res.status !== undefined && res.status >= 200 && res.status < 300, `${ASYNC} was not accepted (${res.status ?? res.error}) (judged by chat-api.sendRequestAsync.response-matches-schema)`);
  const q = questionIdIn(res.json);
  precondition(q, `the answer of ${ASYNC} carries no questionId (judged by chat-api.sendRequestAsync.response-matches-schema)`);
  return q;
}

/** The webhook delivery of an async request of this client (judged to arrive by answer-reaches-webhook). */
async function asyncDelivery(chat: ChatApi, deliveries: DeliveryWatcher, clientId: string): Promise<Delivery> {
  await sendAsync(chat, clientId, 'Tell me something');
  return deliveryJudgedElsewhere(deliveries, deliveryFor(clientId), `the webhook delivery of the async request of client ${clientId}`, 'chat-api.sendRequestAsync.answer-reaches-webhook');
}

/** Validate a webhook body against WebhookBatch; records the webhook as covered. */
function webhookSchemaErrors(validators: SpecValidators, deliveries: DeliveryWatcher, coverage: CoverageLog, d: Delivery): string[] {
  coverage.events.push('asyncReply');
  const errors = d.isJson ? validators.validate('WebhookBatch', d.json, 'webhook body') : [`webhook body is not JSON (${d.rawBody.slice(0, 80)})`];
  deliveries.annotate(d, errors);
  return errors;
}

check(
  {
    id: 'chat-api.sendRequestAsync.response-matches-schema',
    title: 'POST /chatapi/{token}/async answers 200 with a string questionId',
    level: 'MUST',
    doc: 'assumptions',
    section: 'Chat API: POST /chatapi/{token}/async answers 200 with {"questionId": string}',
  },
  async ({ chat, fresh }) => {
    const res = await chat.call('sendRequestAsync', { body: { clientId: fresh.id(), query: 'Hello' } });
    ensureStatus(res, 200, ASYNC);
    ensureJsonBody(res, ASYNC);
    ensureNoSchemaErrors(res.schemaErrors, `the answer of ${ASYNC}`);
  },
);

check(
  {
    id: 'chat-api.sendRequestAsync.answers-only-message-id',
    title: "the answer of POST /chatapi/{token}/async carries the message ID, not the bot's replies",
    level: 'SHOULD',
    doc: 'chatApi',
    section: 'Sending client requests asynchronously',
  },
  async ({ chat, fresh }) => {
    const res = await chat.call('sendRequestAsync', { body: { clientId: fresh.id(), query: 'Hello' } });
    precondition(res.status !== undefined && res.status >= 200 && res.status < 300 && res.isJson, `${ASYNC} was not answered 2xx with JSON (judged by chat-api.sendRequestAsync.response-matches-schema)`);
    const body = res.json;
    // "you only get the message ID": the replies and the answer text go to the webhook.
    const data = isObject(body) && isObject(body.data) ? body.data : {};
    const carried = isObject(body) ? ['replies', 'answer'].filter((k) => k in body || k in data) : [];
    ensure(carried.length === 0, `the answer of ${ASYNC} carries ${carried.join(' and ')} (${describe(body)}), expected only the message ID`, 'only the questionId', body);
  },
);

check(
  {
    id: 'chat-api.sendRequestAsync.answer-reaches-webhook',
    title: 'after POST /chatapi/{token}/async the webhook receives an item with the questionId it answered',
    level: 'MUST',
    doc: 'chatApi',
    section: 'Sending client requests asynchronously',
  },
  async ({ chat, deliveries, fresh }) => {
    const clientId = fresh.id();
    const res = await chat.call('sendRequestAsync', { body: { clientId, query: 'Where is my parcel?' } });
    ensure2xx(res, ASYNC);
    const questionId = questionIdIn(ensureJsonBody(res, ASYNC));
    if (questionId === undefined) fail(`the answer of ${ASYNC} is ${describe(res.json)}: without a questionId its webhook delivery cannot be matched`, 'a questionId', res.json);
    await deliveries.waitFor(deliveryWithQuestion(questionId), `a webhook delivery with an item whose questionId is ${questionId}`);
  },
);

check(
  {
    id: 'chat-api.sendRequestAsync.rejects-neither-query-nor-event',
    title: 'POST /chatapi/{token}/async refuses a request with neither query nor event with 4xx',
    level: 'MUST',
    doc: 'assumptions',
    section: 'Chat API: POST /chatapi/{token}/async takes the same body (neither query nor event: 4xx)',
  },
  async ({ chat, fresh }) => {
    ensure4xx(await chat.call('sendRequestAsync', { body: { clientId: fresh.id() } }), `${ASYNC} with neither query nor event`);
  },
);

check(
  {
    id: 'chat-api.sendRequestAsync.bad-request-is-400',
    title: 'POST /chatapi/{token}/async answers 400 to a request without clientId or with neither query nor event',
    level: 'SHOULD',
    doc: 'assumptions',
    section: 'Chat API: without clientId, or with neither query nor event: 400 (SHOULD)',
  },
  async ({ chat, fresh }) => {
    ensureStatus(await chat.call('sendRequestAsync', { body: { query: 'Hello' } }), 400, `${ASYNC} without clientId`);
    ensureStatus(await chat.call('sendRequestAsync', { body: { clientId: fresh.id() } }), 400, `${ASYNC} with neither query nor event`);
  },
);

check(
  {
    id: 'chat-api.webhook.body-is-array',
    title: 'the webhook receives a POST whose body is a JSON array of objects',
    level: 'MUST',
    doc: 'chatApi',
    section: 'Webhook for asynchronous requests',
  },
  async ({ chat, deliveries, fresh }) => {
    const d = await asyncDelivery(chat, deliveries, fresh.id());
    ensureEqual(d.method, 'POST', 'the HTTP method of the webhook delivery');
    ensure(Array.isArray(d.json) && d.json.every(isObject), `the webhook body is ${Array.isArray(d.json) ? 'an array holding non-objects' : d.isJson ? 'a JSON value that is not an array' : 'not JSON'}, expected "an array of JSON objects"`, 'a JSON array of objects', d.rawBody.slice(0, 200));
  },
);

check(
  {
    id: 'chat-api.webhook.item-carries-channel-token',
    title: 'the webhook item for an async request carries the channel token',
    level: 'MUST',
    doc: 'chatApi',
    section: 'Webhook for asynchronous requests',
  },
  async ({ chat, deliveries, fresh }) => {
    const clientId = fresh.id();
    const d = await asyncDelivery(chat, deliveries, clientId);
    const item = itemsOf(d).find((i) => i.clientId === clientId);
    // Compared without printing: the token is a secret (the redactor hides it in any case).
    ensure(item?.token === chat.token, `the webhook item's token is ${item?.token === undefined ? 'missing' : 'not the channel token'}, expected the channel token`, 'the channel token', item?.token === undefined ? 'no token' : 'another value');
  },
);

check(
  {
    id: 'chat-api.webhook.async-reply-matches-schema',
    title: 'the webhook body for an async request is an array of items with token, clientId, questionId, data and timestamp',
    level: 'MUST',
    doc: 'chatApi',
    section: 'Webhook for asynchronous requests',
  },
  async ({ chat, deliveries, fresh, validators, coverage }) => {
    const d = await asyncDelivery(chat, deliveries, fresh.id());
    ensureNoSchemaErrors(webhookSchemaErrors(validators, deliveries, coverage, d), 'the webhook body');
  },
);

check(
  {
    id: 'chat-api.webhook.agent-reply-arrives',
    title: "an agent's reply to a client is posted to the webhook with its text",
    level: 'MUST',
    doc: 'chatApi',
    section: 'Webhook for asynchronous requests',
  },
  async ({ chat, driver, deliveries, fresh }) => {
    const clientId = fresh.id();
    await ask(chat, clientId, 'I would like to talk to a person');
    const text = `An agent here: ${fresh.id('reply')} — how can I help? ✅`;
    await driver.post('chat/agent-text', { clientId, text });
    await deliveries.waitFor(deliveryWithText(clientId, text), `a webhook delivery with the agent's reply for client ${clientId}`);
  },
);

check(
  {
    id: 'chat-api.webhook.agent-reply-matches-schema',
    title: "the webhook body for an agent's reply is an array of items with token, clientId, questionId, data and timestamp",
    level: 'MUST',
    doc: 'assumptions',
    section: 'Chat API: an agent reply also reaches the webhook as such an array',
  },
  async ({ chat, driver, deliveries, fresh, validators, coverage }) => {
    const clientId = fresh.id();
    await ask(chat, clientId, 'I would like to talk to a person');
    const text = `Agent ${fresh.id('reply')}`;
    await driver.post('chat/agent-text', { clientId, text });
    const d = await deliveryJudgedElsewhere(deliveries, deliveryWithText(clientId, text), `the webhook delivery of the agent's reply to ${clientId}`, 'chat-api.webhook.agent-reply-arrives');
    ensureNoSchemaErrors(webhookSchemaErrors(validators, deliveries, coverage, d), "the webhook body of an agent's reply");
  },
);
