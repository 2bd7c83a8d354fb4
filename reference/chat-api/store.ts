/**
 * What the Chat API reference remembers, behind one small interface so that the routes never touch a
 * Map directly and a persistent store can be plugged in later. Every method is async for that reason.
 * Data is kept per channel token and per client; the routes decide what the data means.
 * @module
 */

export type MessageStatus = 'SENT' | 'DELIVERED' | 'READ' | 'NOT_SENT';
export const MESSAGE_STATUSES: readonly MessageStatus[] = ['SENT', 'DELIVERED', 'READ', 'NOT_SENT'];

export interface Reply {
  type?: string;
  [key: string]: unknown;
}

/** The `data` of an answer: what the bot said. */
export interface AnswerData {
  replies: Reply[];
  answer?: string;
  [key: string]: unknown;
}

/** One answered client request (a bot message), as history lists it. */
export interface HistoryEntry {
  questionId: string;
  /** ISO 8601, UTC. */
  timestamp: string;
  query?: string;
  event?: string;
  data: AnswerData;
}

/** One event for GET /events. */
export interface ChatEvent {
  /** Assigned by the store: increasing per client, so "since the previous call" needs no clock. */
  seq: number;
  /** Milliseconds since the epoch: what `ts` is compared with. */
  time: number;
  /** `bot` = a bot response to a client request; `agent` = an agent's reply. */
  kind: 'bot' | 'agent';
  type: string;
  /** The connection id of the request a bot response answers; agent replies belong to none. */
  cid?: string;
  questionId?: string;
  timestamp: string;
  data: Record<string, unknown>;
}

export interface ChatStore {
  addHistory(token: string, clientId: string, entry: HistoryEntry): Promise<void>;
  /** Oldest first. Empty for a client never seen. */
  history(token: string, clientId: string): Promise<HistoryEntry[]>;

  addEvent(token: string, clientId: string, event: Omit<ChatEvent, 'seq'>): Promise<ChatEvent>;
  /** Oldest first. */
  events(token: string, clientId: string): Promise<ChatEvent[]>;
  /** The `seq` up to which this client has already been served by a /events call without `ts`. */
  eventCursor(token: string, clientId: string): Promise<number>;
  setEventCursor(token: string, clientId: string, seq: number): Promise<void>;

  saveState(token: string, clientId: string, state: unknown): Promise<void>;
  /** `undefined` when never saved. */
  loadState(token: string, clientId: string): Promise<unknown>;

  status(token: string, clientId: string, questionId: string): Promise<MessageStatus | undefined>;
  /** Applies all or nothing (the routes validate first). */
  setStatuses(token: string, clientId: string, statuses: { questionId: string; status: MessageStatus }[]): Promise<void>;

  /** The channel's "Webhook URL" setting. */
  webhookUrl(token: string): Promise<string | undefined>;
  setWebhookUrl(token: string, url: string): Promise<void>;
}

interface ClientData {
  history: HistoryEntry[];
  events: ChatEvent[];
  nextSeq: number;
  cursor: number;
  state?: string;
  statuses: Map<string, MessageStatus>;
}

export class MemoryChatStore implements ChatStore {
  private clients = new Map<string, ClientData>();
  private webhooks = new Map<string, string>();

  private client(token: string, clientId: string): ClientData {
    // JSON encoding keeps (token, clientId) pairs apart whatever characters they contain.
    const key = JSON.stringify([token, clientId]);
    let c = this.clients.get(key);
    if (!c) {
      c = { history: [], events: [], nextSeq: 1, cursor: 0, statuses: new Map() };
      this.clients.set(key, c);
    }
    return c;
  }

  async addHistory(token: string, clientId: string, entry: HistoryEntry): Promise<void> {
    this.client(token, clientId).history.push(structuredClone(entry));
  }

  async history(token: string, clientId: string): Promise<HistoryEntry[]> {
    return structuredClone(this.client(token, clientId).history);
  }

  async addEvent(token: string, clientId: string, event: Omit<ChatEvent, 'seq'>): Promise<ChatEvent> {
    const c = this.client(token, clientId);
    const stored: ChatEvent = { ...structuredClone(event), seq: c.nextSeq++ };
    c.events.push(stored);
    return structuredClone(stored);
  }

  async events(token: string, clientId: string): Promise<ChatEvent[]> {
    return structuredClone(this.client(token, clientId).events);
  }

  async eventCursor(token: string, clientId: string): Promise<number> {
    return this.client(token, clientId).cursor;
  }

  async setEventCursor(token: string, clientId: string, seq: number): Promise<void> {
    this.client(token, clientId).cursor = seq;
  }

  async saveState(token: string, clientId: string, state: unknown): Promise<void> {
    // Kept as JSON text: a later GET can never see a mutation of the object handed in, and keys such
    // as "__proto__" survive as the plain own properties JSON.parse makes of them.
    this.client(token, clientId).state = JSON.stringify(state);
  }

  async loadState(token: string, clientId: string): Promise<unknown> {
    const text = this.client(token, clientId).state;
    return text === undefined ? undefined : JSON.parse(text);
  }

  async status(token: string, clientId: string, questionId: string): Promise<MessageStatus | undefined> {
    return this.client(token, clientId).statuses.get(questionId);
  }

  async setStatuses(token: string, clientId: string, statuses: { questionId: string; status: MessageStatus }[]): Promise<void> {
    const map = this.client(token, clientId).statuses;
    for (const s of statuses) map.set(s.questionId, s.status);
  }

  async webhookUrl(token: string): Promise<string | undefined> {
    return this.webhooks.get(token);
  }

  async setWebhookUrl(token: string, url: string): Promise<void> {
    this.webhooks.set(token, url);
  }
}
