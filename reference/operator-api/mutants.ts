/**
 * The deliberately broken variants of the Operator API reference, and the conformant variations.
 * Each id is consulted at the one place where its rule lives (`sw.mutant('…')`); the typed ids make a
 * misspelt check a compile error instead of a mutant that silently breaks nothing.
 * @module
 */

import { defineCatalogue, type MutantEntry, type MutantIdOf, type SwitchesOf, type VariationIdOf } from '../common/catalogue.ts';

/**
 * Every check that needs the IUT's agent events to reach the suite's webhook: a mutant that stops them
 * (or stops the chats that make them) fails all of these. A new check that waits for an agent event
 * joins this list, not each mutant's.
 */
const EVENT_CHECKS = [
  'operator-api.Closed.matches-schema',
  'operator-api.FileMessage.comment-intact',
  'operator-api.FileMessage.fields-intact',
  'operator-api.FileMessage.matches-schema',
  'operator-api.FileMessage.size-intact',
  'operator-api.FileMessage.size-is-integer',
  'operator-api.SelectDestination.has-online-is-boolean',
  'operator-api.SelectDestination.matches-schema',
  'operator-api.SelectDestination.names-destination',
  'operator-api.SelectDestination.names-group',
  'operator-api.TextMessage.matches-schema',
  'operator-api.TextMessage.text-intact',
  'operator-api.TextMessage.text-layout-intact',
  'operator-api.events.generated-events-match-schema',
  'operator-api.events.ids-unique',
  'operator-api.events.no-duplicates',
  'operator-api.events.per-user-order',
  'operator-api.events.posted-as-json-object',
  'operator-api.events.right-user',
  'operator-api.setWebhook.events-reach-that-url',
  'operator-api.setWebhook.keeps-query',
  'operator-api.setWebhook.second-call-moves-delivery',
  'operator-api.stateful.deliveries',
] as const;

const MUTANTS = {
  'file-size-string': {
    breaks:
      'FileMessage.size is the numeric string of the document\'s example ("12"), not the integer its table types (SHOULD only: every MUST check accepts it).',
    kills: ['operator-api.FileMessage.size-is-integer'],
  },
  'transfer-has-online-string': {
    breaks: 'SelectDestination.destination.hasOnline is the string of the document\'s example ("true"), not the boolean its table types (SHOULD only).',
    kills: ['operator-api.SelectDestination.has-online-is-boolean'],
  },
  'set-webhook-ignored': {
    breaks: 'After a second setWebhook, events keep going to the first webhook ever set.',
    kills: ['operator-api.setWebhook.keeps-query', 'operator-api.setWebhook.second-call-moves-delivery'],
  },
  'webhook-query-dropped': {
    breaks: 'The query string of the webhook URL is stripped before events are posted.',
    kills: ['operator-api.setWebhook.keeps-query'],
  },
  'webhook-path-truncated': {
    breaks: 'The last path segment of the webhook URL is dropped before events are posted.',
    kills: [...EVENT_CHECKS],
  },
  'destinations-has-online-string': {
    breaks: 'getDestinations answers hasOnline as the string "true"/"false" instead of a boolean.',
    kills: ['operator-api.getDestinations.response-matches-schema'],
  },
  'destinations-missing-name': {
    breaks: 'getDestinations answers destinations without a name.',
    kills: ['operator-api.getDestinations.response-matches-schema'],
  },
  'destinations-not-json': {
    breaks: 'getDestinations answers the groups as lines of text ("1 Agent group 1 online"), not JSON.',
    kills: [
      ...EVENT_CHECKS,
      'operator-api.closeChat.accepts-documented-example',
      'operator-api.closeChat.accepts-valid-request',
      'operator-api.closeChat.generated-invalid-4xx',
      'operator-api.closeChat.generated-valid-not-5xx',
      'operator-api.closeChat.rejects-missing-text',
      'operator-api.closeChat.rejects-missing-user-id',
      'operator-api.closeChat.rejects-non-json',
      'operator-api.getDestinations.answers-200-json',
      'operator-api.getDestinations.response-matches-schema',
      'operator-api.selectDestination.accepts-all-fields',
      'operator-api.selectDestination.accepts-documented-example',
      'operator-api.selectDestination.accepts-pre-chat-json-strings',
      'operator-api.selectDestination.accepts-required-only',
      'operator-api.selectDestination.attributes-shown',
      'operator-api.selectDestination.attributes-string-shown',
      'operator-api.selectDestination.custom-data-reaches-agent',
      'operator-api.selectDestination.default-user-name',
      'operator-api.selectDestination.generated-invalid-4xx',
      'operator-api.selectDestination.generated-plain-2xx',
      'operator-api.selectDestination.generated-valid-not-5xx',
      'operator-api.selectDestination.hidden-attributes-not-shown',
      'operator-api.selectDestination.rejects-missing-destination-id',
      'operator-api.selectDestination.rejects-missing-user-id',
      'operator-api.selectDestination.rejects-non-json',
      'operator-api.selectDestination.user-name-shown',
      'operator-api.sendFile.accepts-all-fields',
      'operator-api.sendFile.accepts-documented-example',
      'operator-api.sendFile.accepts-without-optional-fields',
      'operator-api.sendFile.generated-invalid-4xx',
      'operator-api.sendFile.generated-valid-not-5xx',
      'operator-api.sendFile.rejects-missing-url',
      'operator-api.sendFile.rejects-missing-user-id',
      'operator-api.sendFile.rejects-non-json',
      'operator-api.sendFile.url-reaches-agent',
      'operator-api.sendText.accepts-documented-example',
      'operator-api.sendText.accepts-valid-request',
      'operator-api.sendText.generated-invalid-4xx',
      'operator-api.sendText.generated-valid-not-5xx',
      'operator-api.sendText.reaches-agent',
      'operator-api.sendText.rejects-missing-text',
      'operator-api.sendText.rejects-missing-user-id',
      'operator-api.sendText.rejects-non-json',
      'operator-api.sendText.text-intact',
      'operator-api.sendText.text-layout-intact',
      'operator-api.stateful.agent-view',
      'operator-api.stateful.hidden-attributes',
    ],
  },
  'destinations-bare-array': {
    breaks: 'getDestinations answers the bare array instead of {"destinations": [...]}.',
    kills: ['operator-api.getDestinations.response-matches-schema'],
  },
  'hidden-attributes-leak': {
    breaks: 'hiddenAttributes of selectDestination are shown to the agent with the attributes.',
    kills: ['operator-api.selectDestination.hidden-attributes-not-shown', 'operator-api.stateful.hidden-attributes'],
  },
  'pre-chat-string-refused': {
    breaks: 'selectDestination refuses attributes or hiddenAttributes given as a string with 400.',
    kills: ['operator-api.selectDestination.accepts-pre-chat-json-strings', 'operator-api.selectDestination.attributes-string-shown'],
  },
  'pre-chat-string-ignored': {
    breaks: 'attributes given as a string holding JSON are accepted but not shown to the agent.',
    kills: ['operator-api.selectDestination.attributes-string-shown'],
  },
  'custom-data-dropped': {
    breaks: 'customData of selectDestination is accepted but the agent sees an empty customData.',
    kills: ['operator-api.selectDestination.custom-data-reaches-agent'],
  },
  'attributes-dropped': {
    breaks: 'attributes of selectDestination are not shown to the agent.',
    kills: ['operator-api.selectDestination.attributes-shown', 'operator-api.selectDestination.attributes-string-shown'],
  },
  'default-name-anonymous': {
    breaks: 'Without userName the agent sees "Anonymous" instead of "{channel} {userId}".',
    kills: ['operator-api.selectDestination.default-user-name'],
  },
  'user-name-ignored': {
    breaks: 'A userName given to selectDestination is replaced by the default name.',
    kills: ['operator-api.selectDestination.user-name-shown'],
  },
  'send-text-not-recorded': {
    breaks: 'sendText answers 200 but the text never reaches the agent.',
    kills: [
      'operator-api.sendText.reaches-agent',
      'operator-api.sendText.text-intact',
      'operator-api.sendText.text-layout-intact',
      'operator-api.stateful.agent-view',
    ],
  },
  'send-text-unicode-mangled': {
    breaks: 'Non-ASCII characters of a sendText text reach the agent as "?".',
    kills: ['operator-api.sendText.text-intact', 'operator-api.stateful.agent-view'],
  },
  'send-text-trimmed': {
    breaks: 'A sendText text reaches the agent trimmed, its CRLF line endings turned into LF.',
    kills: ['operator-api.sendText.text-layout-intact'],
  },
  'send-file-url-lost': {
    breaks: 'The url of sendFile never reaches the agent.',
    kills: ['operator-api.sendFile.url-reaches-agent', 'operator-api.stateful.agent-view'],
  },
  'send-file-requires-optional': {
    breaks: 'sendFile without the optional fileName or size is refused with 400.',
    kills: ['operator-api.sendFile.accepts-without-optional-fields'],
  },
  'select-destination-requires-optional': {
    breaks: 'selectDestination without the optional userName or attributes is refused with 400.',
    kills: [
      'operator-api.selectDestination.accepts-pre-chat-json-strings',
      'operator-api.selectDestination.accepts-required-only',
      'operator-api.selectDestination.attributes-shown',
      'operator-api.selectDestination.attributes-string-shown',
      'operator-api.selectDestination.custom-data-reaches-agent',
      'operator-api.selectDestination.default-user-name',
      'operator-api.selectDestination.generated-plain-2xx',
      'operator-api.selectDestination.hidden-attributes-not-shown',
      'operator-api.selectDestination.user-name-shown',
    ],
  },
  'missing-field-accepted': {
    breaks: 'sendText without the mandatory text answers 200 and is recorded.',
    kills: ['operator-api.sendText.generated-invalid-4xx', 'operator-api.sendText.rejects-missing-text'],
  },
  'bad-json-500': {
    breaks: 'A body that is not JSON is answered 500 instead of 4xx.',
    kills: [
      'operator-api.closeChat.rejects-non-json',
      'operator-api.selectDestination.rejects-non-json',
      'operator-api.sendFile.rejects-non-json',
      'operator-api.sendText.rejects-non-json',
      'operator-api.setWebhook.rejects-non-json',
    ],
  },
  'send-text-500': {
    breaks: 'sendText always answers 500.',
    kills: [
      'operator-api.sendText.accepts-documented-example',
      'operator-api.sendText.accepts-valid-request',
      'operator-api.sendText.generated-invalid-4xx',
      'operator-api.sendText.generated-valid-not-5xx',
      'operator-api.sendText.reaches-agent',
      'operator-api.sendText.rejects-missing-text',
      'operator-api.sendText.rejects-missing-user-id',
      'operator-api.sendText.text-intact',
      'operator-api.sendText.text-layout-intact',
    ],
  },
  'event-text-truncated': {
    breaks: 'TextMessage text is truncated to 1000 characters.',
    kills: ['operator-api.TextMessage.text-intact'],
  },
  'event-text-trimmed': {
    breaks: 'TextMessage text is trimmed of surrounding whitespace.',
    kills: ['operator-api.TextMessage.text-layout-intact'],
  },
  'event-missing-avatar': {
    breaks: 'The employee of events has no avatarUrl.',
    kills: [
      'operator-api.Closed.matches-schema',
      'operator-api.FileMessage.matches-schema',
      'operator-api.TextMessage.matches-schema',
      'operator-api.events.generated-events-match-schema',
      'operator-api.stateful.deliveries',
    ],
  },
  'event-id-reused': {
    breaks: 'Every event has the id "1".',
    kills: ['operator-api.events.ids-unique'],
  },
  'event-duplicated': {
    breaks: 'Every event is posted twice.',
    kills: ['operator-api.events.no-duplicates'],
  },
  'event-wrong-user': {
    breaks: 'An event carries the userId of the chat opened last, not of the chat the agent acted in.',
    kills: ['operator-api.events.right-user', 'operator-api.stateful.deliveries'],
  },
  'event-array-body': {
    breaks: 'Events are posted as a one-element JSON array instead of an object.',
    kills: ['operator-api.events.generated-events-match-schema', 'operator-api.events.posted-as-json-object', 'operator-api.stateful.deliveries'],
  },
  'event-wrong-content-type': {
    breaks: 'Events are posted with Content-Type text/plain.',
    kills: ['operator-api.events.posted-as-json-object'],
  },
  'event-wrong-method': {
    breaks: 'Events are sent with PUT instead of POST.',
    kills: ['operator-api.events.posted-as-json-object'],
  },
  'events-reordered': {
    breaks: "Each user's second event is delayed 300 ms, so later events overtake it.",
    kills: ['operator-api.events.per-user-order'],
  },
  'file-missing-comment': {
    breaks: 'FileMessage has no comment.',
    kills: [
      'operator-api.FileMessage.comment-intact',
      'operator-api.FileMessage.matches-schema',
      'operator-api.events.generated-events-match-schema',
      'operator-api.stateful.deliveries',
    ],
  },
  'file-comment-mangled': {
    breaks: 'Non-ASCII characters of the FileMessage comment are sent as "?".',
    kills: ['operator-api.FileMessage.comment-intact'],
  },
  'file-url-not-link': {
    breaks: 'FileMessage url is a relative path ("files/<id>"), not an http(s) link.',
    kills: ['operator-api.FileMessage.fields-intact'],
  },
  'file-name-from-url': {
    breaks: 'FileMessage name is the last segment of the url, not the name of the file the agent attached.',
    kills: ['operator-api.FileMessage.fields-intact'],
  },
  'file-size-kilobytes': {
    breaks: 'FileMessage size is in kilobytes (rounded down), not bytes.',
    kills: ['operator-api.FileMessage.size-intact'],
  },
  'transfer-missing-destination-name': {
    breaks: 'SelectDestination destination has no name.',
    kills: ['operator-api.SelectDestination.matches-schema', 'operator-api.events.generated-events-match-schema', 'operator-api.stateful.deliveries'],
  },
  'transfer-destination-name-is-id': {
    breaks: 'SelectDestination destination.name is the group\'s destinationId ("1"), not the name getDestinations lists for it ("Agent group 1").',
    kills: ['operator-api.SelectDestination.names-group'],
  },
  'closed-wrong-type': {
    breaks: 'The Closed event has type "Close".',
    kills: ['operator-api.Closed.matches-schema', 'operator-api.events.generated-events-match-schema', 'operator-api.stateful.deliveries'],
  },
  'set-webhook-answers-500': {
    breaks: 'setWebhook stores the URL but answers 500.',
    kills: ['operator-api.setWebhook.accepts-documented-example', 'operator-api.setWebhook.accepts-url', 'operator-api.setWebhook.generated-valid-not-5xx'],
  },
  'set-webhook-url-optional': {
    breaks: 'setWebhook without url answers 200.',
    kills: ['operator-api.setWebhook.rejects-missing-url'],
  },
  'select-destination-custom-data-refused': {
    breaks: 'selectDestination refuses a request carrying customData with 400.',
    kills: [
      'operator-api.selectDestination.accepts-all-fields',
      'operator-api.selectDestination.accepts-documented-example',
      'operator-api.selectDestination.custom-data-reaches-agent',
      'operator-api.selectDestination.generated-plain-2xx',
    ],
  },
  'select-destination-default-group': {
    breaks: 'selectDestination without destinationId answers 200 and picks a group.',
    kills: ['operator-api.selectDestination.generated-invalid-4xx', 'operator-api.selectDestination.rejects-missing-destination-id'],
  },
  'missing-user-id-accepted': {
    breaks: 'Methods without the mandatory userId answer 200 for a made-up user.',
    kills: [
      'operator-api.closeChat.generated-invalid-4xx',
      'operator-api.closeChat.rejects-missing-user-id',
      'operator-api.selectDestination.generated-invalid-4xx',
      'operator-api.selectDestination.rejects-missing-user-id',
      'operator-api.sendFile.generated-invalid-4xx',
      'operator-api.sendFile.rejects-missing-user-id',
      'operator-api.sendText.generated-invalid-4xx',
      'operator-api.sendText.rejects-missing-user-id',
    ],
  },
  'send-file-size-refused': {
    breaks: 'sendFile refuses a request carrying the optional size with 400.',
    kills: ['operator-api.sendFile.accepts-all-fields', 'operator-api.sendFile.accepts-documented-example', 'operator-api.sendFile.url-reaches-agent'],
  },
  'send-file-url-optional': {
    breaks: 'sendFile without the mandatory url answers 200.',
    kills: ['operator-api.sendFile.generated-invalid-4xx', 'operator-api.sendFile.rejects-missing-url'],
  },
  'close-chat-text-optional': {
    breaks: 'closeChat without the mandatory text answers 200.',
    kills: ['operator-api.closeChat.generated-invalid-4xx', 'operator-api.closeChat.rejects-missing-text'],
  },
  'close-chat-500': {
    breaks: 'closeChat closes the chat but answers 500.',
    kills: [
      'operator-api.closeChat.accepts-documented-example',
      'operator-api.closeChat.accepts-valid-request',
      'operator-api.closeChat.generated-valid-not-5xx',
    ],
  },
  // Mutants that misbehave only on inputs no scenario check sends (issue 12): the generated checks
  // (suites/operator-api/properties.spec.ts, stateful.spec.ts) are the ones that find them.
  'combining-text-500': {
    breaks: 'sendText answers 500 when the text holds a combining mark or a bidirectional control character (a text normaliser that throws).',
    kills: ['operator-api.sendText.generated-valid-not-5xx'],
  },
  'numeric-user-id-number': {
    breaks: 'Events carry a numeric-looking userId ("12345") as a JSON number (the id went through an integer column).',
    kills: ['operator-api.events.generated-events-match-schema', 'operator-api.stateful.deliveries'],
  },
  'empty-attributes-refused': {
    breaks: 'selectDestination refuses attributes or hiddenAttributes sent as an empty object ({}) with 400.',
    kills: ['operator-api.selectDestination.generated-plain-2xx'],
  },
  'user-id-case-folded': {
    breaks: "sendText and sendFile file the client's message under the lower-cased userId, so a userId with capitals never sees it in its chat.",
    kills: ['operator-api.stateful.agent-view'],
  },
  'events-lost-concurrent': {
    breaks: "Of two agent actions for one user that arrive at the same moment, the second one's event is lost (a lost update on a per-user outbox).",
    kills: ['operator-api.stateful.deliveries'],
  },
  'hidden-attributes-leak-on-retransfer': {
    breaks: "A second selectDestination for a user shows the previous session's hiddenAttributes among the attributes.",
    kills: ['operator-api.stateful.hidden-attributes'],
  },
  'refusal-echoes-user-id': {
    breaks: 'A refusal echoes the userId in a response header; a userId outside printable Latin-1 makes it a 500.',
    kills: [
      'operator-api.closeChat.generated-invalid-4xx',
      'operator-api.selectDestination.generated-invalid-4xx',
      'operator-api.sendFile.generated-invalid-4xx',
      'operator-api.sendText.generated-invalid-4xx',
    ],
  },
  'webhook-url-decoded': {
    breaks: 'setWebhook percent-decodes the url and answers 500 when it holds a malformed escape ("%" not followed by two hex digits).',
    kills: ['operator-api.setWebhook.generated-valid-not-5xx'],
  },
  'close-chat-unknown-user-500': {
    breaks: 'closeChat for a userId that never had a chat answers 500 (a null dereference), not 2xx or 4xx.',
    kills: ['operator-api.closeChat.generated-valid-not-5xx'],
  },
  'file-name-header-500': {
    breaks: 'sendFile answers 500 when fileName holds a character outside printable ASCII (it goes into a Content-Disposition header).',
    kills: ['operator-api.sendFile.generated-valid-not-5xx'],
  },
  'pre-chat-string-not-json-500': {
    breaks: 'selectDestination answers 500 when attributes or hiddenAttributes is a string that does not hold JSON (an unguarded JSON.parse).',
    kills: ['operator-api.selectDestination.generated-valid-not-5xx'],
  },
} satisfies Record<string, MutantEntry>;

const VARIATIONS = {
  'answers-204': {
    description: 'Every successful POST is answered 204 with no body (getDestinations still 200 with its JSON).',
    proves: ['op-answer-any-2xx'],
  },
  'odd-2xx-answers': {
    description:
      'Successful POSTs are answered with assorted 2xx statuses and bodies (setWebhook 201 "ok" as text, selectDestination 202 {"status":"queued"}, sendText 200 "ok" as a JSON string, sendFile 201 "accepted" as text, closeChat 202 with no body); getDestinations answers 201 with its JSON.',
    proves: ['op-answer-any-2xx', 'gen-2xx-for-200'],
  },
  'nulls-for-absent': {
    description:
      'Every optional property without a value is serialised as null: SelectDestination employee, the text or url a chat message lacks, the chat\'s customData, a group\'s description, and the fields of every success answer ({"error": null, "data": null}).',
    proves: ['gen-null-absent'],
  },
  'chat-system-entries': {
    description:
      "The chat the agent sees holds entries of its own: a greeting before the client's first message and a delivery note after each client message.",
    proves: ['gen-lists-searched'],
  },
  'file-rehosted': {
    description: "The agent's file is linked from the platform's own URL (/files/{id}/{name}, which redirects to the file), not the url the agent attached.",
    proves: ['op-filemessage-rehosted'],
  },
  'extra-fields': { description: 'Extra unknown fields in every answer body and every event (top level and nested objects).' },
  'delayed-delivery': { description: 'Each event is posted 1000 ms after the driver call that caused it.' },
  'path-prefix': { description: 'The API is served under the path prefix /operator/v1, so the target ends with that prefix.' },
  'html-payloads': { description: "The agent's first and last names are HTML/JS snippets (valid strings: reports must show them as text)." },
} satisfies Record<string, { description: string; proves?: string[] }>;

/** Declared once: the id unions below come from it, and so do the exported `mutants`/`variations`. */
export const catalogue = defineCatalogue('operator-api', { mutants: MUTANTS, variations: VARIATIONS });

export type MutantId = MutantIdOf<typeof catalogue>;
export type VariationId = VariationIdOf<typeof catalogue>;
/** The one mutant and the one variation a reference instance runs with: `sw.mutant('…')`, `sw.variation('…')`. */
export type Switches = SwitchesOf<typeof catalogue>;

/** Each mutant with the checks that must fail against it (test/selftest/operator-api.spec.ts). */
export const { mutants, variations } = catalogue;
