import type { MutantSpec, VariationSpec } from '../types.ts';

/**
 * The deliberately broken variants of the Omnichannel reference, one rule each, and the conformant
 * variations the suite must accept. Each id is consulted at the single place its rule lives
 * (inbound.ts, translate.ts, agent.ts, inbox.ts). `kills` lists the checks each mutant fails under --strict;
 * test/selftest/omnichannel.spec.ts proves the lists exact.
 */
export const mutants: MutantSpec[] = [
  // The no-active-channel rule (inbound.ts).
  {
    id: 'unknown-token-200',
    breaks: 'An unknown token in the inbound URL is accepted and processed (200) instead of 400.',
    kills: ['omnichannel.inbound.unknown-token-400', 'omnichannel.inbound.unknown-token-error-text'],
  },
  {
    id: 'inactive-channel-processed',
    breaks: 'An event for an inactive channel is processed (200) instead of 400.',
    kills: ['omnichannel.inbound.inactive-channel-400', 'omnichannel.inbound.inactive-channel-error-text'],
  },
  {
    id: 'no-channel-error-text',
    breaks: 'The no-active-channel 400 body says "No channel." instead of the documented text.',
    kills: ['omnichannel.inbound.inactive-channel-error-text', 'omnichannel.inbound.unknown-token-error-text'],
  },
  {
    id: 'no-channel-error-key',
    breaks: 'The no-active-channel 400 body carries the text under "message" instead of "error".',
    kills: [
      'omnichannel.inbound.inactive-channel-400',
      'omnichannel.inbound.inactive-channel-error-text',
      'omnichannel.inbound.unknown-token-400',
      'omnichannel.inbound.unknown-token-error-text',
    ],
  },
  {
    id: 'no-channel-404',
    breaks: 'An unknown token or inactive channel is answered 404 instead of 400.',
    kills: ['omnichannel.inbound.inactive-channel-400', 'omnichannel.inbound.unknown-token-400'],
  },
  // Missing parameters (inbound.ts).
  {
    id: 'missing-chat-id-200',
    breaks: 'A body without chat_id is answered 200 instead of 400.',
    kills: [
      'omnichannel.inbound.generated-missing-required-400',
      'omnichannel.inbound.missing-chat-id-400',
    ],
  },
  {
    id: 'missing-message-200',
    breaks: 'A body without message is answered 200 instead of 400.',
    kills: [
      'omnichannel.inbound.generated-missing-required-400',
      'omnichannel.inbound.missing-message-400',
    ],
  },
  {
    id: 'missing-visitor-200',
    breaks: 'A body without visitor is answered 200 instead of 400.',
    kills: [
      'omnichannel.inbound.generated-missing-visitor-400',
      'omnichannel.inbound.missing-visitor-400',
    ],
  },
  {
    id: 'missing-visitor-id-200',
    breaks: 'A body whose visitor has no id is answered 200 instead of 400.',
    kills: [
      'omnichannel.inbound.generated-missing-visitor-400',
      'omnichannel.inbound.missing-visitor-id-400',
    ],
  },
  {
    id: 'visitor-fields-required',
    breaks: 'A visitor without fields, or with a null field, is answered 400 (a missing parameter).',
    kills: [
      'omnichannel.inbound.generated-chat-id-structured-500',
      'omnichannel.inbound.generated-invalid-event-or-kind-200',
      'omnichannel.inbound.generated-plain-2xx',
      'omnichannel.inbound.visitor-fields-optional',
    ],
  },
  // Routing (server.ts).
  {
    id: 'wrong-url-400',
    breaks: 'Unknown paths under /connector/ are answered 400 instead of 404.',
    kills: ['omnichannel.inbound.wrong-url-404'],
  },
  // Invalid event or kind (inbound.ts).
  {
    id: 'invalid-event-400',
    breaks: 'An event other than new_message is answered 400 instead of 200.',
    kills: [
      'omnichannel.inbound.generated-invalid-event-or-kind-200',
      'omnichannel.inbound.invalid-event-200',
    ],
  },
  {
    id: 'invalid-kind-400',
    breaks: 'A message.kind other than the three documented kinds is answered 400 instead of 200.',
    kills: [
      'omnichannel.inbound.generated-invalid-event-or-kind-200',
      'omnichannel.inbound.invalid-kind-200',
    ],
  },
  {
    id: 'invalid-event-processed',
    breaks: 'An event other than new_message is answered 200 but still delivered to the agent.',
    kills: ['omnichannel.inbound.invalid-event-not-delivered'],
  },
  {
    id: 'invalid-kind-processed',
    breaks: 'A message.kind other than the three is answered 200 but its text is still delivered to the agent.',
    kills: ['omnichannel.inbound.invalid-kind-not-delivered'],
  },
  // A valid event (inbound.ts).
  {
    id: 'processed-answered-500',
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
  {
    id: 'bad-json-400',
    breaks: 'A body that is not valid JSON is answered 400 instead of 500.',
    kills: ['omnichannel.inbound.malformed-json-500'],
  },
  {
    id: 'chat-id-object-200',
    breaks: 'A chat_id that is a JSON object or array is answered 200 (and ignored) instead of 500.',
    kills: [
      'omnichannel.inbound.chat-id-object-or-array-500',
      'omnichannel.inbound.generated-chat-id-structured-500',
    ],
  },
  {
    id: 'string-chat-id-rejected',
    breaks: 'A string chat_id is answered 400 instead of being accepted.',
    kills: [
      'omnichannel.inbound.generated-invalid-event-or-kind-200',
      'omnichannel.inbound.string-chat-id-accepted',
      'omnichannel.send_message.string-chat-id-echoed',
    ],
  },
  // What the agent receives (translate.ts).
  {
    id: 'file-not-ready-delivered',
    breaks: 'A file_visitor message whose data.state is not ready is delivered to the agent.',
    kills: ['omnichannel.file_visitor.ignored-until-ready'],
  },
  {
    id: 'file-format-swapped',
    breaks: 'A ready file reaches the agent as file:{url}|{id}|{type} instead of file:{type}|{id}|{url}.',
    kills: ['omnichannel.file_visitor.delivered-as-file-text', 'omnichannel.file_visitor.type-is-content-type'],
  },
  {
    id: 'file-type-empty',
    breaks: 'A ready file reaches the agent with an empty file type: file:|{id}|{url}.',
    kills: ['omnichannel.file_visitor.type-is-content-type', 'omnichannel.file_visitor.type-non-empty'],
  },
  {
    id: 'file-type-from-extension',
    breaks: 'A ready file reaches the agent with the extension of its name (pdf) as file type instead of its content_type.',
    kills: ['omnichannel.file_visitor.type-is-content-type'],
  },
  {
    id: 'keyboard-sends-id',
    breaks: 'A button press reaches the agent as the button id instead of its text.',
    kills: ['omnichannel.keyboard_response.delivered-as-button-text'],
  },
  {
    id: 'text-trimmed',
    breaks: 'A visitor text reaches the agent trimmed, with CRLF turned into LF.',
    kills: ['omnichannel.visitor.text-layout'],
  },
  {
    id: 'chats-by-visitor',
    breaks: 'The messages of one visitor reach the agent in one chat (the first chat_id it wrote with), whatever their chat_id.',
    kills: [
      'omnichannel.new_message.one-chat-per-chat-id',
      'omnichannel.visitor.generated-text-intact',
    ],
  },
  {
    id: 'file-downloaded',
    breaks: 'The platform fetches a ready file from its data.url when it receives it.',
    kills: ['omnichannel.file_visitor.not-downloaded'],
  },
  {
    id: 'text-truncated',
    breaks: 'A visitor text reaches the agent truncated to 1000 characters.',
    kills: ['omnichannel.visitor.text-intact'],
  },
  {
    id: 'text-unicode-stripped',
    breaks: 'A visitor text reaches the agent with every non-ASCII character removed.',
    kills: [
      'omnichannel.visitor.generated-text-intact',
      'omnichannel.visitor.text-intact',
    ],
  },
  // Channel variables (translate.ts).
  {
    id: 'var-visitor-id-missing',
    breaks: 'The channel variable channel_visitor_id is not given to the agent.',
    kills: ['omnichannel.variables.channel-visitor-id'],
  },
  {
    id: 'var-chat-id-no-suffix',
    breaks: 'The channel variable channel_chat_id lacks the |omnichannel suffix.',
    kills: ['omnichannel.variables.channel-chat-id'],
  },
  {
    id: 'var-phone-from-login',
    breaks: 'The channel variable channel_visitor_phone is taken from visitor.fields.login.',
    kills: ['omnichannel.variables.channel-visitor-phone'],
  },
  {
    id: 'var-firstname-missing',
    breaks: 'The channel variable channel_visitor_firstname is not filled from visitor.fields.name.',
    kills: ['omnichannel.variables.channel-visitor-firstname'],
  },
  {
    id: 'var-account-from-visitor-id',
    breaks: 'The channel variable channel_visitor_account is taken from visitor.id instead of visitor.fields.login.',
    kills: ['omnichannel.variables.channel-visitor-account'],
  },
  {
    id: 'var-email-missing',
    breaks: 'The channel variable channel_visitor_email is not filled from visitor.fields.email.',
    kills: ['omnichannel.variables.channel-visitor-email'],
  },
  {
    id: 'var-source-missing',
    breaks: 'The channel variable channel_visitor_source is not filled from visitor.fields.site.',
    kills: ['omnichannel.variables.channel-visitor-source'],
  },
  // The agent's send_message (agent.ts).
  {
    id: 'send-message-wrong-path',
    breaks: 'The agent posts to {Channel webhook URL}/sendMessage instead of /send_message.',
    kills: [
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
    ],
  },
  {
    id: 'send-message-bearer',
    breaks: 'The agent sends Authorization: Bearer {token} instead of Token {token}.',
    kills: ['omnichannel.send_message.authorization-token'],
  },
  {
    id: 'send-message-no-auth',
    breaks: 'The agent sends no Authorization header even though a Channel webhook Token is set.',
    kills: ['omnichannel.send_message.authorization-token'],
  },
  {
    id: 'send-message-chat-id-stringified',
    breaks: 'The agent sends chat_id as a string when an integer was received.',
    kills: [
      'omnichannel.send_message.generated-matches-schema',
      'omnichannel.send_message.same-chat-id',
    ],
  },
  {
    id: 'send-message-chat-id-parsed',
    breaks: 'The agent sends a numeric string chat_id back as a JSON number.',
    kills: [
      'omnichannel.send_message.generated-matches-schema',
      'omnichannel.send_message.string-chat-id-echoed',
    ],
  },
  {
    id: 'send-message-put',
    breaks: 'The agent sends send_message with PUT instead of POST.',
    kills: ['omnichannel.send_message.reaches-client-server'],
  },
  {
    id: 'keyboard-as-text',
    breaks: "The agent's buttons are sent as an operator text listing their labels instead of a keyboard message.",
    kills: ['omnichannel.send_message.buttons'],
  },
  {
    id: 'agent-text-ascii-only',
    breaks: "Every non-ASCII character is removed from the agent's text in send_message.",
    kills: ['omnichannel.send_message.text-intact'],
  },
  {
    id: 'agent-text-trimmed',
    breaks: "The agent's text is trimmed, with CRLF turned into LF, in send_message.",
    kills: ['omnichannel.send_message.text-layout'],
  },
  {
    id: 'agent-links-removed',
    breaks: "Links in the agent's text are replaced by [link] in send_message.",
    kills: ['omnichannel.send_message.file-link'],
  },
  {
    id: 'send-message-text-plain',
    breaks: 'The agent posts send_message with Content-Type text/plain.',
    kills: ['omnichannel.send_message.post-json'],
  },
  {
    id: 'unique-url-requires-token',
    breaks: 'Without a Channel webhook Token the agent never answers (unique-URL authorization unsupported).',
    kills: ['omnichannel.send_message.unique-url'],
  },
  {
    id: 'send-message-missing-kind',
    breaks: 'The agent sends a message object without kind.',
    kills: [
      'omnichannel.send_message.buttons',
      'omnichannel.send_message.generated-matches-schema',
      'omnichannel.send_message.matches-schema',
    ],
  },
  {
    id: 'agent-silent',
    breaks: 'The agent never writes: neither its script nor the driver\'s agent-message makes a send_message call.',
    kills: [
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
    ],
  },
  // Mutants that misbehave only on inputs no scenario check sends (issue 12): only the generated
  // checks (suites/omnichannel/properties.spec.ts) kill them.
  {
    id: 'bidi-or-combining-500',
    breaks: 'A visitor text holding a combining mark or a bidirectional control character is answered 500 (a text normaliser that throws).',
    kills: ['omnichannel.visitor.generated-valid-not-5xx'],
  },
  {
    id: 'nul-text-500',
    breaks: 'An event whose text for the agent holds a NUL character (a visitor text, a button text, a file\'s fields) is answered 500 (a store that refuses NUL).',
    kills: [
      'omnichannel.file_visitor.generated-valid-not-5xx',
      'omnichannel.keyboard_response.generated-valid-not-5xx',
      'omnichannel.visitor.generated-valid-not-5xx',
    ],
  },
  {
    id: 'empty-fields-refused',
    breaks: 'A visitor whose optional fields are sent as an empty object ("fields": {}) is answered 400 (a missing parameter).',
    kills: ['omnichannel.inbound.generated-plain-2xx'],
  },
  {
    id: 'chat-id-decoded',
    breaks: 'A string chat_id is percent-decoded as if it came from a URL: "a%2Fb" becomes "a/b" (in the chat and in send_message), and a "%" without two hex digits is answered 500.',
    kills: [
      'omnichannel.file_visitor.generated-valid-not-5xx',
      'omnichannel.keyboard_response.generated-valid-not-5xx',
      'omnichannel.visitor.generated-valid-not-5xx',
    ],
  },
  {
    id: 'long-numeric-chat-id-as-number',
    breaks: 'A numeric-looking string chat_id longer than 10 digits is sent back in send_message as a JSON number (a bigint column).',
    kills: ['omnichannel.send_message.generated-matches-schema'],
  },
  {
    id: 'astral-mangled',
    breaks: 'Characters outside the BMP other than emoji (𝔘, 𠜎) reach the agent as U+FFFD in a visitor text.',
    kills: ['omnichannel.visitor.generated-text-intact'],
  },
  {
    id: 'file-url-parsed-500',
    breaks: 'A ready file whose data.url is not an absolute URL is answered 500 (the url is parsed without a guard; the document types it as a string).',
    kills: ['omnichannel.file_visitor.generated-valid-not-5xx'],
  },
  {
    id: 'ignored-value-in-header-500',
    breaks: 'An invalid event or kind is answered 200 with its value echoed in a response header; a value outside printable ASCII makes it a 500.',
    kills: ['omnichannel.inbound.generated-invalid-event-or-kind-200'],
  },
];

export const variations: VariationSpec[] = [
  { id: 'delayed-replies', description: 'The agent writes 1000 ms after it is asked or its script answers, instead of at once (the API is asynchronous).' },
  {
    id: 'error-extra-fields',
    description: 'Error bodies carry extra fields besides "error", e.g. {"error": "...", "code": 4001} (extra fields are allowed).',
  },
  {
    id: 'scripted-agent',
    description:
      'The agent has no echo script: it never answers a visitor by itself and writes only what the driver asks (text and buttons), so it never sends file_operator either.',
    proves: ['omni-agent-script', 'omni-files-as-links'],
  },
  {
    id: 'inbox-extra-entries',
    description: 'The agent sees a system entry at the start of every chat, before the visitor\'s messages, and one channel variable more.',
    proves: ['gen-lists-searched'],
  },
  {
    id: 'accepts-202-204',
    description: 'Valid events are answered 204 (no body) when the agent received them and 202 {"status": "accepted"} when held (a file not ready); the rows whose status the document names keep it.',
    proves: ['gen-2xx-for-200'],
  },
  {
    id: 'nulls',
    description:
      'Every optional property is serialised, as null when it has no value: send_message messages carry "text", "buttons" and "data" whichever the kind, error bodies "code" and "details", inbound answers {"result": null}.',
    proves: ['gen-null-absent'],
  },
  {
    id: 'file-id-from-message',
    description: 'A ready file reaches the agent as file:{type}|{message.id}|{url}: the message id stands as file_id instead of data.id.',
    proves: ['omni-file-id-either'],
  },
  {
    id: 'scheme-any-case',
    description: 'send_message alternates the scheme word\'s case: "Authorization: token {token}", then "TOKEN {token}".',
    proves: ['omni-auth-scheme-case'],
  },
];

/** The active mutant and variation of one instance, checked once so that a typo fails loudly. */
export class Switches {
  private readonly active: Set<string>;

  constructor(mutant?: string, variation?: string) {
    if (mutant !== undefined && !mutants.some((m) => m.id === mutant)) {
      throw new Error(`Unknown omnichannel mutant "${mutant}"`);
    }
    if (variation !== undefined && !variations.some((v) => v.id === variation)) {
      throw new Error(`Unknown omnichannel variation "${variation}"`);
    }
    this.active = new Set([mutant, variation].filter((x): x is string => x !== undefined));
  }

  /** Is this mutant or variation active? */
  has(id: string): boolean {
    return this.active.has(id);
  }
}
