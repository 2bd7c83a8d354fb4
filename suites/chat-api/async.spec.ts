/**
 * POST /chatapi/{token}/async (sendRequestAsync) and the channel's webhook (`webhooks.asyncReply`):
 * "you only get the message ID in response to the request. The rest of the information will be sent
 * to a webhook". The webhook also receives an agent's reply to a client. Every check that waits for
 * a delivery needs the driver, which sets the channel's Webhook URL (fixtures/chat-api.ts).
 *
 * The async answer may be 200 or 202 (reading chat-async-202). Webhook deliveries are matched by the
 * questionId the async request was answered with; an agent's reply by its client and text, since it
 * may have no questionId (chat-agent-reply-unanswered).
 */
import { check } from '../../fixtures/chat-api.ts';
import type { ChatApi } from '../../fixtures/chat-api.ts';
import type { DeliveryWatcher } from '../../harness/receiver/delivery-watcher.ts';
import type { SpecValidators } from '../../harness/validation/validators.ts';
import type { CoverageLog } from '../../fixtures/conformance.ts';
import type { Delivery } from '../../harness/receiver/receiver.ts';
import {
  describe,
  ensure,
  ensure2xx,
  ensure4xx,
  ensureEqual,
  ensureJsonBody,
  ensureNoSchemaErrors,
  ensureStatus,
  isObject,
} from '../../harness/checks/ensure.ts';
import { fail } from '../../harness/checks/failure.ts';
import { precondition } from '../../harness/checks/precondition.ts';
import { ask, askAsync, deliveryJudgedElsewhere, ensureProperty, deliveryWithQuestion, deliveryWithText, is2xx, itemsOf, questionIdIn } from './helpers.ts';

const ASYNC = 'POST /chatapi/{token}/async';
const ASYNC_SECTION = 'Sending client requests asynchronously';

/** The webhook delivery of a new async request (judged to arrive by answer-reaches-webhook), and its questionId. */
async function asyncDelivery(chat: ChatApi, deliveries: DeliveryWatcher, clientId: string): Promise<{ d: Delivery; questionId: string }> {
  const questionId = await askAsync(chat, clientId, 'Tell me something');
  const d = await deliveryJudgedElsewhere(
    deliveries,
    deliveryWithQuestion(questionId),
    `the webhook delivery of the async request ${questionId}`,
    'chat-api.sendRequestAsync.answer-reaches-webhook',
  );
  return { d, questionId };
}

/** The item of a delivery that answers this questionId. */
function itemFor(d: Delivery, questionId: string): Record<string, unknown> | undefined {
  return itemsOf(d).find((i) => questionIdIn(i) === questionId);
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
    title: 'POST /chatapi/{token}/async answers a query, and an event, 2xx (200 or 202) with a string questionId',
    level: 'MUST',
    doc: 'readings',
    section: 'chat-async-answer',
  },
  async ({ chat, fresh, validators }) => {
    // "send a client request or an event": both kinds of request.
    for (const [what, request] of [
      ['with a query', { query: 'Hello' }],
      ['with an event', { event: 'start' }],
    ] as const) {
      const res = await chat.call('sendRequestAsync', { body: { clientId: fresh.id(), ...request } });
      ensure2xx(res, `${ASYNC} ${what}`);
      const body = ensureJsonBody(res, `${ASYNC} ${what}`);
      ensureNoSchemaErrors(validators.validate('AsyncResponse', body, 'response body of sendRequestAsync'), `the answer of ${ASYNC} ${what}`);
    }
  },
);

check(
  {
    id: 'chat-api.sendRequestAsync.answers-only-message-id',
    title: "the answer of POST /chatapi/{token}/async carries the message ID, not the bot's replies or answer text",
    level: 'SHOULD',
    doc: 'chatApi',
    section: ASYNC_SECTION,
    quote: 'you only get the message ID in response to the request.',
  },
  async ({ chat, fresh }) => {
    const res = await chat.call('sendRequestAsync', { body: { clientId: fresh.id(), query: 'Hello' } });
    precondition(is2xx(res) && res.isJson, `${ASYNC} was not answered 2xx with JSON (judged by chat-api.sendRequestAsync.response-matches-schema)`);
    const body = res.json;
    // "you only get the message ID": the replies and the answer text go to the webhook. A null counts as absent.
    const has = (o: unknown, k: string) => isObject(o) && o[k] !== undefined && o[k] !== null;
    const data = isObject(body) ? body.data : undefined;
    const carried = ['replies', 'answer'].filter((k) => has(body, k) || has(data, k));
    ensure(
      carried.length === 0,
      `the answer of ${ASYNC} carries ${carried.join(' and ')} (${describe(body)}), expected only the message ID`,
      'only the questionId',
      body,
    );
  },
);

check(
  {
    id: 'chat-api.sendRequestAsync.answer-reaches-webhook',
    title: 'after POST /chatapi/{token}/async the webhook receives an item with the questionId it answered',
    level: 'MUST',
    doc: 'chatApi',
    section: ASYNC_SECTION,
    quote: 'The rest of the information will be sent to a webhook',
  },
  async ({ chat, deliveries, fresh }) => {
    const clientId = fresh.id();
    const res = await chat.call('sendRequestAsync', { body: { clientId, query: 'Where is my parcel?' } });
    ensure2xx(res, ASYNC);
    const questionId = questionIdIn(ensureJsonBody(res, ASYNC));
    if (questionId === undefined)
      fail(`the answer of ${ASYNC} is ${describe(res.json)}: without a questionId its webhook delivery cannot be matched`, 'a questionId', res.json);
    await deliveries.waitFor(deliveryWithQuestion(questionId), `a webhook delivery with an item whose questionId is ${questionId}`);
  },
);

check(
  {
    id: 'chat-api.sendRequestAsync.accepts-concurrent-requests',
    title: 'four POST /chatapi/{token}/async requests of one client sent at once are each accepted and each answered on the webhook',
    level: 'MUST',
    doc: 'chatApi',
    section: 'Webhook for asynchronous requests',
    quote: 'You can send new requests without waiting for the server to finish processing the previous ones.',
  },
  async ({ chat, deliveries, fresh }) => {
    const clientId = fresh.id();
    const answers = await Promise.all([1, 2, 3, 4].map((n) => chat.call('sendRequestAsync', { body: { clientId, query: `campaign message ${n}` } })));
    const ids: string[] = [];
    for (const [i, res] of answers.entries()) {
      ensure2xx(res, `${ASYNC} number ${i + 1} of 4 sent at once`);
      const q = questionIdIn(ensureJsonBody(res, `${ASYNC} number ${i + 1} of 4 sent at once`));
      precondition(q, `the answer of ${ASYNC} carries no questionId (judged by chat-api.sendRequestAsync.response-matches-schema)`);
      ids.push(q);
    }
    // That an async answer reaches the webhook at all is answer-reaches-webhook's rule; here, that each one does.
    const [first, ...rest] = [...new Set(ids)];
    await deliveryJudgedElsewhere(
      deliveries,
      deliveryWithQuestion(first!),
      `the webhook delivery answering ${first}`,
      'chat-api.sendRequestAsync.answer-reaches-webhook',
    );
    for (const q of rest) await deliveries.waitFor(deliveryWithQuestion(q), `the webhook delivery answering ${q}, one of 4 async requests sent at once`);
  },
);

check(
  {
    id: 'chat-api.sendRequestAsync.rejects-neither-query-nor-event',
    title: 'POST /chatapi/{token}/async refuses a request with neither query nor event with 4xx',
    level: 'MUST',
    doc: 'readings',
    section: 'chat-request-invalid-4xx',
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
    doc: 'readings',
    section: 'chat-request-invalid-400',
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
    section: ASYNC_SECTION,
    quote: 'An array of JSON objects will be sent to the webhook',
  },
  async ({ chat, deliveries, fresh }) => {
    const { d } = await asyncDelivery(chat, deliveries, fresh.id());
    ensureEqual(d.method, 'POST', 'the HTTP method of the webhook delivery');
    ensure(
      Array.isArray(d.json) && d.json.every(isObject),
      `the webhook body is ${Array.isArray(d.json) ? 'an array holding non-objects' : d.isJson ? 'a JSON value that is not an array' : 'not JSON'}, expected "an array of JSON objects"`,
      'a JSON array of objects',
      d.rawBody.slice(0, 200),
    );
  },
);

check(
  {
    id: 'chat-api.webhook.item-carries-channel-token',
    title: 'the webhook item for an async request carries the channel token',
    level: 'MUST',
    doc: 'chatApi',
    section: ASYNC_SECTION,
    quote: '"token": "token",',
  },
  async ({ chat, deliveries, fresh }) => {
    const { d, questionId } = await asyncDelivery(chat, deliveries, fresh.id());
    const item = itemFor(d, questionId);
    // Compared without printing: the token is a secret (the redactor hides it in any case).
    ensure(
      item?.token === chat.token,
      `the webhook item's token is ${item?.token === undefined || item?.token === null ? 'missing' : 'not the channel token'}, expected the channel token`,
      'the channel token',
      item?.token === undefined ? 'no token' : 'another value',
    );
  },
);

check(
  {
    id: 'chat-api.webhook.async-item-carries-client-id',
    title: "the webhook item answering an async request carries the request's clientId",
    level: 'MUST',
    doc: 'readings',
    section: 'chat-async-webhook',
  },
  async ({ chat, deliveries, fresh }) => {
    const clientId = fresh.id();
    const { d, questionId } = await asyncDelivery(chat, deliveries, clientId);
    ensureProperty(itemFor(d, questionId), 'clientId', clientId, `the clientId of the webhook item answering ${questionId}`);
  },
);

check(
  {
    id: 'chat-api.webhook.async-reply-matches-schema',
    title: 'the webhook body for an async request is an array of items with token, clientId, data and an ISO 8601 timestamp',
    level: 'MUST',
    doc: 'readings',
    section: 'chat-async-webhook',
  },
  async ({ chat, deliveries, fresh, validators, coverage }) => {
    const { d } = await asyncDelivery(chat, deliveries, fresh.id());
    ensureNoSchemaErrors(webhookSchemaErrors(validators, deliveries, coverage, d), 'the webhook body');
  },
);

check(
  {
    id: 'chat-api.webhook.agent-reply-arrives',
    title: "an agent's reply to a client is posted to the webhook with the client's clientId and the reply's text",
    level: 'MUST',
    doc: 'chatApi',
    section: ASYNC_SECTION,
    quote: 'A client have received a reply from an agent.',
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
    title: "the webhook body for an agent's reply is an array of items with token, clientId, data and an ISO 8601 timestamp",
    level: 'MUST',
    doc: 'readings',
    section: 'chat-agent-reply',
  },
  async ({ chat, driver, deliveries, fresh, validators, coverage }) => {
    const clientId = fresh.id();
    await ask(chat, clientId, 'I would like to talk to a person');
    const text = `Agent ${fresh.id('reply')}`;
    await driver.post('chat/agent-text', { clientId, text });
    const d = await deliveryJudgedElsewhere(
      deliveries,
      deliveryWithText(clientId, text),
      `the webhook delivery of the agent's reply to ${clientId}`,
      'chat-api.webhook.agent-reply-arrives',
    );
    ensureNoSchemaErrors(webhookSchemaErrors(validators, deliveries, coverage, d), "the webhook body of an agent's reply");
  },
);
