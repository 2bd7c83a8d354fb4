/**
 * The deliberately broken variants of the chatbot platform's Operator API channel, and the conformant
 * variations. Each id is consulted at the one place where its rule lives (`sw.mutant('…')`); the
 * typed ids make a misspelt id a compile error instead of a mutant that silently breaks nothing.
 * `kills`: the checks of suites/operator-api-platform that fail against the mutant (strict run).
 * @module
 */

import { defineCatalogue, type MutantIdOf, type SwitchesOf, type VariationIdOf } from '../common/catalogue.ts';
import type { Profile } from '../../harness/config/run-config.ts';

interface Break {
  breaks: string;
  kills: string[];
  profile?: Profile;
}

const MUTANTS = {
  // --- connecting the channel: setWebhook, getDestinations ---------------------------------------
  'set-webhook-not-called': {
    breaks: 'Connecting the channel never calls {apiUrl}/setWebhook.',
    kills: ['operator-api-platform.setWebhook.called-on-connect'],
  },
  'set-webhook-get': {
    breaks: 'setWebhook is called with GET and the URL in the query string, not POST with a JSON body.',
    kills: [
      'operator-api-platform.requests.json-content-type',
      'operator-api-platform.requests.json-object-body',
      'operator-api-platform.setWebhook.called-on-connect',
      'operator-api-platform.setWebhook.matches-schema',
    ],
  },
  'set-webhook-relative-url': {
    breaks: 'The webhook URL given to setWebhook is a path without scheme and host (/chatapi/webhook/operatorapi/{apiKey}).',
    kills: ['operator-api-platform.setWebhook.url-absolute'],
  },
  'set-webhook-undocumented-path': {
    breaks: 'The webhook URL given to setWebhook has the path /chatapi/operator/events/{apiKey} (served, but not the documented form).',
    // The form is only checked under the profiles whose page shows it (reading op-platform-webhook-form).
    profile: 'aimylogic' as const,
    kills: ['operator-api-platform.setWebhook.url-documented-form'],
  },
  'set-webhook-field-renamed': {
    breaks: 'setWebhook sends {"webhook": URL} instead of {"url": URL}.',
    kills: ['operator-api-platform.setWebhook.matches-schema'],
  },
  'requests-text-plain': {
    breaks: 'Every request to the engagement platform is sent with Content-Type text/plain (the body is still JSON).',
    kills: ['operator-api-platform.requests.json-content-type'],
  },
  'close-chat-array-body': {
    breaks: 'closeChat sends its body as a JSON array holding the object, not as the object.',
    kills: [
      'operator-api-platform.closeChat.called-on-client-close',
      'operator-api-platform.closeChat.matches-schema',
      'operator-api-platform.closeChat.text-passed',
      'operator-api-platform.requests.json-object-body',
    ],
  },
  'operator-answer-200-only': {
    breaks: 'Only a 200 answer counts as success: a selectDestination answered 202 leaves the client with the bot.',
    kills: ['operator-api-platform.requests.any-2xx-is-success'],
  },
  'api-url-path-dropped': {
    breaks: 'Requests go to {origin of apiUrl}/{method}: the path of the API URL is dropped.',
    kills: [
      'operator-api-platform.requests.any-2xx-is-success',
      'operator-api-platform.selectDestination.called-on-transfer',
      'operator-api-platform.setWebhook.called-on-connect',
    ],
  },
  'get-destinations-post': {
    breaks: 'getDestinations is called with POST instead of GET.',
    kills: ['operator-api-platform.getDestinations.uses-get'],
  },
  // --- transfer: selectDestination -------------------------------------------------------------
  'select-destination-not-called': {
    breaks: 'A transfer to an agent never calls selectDestination.',
    kills: ['operator-api-platform.requests.any-2xx-is-success', 'operator-api-platform.selectDestination.called-on-transfer'],
  },
  'select-destination-ignores-choice': {
    breaks: 'selectDestination always names the first agent group, whichever was chosen.',
    kills: ['operator-api-platform.selectDestination.chosen-destination'],
  },
  'select-destination-number-id': {
    breaks: 'selectDestination sends a destinationId made of digits as a JSON number ("54321" becomes 54321).',
    kills: ['operator-api-platform.selectDestination.matches-schema'],
  },
  'user-name-dropped': {
    breaks: 'selectDestination never carries the userName the bot knows.',
    kills: ['operator-api-platform.selectDestination.user-name-passed'],
  },
  'attributes-dropped': {
    breaks: 'selectDestination never carries the attributes the bot collected.',
    kills: ['operator-api-platform.selectDestination.attributes-passed'],
  },
  'hidden-attributes-in-attributes': {
    breaks: 'hiddenAttributes are also merged into attributes, which the agent sees.',
    kills: ['operator-api-platform.selectDestination.hidden-attributes-not-leaked'],
  },
  'hidden-attributes-dropped': {
    breaks: 'selectDestination never carries hiddenAttributes.',
    kills: ['operator-api-platform.selectDestination.hidden-attributes-passed'],
  },
  'user-id-per-transfer': {
    breaks: 'Each transfer of a client uses a new userId.',
    kills: ['operator-api-platform.selectDestination.user-id-stable'],
  },
  'user-id-shared': {
    breaks: 'Every client is given the same userId.',
    kills: ['operator-api-platform.selectDestination.user-id-per-client'],
  },
  // --- sendText --------------------------------------------------------------------------------
  'send-text-not-forwarded': {
    breaks: 'A client text during a transfer is never sent to the engagement platform.',
    kills: [
      'operator-api-platform.requests.any-2xx-is-success',
      'operator-api-platform.sendText.forwards-client-text',
      'operator-api-platform.sendText.text-intact',
      'operator-api-platform.sendText.text-layout-intact',
    ],
  },
  'send-text-unicode-mangled': {
    breaks: 'sendText replaces every non-ASCII character of the client text by "?".',
    kills: ['operator-api-platform.sendText.text-intact'],
  },
  'send-text-trimmed': {
    breaks: 'sendText trims the client text and turns its CRLF line endings into LF.',
    kills: ['operator-api-platform.sendText.text-layout-intact'],
  },
  'send-text-truncated': {
    breaks: 'sendText cuts the client text to 1000 characters.',
    kills: ['operator-api-platform.sendText.text-intact'],
  },
  'send-text-client-id': {
    breaks: 'sendText carries the Chat API clientId instead of the userId selectDestination used.',
    kills: ['operator-api-platform.sendText.forwards-client-text'],
  },
  'send-text-field-renamed': {
    breaks: 'sendText sends the client text in a field "message" instead of "text".',
    kills: [
      'operator-api-platform.sendText.forwards-client-text',
      'operator-api-platform.sendText.matches-schema',
      'operator-api-platform.sendText.text-intact',
      'operator-api-platform.sendText.text-layout-intact',
    ],
  },
  'send-text-before-transfer': {
    breaks: 'Every client text is sent to the engagement platform, also while the bot (not an agent) has the dialog.',
    kills: ['operator-api-platform.Closed.ends-transfer', 'operator-api-platform.sendText.only-while-transferred'],
  },
  // --- sendFile, closeChat -----------------------------------------------------------------------
  'send-file-not-called': {
    breaks: 'A file the client sends during a transfer is never sent to the engagement platform.',
    kills: ['operator-api-platform.sendFile.called-for-client-file'],
  },
  'send-file-url-relative': {
    breaks: 'sendFile carries a path of the platform (uploads/{id}) instead of an http(s) link to the file.',
    kills: ['operator-api-platform.sendFile.called-for-client-file'],
  },
  'send-file-size-string': {
    breaks: 'sendFile sends size as a string ("12") instead of an integer.',
    kills: ['operator-api-platform.sendFile.matches-schema'],
  },
  'send-file-name-dropped': {
    breaks: 'sendFile never carries fileName and size.',
    kills: ['operator-api-platform.sendFile.name-and-size-passed'],
  },
  'close-chat-not-called': {
    breaks: 'A client closing the dialog during a transfer never calls closeChat.',
    kills: ['operator-api-platform.closeChat.called-on-client-close'],
  },
  'close-chat-no-text': {
    breaks: 'closeChat is sent without text when the client gave none (text is mandatory).',
    kills: ['operator-api-platform.closeChat.matches-schema'],
  },
  'close-chat-text-ignored': {
    breaks: 'closeChat always sends the default text, never the one the client gave.',
    kills: ['operator-api-platform.closeChat.text-passed'],
  },
  // --- the webhook (events from the engagement platform) -----------------------------------------
  'webhook-text-500': {
    breaks: 'The webhook answers 500 to a TextMessage (after handling it).',
    kills: ['operator-api-platform.TextMessage.accepted'],
  },
  'webhook-file-refused': {
    breaks: 'The webhook refuses every FileMessage with 400.',
    kills: [
      'operator-api-platform.FileMessage.accepted',
      'operator-api-platform.FileMessage.accepts-size-string',
      'operator-api-platform.FileMessage.reaches-client',
    ],
  },
  'webhook-closed-refused': {
    breaks: 'The webhook refuses every Closed event with 400.',
    kills: ['operator-api-platform.Closed.accepted', 'operator-api-platform.Closed.ends-transfer'],
  },
  'webhook-select-destination-refused': {
    breaks: 'The webhook refuses every SelectDestination event with 400.',
    kills: ['operator-api-platform.SelectDestination.accepted', 'operator-api-platform.SelectDestination.accepts-has-online-string'],
  },
  'webhook-size-string-refused': {
    breaks: "The webhook refuses a FileMessage whose size is a numeric string (the document's example) with 400.",
    kills: ['operator-api-platform.FileMessage.accepts-size-string'],
  },
  'webhook-has-online-string-refused': {
    breaks: 'The webhook refuses a SelectDestination whose hasOnline is "true" (the document\'s example) with 400.',
    kills: ['operator-api-platform.SelectDestination.accepts-has-online-string'],
  },
  'agent-text-not-delivered': {
    breaks: 'A TextMessage is answered 200 but never reaches the client.',
    kills: [
      'operator-api-platform.TextMessage.reaches-client',
      'operator-api-platform.TextMessage.text-intact',
      'operator-api-platform.TextMessage.text-layout-intact',
    ],
  },
  'agent-text-trimmed': {
    breaks: "The agent's text reaches the client trimmed of surrounding whitespace.",
    kills: ['operator-api-platform.TextMessage.text-layout-intact'],
  },
  'agent-file-not-delivered': {
    breaks: 'A FileMessage is answered 200 but nothing of it reaches the client.',
    kills: ['operator-api-platform.FileMessage.reaches-client'],
  },
  'closed-ignored': {
    breaks: "A Closed event is answered 200 but the client's texts keep going to sendText.",
    kills: ['operator-api-platform.Closed.ends-transfer'],
  },
  'agent-text-mangled': {
    breaks: 'The agent\'s text reaches the client with every non-ASCII character replaced by "?".',
    kills: ['operator-api-platform.TextMessage.text-intact'],
  },
  'webhook-bad-json-500': {
    breaks: 'The webhook answers 500 to a body that is not JSON.',
    kills: ['operator-api-platform.webhook.rejects-not-json'],
  },
  'webhook-missing-user-id-accepted': {
    breaks: 'The webhook answers 200 to an event without userId.',
    kills: ['operator-api-platform.webhook.rejects-missing-user-id'],
  },
  'webhook-missing-text-accepted': {
    breaks: 'The webhook answers 200 to a TextMessage without text.',
    kills: ['operator-api-platform.webhook.rejects-text-message-without-text'],
  },
  'webhook-any-api-key': {
    breaks: "The webhook accepts events for any apiKey, not only the channel's.",
    kills: ['operator-api-platform.webhook.rejects-unknown-api-key'],
  },
} satisfies Record<string, Break>;

/**
 * The profile a mutant's `kills` hold under, when not the default (jaicp): a check that only runs
 * under another profile can only be killed there (test/selftest/operator-api-platform.spec.ts).
 */
export function mutantProfile(id: string): Profile | undefined {
  const entries: Readonly<Record<string, Break | undefined>> = MUTANTS;
  return entries[id]?.profile;
}

const VARIATIONS = {
  'path-prefix': { description: 'The platform is served under /chatadapter: the target and the webhook URL carry that path.' },
  'get-destinations-first': { description: 'Connecting the channel calls getDestinations before setWebhook.' },
  'no-get-destinations': { description: 'The platform never calls getDestinations (a transfer without a chosen group names the group "default").' },
  'extra-fields': { description: 'Every request to the engagement platform carries extra fields (customData, a timestamp, the channel name).' },
  'attributes-as-json-strings': {
    description: 'attributes, hiddenAttributes and customData are sent as strings holding the JSON object (the table types them "string").',
    proves: ['op-platform-pre-chat-forms'],
  },
  'nulls-for-absent': {
    description:
      'Every optional request field without a value is sent as null: userName, attributes, hiddenAttributes and customData of selectDestination, fileName and size of sendFile.',
    proves: ['gen-null-absent'],
  },
  'client-file-rehosted': {
    description:
      "The client's file reaches sendFile as a link to the platform's own copy ({target}/operator-files/{id}/{name}, which redirects to the file), not the client's url.",
    proves: ['op-platform-client-file-rehosted'],
  },
  'user-id-is-client-id': { description: 'The userId sent to the engagement platform is the Chat API clientId itself.' },
  'api-key-per-connection': { description: 'Each connection of the channel gets a new apiKey (and a new webhook URL); the old one is then unknown.' },
  'webhook-answers-204': {
    description:
      'The webhook answers valid events with assorted 2xx statuses: TextMessage and SelectDestination 204 with no body, FileMessage 202 {"queued":true}, Closed 201 "ok".',
    proves: ['gen-2xx-for-200'],
  },
  'delayed-requests': { description: 'Every request to the engagement platform leaves 300 ms after the action that caused it.' },
  'events-long-polling': {
    description:
      "The webhook answers at once and each event takes effect 300 ms later; GET /events of the Chat API holds the request while there is nothing to return (long polling), answering when the agent's text arrives.",
  },
} satisfies Record<string, { description: string; proves?: string[] }>;

/** Declared once: the id unions below come from it, and so do the exported `mutants`/`variations`. */
export const catalogue = defineCatalogue('operator-api-platform', { mutants: MUTANTS, variations: VARIATIONS });

export type MutantId = MutantIdOf<typeof catalogue>;
export type VariationId = VariationIdOf<typeof catalogue>;
/** The one mutant and the one variation a reference instance runs with: `sw.mutant('…')`, `sw.variation('…')`. */
export type Switches = SwitchesOf<typeof catalogue>;

/** Each mutant with the checks that must fail against it (test/selftest/operator-api-platform.spec.ts). */
export const { mutants, variations } = catalogue;
