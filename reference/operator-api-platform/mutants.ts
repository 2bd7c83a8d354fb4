import type { MutantSpec, ReferenceOptions, VariationSpec } from '../types.ts';

/**
 * The deliberately broken variants of the chatbot platform's Operator API channel, and the conformant
 * variations. Each id is consulted at the one place where its rule lives (`sw.mutant('…')`); the
 * typed ids make a misspelt id a compile error instead of a mutant that silently breaks nothing.
 * `kills`: the checks of suites/operator-api-platform that fail against the mutant (strict run).
 */
const BREAKS = {
  // --- connecting the channel: setWebhook, getDestinations ---------------------------------------
  'set-webhook-not-called': {
    breaks: 'Connecting the channel never calls {apiUrl}/setWebhook.',
    kills: [
      'operator-api-platform.setWebhook.called-on-connect',
    ],
  },
  'set-webhook-get': {
    breaks: 'setWebhook is called with GET and the URL in the query string, not POST with a JSON body.',
    kills: [
      'operator-api-platform.requests.json-content-type',
      'operator-api-platform.setWebhook.called-on-connect',
      'operator-api-platform.setWebhook.matches-schema',
    ],
  },
  'set-webhook-undocumented-path': {
    breaks: 'The webhook URL given to setWebhook has the path /chatapi/operator/events/{apiKey} (served, but not the documented form).',
    kills: [
      'operator-api-platform.setWebhook.url-documented-form',
    ],
  },
  'set-webhook-field-renamed': {
    breaks: 'setWebhook sends {"webhook": URL} instead of {"url": URL}.',
    kills: [
      'operator-api-platform.setWebhook.matches-schema',
    ],
  },
  'requests-text-plain': {
    breaks: 'Every request to the engagement platform is sent with Content-Type text/plain (the body is still JSON).',
    kills: [
      'operator-api-platform.requests.json-content-type',
    ],
  },
  'api-url-path-dropped': {
    breaks: 'Requests go to {origin of apiUrl}/{method}: the path of the API URL is dropped.',
    kills: [
      'operator-api-platform.selectDestination.called-on-transfer',
      'operator-api-platform.setWebhook.called-on-connect',
    ],
  },
  'get-destinations-post': {
    breaks: 'getDestinations is called with POST instead of GET.',
    kills: [
      'operator-api-platform.getDestinations.uses-get',
    ],
  },
  // --- transfer: selectDestination -------------------------------------------------------------
  'select-destination-not-called': {
    breaks: 'A transfer to an agent never calls selectDestination.',
    kills: [
      'operator-api-platform.selectDestination.called-on-transfer',
    ],
  },
  'select-destination-ignores-choice': {
    breaks: 'selectDestination always names the first agent group, whichever was chosen.',
    kills: [
      'operator-api-platform.selectDestination.chosen-destination',
    ],
  },
  'select-destination-number-id': {
    breaks: 'selectDestination sends a destinationId made of digits as a JSON number ("54321" becomes 54321).',
    kills: [
      'operator-api-platform.selectDestination.matches-schema',
    ],
  },
  'user-name-dropped': {
    breaks: 'selectDestination never carries the userName the bot knows.',
    kills: [
      'operator-api-platform.selectDestination.user-name-passed',
    ],
  },
  'attributes-dropped': {
    breaks: 'selectDestination never carries the attributes the bot collected.',
    kills: [
      'operator-api-platform.selectDestination.attributes-passed',
    ],
  },
  'hidden-attributes-in-attributes': {
    breaks: 'hiddenAttributes are also merged into attributes, which the agent sees.',
    kills: [
      'operator-api-platform.selectDestination.hidden-attributes-not-leaked',
    ],
  },
  'hidden-attributes-dropped': {
    breaks: 'selectDestination never carries hiddenAttributes.',
    kills: [
      'operator-api-platform.selectDestination.hidden-attributes-passed',
    ],
  },
  'user-id-per-transfer': {
    breaks: 'Each transfer of a client uses a new userId.',
    kills: [
      'operator-api-platform.selectDestination.user-id-stable',
    ],
  },
  'user-id-shared': {
    breaks: 'Every client is given the same userId.',
    kills: [
      'operator-api-platform.selectDestination.user-id-per-client',
    ],
  },
  // --- sendText --------------------------------------------------------------------------------
  'send-text-not-forwarded': {
    breaks: 'A client text during a transfer is never sent to the engagement platform.',
    kills: [
      'operator-api-platform.sendText.forwards-client-text',
      'operator-api-platform.sendText.text-intact',
    ],
  },
  'send-text-unicode-mangled': {
    breaks: 'sendText replaces every non-ASCII character of the client text by "?".',
    kills: [
      'operator-api-platform.sendText.text-intact',
    ],
  },
  'send-text-truncated': {
    breaks: 'sendText cuts the client text to 1000 characters.',
    kills: [
      'operator-api-platform.sendText.text-intact',
    ],
  },
  'send-text-client-id': {
    breaks: 'sendText carries the Chat API clientId instead of the userId selectDestination used.',
    kills: [
      'operator-api-platform.sendText.forwards-client-text',
    ],
  },
  'send-text-field-renamed': {
    breaks: 'sendText sends the client text in a field "message" instead of "text".',
    kills: [
      'operator-api-platform.sendText.forwards-client-text',
      'operator-api-platform.sendText.matches-schema',
      'operator-api-platform.sendText.text-intact',
    ],
  },
  'send-text-before-transfer': {
    breaks: 'Every client text is sent to the engagement platform, also while the bot (not an agent) has the dialog.',
    kills: [
      'operator-api-platform.sendText.only-while-transferred',
    ],
  },
  // --- sendFile, closeChat -----------------------------------------------------------------------
  'send-file-not-called': {
    breaks: 'A file the client sends during a transfer is never sent to the engagement platform.',
    kills: [
      'operator-api-platform.sendFile.called-for-client-file',
    ],
  },
  'send-file-size-string': {
    breaks: 'sendFile sends size as a string ("12") instead of an integer.',
    kills: [
      'operator-api-platform.sendFile.matches-schema',
    ],
  },
  'send-file-name-dropped': {
    breaks: 'sendFile never carries fileName and size.',
    kills: [
      'operator-api-platform.sendFile.name-and-size-passed',
    ],
  },
  'close-chat-not-called': {
    breaks: 'A client closing the dialog during a transfer never calls closeChat.',
    kills: [
      'operator-api-platform.closeChat.called-on-client-close',
    ],
  },
  'close-chat-no-text': {
    breaks: 'closeChat is sent without text when the client gave none (text is mandatory).',
    kills: [
      'operator-api-platform.closeChat.matches-schema',
    ],
  },
  'close-chat-text-ignored': {
    breaks: 'closeChat always sends the default text, never the one the client gave.',
    kills: [
      'operator-api-platform.closeChat.text-passed',
    ],
  },
  // --- the webhook (events from the engagement platform) -----------------------------------------
  'webhook-text-500': {
    breaks: 'The webhook answers 500 to a TextMessage (after handling it).',
    kills: [
      'operator-api-platform.TextMessage.accepted',
    ],
  },
  'webhook-file-refused': {
    breaks: 'The webhook refuses every FileMessage with 400.',
    kills: [
      'operator-api-platform.FileMessage.accepted',
      'operator-api-platform.FileMessage.accepts-size-string',
    ],
  },
  'webhook-closed-refused': {
    breaks: 'The webhook refuses every Closed event with 400.',
    kills: [
      'operator-api-platform.Closed.accepted',
    ],
  },
  'webhook-select-destination-refused': {
    breaks: 'The webhook refuses every SelectDestination event with 400.',
    kills: [
      'operator-api-platform.SelectDestination.accepted',
      'operator-api-platform.SelectDestination.accepts-has-online-string',
    ],
  },
  'webhook-size-string-refused': {
    breaks: 'The webhook refuses a FileMessage whose size is a numeric string (the document\'s example) with 400.',
    kills: [
      'operator-api-platform.FileMessage.accepts-size-string',
    ],
  },
  'webhook-has-online-string-refused': {
    breaks: 'The webhook refuses a SelectDestination whose hasOnline is "true" (the document\'s example) with 400.',
    kills: [
      'operator-api-platform.SelectDestination.accepts-has-online-string',
    ],
  },
  'agent-text-not-delivered': {
    breaks: 'A TextMessage is answered 200 but never reaches the client.',
    kills: [
      'operator-api-platform.TextMessage.reaches-client',
      'operator-api-platform.TextMessage.text-intact',
    ],
  },
  'agent-text-mangled': {
    breaks: 'The agent\'s text reaches the client with every non-ASCII character replaced by "?".',
    kills: [
      'operator-api-platform.TextMessage.text-intact',
    ],
  },
  'webhook-bad-json-500': {
    breaks: 'The webhook answers 500 to a body that is not JSON.',
    kills: [
      'operator-api-platform.webhook.rejects-not-json',
    ],
  },
  'webhook-missing-user-id-accepted': {
    breaks: 'The webhook answers 200 to an event without userId.',
    kills: [
      'operator-api-platform.webhook.rejects-missing-user-id',
    ],
  },
  'webhook-unknown-type-accepted': {
    breaks: 'The webhook answers 200 to an event of an unknown type.',
    kills: [
      'operator-api-platform.webhook.rejects-unknown-type',
    ],
  },
  'webhook-missing-text-accepted': {
    breaks: 'The webhook answers 200 to a TextMessage without text.',
    kills: [
      'operator-api-platform.webhook.rejects-text-message-without-text',
    ],
  },
  'webhook-any-api-key': {
    breaks: 'The webhook accepts events for any apiKey, not only the channel\'s.',
    kills: [
      'operator-api-platform.webhook.rejects-unknown-api-key',
    ],
  },
};

export type MutantId = keyof typeof BREAKS;

const DESCRIPTIONS = {
  'path-prefix': 'The platform is served under /chatadapter: the target and the webhook URL carry that path.',
  'get-destinations-first': 'Connecting the channel calls getDestinations before setWebhook.',
  'no-get-destinations': 'The platform never calls getDestinations (a transfer without a chosen group names the group "default").',
  'extra-fields': 'Every request to the engagement platform carries extra fields (customData, a timestamp, the channel name).',
  'attributes-as-json-strings': 'attributes and hiddenAttributes are sent as JSON strings holding the object (the table types them "string").',
  'user-id-is-client-id': 'The userId sent to the engagement platform is the Chat API clientId itself.',
  'api-key-per-connection': 'Each connection of the channel gets a new apiKey (and a new webhook URL); the old one is then unknown.',
  'webhook-answers-204': 'The webhook answers 204 with no body to valid events.',
  'delayed-requests': 'Every request to the engagement platform leaves 300 ms after the action that caused it.',
  'events-long-polling':
    "The webhook answers at once and each event takes effect 300 ms later; GET /events of the Chat API holds the request while there is nothing to return (long polling), answering when the agent's text arrives.",
} as const;

export type VariationId = keyof typeof DESCRIPTIONS;

/** Each mutant with the checks that must fail against it (test/selftest/operator-api-platform.spec.ts). */
export const mutants: MutantSpec[] = (Object.keys(BREAKS) as MutantId[]).map((id) => ({
  id,
  breaks: BREAKS[id].breaks,
  kills: [...BREAKS[id].kills],
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
    throw new Error(`operator-api-platform reference: unknown mutant "${opts.mutant}"`);
  }
  if (opts.variation !== undefined && !(opts.variation in DESCRIPTIONS)) {
    throw new Error(`operator-api-platform reference: unknown variation "${opts.variation}"`);
  }
  return {
    mutant: (id) => opts.mutant === id,
    variation: (id) => opts.variation === id,
  };
}
