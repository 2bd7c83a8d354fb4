import type { ResponseMutant } from '../common/response-mutants.ts';
import type { MutantId } from './mutants.ts';

/**
 * The Chat API mutants that only reshape an answer, applied by one `onSend` hook
 * (../common/response-mutants.ts) so that the routes read as the conformant Chat API.
 * Routes are written under the base path (`/chatadapter` under path-prefix).
 */
const SEND = 'POST /chatapi/:token';
const HISTORY = 'GET /chatapi/:token/client/:clientId/history';
const STATUS = 'GET /chatapi/:token/client/:clientId/message/:questionId/status';
const NOT_READ = 'GET /chatapi/:token/client/:clientId/message-not-read-count';
const EVENTS = 'GET /chatapi/:token/events';

type Entry = Record<string, unknown>;
const without = (o: Entry, key: string): Entry => Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));

export const RESPONSE_MUTANTS: ReadonlyArray<ResponseMutant<MutantId>> = [
  { mutant: 'cid-not-echoed', route: SEND, reshape: (b: Entry) => ({ json: without(b, 'cid') }) },
  { mutant: 'answer-text-missing', route: SEND, reshape: (b: Entry & { data: Entry }) => ({ json: { ...b, data: without(b.data, 'answer') } }) },
  { mutant: 'timestamp-epoch-number', route: SEND, reshape: (b: Entry & { timestamp: string }) => ({ json: { ...b, timestamp: Date.parse(b.timestamp) } }) },
  {
    mutant: 'history-missing-timestamp',
    route: HISTORY,
    reshape: (b: Entry[] | { history: Entry[] }) => {
      const list = (Array.isArray(b) ? b : b.history).map((e) => without(e, 'timestamp'));
      return { json: Array.isArray(b) ? list : { ...b, history: list } };
    },
  },
  // The status as a bare JSON string ("SENT") instead of {"status": "SENT"}.
  { mutant: 'status-answer-bare-string', route: STATUS, reshape: (b: { status: string }) => ({ json: b.status }) },
  { mutant: 'not-read-count-string', route: NOT_READ, reshape: (b: Entry & { count: number }) => ({ json: { ...b, count: String(b.count) } }) },
  { mutant: 'event-missing-type', route: EVENTS, reshape: (b: { events: Entry[] }) => ({ json: { ...b, events: b.events.map((e) => without(e, 'type')) } }) },
];
