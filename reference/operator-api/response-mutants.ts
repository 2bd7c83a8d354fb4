import type { ResponseMutant } from '../common/response-mutants.ts';
import type { MutantId } from './mutants.ts';

/**
 * The Operator API mutants that only reshape an answer, applied by one `onSend` hook
 * (../common/response-mutants.ts) so that server.ts reads as the conformant platform.
 */
const INTERNAL_ERROR = { status: 500, json: { error: 'internal error' } };

type Destination = { destinationId: string; name?: string; hasOnline: boolean | string };

export const RESPONSE_MUTANTS: ReadonlyArray<ResponseMutant<MutantId>> = [
  // The webhook is stored, yet the answer says it failed.
  { mutant: 'set-webhook-answers-500', route: 'POST /setWebhook', reshape: () => INTERNAL_ERROR },
  // The chat is closed, yet the answer says it failed.
  { mutant: 'close-chat-500', route: 'POST /closeChat', reshape: () => INTERNAL_ERROR },
  {
    mutant: 'destinations-has-online-string',
    route: 'GET /getDestinations',
    reshape: (b: { destinations: Destination[] }) => ({ json: { ...b, destinations: b.destinations.map((d) => ({ ...d, hasOnline: String(d.hasOnline) })) } }),
  },
  {
    mutant: 'destinations-missing-name',
    route: 'GET /getDestinations',
    reshape: (b: { destinations: Destination[] }) => ({ json: { ...b, destinations: b.destinations.map(({ name: _name, ...d }) => d) } }),
  },
  { mutant: 'destinations-bare-array', route: 'GET /getDestinations', reshape: (b: { destinations: Destination[] }) => ({ json: b.destinations }) },
  {
    mutant: 'destinations-not-json',
    route: 'GET /getDestinations',
    reshape: (b: { destinations: Destination[] }) => ({
      text: { type: 'text/plain', body: b.destinations.map((d) => `${d.destinationId} ${d.name} ${d.hasOnline ? 'online' : 'offline'}`).join('\n') },
    }),
  },
];
