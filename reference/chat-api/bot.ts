import type { AnswerData } from './store.ts';

/**
 * A tiny deterministic bot, so that the suite (and a reader) can predict every answer. The shape of
 * `data` follows the document's webhook example: `replies` of typed items, plus `answer`, the text.
 */
export interface BotInput {
  query?: string;
  event?: string;
}

export function botAnswer(input: BotInput): AnswerData {
  // A request carrying both is answered by its event: the event names what happened in the app,
  // the query would then only be context.
  if (input.event !== undefined) {
    if (input.event === 'start') return say('Welcome! Ask me anything.', '/Start');
    return say(`Event received: ${input.event}`, '/Event');
  }
  const query = input.query ?? '';
  if (query.trim().toLowerCase() === 'hello') return say('Hello! How can I help you?', '/Hello');
  return say(`You said: ${query}`, '/CatchAll');
}

function say(text: string, state: string): AnswerData {
  return { replies: [{ type: 'text', text, state }], answer: text };
}
