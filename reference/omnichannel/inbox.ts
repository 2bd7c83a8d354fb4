/**
 * What the agent received, per chat: the texts in order and the channel variables it was given with
 * the latest one. This is what the driver's GET /omnichannel/inbox shows.
 *
 * Keyed by the chat_id as text, because the driver's query string cannot tell 42 from "42".
 */
export type ChannelVariables = Record<string, string | null>;

export interface ChatInbox {
  messages: Array<{ text: string }>;
  variables: ChannelVariables;
}

/** Cap per chat, so that a flood of events cannot exhaust memory (the oldest are dropped). */
const MAX_MESSAGES_PER_CHAT = 1000;

export class Inbox {
  private readonly chats = new Map<string, ChatInbox>();

  static key(chatId: string | number): string {
    return String(chatId);
  }

  record(chatId: string | number, text: string, variables: ChannelVariables): void {
    const key = Inbox.key(chatId);
    let chat = this.chats.get(key);
    if (!chat) {
      chat = { messages: [], variables: {} };
      this.chats.set(key, chat);
    }
    chat.messages.push({ text });
    if (chat.messages.length > MAX_MESSAGES_PER_CHAT) chat.messages.shift();
    chat.variables = { ...variables };
  }

  /** A copy of what the agent has of that chat; an unknown chat is empty, not an error. */
  view(chatId: string): ChatInbox {
    const chat = this.chats.get(Inbox.key(chatId));
    if (!chat) return { messages: [], variables: {} };
    return { messages: chat.messages.map((m) => ({ ...m })), variables: { ...chat.variables } };
  }
}
