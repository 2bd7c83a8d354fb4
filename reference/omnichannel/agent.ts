import type { Channel } from './channels.ts';
import type { Switches } from './mutants.ts';

/**
 * A stand-in agent that answers every processed message through the client server's
 * `{Channel webhook URL}/send_message`, as the document's "Requests from the Platform to the client
 * channel/server" describe. Replies are fire-and-forget: a failure is logged, never thrown into the
 * inbound request that caused it, and never retried.
 */
export type ChatId = string | number;

/** The message kinds of Webim External Bot API 2.0 that the agent uses (assumptions.md). */
export type OutboundMessage =
  | { kind: 'operator'; text: string }
  | { kind: 'keyboard'; buttons: Array<Array<{ id: string; text: string }>> }
  | { kind: 'file_operator'; data: { url: string; name: string; media_type: string } };

export interface SendMessageBody {
  chat_id: ChatId;
  message: Partial<OutboundMessage>;
}

const SEND_TIMEOUT_MS = 5000;
const DELAYED_REPLY_MS = 1000;

/** What the agent says to a visitor text: commands for the two non-text kinds, an echo otherwise. */
export function replyTo(visitorText: string): OutboundMessage {
  if (visitorText === '/keyboard') {
    return { kind: 'keyboard', buttons: [[{ id: '1', text: 'Yes' }, { id: '2', text: 'No' }]] };
  }
  if (visitorText === '/file') {
    // Files go out as links only ("Transferring files as links from the Agent: Yes").
    return { kind: 'file_operator', data: { url: 'https://example.com/files/sample.pdf', name: 'sample.pdf', media_type: 'application/pdf' } };
  }
  return { kind: 'operator', text: `You said: ${visitorText}` };
}

/**
 * `{base}/{method}`: the method appended as one more path segment, without a double slash, and the
 * query of a unique-URL authorization kept.
 */
export function methodUrl(base: string, method: string): string {
  const u = new URL(base);
  u.pathname = `${u.pathname.replace(/\/+$/, '')}/${method}`;
  return u.toString();
}

export class Agent {
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly stopping = new AbortController();

  constructor(
    private readonly m: Switches,
    private readonly log: (line: string) => void,
  ) {}

  /** Answer one message the agent received from `chatId` on `channel`. Never throws. */
  answer(channel: Channel | undefined, chatId: ChatId, visitorText: string): void {
    if (this.m.has('agent-silent') || this.stopping.signal.aborted) return;
    if (!channel?.webhookUrl) {
      this.log(`agent: chat ${String(chatId)} has no Channel webhook URL; reply dropped`);
      return;
    }
    if (channel.webhookToken === null && this.m.has('unique-url-requires-token')) {
      this.log(`agent: chat ${String(chatId)} has no Channel webhook Token; reply dropped`);
      return;
    }
    const target = { webhookUrl: channel.webhookUrl, webhookToken: channel.webhookToken };
    const send = () => void this.send(target.webhookUrl, target.webhookToken, chatId, replyTo(visitorText));
    if (this.m.has('delayed-replies')) {
      const t = setTimeout(() => {
        this.timers.delete(t);
        send();
      }, DELAYED_REPLY_MS);
      this.timers.add(t);
    } else {
      send();
    }
  }

  /** Cancel pending and in-flight replies (server close). */
  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.stopping.abort();
  }

  private async send(webhookUrl: string, webhookToken: string | null, chatId: ChatId, reply: OutboundMessage): Promise<void> {
    const message: Partial<OutboundMessage> = { ...reply };
    if (this.m.has('send-message-missing-kind')) delete message.kind;
    let echoed: ChatId = chatId;
    if (this.m.has('send-message-chat-id-stringified')) echoed = String(chatId);
    if (this.m.has('send-message-chat-id-parsed') && typeof chatId === 'string' && /^\d+$/.test(chatId)) echoed = Number(chatId);
    const body: SendMessageBody = { chat_id: echoed, message };
    const headers: Record<string, string> = { 'content-type': this.m.has('send-message-text-plain') ? 'text/plain' : 'application/json' };
    if (webhookToken !== null && !this.m.has('send-message-no-auth')) {
      headers.authorization = this.m.has('send-message-bearer') ? `Bearer ${webhookToken}` : `Token ${webhookToken}`;
    }
    const method = this.m.has('send-message-wrong-path') ? 'sendMessage' : 'send_message';
    // Never the URL in a log line: with unique-URL authorization it holds the client's secret.
    const what = `agent: ${method} (${reply.kind}) for chat ${String(chatId)}`;
    try {
      const res = await fetch(methodUrl(webhookUrl, method), {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        redirect: 'manual',
        signal: AbortSignal.any([AbortSignal.timeout(SEND_TIMEOUT_MS), this.stopping.signal]),
      });
      // The answer's body is not used; release the connection without reading it.
      await res.body?.cancel().catch(() => undefined);
      this.log(`${what} → ${res.status}`);
    } catch (err) {
      const e = err as { name?: string; cause?: { code?: string } };
      this.log(`${what} failed: ${e.cause?.code ?? e.name ?? 'error'}`);
    }
  }
}
