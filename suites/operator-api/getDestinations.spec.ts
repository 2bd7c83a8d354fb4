/** getDestinations: the agent groups a chat can be routed to. */
import { check } from '../../fixtures/operator-api.ts';
import { ensureJsonBody, ensureNoSchemaErrors, ensureStatus } from '../../harness/checks/ensure.ts';

check(
  {
    id: 'operator-api.getDestinations.answers-200-json',
    title: 'getDestinations answers 200 with a JSON body',
    level: 'MUST',
    doc: 'operator',
    section: 'GET /getDestinations',
  },
  async ({ api }) => {
    const res = await api.call('getDestinations');
    ensureStatus(res, 200, 'getDestinations');
    ensureJsonBody(res, 'getDestinations');
  },
);

check(
  {
    id: 'operator-api.getDestinations.response-matches-schema',
    title: 'getDestinations lists groups with a string destinationId, a string name and a boolean hasOnline',
    level: 'MUST',
    doc: 'operator',
    section: 'GET /getDestinations',
  },
  async ({ api }) => {
    const res = await api.call('getDestinations');
    ensureStatus(res, 200, 'getDestinations');
    ensureJsonBody(res, 'getDestinations');
    ensureNoSchemaErrors(res.schemaErrors, 'the getDestinations answer');
  },
);
