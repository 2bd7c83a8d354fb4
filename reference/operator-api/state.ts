/**
 * The in-memory state of the reference engagement platform: the webhook set last, and one chat per
 * client (userId) as the agent sees it. Hidden pre-chat fields live in a map of their own, never in
 * the chat, so that no view of the chat can show them to the agent ("will not be sent to the agent").
 *
 * Every method is synchronous: Node runs each one to completion, so concurrent requests cannot lose a
 * message between a read and a write.
 */

/** One line of the chat, as the driver's `GET /operator/chat` shows it. */
export interface ChatMessage {
  from: 'client' | 'agent';
  text?: string;
  url?: string;
}

/** What the agent sees of a chat (interface.md, driver protocol). */
export interface AgentView {
  userName: string;
  attributes: Record<string, unknown>;
  messages: ChatMessage[];
  closed: boolean;
}

export interface Session {
  destinationId: string;
  userName: string;
  /** Shown to the agent. */
  attributes: Record<string, unknown>;
  /** Kept for the platform, never shown to the agent. */
  hiddenAttributes: Record<string, unknown>;
  customData?: unknown;
}

interface Chat {
  userName: string;
  attributes: Record<string, unknown>;
  messages: ChatMessage[];
  closed: boolean;
  destinationId?: string;
  customData?: unknown;
  /** The text of the client's closeChat, if any. */
  closeText?: string;
}

/** An agent group the platform routes to (getDestinations). */
export interface Destination {
  destinationId: string;
  name: string;
  hasOnline: boolean;
}

/** The platform's fixed agent groups. */
export const DESTINATIONS: readonly Destination[] = [
  { destinationId: '1', name: 'Agent group 1', hasOnline: true },
  { destinationId: '2', name: 'Agent group 2', hasOnline: false },
  { destinationId: '3', name: 'Agent group 3', hasOnline: true },
];

export class OperatorState {
  /** The URL given by the last setWebhook; undefined before the first. */
  webhookUrl?: string;
  /** The user whose session selectDestination opened last (read by the event-wrong-user mutant only). */
  lastOpenedUser?: string;
  private chats = new Map<string, Chat>();
  private hidden = new Map<string, Record<string, unknown>>();

  /** @param defaultName the name the agent sees for a client who gave none. */
  constructor(private defaultName: (userId: string) => string) {}

  /** selectDestination: open (or reopen) the client's session with the given destination. */
  startSession(userId: string, s: Session): void {
    const chat = this.chat(userId);
    this.lastOpenedUser = userId;
    chat.userName = s.userName;
    chat.attributes = { ...s.attributes };
    chat.destinationId = s.destinationId;
    chat.customData = s.customData;
    chat.closed = false;
    this.hidden.set(userId, { ...s.hiddenAttributes });
  }

  /** A message in the chat, from the client or the agent; creates the chat if there is none. */
  addMessage(userId: string, message: ChatMessage): void {
    this.chat(userId).messages.push({ ...message });
  }

  /** The client (closeChat, with its text) or the agent (no text) closed the chat. */
  close(userId: string, text?: string): void {
    const chat = this.chat(userId);
    if (text !== undefined) {
      chat.closeText = text;
      chat.messages.push({ from: 'client', text });
    }
    chat.closed = true;
  }

  /** The agent moved the chat to another destination. */
  transfer(userId: string, destinationId: string): void {
    this.chat(userId).destinationId = destinationId;
  }

  /** A copy of what the agent sees; an unknown user gets the empty view. */
  view(userId: string): AgentView {
    const chat = this.chats.get(userId);
    if (!chat) return { userName: '', attributes: {}, messages: [], closed: false };
    return {
      userName: chat.userName,
      attributes: { ...chat.attributes },
      messages: chat.messages.map((m) => ({ ...m })),
      closed: chat.closed,
    };
  }

  private chat(userId: string): Chat {
    let chat = this.chats.get(userId);
    if (!chat) {
      chat = { userName: this.defaultName(userId), attributes: {}, messages: [], closed: false };
      this.chats.set(userId, chat);
    }
    return chat;
  }
}
