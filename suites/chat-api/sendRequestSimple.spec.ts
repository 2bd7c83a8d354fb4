/**
 * GET /chatapi/{token} (sendRequestSimple): "A simplified method that returns several parameters of
 * the request: clientId, query, and event." Whether it is also a full request (a questionId, a
 * history entry, a status) is open (reading chat-simple-get-kind); where it answers with a
 * questionId, history.lists-simple-get-question-ids holds it to the history.
 */
import { check } from '../../fixtures/chat-api.ts';
import { ensure2xx, ensure4xx, ensureJsonBody } from '../../harness/checks/ensure.ts';
import { ensureProperty } from './helpers.ts';

check(
  {
    id: 'chat-api.sendRequestSimple.echoes-request',
    title: 'GET /chatapi/{token} answers 2xx with a JSON object holding the clientId and the query or event it was given',
    level: 'MUST',
    doc: 'chatApi',
    section: 'Sending client requests synchronously',
    quote: 'A simplified method that returns several parameters of the request: clientId, query, and event.',
  },
  async ({ chat, fresh }) => {
    const clientId = fresh.id();
    const query = `Where is my order ${fresh.id('n')}?`;
    const byQuery = await chat.call('sendRequestSimple', { query: { clientId, query } });
    ensure2xx(byQuery, 'GET /chatapi/{token} with a query');
    const a = ensureJsonBody(byQuery, 'GET /chatapi/{token} with a query');
    ensureProperty(a, 'clientId', clientId, 'the clientId of the answer to GET /chatapi/{token}');
    ensureProperty(a, 'query', query, 'the query of the answer to GET /chatapi/{token}');

    const event = fresh.id('event');
    const byEvent = await chat.call('sendRequestSimple', { query: { clientId, event } });
    ensure2xx(byEvent, 'GET /chatapi/{token} with an event');
    const b = ensureJsonBody(byEvent, 'GET /chatapi/{token} with an event');
    ensureProperty(b, 'clientId', clientId, 'the clientId of the answer to GET /chatapi/{token} with an event');
    ensureProperty(b, 'event', event, 'the event of the answer to GET /chatapi/{token}');
  },
);

check(
  {
    id: 'chat-api.sendRequestSimple.rejects-neither-query-nor-event',
    title: 'GET /chatapi/{token} with neither query nor event is refused with 4xx',
    level: 'MUST',
    doc: 'readings',
    section: 'chat-simple-get',
  },
  async ({ chat, fresh }) => {
    ensure4xx(await chat.call('sendRequestSimple', { query: { clientId: fresh.id() } }), 'GET /chatapi/{token} with neither query nor event');
  },
);
