/**
 * What the Chat API reference's routes and driver endpoints share: the context `build()` makes once
 * per app, and the hook through which another layer (the operator-api-platform reference) may answer
 * in place of the bot.
 * @module
 */

import type { BotScript } from '../types.ts';
import type { AnswerData, ChatStore } from './store.ts';
import type { EventBus } from './event-bus.ts';
import type { Switches } from './mutants.ts';
import type { Log } from './webhook-sender.ts';

/** Everything a route or a driver endpoint needs, built once per app by `build()`. */
export interface ChatContext {
  /** The channel token: the only one the reference knows. */
  token: string;
  store: ChatStore;
  bus: EventBus;
  /** The active mutant and variation: `sw.mutant('…')`, `sw.variation('…')`. */
  sw: Switches;
  log: Log;
  /** Deliveries and deferred answers still in flight, so that tests and `close()` can wait for them. */
  pending: Set<Promise<void>>;
  /** The clients that have asked something (only the history-all-clients mutant reads it). */
  clients: Set<string>;
  /** The questionIds answered through /async (only the not-read-count-ignores-async mutant reads it). */
  asyncAnswered: Set<string>;
  /** Optional: a layer composed on top (reference/operator-api-platform) may answer instead of the bot. */
  answer?: AnswerHook;
  /** The bot's script of "input → replies" (reference/chat-api/bot-script.ts): the default one unless `serve --bot-script` gave another. */
  botScript: BotScript;
}

/**
 * Consulted before the bot on every client request (all three request methods). An answer replaces
 * the bot's; `undefined` lets the bot answer. The request is otherwise handled as usual (history,
 * status, events, webhook).
 */
export type AnswerHook = (token: string, req: { clientId: string; query?: string; event?: string }) => Promise<AnswerData | undefined>;
