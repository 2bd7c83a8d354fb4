/**
 * The mutant catalogue of the Chat API reference. Each entry breaks exactly one rule of the Chat API
 * page or of its readings (docs/readings/chat-api.md); the code consults it at the single place that
 * rule lives.
 * Keyed by id so that the compiler rejects a typo in `sw.mutant('...')` and every id has a sentence.
 * `kills` lists the check ids the self-test expects to fail against it (test/selftest/chat-api.spec.ts).
 * @module
 */

import { defineCatalogue, type MutantEntry, type MutantIdOf, type SwitchesOf, type VariationEntry, type VariationIdOf } from '../common/catalogue.ts';

const MUTANTS = {
  'cid-not-echoed': {
    breaks: 'POST /chatapi/{token} answers without the cid the request carried.',
    kills: ['chat-api.sendRequest.echoes-arbitrary-cid', 'chat-api.sendRequest.echoes-cid'],
  },
  'cid-filter-ignored': {
    breaks: 'GET /events answers the same with cid as without: cid is ignored.',
    kills: ['chat-api.events.cid-filters', 'chat-api.stateful.events-match-reference'],
  },
  'cid-ascii-only': {
    breaks: 'POST /chatapi/{token} and /async refuse with 400 a cid holding anything but letters, digits, "-", "_" and ".".',
    kills: ['chat-api.sendRequest.echoes-arbitrary-cid'],
  },
  'answer-client-id-internal': {
    breaks: "POST /chatapi/{token} answers with an internal client number instead of the request's clientId.",
    kills: ['chat-api.sendRequest.answer-carries-client-id'],
  },
  'answer-text-missing': {
    breaks: 'The synchronous answer carries data.replies but no data.answer.',
    kills: ['chat-api.sendRequest.answer-text'],
  },
  'async-returns-replies': {
    breaks: 'POST /async answers with data.replies besides the questionId.',
    kills: ['chat-api.sendRequestAsync.answers-only-message-id'],
  },
  'async-event-refused': {
    breaks: 'POST /async refuses with 400 a request carrying an event and no query.',
    kills: ['chat-api.sendRequestAsync.response-matches-schema'],
  },
  'async-webhook-missing': {
    breaks: 'POST /async never posts its answer to the webhook.',
    kills: ['chat-api.sendRequestAsync.answer-reaches-webhook'],
  },
  'async-webhook-not-array': {
    breaks: 'The async webhook body is a single JSON object, not an array.',
    kills: ['chat-api.sendRequestAsync.generated-webhook-matches-schema', 'chat-api.webhook.async-reply-matches-schema', 'chat-api.webhook.body-is-array'],
  },
  'async-webhook-wrong-question-id': {
    breaks: 'The async webhook item carries a questionId other than the one /async answered.',
    kills: ['chat-api.sendRequestAsync.answer-reaches-webhook'],
  },
  'async-webhook-wrong-client-id': {
    breaks: 'The async webhook item carries the clientId "anonymous" instead of the request\'s.',
    kills: ['chat-api.sendRequestAsync.generated-webhook-matches-schema', 'chat-api.webhook.async-item-carries-client-id'],
  },
  'async-one-at-a-time': {
    breaks: 'POST /async takes 300 ms per request and refuses with 429 a request of a client whose previous one is still being processed.',
    kills: ['chat-api.sendRequestAsync.accepts-concurrent-requests'],
  },
  'async-webhook-missing-token': {
    breaks: 'The async webhook item has no token.',
    kills: [
      'chat-api.sendRequestAsync.generated-webhook-matches-schema',
      'chat-api.webhook.async-reply-matches-schema',
      'chat-api.webhook.item-carries-channel-token',
    ],
  },
  'agent-reply-not-on-webhook': {
    breaks: 'An agent reply is never posted to the webhook.',
    kills: ['chat-api.webhook.agent-reply-arrives'],
  },
  'agent-reply-not-in-events': {
    breaks: 'An agent reply never appears in GET /events.',
    kills: ['chat-api.events.agent-reply-listed', 'chat-api.stateful.events-match-reference'],
  },
  'events-ts-ignored': {
    breaks: 'GET /events ignores ts and returns events from before it.',
    kills: ['chat-api.events.ts-excludes-earlier-events'],
  },
  'events-all-ignored': {
    breaks: 'GET /events with all=true still returns agent replies only.',
    kills: ['chat-api.events.all-includes-bot-responses', 'chat-api.stateful.events-match-reference'],
  },
  'events-default-includes-bot': {
    breaks: 'GET /events without all returns bot responses too.',
    kills: ['chat-api.events.default-agent-replies-only'],
  },
  'events-no-cap': {
    breaks: 'GET /events returns more than 250 events.',
    kills: ['chat-api.events.at-most-250'],
  },
  'history-drops-last': {
    breaks: 'GET history omits the newest entry.',
    kills: [
      'chat-api.history.lists-async-question-ids',
      'chat-api.history.lists-every-question-id',
      'chat-api.history.lists-simple-get-question-ids',
      'chat-api.history.uncapped',
      'chat-api.stateful.history-lists-answered',
    ],
  },
  'history-omits-async': {
    breaks: 'GET history leaves out the answers to POST /async.',
    kills: ['chat-api.history.lists-async-question-ids', 'chat-api.stateful.history-lists-answered'],
  },
  'history-omits-simple-get': {
    breaks: 'GET history leaves out the answers to the simplified GET, although it answers with a questionId.',
    kills: ['chat-api.history.lists-simple-get-question-ids'],
  },
  'history-capped-250': {
    breaks: 'GET history lists only the newest 250 entries.',
    kills: ['chat-api.history.uncapped'],
  },
  'history-all-clients': {
    breaks: "GET history lists the entries of every client of the channel, not only that client's.",
    kills: ['chat-api.history.lists-only-that-client'],
  },
  'history-missing-timestamp': {
    breaks: 'History entries carry no timestamp.',
    kills: ['chat-api.getHistory.generated-valid-not-5xx', 'chat-api.history.response-matches-schema'],
  },
  'state-not-deep-equal': {
    breaks: 'GET state returns arrays inside the saved object as objects keyed by index.',
    kills: ['chat-api.saveState.generated-round-trip', 'chat-api.state.round-trips-unchanged', 'chat-api.stateful.state-is-last-saved'],
  },
  'state-truncated-large': {
    breaks: 'POST state refuses bodies over 64 KB with 413.',
    kills: ['chat-api.state.round-trips-100-kb'],
  },
  'state-per-channel': {
    breaks: 'The state is kept per channel, not per client: every client reads the state saved last by any.',
    kills: ['chat-api.state.kept-per-client', 'chat-api.state.never-saved-empty-or-404', 'chat-api.stateful.state-is-last-saved'],
  },
  'state-bad-json-accepted': {
    breaks: 'POST state answers 200 to a body that is not valid JSON.',
    kills: ['chat-api.saveState.rejects-non-json'],
  },
  'status-update-ignored': {
    breaks: 'POST message status answers 200 but does not change the status.',
    kills: [
      'chat-api.stateful.not-read-count-matches-reference',
      'chat-api.stateful.statuses-match-reference',
      'chat-api.statuses.set-delivered-and-read',
      'chat-api.statuses.set-sent-and-not-sent',
    ],
  },
  'status-bad-accepted': {
    breaks: 'POST message status answers 200 to a status outside the four.',
    kills: [
      'chat-api.statuses.rejects-unknown-status',
      'chat-api.updateMessageStatus.generated-invalid-4xx',
      'chat-api.updateMessageStatus.rejects-missing-status',
    ],
  },
  'status-missing-for-async': {
    breaks: 'The answers to POST /async have no status: GET message status answers 404 for their questionId.',
    kills: ['chat-api.stateful.statuses-match-reference', 'chat-api.statuses.async-question-has-status'],
  },
  'status-server-side-refused': {
    breaks: 'POST message status and POST message-statuses refuse SENT and NOT_SENT from the client with 400.',
    kills: ['chat-api.statuses.set-sent-and-not-sent'],
  },
  'status-unknown-question-200': {
    breaks: 'GET message status answers 200 {"status":"SENT"} for a questionId never answered.',
    kills: ['chat-api.statuses.unknown-question-id-404'],
  },
  'batch-statuses-ignored': {
    breaks: 'POST message-statuses answers 200 but changes nothing.',
    kills: [
      'chat-api.stateful.not-read-count-matches-reference',
      'chat-api.stateful.statuses-match-reference',
      'chat-api.statuses.batch-sets-each',
      'chat-api.statuses.set-sent-and-not-sent',
    ],
  },
  'not-read-count-stale': {
    breaks: 'The not-read count never decreases after messages are marked READ.',
    kills: ['chat-api.notReadCount.falls-by-one-per-read', 'chat-api.stateful.not-read-count-matches-reference'],
  },
  'not-read-count-counts-read': {
    breaks: 'The not-read count includes messages whose status is READ.',
    kills: ['chat-api.notReadCount.falls-by-one-per-read', 'chat-api.notReadCount.zero-when-all-read', 'chat-api.stateful.not-read-count-matches-reference'],
  },
  'unknown-token-accepted': {
    breaks: 'Any token is accepted, not only the channel token.',
    kills: ['chat-api.token.unknown-token-404', 'chat-api.token.unknown-token-rejected'],
  },
  'unknown-token-500': {
    breaks: 'An unknown token is answered 500 instead of 4xx.',
    kills: ['chat-api.token.unknown-token-404', 'chat-api.token.unknown-token-rejected'],
  },
  'missing-client-id-accepted': {
    breaks: 'POST /chatapi/{token} and POST /async answer 200 to a body without clientId.',
    kills: [
      'chat-api.sendRequest.bad-request-is-400',
      'chat-api.sendRequest.generated-invalid-4xx',
      'chat-api.sendRequest.rejects-missing-client-id',
      'chat-api.sendRequestAsync.bad-request-is-400',
      'chat-api.sendRequestAsync.generated-invalid-4xx',
      'chat-api.sendRequestAsync.rejects-missing-client-id',
    ],
  },
  'missing-query-and-event-accepted': {
    breaks: 'POST /chatapi/{token} and POST /async answer 200 to a body with neither query nor event.',
    kills: [
      'chat-api.sendRequest.bad-request-is-400',
      'chat-api.sendRequest.rejects-neither-query-nor-event',
      'chat-api.sendRequestAsync.bad-request-is-400',
      'chat-api.sendRequestAsync.rejects-neither-query-nor-event',
    ],
  },
  'timestamp-epoch-number': {
    breaks: 'POST /chatapi/{token} answers with timestamp as a number of milliseconds, not an ISO 8601 string.',
    kills: [
      'chat-api.getEvents.generated-events-match-schema',
      'chat-api.sendRequest.generated-valid-not-5xx',
      'chat-api.sendRequest.response-matches-schema',
      'chat-api.sendRequest.timestamp-is-iso-8601',
    ],
  },
  'replies-missing-type': {
    breaks: 'The replies of an answer carry no type.',
    kills: [
      'chat-api.getEvents.generated-events-match-schema',
      'chat-api.sendRequest.generated-valid-not-5xx',
      'chat-api.sendRequest.response-matches-schema',
      'chat-api.sendRequestAsync.generated-webhook-matches-schema',
      'chat-api.webhook.async-reply-matches-schema',
    ],
  },
  'simple-get-no-echo': {
    breaks: 'GET /chatapi/{token} answers without the query or event it was given.',
    kills: ['chat-api.sendRequestSimple.echoes-request'],
  },
  'new-message-read': {
    breaks: 'A message the bot has just sent starts with status READ.',
    kills: ['chat-api.stateful.not-read-count-matches-reference', 'chat-api.stateful.statuses-match-reference', 'chat-api.statuses.new-message-not-read'],
  },
  'question-id-reused': {
    breaks: 'Every answer carries the same questionId.',
    kills: [
      'chat-api.sendRequest.question-ids-unique',
      'chat-api.sendRequestAsync.generated-webhook-matches-schema',
      'chat-api.stateful.events-match-reference',
      'chat-api.stateful.not-read-count-matches-reference',
      'chat-api.stateful.statuses-match-reference',
    ],
  },
  'simple-get-accepts-empty': {
    breaks: 'GET /chatapi/{token} with neither query nor event is answered 200.',
    kills: ['chat-api.sendRequestSimple.rejects-neither-query-nor-event'],
  },
  'cid-rejected': {
    breaks: 'POST /chatapi/{token} refuses a request carrying a cid with 400.',
    kills: ['chat-api.sendRequest.accepts-documented-example', 'chat-api.sendRequest.echoes-arbitrary-cid', 'chat-api.sendRequest.echoes-cid'],
  },
  'async-500': {
    breaks: 'POST /async answers 500 to every valid request (and sends nothing to the webhook).',
    kills: [
      'chat-api.sendRequestAsync.accepts-concurrent-requests',
      'chat-api.sendRequestAsync.accepts-documented-example',
      'chat-api.sendRequestAsync.answer-reaches-webhook',
      'chat-api.sendRequestAsync.generated-valid-not-5xx',
      'chat-api.sendRequestAsync.generated-webhook-matches-schema',
      'chat-api.sendRequestAsync.response-matches-schema',
    ],
  },
  'async-question-id-number': {
    breaks: 'POST /async answers the questionId as a JSON number (the webhook and history carry it as a string).',
    kills: [
      'chat-api.sendRequestAsync.generated-valid-not-5xx',
      'chat-api.sendRequestAsync.generated-webhook-matches-schema',
      'chat-api.sendRequestAsync.response-matches-schema',
    ],
  },
  'agent-reply-webhook-not-array': {
    breaks: 'An agent reply is posted to the webhook as a single JSON object, not an array.',
    kills: ['chat-api.webhook.agent-reply-matches-schema'],
  },
  'event-missing-type': {
    breaks: 'GET /events lists events without a type.',
    kills: ['chat-api.events.response-matches-schema', 'chat-api.getEvents.generated-events-match-schema'],
  },
  'state-refuses-nested': {
    breaks: 'POST state refuses a state holding a nested object or array with 400.',
    kills: ['chat-api.saveState.accepts-documented-example', 'chat-api.state.round-trips-unchanged'],
  },
  'state-merged': {
    breaks: 'POST state merges the new object into the saved one instead of replacing it.',
    kills: ['chat-api.state.replaced-by-next-save', 'chat-api.stateful.state-is-last-saved'],
  },
  'state-double-encoded': {
    breaks: 'GET state answers the saved JSON text as a JSON string (double-encoded).',
    kills: [
      'chat-api.saveState.generated-round-trip',
      'chat-api.state.kept-per-client',
      'chat-api.state.load-matches-schema',
      'chat-api.state.replaced-by-next-save',
      'chat-api.state.round-trips-100-kb',
      'chat-api.state.round-trips-unchanged',
      'chat-api.stateful.state-is-last-saved',
    ],
  },
  'state-unsaved-500': {
    breaks: 'GET state for a client that never saved one answers 500.',
    kills: ['chat-api.loadState.generated-valid-not-5xx', 'chat-api.state.never-saved-empty-or-404'],
  },
  'status-answer-bare-string': {
    breaks: 'GET message status answers the bare JSON string "SENT" instead of {"status": "SENT"}.',
    kills: ['chat-api.getMessageStatus.generated-valid-not-5xx', 'chat-api.statuses.get-matches-schema'],
  },
  'status-read-refused': {
    breaks: 'POST message status refuses the status READ with 400.',
    kills: [
      'chat-api.stateful.statuses-match-reference',
      'chat-api.statuses.set-delivered-and-read',
      'chat-api.updateMessageStatus.accepts-documented-example',
    ],
  },
  'batch-single-item-only': {
    breaks: 'POST message-statuses refuses a batch of more than one item with 400.',
    kills: ['chat-api.statuses.batch-sets-each', 'chat-api.statuses.set-sent-and-not-sent', 'chat-api.updateMessageStatuses.accepts-documented-example'],
  },
  'batch-bad-status-accepted': {
    breaks: 'POST message-statuses answers 200 to an item with a status outside the four (and skips the item).',
    kills: ['chat-api.statuses.batch-rejects-unknown-status'],
  },
  'batch-missing-statuses-accepted': {
    breaks: 'POST message-statuses answers 200 to a body without statuses.',
    kills: ['chat-api.updateMessageStatuses.generated-invalid-4xx', 'chat-api.updateMessageStatuses.rejects-missing-statuses'],
  },
  'not-read-count-string': {
    breaks: 'The not-read count is answered as a numeric string: {"count": "2"}.',
    kills: ['chat-api.notReadCount.response-matches-schema'],
  },
  'bad-json-500': {
    breaks: 'A request body that is not JSON is answered 500 instead of 4xx (every route whose body fastify parses).',
    kills: [
      'chat-api.sendRequest.rejects-non-json',
      'chat-api.sendRequestAsync.rejects-non-json',
      'chat-api.updateMessageStatus.rejects-non-json',
      'chat-api.updateMessageStatuses.rejects-non-json',
    ],
  },
  // Mutants that misbehave only on inputs no scenario check sends (issue 12): only the generated
  // checks (properties.spec.ts, stateful.spec.ts) kill them.
  'client-id-decoded-twice': {
    breaks: 'The clientId of a path is percent-decoded twice: "a%2Fb" reads as "a/b", and a "%" left without two hex digits is answered 500.',
    kills: [
      'chat-api.getHistory.generated-valid-not-5xx',
      'chat-api.getMessageStatus.generated-valid-not-5xx',
      'chat-api.getNotReadCount.generated-valid-not-5xx',
      'chat-api.loadState.generated-valid-not-5xx',
      'chat-api.saveState.generated-round-trip',
      'chat-api.updateMessageStatus.generated-invalid-4xx',
      'chat-api.updateMessageStatus.generated-valid-not-5xx',
      'chat-api.updateMessageStatuses.generated-invalid-4xx',
      'chat-api.updateMessageStatuses.generated-valid-not-5xx',
    ],
  },
  'state-dot-keys-nested': {
    breaks: 'POST state stores a key holding a dot ("a.b") as a nested path (a → b).',
    kills: ['chat-api.saveState.generated-round-trip', 'chat-api.stateful.state-is-last-saved'],
  },
  'numeric-client-id-as-number': {
    breaks: 'A numeric-looking clientId ("12345") comes back as a JSON number in the synchronous answer and in webhook items.',
    kills: [
      'chat-api.getEvents.generated-events-match-schema',
      'chat-api.sendRequest.generated-valid-not-5xx',
      'chat-api.sendRequestAsync.generated-webhook-matches-schema',
    ],
  },
  'bidi-or-combining-500': {
    breaks: 'A query or event holding a combining mark or a bidirectional control character is answered 500 (all three request methods).',
    kills: [
      'chat-api.getEvents.generated-events-match-schema',
      'chat-api.sendRequest.generated-valid-not-5xx',
      'chat-api.sendRequestAsync.generated-valid-not-5xx',
      'chat-api.sendRequestAsync.generated-webhook-matches-schema',
      'chat-api.sendRequestSimple.generated-valid-not-5xx',
    ],
  },
  'empty-data-500': {
    breaks: 'A client request whose optional data is an empty object ("data": {}) is answered 500.',
    kills: [
      'chat-api.getEvents.generated-events-match-schema',
      'chat-api.sendRequest.generated-valid-not-5xx',
      'chat-api.sendRequestAsync.generated-valid-not-5xx',
      'chat-api.sendRequestAsync.generated-webhook-matches-schema',
    ],
  },
  'wrong-type-500': {
    breaks: 'A client request whose clientId is not a string (a number, an object) is answered 500 instead of 4xx.',
    kills: ['chat-api.sendRequest.generated-invalid-4xx', 'chat-api.sendRequestAsync.generated-invalid-4xx'],
  },
  'status-wrong-type-500': {
    breaks:
      'POST message status with a status that is not a string, and POST message-statuses with statuses that is not an array, are answered 500 instead of 4xx.',
    kills: ['chat-api.updateMessageStatus.generated-invalid-4xx', 'chat-api.updateMessageStatuses.generated-invalid-4xx'],
  },
  'empty-batch-500': {
    breaks: 'POST message-statuses with an empty statuses array is answered 500.',
    kills: ['chat-api.updateMessageStatuses.generated-valid-not-5xx'],
  },
  'events-lost-same-moment': {
    breaks: 'When two requests of one client are answered at the same moment, one bot response is lost from GET /events.',
    kills: ['chat-api.stateful.events-match-reference'],
  },
  'history-dedups-repeated-query': {
    breaks: 'GET history lists only the newest of the entries whose query is the same text.',
    kills: ['chat-api.stateful.history-lists-answered'],
  },
  'status-read-cached': {
    breaks: 'GET message status answers, for ever, the first status it answered for a message.',
    kills: ['chat-api.stateful.statuses-match-reference'],
  },
  'not-read-count-ignores-async': {
    breaks: 'The not-read count leaves out the messages answered through POST /async.',
    kills: ['chat-api.stateful.not-read-count-matches-reference'],
  },
} satisfies Record<string, MutantEntry>;

/**
 * Conformant variations: each takes the other behaviour where the readings leave a choice (a FREEDOM
 * of docs/readings/*.md, named in `proves`), and must pass every check with --strict.
 */
const VARIATIONS = {
  'long-polling': {
    description: 'GET /events holds the request up to 25 s while there is nothing to return, answering as soon as an event arrives.',
    proves: ['chat-events-long-poll'],
  },
  'path-prefix': {
    description: 'Everything is served under the base path /chatadapter (target ends in a path).',
    proves: ['chat-base-path'],
  },
  'history-object': {
    description: 'History is answered as an object holding one array: {"history": [...]}.',
    proves: ['chat-history-shape'],
  },
  'count-bare': {
    description: 'The not-read count is answered as a bare JSON integer.',
    proves: ['chat-not-read-count-shape'],
  },
  'answers-204': {
    description: 'State save, status update and batch status update answer 204 with no body.',
    proves: ['gen-2xx-for-200'],
  },
  'async-202': {
    description: 'POST /async answers 202 {"questionId"} at once and answers the request 200 ms later (webhook, history, status, events).',
    proves: ['chat-async-202', 'gen-2xx-for-200'],
  },
  'events-empty-204': {
    description: 'A GET /events with nothing to return is answered 204 with no body.',
    proves: ['chat-events-empty', 'gen-2xx-for-200'],
  },
  'event-type-names': {
    description: 'GET /events names its event types BOT_ANSWER and OPERATOR_MESSAGE instead of botResponse and agentReply.',
    proves: ['chat-events-types'],
  },
  'cid-excludes-own': {
    description: 'GET /events with cid leaves out the bot responses of that connection (the other reading) and, with a cid, lists no agent replies.',
    proves: ['chat-events-cid-readings'],
  },
  'agent-reply-unanswered': {
    description: 'Agent replies carry no questionId, on the webhook and in GET /events.',
    proves: ['chat-agent-reply-unanswered'],
  },
  'agent-reply-in-history': {
    description: 'Agent replies get a questionId, are listed in the history, have a status (SENT) and count as unread.',
    proves: ['chat-agent-reply-unanswered'],
  },
  nulls: {
    description:
      "Every optional property is serialised, as null when there is no value: cid, the absent one of query and event, blockForm, an agent reply's questionId, data and answer in the async answer, extra keys of status, count and history entries.",
    proves: ['gen-null-absent'],
  },
  'status-starts-delivered': {
    description: 'A message the bot has just sent starts in DELIVERED.',
    proves: ['chat-status-initial'],
  },
  'status-starts-not-sent': {
    description: 'A message the bot has just sent starts in NOT_SENT.',
    proves: ['chat-status-initial'],
  },
  'timestamps-no-offset': {
    description: 'Every timestamp is written without a UTC offset, as in the document: 2022-09-28T12:32:13.262.',
    proves: ['chat-timestamp-offset'],
  },
  'state-never-saved-404': {
    description: 'GET state for a client that never saved one answers 404.',
    proves: ['chat-state-never-saved'],
  },
  'simple-get-echo': {
    description: 'The simplified GET only echoes clientId, query and event: no questionId, no history entry, no status.',
    proves: ['chat-simple-get-kind'],
  },
  'slow-bot-arrival-time': {
    description: 'The bot takes 500 ms to answer, and an event (and its timestamp) carries the time the request arrived.',
    proves: ['chat-events-time'],
  },
} satisfies Record<string, VariationEntry>;

/** Declared once: the id unions below come from it, and so do the exported `mutants`/`variations`. */
export const catalogue = defineCatalogue('chat-api', { mutants: MUTANTS, variations: VARIATIONS });

export type MutantId = MutantIdOf<typeof catalogue>;
export type VariationId = VariationIdOf<typeof catalogue>;
/** The one mutant and the one variation a reference instance runs with: `sw.mutant('…')`, `sw.variation('…')`. */
export type Switches = SwitchesOf<typeof catalogue>;

export const { mutants, variations } = catalogue;
