import type { MutantSpec, VariationSpec } from '../types.ts';

/**
 * The mutant catalogue of the Chat API reference. Each entry breaks exactly one rule of
 * specs/chat-api.yaml / assumptions.md; the code consults it at the single place that rule lives.
 * Keyed by id so that the compiler rejects a typo in `m.has('...')` and every id has a sentence.
 * `kills` lists the check ids the self-test expects to fail; the lead fills them in.
 */
const catalogue = {
  'cid-not-echoed': { breaks: 'POST /chatapi/{token} answers without the cid the request carried.', kills: [] },
  'cid-filter-ignored': {
    breaks: 'GET /events with cid also returns bot responses to requests of other connections (or without cid).',
    kills: [],
  },
  'async-returns-replies': { breaks: 'POST /async answers with data.replies besides the questionId.', kills: [] },
  'async-webhook-missing': { breaks: 'POST /async never posts its answer to the webhook.', kills: [] },
  'async-webhook-not-array': { breaks: 'The async webhook body is a single JSON object, not an array.', kills: [] },
  'async-webhook-wrong-question-id': {
    breaks: 'The async webhook item carries a questionId other than the one /async answered.',
    kills: [],
  },
  'async-webhook-missing-token': { breaks: 'The async webhook item has no token.', kills: [] },
  'agent-reply-not-on-webhook': { breaks: 'An agent reply is never posted to the webhook.', kills: [] },
  'agent-reply-not-in-events': { breaks: 'An agent reply never appears in GET /events.', kills: [] },
  'events-ts-ignored': { breaks: 'GET /events ignores ts and returns events from before it.', kills: [] },
  'events-all-ignored': { breaks: 'GET /events with all=true still returns agent replies only.', kills: [] },
  'events-default-includes-bot': { breaks: 'GET /events without all returns bot responses too.', kills: [] },
  'events-no-cap': { breaks: 'GET /events returns more than 250 events.', kills: [] },
  'history-drops-last': { breaks: 'GET history omits the newest entry.', kills: [] },
  'history-missing-timestamp': { breaks: 'History entries carry no timestamp.', kills: [] },
  'state-not-deep-equal': {
    breaks: 'GET state returns arrays inside the saved object as objects keyed by index.',
    kills: [],
  },
  'state-truncated-large': { breaks: 'POST state refuses bodies over 64 KB with 413.', kills: [] },
  'state-bad-json-accepted': { breaks: 'POST state answers 200 to a body that is not valid JSON.', kills: [] },
  'status-update-ignored': { breaks: 'POST message status answers 200 but does not change the status.', kills: [] },
  'status-bad-accepted': { breaks: 'POST message status answers 200 to a status outside the four.', kills: [] },
  'status-unknown-question-200': {
    breaks: 'GET message status answers 200 {"status":"SENT"} for a questionId never answered.',
    kills: [],
  },
  'batch-statuses-ignored': { breaks: 'POST message-statuses answers 200 but changes nothing.', kills: [] },
  'not-read-count-stale': { breaks: 'The not-read count never decreases after messages are marked READ.', kills: [] },
  'not-read-count-counts-read': { breaks: 'The not-read count includes messages whose status is READ.', kills: [] },
  'unknown-token-accepted': { breaks: 'Any token is accepted, not only the channel token.', kills: [] },
  'unknown-token-500': { breaks: 'An unknown token is answered 500 instead of 4xx.', kills: [] },
  'missing-client-id-accepted': {
    breaks: 'POST /chatapi/{token} and POST /async answer 200 to a body without clientId.',
    kills: [],
  },
  'missing-query-and-event-accepted': {
    breaks: 'POST /chatapi/{token} and POST /async answer 200 to a body with neither query nor event.',
    kills: [],
  },
  'timestamp-epoch-number': {
    breaks: 'POST /chatapi/{token} answers with timestamp as a number of milliseconds, not an ISO 8601 string.',
    kills: [],
  },
  'replies-missing-type': { breaks: 'The replies of an answer carry no type.', kills: [] },
  'simple-get-no-echo': { breaks: 'GET /chatapi/{token} answers without the query or event it was given.', kills: [] },
  'new-message-read': { breaks: 'A message the bot has just sent starts with status READ.', kills: [] },
  'question-id-reused': { breaks: 'Every answer carries the same questionId.', kills: [] },
  'simple-get-accepts-empty': { breaks: 'GET /chatapi/{token} with neither query nor event is answered 200.', kills: [] },
} satisfies Record<string, Omit<MutantSpec, 'id'>>;

export type MutantId = keyof typeof catalogue;

export const mutants: MutantSpec[] = Object.entries(catalogue).map(([id, m]) => ({
  id,
  breaks: m.breaks,
  kills: [...(m.kills as string[])],
}));

const variationCatalogue = {
  'long-polling': {
    description: 'GET /events holds the request up to 25 s while there is nothing to return, answering as soon as an event arrives.',
  },
  'path-prefix': { description: 'Everything is served under the base path /chatadapter (target ends in a path).' },
  'history-object': { description: 'History is answered as an object holding one array: {"history": [...]}.' },
  'count-bare': { description: 'The not-read count is answered as a bare JSON integer.' },
  'answers-204': { description: 'State save, status update and batch status update answer 204 with no body.' },
} satisfies Record<string, Omit<VariationSpec, 'id'>>;

export type VariationId = keyof typeof variationCatalogue;

export const variations: VariationSpec[] = Object.entries(variationCatalogue).map(([id, v]) => ({
  id,
  description: v.description,
}));

/** The active mutant, looked up by typed id at each rule's single point. */
export class ActiveMutant {
  private readonly id: MutantId | undefined;
  constructor(id: string | undefined) {
    if (id !== undefined && !(id in catalogue)) throw new Error(`chat-api reference: unknown mutant "${id}"`);
    this.id = id as MutantId | undefined;
  }
  has(id: MutantId): boolean {
    return this.id === id;
  }
}

/** The active conformant variation, same idea. */
export class ActiveVariation {
  private readonly id: VariationId | undefined;
  constructor(id: string | undefined) {
    if (id !== undefined && !(id in variationCatalogue)) throw new Error(`chat-api reference: unknown variation "${id}"`);
    this.id = id as VariationId | undefined;
  }
  has(id: VariationId): boolean {
    return this.id === id;
  }
}
