/**
 * What the agent received, per chat: the texts in order and the channel variables it was given with
 * the latest one. This is what the driver's GET /omnichannel/inbox shows. Each chat also remembers
 * where it came from (the chat_id as the client server sent it, and the channel), so that the agent
 * can write in it when the driver asks.
 *
 * Keyed by the chat_id as text, because the driver's query string cannot tell 42 from "42".
 * @module
 */

export type ChannelVariables = Record<string, string | null>;

export interface ChatInbox {
  messages: Array<{ text: string }>;
  variables: ChannelVariables;
}

/** Where a chat came from: the chat_id as received (same JSON type) and the inbound token of its channel. */
export interface ChatOrigin {
  chatId: string | number;
  token: string;
}

/** Cap per chat, so that a flood of events cannot exhaust memory (the oldest are dropped). */
const MAX_MESSAGES_PER_CHAT = 1000;

/** The entries an agent console shows besides the visitor's messages (the inbox-extra-entries variation). */
const GREETING = '[system] A new chat started: the bot greeted the visitor';
const EXTRA_VARIABLE = { channel_platform: 'reference' };

export interface InboxOptions {
  /** Show a system entry at the start of every chat, and one variable more (gen-lists-searched). */
  extraEntries?: boolean;
}

interface Chat extends ChatInbox {
  origin: ChatOrigin;
}

export class Inbox {
  private readonly chats = new Map<string, Chat>();

  constructor(private readonly opts: InboxOptions = {}) {}

  static key(chatId: string | number): string {
    return String(chatId);
  }

  /** The agent received `text` from the chat `chatId` (filed under `key`, normally the chat_id) of the channel `token`. */
  record(chatId: string | number, text: string, variables: ChannelVariables, token: string, key = Inbox.key(chatId)): void {
    let chat = this.chats.get(key);
    if (!chat) {
      chat = { messages: this.opts.extraEntries ? [{ text: GREETING }] : [], variables: {}, origin: { chatId, token } };
      this.chats.set(key, chat);
    }
    chat.messages.push({ text });
    if (chat.messages.length > MAX_MESSAGES_PER_CHAT) chat.messages.shift();
    chat.variables = this.opts.extraEntries ? { ...variables, ...EXTRA_VARIABLE } : { ...variables };
    chat.origin = { chatId, token };
  }

  /** A copy of what the agent has of that chat; an unknown chat is empty, not an error. */
  view(chatId: string): ChatInbox {
    const chat = this.chats.get(Inbox.key(chatId));
    if (!chat) return { messages: [], variables: {} };
    return { messages: chat.messages.map((m) => ({ ...m })), variables: { ...chat.variables } };
  }

  /** Where the chat came from, or undefined for a chat the agent never received anything from. */
  origin(chatId: string | number): ChatOrigin | undefined {
    const o = this.chats.get(Inbox.key(chatId))?.origin;
    return o && { ...o };
  }
}
