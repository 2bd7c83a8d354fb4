import type { MutantSpec, VariationSpec } from '../types.ts';

/**
 * The deliberately broken variants of the Omnichannel reference, one rule each, and the conformant
 * variations the suite must accept. Each id is consulted at the single place its rule lives
 * (inbound.ts, translate.ts, agent.ts). `kills` is filled in by the self-tests' owner.
 */
export const mutants: MutantSpec[] = [
  // The no-active-channel rule (inbound.ts).
  { id: 'unknown-token-200', breaks: 'An unknown token in the inbound URL is accepted and processed (200) instead of 400.', kills: [] },
  { id: 'inactive-channel-processed', breaks: 'An event for an inactive channel is processed (200) instead of 400.', kills: [] },
  { id: 'no-channel-error-text', breaks: 'The no-active-channel 400 body says "No channel." instead of the documented text.', kills: [] },
  { id: 'no-channel-error-key', breaks: 'The no-active-channel 400 body carries the text under "message" instead of "error".', kills: [] },
  { id: 'no-channel-404', breaks: 'An unknown token or inactive channel is answered 404 instead of 400.', kills: [] },
  // Missing parameters (inbound.ts).
  { id: 'missing-chat-id-200', breaks: 'A body without chat_id is answered 200 instead of 400.', kills: [] },
  { id: 'missing-message-200', breaks: 'A body without message is answered 200 instead of 400.', kills: [] },
  { id: 'missing-visitor-200', breaks: 'A body without visitor is answered 200 instead of 400.', kills: [] },
  { id: 'missing-visitor-id-200', breaks: 'A body whose visitor has no id is answered 200 instead of 400.', kills: [] },
  // Routing (server.ts).
  { id: 'wrong-url-400', breaks: 'Unknown paths under /connector/ are answered 400 instead of 404.', kills: [] },
  // Invalid event or kind (inbound.ts).
  { id: 'invalid-event-400', breaks: 'An event other than new_message is answered 400 instead of 200.', kills: [] },
  { id: 'invalid-kind-400', breaks: 'A message.kind other than the three documented kinds is answered 400 instead of 200.', kills: [] },
  { id: 'invalid-event-processed', breaks: 'An event other than new_message is answered 200 but still delivered to the agent.', kills: [] },
  // Other errors of the request JSON (inbound.ts).
  { id: 'bad-json-400', breaks: 'A body that is not valid JSON is answered 400 instead of 500.', kills: [] },
  { id: 'chat-id-object-200', breaks: 'A chat_id that is a JSON object or array is answered 200 (and ignored) instead of 500.', kills: [] },
  { id: 'string-chat-id-rejected', breaks: 'A string chat_id is answered 400 instead of being accepted.', kills: [] },
  // What the agent receives (translate.ts).
  { id: 'file-not-ready-delivered', breaks: 'A file_visitor message whose data.state is not ready is delivered to the agent.', kills: [] },
  { id: 'file-format-swapped', breaks: 'A ready file reaches the agent as file:{url}|{id}|{type} instead of file:{type}|{id}|{url}.', kills: [] },
  { id: 'file-type-empty', breaks: 'A ready file reaches the agent with an empty file type: file:|{id}|{url}.', kills: [] },
  { id: 'keyboard-sends-id', breaks: 'A button press reaches the agent as the button id instead of its text.', kills: [] },
  { id: 'text-truncated', breaks: 'A visitor text reaches the agent truncated to 1000 characters.', kills: [] },
  { id: 'text-unicode-stripped', breaks: 'A visitor text reaches the agent with every non-ASCII character removed.', kills: [] },
  // Channel variables (translate.ts).
  { id: 'var-visitor-id-missing', breaks: 'The channel variable channel_visitor_id is not given to the agent.', kills: [] },
  { id: 'var-chat-id-no-suffix', breaks: 'The channel variable channel_chat_id lacks the |omnichannel suffix.', kills: [] },
  { id: 'var-phone-from-login', breaks: 'The channel variable channel_visitor_phone is taken from visitor.fields.login.', kills: [] },
  // The agent's send_message (agent.ts).
  { id: 'send-message-wrong-path', breaks: 'The agent posts to {Channel webhook URL}/sendMessage instead of /send_message.', kills: [] },
  { id: 'send-message-bearer', breaks: 'The agent sends Authorization: Bearer {token} instead of Token {token}.', kills: [] },
  { id: 'send-message-no-auth', breaks: 'The agent sends no Authorization header even though a Channel webhook Token is set.', kills: [] },
  { id: 'send-message-chat-id-stringified', breaks: 'The agent sends chat_id as a string when an integer was received.', kills: [] },
  { id: 'send-message-missing-kind', breaks: 'The agent sends a message object without kind.', kills: [] },
  { id: 'agent-silent', breaks: 'The agent never answers: no send_message call is made.', kills: [] },
];

export const variations: VariationSpec[] = [
  { id: 'delayed-replies', description: 'The agent answers 1000 ms after the event instead of at once (the API is asynchronous).' },
  {
    id: 'error-extra-fields',
    description: 'Error bodies carry extra fields besides "error", e.g. {"error": "...", "code": 4001} (extra fields are allowed).',
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
