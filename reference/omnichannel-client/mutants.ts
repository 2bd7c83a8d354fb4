/**
 * The deliberately broken variants of the client channel server reference, one rule each, and the
 * conformant variations the omnichannel-client suite must accept. Each id is consulted at the single
 * place its rule lives (visitor-events.ts, poster.ts, send-message.ts). `kills` lists the checks each
 * mutant fails under --strict; test/selftest/omnichannel-client.spec.ts proves the lists exact.
 * @module
 */

import { defineCatalogue, type MutantEntry, type MutantIdOf, type SwitchesOf, type VariationEntry, type VariationIdOf } from '../common/catalogue.ts';

/**
 * Every check that needs the IUT to post its visitors' messages to the suite's fake platform: a mutant
 * that stops them fails all of these. A new check that waits for a posted event joins this list, not each mutant's.
 */
const POSTED_EVENT_CHECKS = [
  'omnichannel-client.file_visitor.data-intact',
  'omnichannel-client.file_visitor.matches-schema',
  'omnichannel-client.keyboard_response.button-intact',
  'omnichannel-client.keyboard_response.matches-schema',
  'omnichannel-client.new_message.chat-id-integer',
  'omnichannel-client.new_message.chat-id-kept',
  'omnichannel-client.new_message.event-new-message',
  'omnichannel-client.new_message.message-id-distinct',
  'omnichannel-client.new_message.post-json',
  'omnichannel-client.new_message.posted-to-inbound-url',
  'omnichannel-client.new_message.visitor-fields',
  'omnichannel-client.new_message.visitor-id',
  'omnichannel-client.visitor.matches-schema',
  'omnichannel-client.visitor.text-intact',
  'omnichannel-client.visitor.text-layout',
] as const;

const MUTANTS = {
  // Where and how visitor events are posted (poster.ts, visitor-events.ts).
  'never-posts': {
    breaks: "The client server never posts its visitors' messages to the platform.",
    kills: [...POSTED_EVENT_CHECKS],
  },
  'posts-wrong-path': {
    breaks: 'Visitor events are posted to .../{token}/bot_webhook instead of .../{token}/bot_api_webhook.',
    kills: [...POSTED_EVENT_CHECKS],
  },
  'posts-put': {
    breaks: 'Visitor events are sent with PUT instead of POST.',
    kills: ['omnichannel-client.new_message.post-json'],
  },
  'posts-text-plain': {
    breaks: 'Visitor events are posted with Content-Type text/plain.',
    kills: ['omnichannel-client.new_message.post-json'],
  },
  'posts-array': {
    breaks: 'Visitor events are posted as a JSON array holding the event instead of the event object.',
    kills: ['omnichannel-client.new_message.post-json'],
  },
  'event-wrong-name': {
    breaks: 'The event is named "message" instead of "new_message".',
    kills: ['omnichannel-client.new_message.event-new-message'],
  },
  'chat-id-string': {
    breaks: "The chat's integer chat_id is posted as a string.",
    kills: ['omnichannel-client.new_message.chat-id-integer'],
  },
  'chat-id-sequence': {
    breaks: "A client-side sequence number is posted as chat_id instead of the chat's id.",
    kills: ['omnichannel-client.new_message.chat-id-kept'],
  },
  'visitor-id-per-message': {
    breaks: 'visitor.id is a fresh random id for every message instead of one id per visitor.',
    kills: ['omnichannel-client.new_message.visitor-id'],
  },
  'visitor-id-constant': {
    breaks: 'Every visitor is posted with the same visitor.id.',
    kills: ['omnichannel-client.new_message.visitor-id'],
  },
  'visitor-fields-dropped': {
    breaks: "The visitor's fields (name, login, phone, email, site) are not posted.",
    kills: ['omnichannel-client.new_message.visitor-fields'],
  },
  'visitor-phone-from-login': {
    breaks: 'visitor.fields.phone carries the login instead of the phone.',
    kills: ['omnichannel-client.new_message.visitor-fields'],
  },
  'message-id-missing': {
    breaks: 'The message object carries no id.',
    kills: [
      'omnichannel-client.file_visitor.matches-schema',
      'omnichannel-client.keyboard_response.matches-schema',
      'omnichannel-client.new_message.message-id-distinct',
      'omnichannel-client.visitor.matches-schema',
    ],
  },
  'message-id-per-chat': {
    breaks: "Every message of a chat is posted with the same message.id (made of the chat's id).",
    kills: ['omnichannel-client.new_message.message-id-distinct'],
  },
  // Text messages (visitor-events.ts).
  'visitor-kind-text': {
    breaks: 'A text message is posted with kind "text" instead of "visitor".',
    kills: ['omnichannel-client.visitor.matches-schema'],
  },
  'text-truncated-1000': {
    breaks: "The visitor's text is cut to 1000 characters.",
    kills: ['omnichannel-client.visitor.text-intact'],
  },
  'text-non-ascii-stripped': {
    breaks: "Every non-ASCII character is removed from the visitor's text.",
    kills: ['omnichannel-client.visitor.text-intact'],
  },
  'text-html-escaped': {
    breaks: "The visitor's text is HTML-escaped (< > & become entities).",
    kills: ['omnichannel-client.visitor.text-layout'],
  },
  // Files (visitor-events.ts).
  'file-as-text': {
    breaks: 'A file is posted as a text message (kind visitor) carrying its URL instead of as file_visitor with data.',
    kills: ['omnichannel-client.file_visitor.data-intact', 'omnichannel-client.file_visitor.matches-schema'],
  },
  'file-size-string': {
    breaks: 'data.size of a file is posted as a string instead of an integer.',
    kills: ['omnichannel-client.file_visitor.data-intact', 'omnichannel-client.file_visitor.matches-schema'],
  },
  'file-content-type-from-name': {
    breaks: "data.content_type is the file name's extension instead of its media type.",
    kills: ['omnichannel-client.file_visitor.data-intact'],
  },
  'file-state-always-ready': {
    breaks: 'A file that is still uploading is posted with state "ready".',
    kills: ['omnichannel-client.file_visitor.not-ready-never-ready'],
  },
  // Button presses (visitor-events.ts).
  'button-kind-visitor': {
    breaks: 'A button press is posted with kind "visitor" (and the button text) instead of "keyboard_response".',
    kills: ['omnichannel-client.keyboard_response.matches-schema'],
  },
  'button-text-for-id': {
    breaks: "data.button.id carries the button's text instead of its id.",
    kills: ['omnichannel-client.keyboard_response.button-intact'],
  },
  // send_message (send-message.ts).
  'send-message-bearer-only': {
    breaks: 'send_message accepts only "Authorization: Bearer {token}" and refuses the documented "Token {token}".',
    kills: [
      'omnichannel-client.send_message.accepts-keyboard',
      'omnichannel-client.send_message.accepts-operator',
      'omnichannel-client.send_message.accepts-scheme-any-case',
      'omnichannel-client.send_message.file-link-reaches-visitor',
      'omnichannel-client.send_message.keyboard-reaches-visitor',
      'omnichannel-client.send_message.operator-reaches-visitor',
      'omnichannel-client.send_message.operator-text-intact',
      'omnichannel-client.send_message.operator-text-layout',
      'omnichannel-client.send_message.reaches-that-chat-only',
    ],
  },
  'send-message-no-auth-check': {
    breaks: 'send_message accepts any Authorization header, or none.',
    kills: [
      'omnichannel-client.send_message.missing-authorization-refused',
      'omnichannel-client.send_message.wrong-token-not-delivered',
      'omnichannel-client.send_message.wrong-token-refused',
    ],
  },
  'send-message-accepts-missing-header': {
    breaks: 'send_message without an Authorization header is accepted (a wrong one is still refused).',
    kills: ['omnichannel-client.send_message.missing-authorization-refused'],
  },
  'send-message-refuses-then-delivers': {
    breaks: 'send_message with a wrong token is answered 401 but still delivered to the visitor.',
    kills: ['omnichannel-client.send_message.wrong-token-not-delivered'],
  },
  'send-message-missing-chat-id-accepted': {
    breaks: 'A send_message body without chat_id is answered 200.',
    kills: ['omnichannel-client.send_message.missing-chat-id-refused'],
  },
  'send-message-missing-message-accepted': {
    breaks: 'A send_message body without message is answered 200.',
    kills: ['omnichannel-client.send_message.missing-message-refused'],
  },
  'operator-not-delivered': {
    breaks: 'An operator message is answered 200 but never reaches the visitor.',
    kills: [
      'omnichannel-client.send_message.file-link-reaches-visitor',
      'omnichannel-client.send_message.operator-reaches-visitor',
      'omnichannel-client.send_message.operator-text-intact',
      'omnichannel-client.send_message.operator-text-layout',
      'omnichannel-client.send_message.reaches-that-chat-only',
    ],
  },
  'operator-text-ascii-only': {
    breaks: "Every non-ASCII character is removed from the agent's text before the visitor sees it.",
    kills: ['omnichannel-client.send_message.operator-text-intact'],
  },
  'keyboard-refused': {
    breaks: 'A keyboard message is answered 400 (buttons unsupported).',
    kills: ['omnichannel-client.send_message.accepts-keyboard', 'omnichannel-client.send_message.keyboard-reaches-visitor'],
  },
  'keyboard-buttons-dropped': {
    breaks: 'A keyboard message reaches the visitor without its buttons.',
    kills: ['omnichannel-client.send_message.keyboard-reaches-visitor'],
  },
  'send-message-scheme-case-sensitive': {
    breaks: 'send_message accepts only the scheme word spelt "Token", and refuses "token {token}" and "TOKEN {token}".',
    kills: ['omnichannel-client.send_message.accepts-scheme-any-case'],
  },
  'send-message-to-visitor': {
    breaks: "An agent's message reaches every chat of the visitor of the chat it names, not only that chat.",
    kills: ['omnichannel-client.send_message.reaches-that-chat-only'],
  },
  'operator-links-removed': {
    breaks: "Links in the agent's text are replaced by [link] before the visitor sees it.",
    kills: ['omnichannel-client.send_message.file-link-reaches-visitor'],
  },
  'operator-text-trimmed': {
    breaks: "The agent's text is trimmed, with CRLF turned into LF, before the visitor sees it.",
    kills: ['omnichannel-client.send_message.operator-text-layout'],
  },
} satisfies Record<string, MutantEntry>;

const VARIATIONS = {
  'delayed-posts': { description: 'Visitor events are posted 500 ms after the visitor acts instead of at once.' },
  'extra-fields': {
    description: 'Posted events carry fields the document does not list (a top-level timestamp, message.created_at, visitor.fields.lang).',
  },
  'ready-files-only': {
    description: 'A file that is not ready yet is not posted at all (the platform would ignore it anyway).',
  },
  'refuses-403': { description: 'A missing or wrong Authorization header is answered 403 instead of 401 (any 4xx refuses).' },
  'answers-empty-body': { description: 'send_message is answered 200 with an empty body (the document specifies no body).' },
  'answers-2xx': {
    description: 'send_message is answered 202 {"status": "queued"} for a text and 204 with no body for a keyboard, instead of 200.',
    proves: ['gen-2xx-for-200'],
  },
  nulls: {
    description:
      'Every optional property is serialised, as null when it has no value: each posted message carries "text" and "data" whatever its kind, visitor.fields names all five documented fields (null for those the visitor did not give), and send_message is answered {"result": "ok", "error": null}.',
    proves: ['gen-null-absent'],
  },
  'file-id-is-message-id': {
    description: "A file's data.id is the message's own id (both are the \"client server side message identifier\"), not the file's.",
    proves: ['omni-file-id-either'],
  },
  'file-operator-refused': {
    description: 'send_message with a file_operator message is answered 400: files from the agent travel as links in a text only.',
    proves: ['omni-files-as-links'],
  },
  'agent-first-refused': {
    description:
      'send_message for a chat no visitor has opened is answered 404 ("Messages will reach the interlocutor if the agent writes first": at the discretion of the channel).',
    proves: ['omni-agent-first'],
  },
  'long-agent-text-cut': {
    description: 'An agent text over 1000 characters reaches the visitor cut to its first 1000 characters ("at the discretion of the channel").',
    proves: ['omni-long-agent-text'],
  },
  'inbox-plain': {
    description: "The driver's visitor inbox shows keyboard buttons as a flat list of labels and a file as a text holding its link.",
  },
  'path-prefix': {
    description: 'The Channel webhook URL has a path (a unique URL such as /channel/c0ffee42): send_message lives at {that URL}/send_message.',
  },
} satisfies Record<string, VariationEntry>;

/** Declared once: the id unions below come from it, and so do the exported `mutants`/`variations`. */
export const catalogue = defineCatalogue('omnichannel-client', { mutants: MUTANTS, variations: VARIATIONS });

export type MutantId = MutantIdOf<typeof catalogue>;
export type VariationId = VariationIdOf<typeof catalogue>;
/** The one mutant and the one variation a reference instance runs with: `sw.mutant('…')`, `sw.variation('…')`. */
export type Switches = SwitchesOf<typeof catalogue>;

export const { mutants, variations } = catalogue;
