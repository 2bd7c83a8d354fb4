/**
 * POST /chatapi/{token} (sendRequest): a client request, answered synchronously by the bot.
 * The answer's shape is the reading of assumptions.md; the cid rule is the document's own.
 */
import { check } from '../../fixtures/chat-api.ts';
import { describe, ensure, ensure2xx, ensure4xx, ensureEqual, ensureJsonBody, ensureNoSchemaErrors, ensureStatus, isObject } from '../../harness/checks/ensure.ts';
import { questionIdIn } from './helpers.ts';

check(
  {
    id: 'chat-api.sendRequest.response-matches-schema',
    title: 'POST /chatapi/{token} answers 200 with clientId, questionId, data.replies of typed items and a timestamp',
    level: 'MUST',
    doc: 'assumptions',
    section: 'Chat API: POST /chatapi/{token} answers 200 with {clientId, questionId, data: {replies}, timestamp}',
  },
  async ({ chat, fresh }) => {
    const res = await chat.call('sendRequest', { body: { clientId: fresh.id(), query: 'What can you do?' } });
    ensureStatus(res, 200, 'POST /chatapi/{token}');
    ensureJsonBody(res, 'POST /chatapi/{token}');
    ensureNoSchemaErrors(res.schemaErrors, 'the answer of POST /chatapi/{token}');
  },
);

check(
  {
    id: 'chat-api.sendRequest.timestamp-is-iso-8601',
    title: 'the timestamp of the answer is an ISO 8601 date and time, with or without a UTC offset',
    level: 'MUST',
    doc: 'assumptions',
    section: 'Chat API: timestamp is an ISO 8601 date and time, with or without a UTC offset',
  },
  async ({ chat, fresh, validators }) => {
    const res = await chat.call('sendRequest', { body: { clientId: fresh.id(), query: 'What time is it?' } });
    ensure2xx(res, 'POST /chatapi/{token}');
    const body = ensureJsonBody(res, 'POST /chatapi/{token}');
    const ts = isObject(body) ? body.timestamp : undefined;
    // The Timestamp schema accepts 2022-09-28T12:32:13.262 (the document's example) as well as Z or ±hh:mm.
    const errors = validators.validate('Timestamp', ts, 'timestamp');
    ensure(errors.length === 0, `the answer's timestamp is ${describe(ts)}, expected an ISO 8601 date and time such as "2022-09-28T12:32:13.262"`, '2022-09-28T12:32:13.262', ts);
  },
);

check(
  {
    id: 'chat-api.sendRequest.echoes-cid',
    title: 'the cid sent with a request comes back in the answer',
    level: 'MUST',
    doc: 'chatApi',
    section: 'Sending client requests synchronously',
  },
  async ({ chat, fresh }) => {
    const cid = fresh.id('connection');
    const res = await chat.call('sendRequest', { body: { clientId: fresh.id(), query: 'Hello', cid } });
    ensure2xx(res, 'POST /chatapi/{token} with a cid');
    const body = ensureJsonBody(res, 'POST /chatapi/{token} with a cid');
    ensureEqual(isObject(body) ? body.cid : undefined, cid, 'the cid of the answer');
  },
);

check(
  {
    id: 'chat-api.sendRequest.question-ids-unique',
    title: 'each answered request gets its own questionId',
    level: 'MUST',
    doc: 'chatApi',
    section: 'Getting the message status',
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
    ensure(new Set(present).size === present.length, `three requests were answered with the questionIds ${describe(ids)}, expected a distinct message ID for each`, 'distinct ids', ids);
  },
);

check(
  {
    id: 'chat-api.sendRequest.rejects-neither-query-nor-event',
    title: 'POST /chatapi/{token} refuses a request with neither query nor event with 4xx',
    level: 'MUST',
    doc: 'assumptions',
    section: 'Chat API: without clientId, or with neither query nor event: 4xx',
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
    doc: 'assumptions',
    section: 'Chat API: without clientId, or with neither query nor event: 400 (SHOULD)',
  },
  async ({ chat, fresh }) => {
    ensureStatus(await chat.call('sendRequest', { body: { query: 'Hello' } }), 400, 'POST /chatapi/{token} without clientId');
    ensureStatus(await chat.call('sendRequest', { body: { clientId: fresh.id() } }), 400, 'POST /chatapi/{token} with neither query nor event');
  },
);
