import type { MutantSpec, ReferenceOptions, VariationSpec } from '../types.ts';

/**
 * The deliberately broken variants of the Operator API reference, and the conformant variations.
 * Each id is consulted at the one place where its rule lives (`sw.mutant('…')`); the typed ids make a
 * misspelt check a compile error instead of a mutant that silently breaks nothing.
 */
const BREAKS = {
  'set-webhook-ignored': 'After a second setWebhook, events keep going to the first webhook ever set.',
  'webhook-query-dropped': 'The query string of the webhook URL is stripped before events are posted.',
  'webhook-path-truncated': 'The last path segment of the webhook URL is dropped before events are posted.',
  'destinations-has-online-string': 'getDestinations answers hasOnline as the string "true"/"false" instead of a boolean.',
  'destinations-missing-name': 'getDestinations answers destinations without a name.',
  'destinations-bare-array': 'getDestinations answers the bare array instead of {"destinations": [...]}.',
  'hidden-attributes-leak': 'hiddenAttributes of selectDestination are shown to the agent with the attributes.',
  'attributes-dropped': 'attributes of selectDestination are not shown to the agent.',
  'default-name-anonymous': 'Without userName the agent sees "Anonymous" instead of "{channel} {userId}".',
  'user-name-ignored': 'A userName given to selectDestination is replaced by the default name.',
  'send-text-not-recorded': 'sendText answers 200 but the text never reaches the agent.',
  'send-text-unicode-mangled': 'Non-ASCII characters of a sendText text reach the agent as "?".',
  'send-file-url-lost': 'The url of sendFile never reaches the agent.',
  'send-file-requires-optional': 'sendFile without the optional fileName or size is refused with 400.',
  'select-destination-requires-optional': 'selectDestination without the optional userName or attributes is refused with 400.',
  'missing-field-accepted': 'sendText without the mandatory text answers 200 and is recorded.',
  'bad-json-500': 'A body that is not JSON is answered 500 instead of 4xx.',
  'send-text-500': 'sendText always answers 500.',
  'event-text-trimmed': 'TextMessage text is trimmed and truncated to 1000 characters.',
  'event-missing-avatar': 'The employee of events has no avatarUrl.',
  'event-id-reused': 'Every event has the id "1".',
  'event-duplicated': 'Every event is posted twice.',
  'event-wrong-user': 'An event carries the userId of the chat opened last, not of the chat the agent acted in.',
  'event-array-body': 'Events are posted as a one-element JSON array instead of an object.',
  'event-wrong-content-type': 'Events are posted with Content-Type text/plain.',
  'event-wrong-method': 'Events are sent with PUT instead of POST.',
  'events-reordered': "Each user's second event is delayed 300 ms, so later events overtake it.",
  'file-size-string': 'FileMessage size is a numeric string instead of an integer.',
  'file-missing-comment': 'FileMessage has no comment.',
  'transfer-missing-destination-name': 'SelectDestination destination has no name.',
  'closed-wrong-type': 'The Closed event has type "Close".',
  'transfer-has-online-string': 'SelectDestination destination.hasOnline is the string "true"/"false" instead of a boolean.',
} as const;

export type MutantId = keyof typeof BREAKS;

const DESCRIPTIONS = {
  'answers-204': 'Every successful POST is answered 204 with no body (getDestinations still 200 with its JSON).',
  'extra-fields': 'Extra unknown fields in every answer body and every event (top level and nested objects).',
  'delayed-delivery': 'Each event is posted 1000 ms after the driver call that caused it.',
  'path-prefix': 'The API is served under the path prefix /operator/v1, so the target ends with that prefix.',
} as const;

export type VariationId = keyof typeof DESCRIPTIONS;

/** `kills` is filled by the lead with the check ids each mutant must fail. */
export const mutants: MutantSpec[] = (Object.keys(BREAKS) as MutantId[]).map((id) => ({
  id,
  breaks: BREAKS[id],
  kills: [],
}));

export const variations: VariationSpec[] = (Object.keys(DESCRIPTIONS) as VariationId[]).map((id) => ({
  id,
  description: DESCRIPTIONS[id],
}));

/** The one mutant and the one variation a reference instance runs with. */
export interface Switches {
  mutant(id: MutantId): boolean;
  variation(id: VariationId): boolean;
}

/** Validate the ids of `opts` (an unknown id is a self-test bug: fail loudly) and return the switches. */
export function switches(opts: Pick<ReferenceOptions, 'mutant' | 'variation'>): Switches {
  if (opts.mutant !== undefined && !(opts.mutant in BREAKS)) {
    throw new Error(`operator-api reference: unknown mutant "${opts.mutant}"`);
  }
  if (opts.variation !== undefined && !(opts.variation in DESCRIPTIONS)) {
    throw new Error(`operator-api reference: unknown variation "${opts.variation}"`);
  }
  return {
    mutant: (id) => opts.mutant === id,
    variation: (id) => opts.variation === id,
  };
}

/** The path prefix of the API routes: `/operator/v1` under the path-prefix variation, else none. */
export function basePathFor(opts: Pick<ReferenceOptions, 'variation'>): string {
  return opts.variation === 'path-prefix' ? '/operator/v1' : '';
}
