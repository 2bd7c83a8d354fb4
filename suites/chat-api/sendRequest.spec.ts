/**
 * POST /chatapi/{token} (sendRequest): a client request, answered synchronously by the bot.
 * The cid and the request's own information in the answer are the document's rules; the answer's
 * shape is reading chat-answer-shape (docs/readings/chat-api.md). The document names no status:
 * any 2xx conforms (gen-2xx-for-200), and a property the request did not carry may be null
 * (gen-null-absent).
 */
import { check, type ChatApi } from '../../fixtures/chat-api.ts';
import { describe, ensure, ensure2xx, ensure4xx, ensureJsonBody, ensureNoSchemaErrors, ensureStatus, isObject, received } from '../../harness/checks/ensure.ts';
import { ensureProperty, questionIdIn } from './helpers.ts';

const SYNC = 'Sending client requests synchronously';

/** Send a request, which must be answered 2xx with JSON, and hold the answer to carry `key` as the request gave it. */
async function ensureEchoed(chat: ChatApi, request: Record<string, unknown>, key: string, what: string): Promise<void> {
  const res = await chat.call('sendRequest', { body: request });
  ensure2xx(res, what);
  const body = ensureJsonBody(res, what);
  ensureProperty(body, key, request[key], `the ${key} of the answer`, res);
}

check(
  {
    id: 'chat-api.sendRequest.response-matches-schema',
    title: 'POST /chatapi/{token} answers 2xx with clientId, questionId, data.replies of typed items and a timestamp',
    level: 'MUST',
    doc: 'readings',
    section: 'chat-answer-shape',
  },
  async ({ chat, fresh, validators }) => {
    const res = await chat.call('sendRequest', { body: { clientId: fresh.id(), query: 'What can you do?' } });
    ensure2xx(res, 'POST /chatapi/{token}');
    const body = ensureJsonBody(res, 'POST /chatapi/{token}');
    ensureNoSchemaErrors(validators.validate('ChatResponse', body, 'response body of sendRequest'), 'the answer of POST /chatapi/{token}');
  },
);

check(
  {
    id: 'chat-api.sendRequest.timestamp-is-iso-8601',
    title: 'the timestamp of the answer is an ISO 8601 date and time, with or without a UTC offset',
    level: 'MUST',
    doc: 'readings',
    section: 'chat-timestamp-iso',
  },
  async ({ chat, fresh, validators }) => {
    const res = await chat.call('sendRequest', { body: { clientId: fresh.id(), query: 'What time is it?' } });
    ensure2xx(res, 'POST /chatapi/{token}');
    const body = ensureJsonBody(res, 'POST /chatapi/{token}');
    const ts = isObject(body) ? body.timestamp : undefined;
    // The Timestamp schema accepts 2022-09-28T12:32:13.262 (the document's example) as well as Z or ±hh:mm.
    const errors = validators.validate('Timestamp', ts, 'timestamp');
    ensure(
      errors.length === 0,
      `the answer's timestamp is ${describe(ts)}, expected an ISO 8601 date and time such as "2022-09-28T12:32:13.262"`,
      '2022-09-28T12:32:13.262',
      ts,
    );
  },
);

check(
  {
    id: 'chat-api.sendRequest.answer-text',
    title: "the answer's data.answer holds the bot's text, as in the document's example",
    level: 'SHOULD',
    doc: 'readings',
    section: 'chat-answer-text',
  },
  async ({ chat, fresh }) => {
    const res = await chat.call('sendRequest', { body: { clientId: fresh.id(), query: 'Hello' } });
    ensure2xx(res, 'POST /chatapi/{token}');
    const body = ensureJsonBody(res, 'POST /chatapi/{token}');
    const answer = isObject(body) && isObject(body.data) ? body.data.answer : undefined;
    const seen = answer === undefined || answer === null ? 'missing' : describe(answer);
    ensure(
      typeof answer === 'string' && answer.trim() !== '',
      `the answer's data.answer is ${seen}, expected the bot's text (a non-empty string)`,
      "the bot's text",
      received(answer),
    );
  },
);

check(
  {
    id: 'chat-api.sendRequest.answer-carries-client-id',
    title: "the answer carries the request's clientId",
    level: 'MUST',
    doc: 'chatApi',
    section: SYNC,
    quote: 'The method returns detailed information about the request',
  },
  async ({ chat, fresh }) => {
    await ensureEchoed(chat, { clientId: fresh.id(), query: 'Who am I?' }, 'clientId', 'POST /chatapi/{token}');
  },
);

check(
  {
    id: 'chat-api.sendRequest.echoes-cid',
    title: 'the cid sent with a request comes back in the answer',
    level: 'MUST',
    doc: 'chatApi',
    section: SYNC,
    quote: 'The method returns detailed information about the request, including cid.',
  },
  async ({ chat, fresh }) => {
    await ensureEchoed(chat, { clientId: fresh.id(), query: 'Hello', cid: fresh.id('connection') }, 'cid', 'POST /chatapi/{token} with a cid');
  },
);

check(
  {
    id: 'chat-api.sendRequest.echoes-arbitrary-cid',
    title: 'a cid of spaces, punctuation and non-ASCII characters is accepted and comes back unchanged',
    level: 'MUST',
    doc: 'chatApi',
    section: SYNC,
    quote: 'This arbitrary string determines the current connection to the chat application.',
  },
  async ({ chat, fresh }) => {
    // Arbitrary, but nothing a transport could fairly refuse: no control characters, no surrounding whitespace.
    const cid = `tab 2/ü:${fresh.id('conn')}?#&=+ "вкладка" 🚀`;
    await ensureEchoed(chat, { clientId: fresh.id(), query: 'Hello', cid }, 'cid', 'POST /chatapi/{token} with an arbitrary cid');
  },
);

check(
  {
    id: 'chat-api.sendRequest.question-ids-unique',
    title: 'each answered request gets its own questionId',
    level: 'MUST',
    doc: 'chatApi',
    section: 'Getting the message status',
    quote: 'questionId — the message ID.',
  },
  async ({ chat, fresh }) => {
    const clientId = fresh.id();
    const ids: unknown[] = [];
    for (const query of ['first question', 'second question', 'third question']) {
      const res = await chat.call('sendRequest', { body: { clientId, query } });
      ensure2xx(res, 'POST /chatapi/{token}');
      ids.push(questionIdIn(ensureJsonBody(res, 'POST /chatapi/{token}')));
    }
    // A missing questionId is the schema check's business; only ids that are there are compared.
    const present = ids.filter((q) => q !== undefined);
    ensure(
      new Set(present).size === present.length,
      `three requests were answered with the questionIds ${describe(ids)}, expected a distinct message ID for each`,
      'distinct ids',
      ids,
    );
  },
);

check(
  {
    id: 'chat-api.sendRequest.rejects-neither-query-nor-event',
    title: 'POST /chatapi/{token} refuses a request with neither query nor event with 4xx',
    level: 'MUST',
    doc: 'readings',
    section: 'chat-request-invalid-4xx',
  },
  async ({ chat, fresh }) => {
    ensure4xx(await chat.call('sendRequest', { body: { clientId: fresh.id() } }), 'POST /chatapi/{token} with neither query nor event');
  },
);

check(
  {
    id: 'chat-api.sendRequest.bad-request-is-400',
    title: 'POST /chatapi/{token} answers 400 to a request without clientId or with neither query nor event',
    level: 'SHOULD',
    doc: 'readings',
    section: 'chat-request-invalid-400',
  },
  async ({ chat, fresh }) => {
    ensureStatus(await chat.call('sendRequest', { body: { query: 'Hello' } }), 400, 'POST /chatapi/{token} without clientId');
    ensureStatus(await chat.call('sendRequest', { body: { clientId: fresh.id() } }), 400, 'POST /chatapi/{token} with neither query nor event');
  },
);
