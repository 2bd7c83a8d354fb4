/**
 * The deliberately broken variants of the Omnichannel reference, one rule each, and the conformant
 * variations the suite must accept. Each id is consulted at the single place its rule lives
 * (inbound.ts, translate.ts, agent.ts, inbox.ts). `kills` lists the checks each mutant fails under --strict;
 * test/selftest/omnichannel.spec.ts proves the lists exact.
 * @module
 */

import { defineCatalogue, type MutantEntry, type MutantIdOf, type SwitchesOf, type VariationEntry, type VariationIdOf } from '../common/catalogue.ts';

/**
 * Every check that needs the agent's send_message to reach the suite's client server: a mutant that
 * stops it fails all of these. A new check that waits for a send_message joins this list, not each mutant's.
 */
const SEND_MESSAGE_CHECKS = [
  'omnichannel.send_message.authorization-token',
  'omnichannel.send_message.buttons',
  'omnichannel.send_message.file-link',
  'omnichannel.send_message.matches-schema',
  'omnichannel.send_message.post-json',
  'omnichannel.send_message.reaches-client-server',
  'omnichannel.send_message.same-chat-id',
  'omnichannel.send_message.string-chat-id-echoed',
  'omnichannel.send_message.text-intact',
  'omnichannel.send_message.text-layout',
  'omnichannel.send_message.unique-url',
] as const;

const MUTANTS = {
  // The no-active-channel rule (inbound.ts).
  'unknown-token-200': {
    breaks: 'An unknown token in the inbound URL is accepted and processed (200) instead of 400.',
    kills: ['omnichannel.inbound.unknown-token-400', 'omnichannel.inbound.unknown-token-error-text'],
  },
  'inactive-channel-processed': {
    breaks: 'An event for an inactive channel is processed (200) instead of 400.',
    kills: ['omnichannel.inbound.inactive-channel-400', 'omnichannel.inbound.inactive-channel-error-text'],
  },
  'no-channel-error-text': {
    breaks: 'The no-active-channel 400 body says "No channel." instead of the documented text.',
    kills: ['omnichannel.inbound.inactive-channel-error-text', 'omnichannel.inbound.unknown-token-error-text'],
  },
  'no-channel-error-key': {
    breaks: 'The no-active-channel 400 body carries the text under "message" instead of "error".',
    kills: [
      'omnichannel.inbound.inactive-channel-400',
      'omnichannel.inbound.inactive-channel-error-text',
      'omnichannel.inbound.unknown-token-400',
      'omnichannel.inbound.unknown-token-error-text',
    ],
  },
  'no-channel-404': {
    breaks: 'An unknown token or inactive channel is answered 404 instead of 400.',
    kills: ['omnichannel.inbound.inactive-channel-400', 'omnichannel.inbound.unknown-token-400'],
  },
  // Missing parameters (inbound.ts).
  'missing-chat-id-200': {
    breaks: 'A body without chat_id is answered 200 instead of 400.',
    kills: ['omnichannel.inbound.generated-missing-required-400', 'omnichannel.inbound.missing-chat-id-400'],
  },
  'missing-message-200': {
    breaks: 'A body without message is answered 200 instead of 400.',
    kills: ['omnichannel.inbound.generated-missing-required-400', 'omnichannel.inbound.missing-message-400'],
  },
  'missing-visitor-200': {
    breaks: 'A body without visitor is answered 200 instead of 400.',
    kills: ['omnichannel.inbound.generated-missing-visitor-400', 'omnichannel.inbound.missing-visitor-400'],
  },
  'missing-visitor-id-200': {
    breaks: 'A body whose visitor has no id is answered 200 instead of 400.',
    kills: ['omnichannel.inbound.generated-missing-visitor-400', 'omnichannel.inbound.missing-visitor-id-400'],
  },
  'visitor-fields-required': {
    breaks: 'A visitor without fields, or with a null field, is answered 400 (a missing parameter).',
    kills: [
      'omnichannel.inbound.generated-chat-id-structured-500',
      'omnichannel.inbound.generated-invalid-event-or-kind-200',
      'omnichannel.inbound.generated-plain-2xx',
      'omnichannel.inbound.visitor-fields-optional',
    ],
  },
  // Routing (server.ts).
  'wrong-url-400': {
    breaks: 'Unknown paths under /connector/ are answered 400 instead of 404.',
    kills: ['omnichannel.inbound.wrong-url-404'],
  },
  // Invalid event or kind (inbound.ts).
  'invalid-event-400': {
    breaks: 'An event other than new_message is answered 400 instead of 200.',
    kills: ['omnichannel.inbound.generated-invalid-event-or-kind-200', 'omnichannel.inbound.invalid-event-200'],
  },
  'invalid-kind-400': {
    breaks: 'A message.kind other than the three documented kinds is answered 400 instead of 200.',
    kills: ['omnichannel.inbound.generated-invalid-event-or-kind-200', 'omnichannel.inbound.invalid-kind-200'],
  },
  'invalid-event-processed': {
    breaks: 'An event other than new_message is answered 200 but still delivered to the agent.',
    kills: ['omnichannel.inbound.invalid-event-not-delivered'],
  },
  'invalid-kind-processed': {
    breaks: 'A message.kind other than the three is answered 200 but its text is still delivered to the agent.',
    kills: ['omnichannel.inbound.invalid-kind-not-delivered'],
  },
  // A valid event (inbound.ts).
  'processed-answered-500': {
    breaks: 'A valid event is delivered to the agent but answered 500 instead of 200.',
    kills: [
      'omnichannel.file_visitor.generated-valid-not-5xx',
      'omnichannel.inbound.accepts-valid-message',
      'omnichannel.inbound.generated-plain-2xx',
      'omnichannel.inbound.string-chat-id-accepted',
      'omnichannel.inbound.visitor-fields-optional',
      'omnichannel.keyboard_response.generated-valid-not-5xx',
      'omnichannel.visitor.generated-valid-not-5xx',
    ],
  },
  // Other errors of the request JSON (inbound.ts).
  'bad-json-400': {
    breaks: 'A body that is not valid JSON is answered 400 instead of 500.',
    kills: ['omnichannel.inbound.malformed-json-500'],
  },
  'chat-id-object-200': {
    breaks: 'A chat_id that is a JSON object or array is answered 200 (and ignored) instead of 500.',
    kills: ['omnichannel.inbound.chat-id-object-or-array-500', 'omnichannel.inbound.generated-chat-id-structured-500'],
  },
  'string-chat-id-rejected': {
    breaks: 'A string chat_id is answered 400 instead of being accepted.',
    kills: [
      'omnichannel.inbound.generated-invalid-event-or-kind-200',
      'omnichannel.inbound.string-chat-id-accepted',
      'omnichannel.send_message.string-chat-id-echoed',
    ],
  },
  // What the agent receives (translate.ts).
  'file-not-ready-delivered': {
    breaks: 'A file_visitor message whose data.state is not ready is delivered to the agent.',
    kills: ['omnichannel.file_visitor.ignored-until-ready'],
  },
  'file-format-swapped': {
    breaks: 'A ready file reaches the agent as file:{url}|{id}|{type} instead of file:{type}|{id}|{url}.',
    kills: ['omnichannel.file_visitor.delivered-as-file-text', 'omnichannel.file_visitor.type-is-content-type'],
  },
  'file-type-empty': {
    breaks: 'A ready file reaches the agent with an empty file type: file:|{id}|{url}.',
    kills: ['omnichannel.file_visitor.type-is-content-type', 'omnichannel.file_visitor.type-non-empty'],
  },
  'file-type-from-extension': {
    breaks: 'A ready file reaches the agent with the extension of its name (pdf) as file type instead of its content_type.',
    kills: ['omnichannel.file_visitor.type-is-content-type'],
  },
  'keyboard-sends-id': {
    breaks: 'A button press reaches the agent as the button id instead of its text.',
    kills: ['omnichannel.keyboard_response.delivered-as-button-text'],
  },
  'text-trimmed': {
    breaks: 'A visitor text reaches the agent trimmed, with CRLF turned into LF.',
    kills: ['omnichannel.visitor.text-layout'],
  },
  'chats-by-visitor': {
    breaks: 'The messages of one visitor reach the agent in one chat (the first chat_id it wrote with), whatever their chat_id.',
    kills: ['omnichannel.new_message.one-chat-per-chat-id', 'omnichannel.visitor.generated-text-intact'],
  },
  'file-downloaded': {
    breaks: 'The platform fetches a ready file from its data.url when it receives it.',
    kills: ['omnichannel.file_visitor.not-downloaded'],
  },
  'text-truncated': {
    breaks: 'A visitor text reaches the agent truncated to 1000 characters.',
    kills: ['omnichannel.visitor.text-intact'],
  },
  'text-unicode-stripped': {
    breaks: 'A visitor text reaches the agent with every non-ASCII character removed.',
    kills: ['omnichannel.visitor.generated-text-intact', 'omnichannel.visitor.text-intact'],
  },
  // Channel variables (translate.ts).
  'var-visitor-id-missing': {
    breaks: 'The channel variable channel_visitor_id is not given to the agent.',
    kills: ['omnichannel.variables.channel-visitor-id'],
  },
  'var-chat-id-no-suffix': {
    breaks: 'The channel variable channel_chat_id lacks the |omnichannel suffix.',
    kills: ['omnichannel.variables.channel-chat-id'],
  },
  'var-phone-from-login': {
    breaks: 'The channel variable channel_visitor_phone is taken from visitor.fields.login.',
    kills: ['omnichannel.variables.channel-visitor-phone'],
  },
  'var-firstname-missing': {
    breaks: 'The channel variable channel_visitor_firstname is not filled from visitor.fields.name.',
    kills: ['omnichannel.variables.channel-visitor-firstname'],
  },
  'var-account-from-visitor-id': {
    breaks: 'The channel variable channel_visitor_account is taken from visitor.id instead of visitor.fields.login.',
    kills: ['omnichannel.variables.channel-visitor-account'],
  },
  'var-email-missing': {
    breaks: 'The channel variable channel_visitor_email is not filled from visitor.fields.email.',
    kills: ['omnichannel.variables.channel-visitor-email'],
  },
  'var-source-missing': {
    breaks: 'The channel variable channel_visitor_source is not filled from visitor.fields.site.',
    kills: ['omnichannel.variables.channel-visitor-source'],
  },
  // The agent's send_message (agent.ts).
  'send-message-wrong-path': {
    breaks: 'The agent posts to {Channel webhook URL}/sendMessage instead of /send_message.',
    kills: [...SEND_MESSAGE_CHECKS],
  },
  'send-message-bearer': {
    breaks: 'The agent sends Authorization: Bearer {token} instead of Token {token}.',
    kills: ['omnichannel.send_message.authorization-token'],
  },
  'send-message-no-auth': {
    breaks: 'The agent sends no Authorization header even though a Channel webhook Token is set.',
    kills: ['omnichannel.send_message.authorization-token'],
  },
  'send-message-chat-id-stringified': {
    breaks: 'The agent sends chat_id as a string when an integer was received.',
    kills: ['omnichannel.send_message.generated-matches-schema', 'omnichannel.send_message.same-chat-id'],
  },
  'send-message-chat-id-parsed': {
    breaks: 'The agent sends a numeric string chat_id back as a JSON number.',
    kills: ['omnichannel.send_message.generated-matches-schema', 'omnichannel.send_message.string-chat-id-echoed'],
  },
  'send-message-put': {
    breaks: 'The agent sends send_message with PUT instead of POST.',
    kills: ['omnichannel.send_message.reaches-client-server'],
  },
  'keyboard-as-text': {
    breaks: "The agent's buttons are sent as an operator text listing their labels instead of a keyboard message.",
    kills: ['omnichannel.send_message.buttons'],
  },
  'agent-text-ascii-only': {
    breaks: "Every non-ASCII character is removed from the agent's text in send_message.",
    kills: ['omnichannel.send_message.text-intact'],
  },
  'agent-text-trimmed': {
    breaks: "The agent's text is trimmed, with CRLF turned into LF, in send_message.",
    kills: ['omnichannel.send_message.text-layout'],
  },
  'agent-links-removed': {
    breaks: "Links in the agent's text are replaced by [link] in send_message.",
    kills: ['omnichannel.send_message.file-link'],
  },
  'send-message-text-plain': {
    breaks: 'The agent posts send_message with Content-Type text/plain.',
    kills: ['omnichannel.send_message.post-json'],
  },
  'unique-url-requires-token': {
    breaks: 'Without a Channel webhook Token the agent never answers (unique-URL authorization unsupported).',
    kills: ['omnichannel.send_message.unique-url'],
  },
  'send-message-missing-kind': {
    breaks: 'The agent sends a message object without kind.',
    kills: ['omnichannel.send_message.buttons', 'omnichannel.send_message.generated-matches-schema', 'omnichannel.send_message.matches-schema'],
  },
  'agent-silent': {
    breaks: "The agent never writes: neither its script nor the driver's agent-message makes a send_message call.",
    kills: [...SEND_MESSAGE_CHECKS],
  },
  // Mutants that misbehave only on inputs no scenario check sends (issue 12): only the generated
  // checks (suites/omnichannel/properties.spec.ts) kill them.
  'bidi-or-combining-500': {
    breaks: 'A visitor text holding a combining mark or a bidirectional control character is answered 500 (a text normaliser that throws).',
    kills: ['omnichannel.visitor.generated-valid-not-5xx'],
  },
  'nul-text-500': {
    breaks:
      "An event whose text for the agent holds a NUL character (a visitor text, a button text, a file's fields) is answered 500 (a store that refuses NUL).",
    kills: [
      'omnichannel.file_visitor.generated-valid-not-5xx',
      'omnichannel.keyboard_response.generated-valid-not-5xx',
      'omnichannel.visitor.generated-valid-not-5xx',
    ],
  },
  'empty-fields-refused': {
    breaks: 'A visitor whose optional fields are sent as an empty object ("fields": {}) is answered 400 (a missing parameter).',
    kills: ['omnichannel.inbound.generated-plain-2xx'],
  },
  'chat-id-decoded': {
    breaks:
      'A string chat_id is percent-decoded as if it came from a URL: "a%2Fb" becomes "a/b" (in the chat and in send_message), and a "%" without two hex digits is answered 500.',
    kills: [
      'omnichannel.file_visitor.generated-valid-not-5xx',
      'omnichannel.keyboard_response.generated-valid-not-5xx',
      'omnichannel.visitor.generated-valid-not-5xx',
    ],
  },
  'long-numeric-chat-id-as-number': {
    breaks: 'A numeric-looking string chat_id longer than 10 digits is sent back in send_message as a JSON number (a bigint column).',
    kills: ['omnichannel.send_message.generated-matches-schema'],
  },
  'astral-mangled': {
    breaks: 'Characters outside the BMP other than emoji (𝔘, 𠜎) reach the agent as U+FFFD in a visitor text.',
    kills: ['omnichannel.visitor.generated-text-intact'],
  },
  'file-url-parsed-500': {
    breaks: 'A ready file whose data.url is not an absolute URL is answered 500 (the url is parsed without a guard; the document types it as a string).',
    kills: ['omnichannel.file_visitor.generated-valid-not-5xx'],
  },
  'ignored-value-in-header-500': {
    breaks: 'An invalid event or kind is answered 200 with its value echoed in a response header; a value outside printable ASCII makes it a 500.',
    kills: ['omnichannel.inbound.generated-invalid-event-or-kind-200'],
  },
} satisfies Record<string, MutantEntry>;

const VARIATIONS = {
  'delayed-replies': { description: 'The agent writes 1000 ms after it is asked or its script answers, instead of at once (the API is asynchronous).' },
  'error-extra-fields': {
    description: 'Error bodies carry extra fields besides "error", e.g. {"error": "...", "code": 4001} (extra fields are allowed).',
  },
  'scripted-agent': {
    description:
      'The agent has no echo script: it never answers a visitor by itself and writes only what the driver asks (text and buttons), so it never sends file_operator either.',
    proves: ['omni-agent-script', 'omni-files-as-links'],
  },
  'inbox-extra-entries': {
    description: "The agent sees a system entry at the start of every chat, before the visitor's messages, and one channel variable more.",
    proves: ['gen-lists-searched'],
  },
  'accepts-202-204': {
    description:
      'Valid events are answered 204 (no body) when the agent received them and 202 {"status": "accepted"} when held (a file not ready); the rows whose status the document names keep it.',
    proves: ['gen-2xx-for-200'],
  },
  nulls: {
    description:
      'Every optional property is serialised, as null when it has no value: send_message messages carry "text", "buttons" and "data" whichever the kind, error bodies "code" and "details", inbound answers {"result": null}.',
    proves: ['gen-null-absent'],
  },
  'file-id-from-message': {
    description: 'A ready file reaches the agent as file:{type}|{message.id}|{url}: the message id stands as file_id instead of data.id.',
    proves: ['omni-file-id-either'],
  },
  'scheme-any-case': {
    description: 'send_message alternates the scheme word\'s case: "Authorization: token {token}", then "TOKEN {token}".',
    proves: ['omni-auth-scheme-case'],
  },
} satisfies Record<string, VariationEntry>;

/** Declared once: the id unions below come from it, and so do the exported `mutants`/`variations`. */
export const catalogue = defineCatalogue('omnichannel', { mutants: MUTANTS, variations: VARIATIONS });

export type MutantId = MutantIdOf<typeof catalogue>;
export type VariationId = VariationIdOf<typeof catalogue>;
/** The one mutant and the one variation a reference instance runs with: `sw.mutant('…')`, `sw.variation('…')`. */
export type Switches = SwitchesOf<typeof catalogue>;

export const { mutants, variations } = catalogue;
