/**
 * getDestinations: the agent groups a chat can be routed to. The document shows the answer's body and
 * names no status, so any 2xx with that body conforms (reading gen-2xx-for-200).
 */
import { check } from '../../fixtures/operator-api.ts';
import { ensure2xx, ensureJsonBody, ensureNoSchemaErrors } from '../../harness/checks/ensure.ts';

check(
  {
    // The id predates the reading that any 2xx conforms; ids are never renamed.
    id: 'operator-api.getDestinations.answers-200-json',
    title: 'getDestinations answers a 2xx status with a JSON body',
    level: 'MUST',
    doc: 'readings',
    section: 'op-destinations-shape',
  },
  async ({ api }) => {
    const res = await api.call('getDestinations');
    ensure2xx(res, 'getDestinations');
    ensureJsonBody(res, 'getDestinations');
  },
);

check(
  {
    id: 'operator-api.getDestinations.response-matches-schema',
    title: 'getDestinations lists groups with a string destinationId, a string name and a boolean hasOnline',
    level: 'MUST',
    doc: 'readings',
    section: 'op-destinations-shape',
  },
  async ({ api, validators }) => {
    const res = await api.call('getDestinations');
    ensure2xx(res, 'getDestinations');
    const body = ensureJsonBody(res, 'getDestinations');
    // Validated here whatever the 2xx status: the spec's schema belongs to the documented body.
    ensureNoSchemaErrors(validators.validate('DestinationsResponse', body, 'the getDestinations answer'), 'the getDestinations answer');
  },
);
