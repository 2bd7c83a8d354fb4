/**
 * GET /chatapi/{token} (sendRequestSimple): "A simplified method that returns several parameters of
 * the request: clientId, query, and event." Whether it is also a full request (a questionId, a
 * history entry, a status) is not specified and not checked.
 */
import { check } from '../../fixtures/chat-api.ts';
import { ensure2xx, ensure4xx, ensureEqual, ensureJsonBody, ensureNoSchemaErrors, ensureStatus, isObject } from '../../harness/checks/ensure.ts';

check(
  {
    id: 'chat-api.sendRequestSimple.echoes-request',
    title: 'GET /chatapi/{token} answers with the clientId and the query or event it was given',
    level: 'MUST',
    doc: 'chatApi',
    section: 'Sending client requests synchronously',
  },
  async ({ chat, fresh }) => {
    const clientId = fresh.id();
    const query = `Where is my order ${fresh.id('n')}?`;
    const byQuery = await chat.call('sendRequestSimple', { query: { clientId, query } });
    ensure2xx(byQuery, 'GET /chatapi/{token} with a query');
    const a = ensureJsonBody(byQuery, 'GET /chatapi/{token} with a query');
    ensureEqual(isObject(a) ? a.clientId : undefined, clientId, 'the clientId of the answer to GET /chatapi/{token}');
    ensureEqual(isObject(a) ? a.query : undefined, query, 'the query of the answer to GET /chatapi/{token}');

    const event = fresh.id('event');
    const byEvent = await chat.call('sendRequestSimple', { query: { clientId, event } });
    ensure2xx(byEvent, 'GET /chatapi/{token} with an event');
    const b = ensureJsonBody(byEvent, 'GET /chatapi/{token} with an event');
    ensureEqual(isObject(b) ? b.event : undefined, event, 'the event of the answer to GET /chatapi/{token}');
  },
);

check(
  {
    id: 'chat-api.sendRequestSimple.response-matches-schema',
    title: 'GET /chatapi/{token} answers 200 with string clientId, query and event fields',
    level: 'MUST',
    doc: 'assumptions',
    section: 'Chat API: GET /chatapi/{token} answers 200 JSON with clientId and the query or event',
  },
  async ({ chat, fresh }) => {
    const clientId = fresh.id();
    for (const [label, query] of [
      ['a query', { clientId, query: 'Hello' }],
      ['an event', { clientId, event: 'start' }],
    ] as const) {
      const res = await chat.call('sendRequestSimple', { query });
      ensureStatus(res, 200, `GET /chatapi/{token} with ${label}`);
      ensureJsonBody(res, `GET /chatapi/{token} with ${label}`);
      ensureNoSchemaErrors(res.schemaErrors, `the answer of GET /chatapi/{token} with ${label}`);
    }
  },
);

check(
  {
    id: 'chat-api.sendRequestSimple.rejects-neither-query-nor-event',
    title: 'GET /chatapi/{token} with neither query nor event is refused with 4xx',
    level: 'MUST',
    doc: 'assumptions',
    section: 'Chat API: GET /chatapi/{token} with neither query nor event: 4xx',
  },
  async ({ chat, fresh }) => {
    ensure4xx(await chat.call('sendRequestSimple', { query: { clientId: fresh.id() } }), 'GET /chatapi/{token} with neither query nor event');
  },
);
