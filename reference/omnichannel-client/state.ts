/**
 * The in-memory state of the client channel server: where the platform is (its address and the
 * inbound channel token of the App.Chatbots Webhook URL), which chats exist on this side, and what
 * each visitor received from the agent through `send_message`.
 *
 * Chats are keyed by the chat_id as text, because the driver's query string cannot tell 42 from "42".
 * @module
 */

export type ChatId = number | string;

/** Where visitor events go: `{url}/connector/omnichannel/omnichannel_message/{token}/bot_api_webhook`. */
export interface Platform {
  url: string;
  token: string;
}

/** One message the visitor received, as the driver's GET client/visitor-inbox shows it. */
export interface VisitorMessage {
  kind: string;
  text?: string;
  buttons?: unknown[];
  data?: Record<string, unknown>;
}

/** Caps, so that a flood of requests cannot exhaust memory (the oldest are dropped). */
const MAX_MESSAGES_PER_CHAT = 1000;
const MAX_CHATS = 10_000;

export class ClientState {
  platform: Platform | null = null;
  /** Chats the visitors opened on this side, with what their visitor received from the agent. */
  private readonly chats = new Map<string, VisitorMessage[]>();
  /** The visitor of each chat. */
  private readonly visitorOf = new Map<string, string>();
  /** chat_ids posted for a chat that are not its own id (the chat-id-sequence mutant's numbers). */
  private readonly aliases = new Map<string, string>();

  static key(chatId: ChatId): string {
    return String(chatId);
  }

  /** A visitor wrote in this chat: it exists from now on. */
  open(chatId: ChatId, visitorId?: string): void {
    const key = ClientState.key(chatId);
    if (visitorId !== undefined) this.visitorOf.set(key, visitorId);
    if (this.chats.has(key)) return;
    this.chats.set(key, []);
    if (this.chats.size > MAX_CHATS) {
      const oldest = this.chats.keys().next().value as string;
      this.chats.delete(oldest);
      this.visitorOf.delete(oldest);
    }
  }

  /** The chat was posted to the platform as `posted`: the agent's answers to it belong to the chat. */
  alias(posted: ChatId, chatId: ChatId): void {
    if (String(posted) !== String(chatId)) this.aliases.set(String(posted), ClientState.key(chatId));
  }

  /** The chat a chat_id of the agent names (its own id, or the id it was posted as). */
  resolve(chatId: ChatId): string {
    const key = ClientState.key(chatId);
    return this.aliases.get(key) ?? key;
  }

  knows(chatId: ChatId): boolean {
    return this.chats.has(this.resolve(chatId));
  }

  /** The other chats of the visitor of this chat (the send-message-to-visitor mutant's fan-out). */
  chatsOfSameVisitor(chatId: ChatId): string[] {
    const visitor = this.visitorOf.get(this.resolve(chatId));
    if (visitor === undefined) return [];
    return [...this.visitorOf].filter(([k, v]) => v === visitor && k !== this.resolve(chatId)).map(([k]) => k);
  }

  /** Deliver an agent's message to the visitor of the chat (opening it if the agent writes first). */
  deliver(chatId: ChatId, message: VisitorMessage): void {
    const key = this.resolve(chatId);
    this.open(key);
    const list = this.chats.get(key)!;
    list.push(message);
    if (list.length > MAX_MESSAGES_PER_CHAT) list.shift();
  }

  /** A copy of what the visitor received; an unknown chat is empty, not an error. */
  inbox(chatId: string): VisitorMessage[] {
    return (this.chats.get(ClientState.key(chatId)) ?? []).map((m) => structuredClone(m));
  }
}
