/**
 * The in-memory state of the reference engagement platform: the webhook set last, and one chat per
 * client (userId) as the agent sees it. Hidden pre-chat fields live in a map of their own, never in
 * the chat, so that no view of the chat can show them to the agent ("will not be sent to the agent").
 *
 * Every method is synchronous: Node runs each one to completion, so concurrent requests cannot lose a
 * message between a read and a write.
 * @module
 */

import { parseJson } from './request-body.ts';

/** One line of the chat, as the driver's `GET /operator/chat` shows it. */
export interface ChatMessage {
  from: 'client' | 'agent';
  text?: string | null;
  url?: string | null;
}

/**
 * What the agent sees of a chat (the driver protocol), with the additive `customData`: the
 * selectDestination customData as an object ({} when none was given).
 */
export interface AgentView {
  userName: string;
  attributes: Record<string, unknown>;
  messages: ChatMessage[];
  closed: boolean;
  customData: Record<string, unknown> | null;
}

/** How the view is shaped by the conformant variations that change it. */
export interface ViewOptions {
  /** nulls-for-absent: a message's missing text or url, and a missing customData, as null. */
  nulls?: boolean;
  /** chat-system-entries: a greeting first, and a delivery note after each client message. */
  systemEntries?: boolean;
}

const GREETING = 'Hello! An agent will join you shortly.';
const DELIVERED = 'Delivered to the agent.';

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
  constructor(
    private defaultName: (userId: string) => string,
    private options: ViewOptions = {},
    /** The hidden-attributes-leak-on-retransfer mutant: a second session shows the first one's hidden fields. */
    private leakOnRetransfer = false,
  ) {}

  /** Whether the user has a chat (a session was opened, or a message filed). */
  hasChat(userId: string): boolean {
    return this.chats.has(userId);
  }

  /** selectDestination: open (or reopen) the client's session with the given destination. */
  startSession(userId: string, s: Session): void {
    const chat = this.chat(userId);
    this.lastOpenedUser = userId;
    chat.userName = s.userName;
    const previous = chat.destinationId !== undefined && this.leakOnRetransfer ? (this.hidden.get(userId) ?? {}) : {};
    chat.attributes = { ...previous, ...s.attributes };
    chat.destinationId = s.destinationId;
    chat.customData = s.customData;
    chat.closed = false;
    this.hidden.set(userId, { ...s.hiddenAttributes });
  }

  /** A message in the chat, from the client or the agent; creates the chat if there is none. */
  addMessage(userId: string, message: ChatMessage): void {
    const messages = this.chat(userId).messages;
    messages.push({ ...message });
    if (this.options.systemEntries && message.from === 'client') messages.push({ from: 'agent', text: DELIVERED });
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
    const nulls = this.options.nulls === true;
    const chat = this.chats.get(userId);
    if (!chat) return { userName: '', attributes: {}, messages: [], closed: false, customData: nulls ? null : {} };
    const customData = customDataView(chat.customData);
    return {
      userName: chat.userName,
      attributes: { ...chat.attributes },
      messages: chat.messages.map((m) => (nulls ? { from: m.from, text: m.text ?? null, url: m.url ?? null } : { ...m })),
      closed: chat.closed,
      customData: customData ?? (nulls ? null : {}),
    };
  }

  private chat(userId: string): Chat {
    let chat = this.chats.get(userId);
    if (!chat) {
      chat = { userName: this.defaultName(userId), attributes: {}, messages: [], closed: false };
      if (this.options.systemEntries) chat.messages.push({ from: 'agent', text: GREETING });
      this.chats.set(userId, chat);
    }
    return chat;
  }
}

/**
 * customData as the agent sees it: an object as given; a string holding a JSON object, that object
 * (the table types customData as a string); any other string as {"text": …}. None: undefined.
 */
function customDataView(v: unknown): Record<string, unknown> | undefined {
  if (typeof v === 'string') {
    try {
      const parsed: unknown = parseJson(v);
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return { ...(parsed as Record<string, unknown>) };
    } catch {
      /* not JSON: shown as text */
    }
    return { text: v };
  }
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) return structuredClone(v as Record<string, unknown>);
  return undefined;
}
