/**
 * A stand-in agent that writes to the client server's `{Channel webhook URL}/send_message`, as the
 * document's "Requests from the Platform to the client channel/server" describe. It writes in two
 * cases: its script answers a visitor text (an echo, with two commands; the scripted-agent variation
 * has no such script, docs/readings omni-agent-script), and the driver's
 * `POST /omnichannel/agent-message` asks it to write a text and/or buttons (the agent console).
 * Sends are fire-and-forget: a failure is logged, never thrown into the request that caused it, and
 * never retried.
 * @module
 */

import type { Channel } from './channels.ts';
import type { Switches } from './mutants.ts';

export type ChatId = string | number;

export interface Button {
  id: string | number;
  text: string;
}

/** The message kinds of Webim External Bot API 2.0 that the agent uses (docs/readings omni-send-message-body). */
export type OutboundMessage =
  | { kind: 'operator'; text: string }
  | { kind: 'keyboard'; buttons: Button[][] }
  | { kind: 'file_operator'; data: { url: string; name: string; media_type: string } };

export interface SendMessageBody {
  chat_id: ChatId;
  message: Record<string, unknown>;
}

/** What the driver asks the agent to write: a text, buttons, or both (the text first). */
export interface AgentWrite {
  text?: string;
  buttons?: Button[][];
}

const SEND_TIMEOUT_MS = 5000;
const DELAYED_REPLY_MS = 1000;
const SAMPLE_FILE = { url: 'https://example.com/files/sample.pdf', name: 'sample.pdf', media_type: 'application/pdf' };

/** What the echo script says to a visitor text: commands for the two non-text kinds, an echo otherwise. */
export function replyTo(visitorText: string): OutboundMessage {
  if (visitorText === '/keyboard') {
    return {
      kind: 'keyboard',
      buttons: [
        [
          { id: '1', text: 'Yes' },
          { id: '2', text: 'No' },
        ],
      ],
    };
  }
  if (visitorText === '/file') return { kind: 'file_operator', data: { ...SAMPLE_FILE } };
  return { kind: 'operator', text: `You said: ${visitorText}` };
}

/** The messages one driver request becomes: the text (if any), then the keyboard (if any). */
export function messagesOf(w: AgentWrite): OutboundMessage[] {
  const out: OutboundMessage[] = [];
  if (w.text !== undefined) out.push({ kind: 'operator', text: w.text });
  if (w.buttons !== undefined) out.push({ kind: 'keyboard', buttons: w.buttons });
  return out;
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

const URL_IN_TEXT = /https?:\/\/\S+/g;

export class Agent {
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly stopping = new AbortController();
  /** The scheme-any-case variation alternates the case of the scheme word from one send to the next. */
  private sends = 0;

  constructor(
    private readonly sw: Switches,
    private readonly log: (line: string) => void,
  ) {}

  /** The echo script answers one message the agent received from `chatId` on `channel`. Never throws. */
  answer(channel: Channel | undefined, chatId: ChatId, visitorText: string): void {
    const { sw } = this;
    // The scripted agent answers only when asked (docs/readings omni-agent-script).
    if (sw.variation('scripted-agent')) return;
    this.dispatch(channel, chatId, [replyTo(visitorText)]);
  }

  /** The agent writes what the driver asked, in order. Never throws. */
  write(channel: Channel | undefined, chatId: ChatId, w: AgentWrite): void {
    this.dispatch(channel, chatId, messagesOf(w));
  }

  /** Cancel pending and in-flight replies (server close). */
  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.stopping.abort();
  }

  private dispatch(channel: Channel | undefined, chatId: ChatId, messages: OutboundMessage[]): void {
    const { sw } = this;
    if (sw.mutant('agent-silent') || this.stopping.signal.aborted) return;
    if (!channel?.webhookUrl) {
      this.log(`agent: chat ${String(chatId)} has no Channel webhook URL; reply dropped`);
      return;
    }
    if (channel.webhookToken === null && sw.mutant('unique-url-requires-token')) {
      this.log(`agent: chat ${String(chatId)} has no Channel webhook Token; reply dropped`);
      return;
    }
    const { webhookUrl, webhookToken } = channel;
    // One after the other, so that the client server sees them in the order the agent wrote them.
    const send = async () => {
      for (const message of messages) await this.send(webhookUrl, webhookToken, chatId, message);
    };
    if (sw.variation('delayed-replies')) {
      const t = setTimeout(() => {
        this.timers.delete(t);
        void send();
      }, DELAYED_REPLY_MS);
      this.timers.add(t);
    } else {
      void send();
    }
  }

  /** The message as this instance puts it on the wire (the mutants and variations of the body). */
  private wire(reply: OutboundMessage): Record<string, unknown> {
    const { sw } = this;
    let message: Record<string, unknown> = { ...reply };
    if (reply.kind === 'keyboard' && sw.mutant('keyboard-as-text')) {
      message = {
        kind: 'operator',
        text: reply.buttons
          .flat()
          .map((b) => b.text)
          .join(' / '),
      };
    }
    if (typeof message.text === 'string') {
      let text = message.text;
      if (sw.mutant('agent-text-ascii-only')) text = text.replace(/[^\x00-\x7f]/g, '');
      if (sw.mutant('agent-text-trimmed')) text = text.replace(/\r\n/g, '\n').trim();
      if (sw.mutant('agent-links-removed')) text = text.replace(URL_IN_TEXT, '[link]');
      message.text = text;
    }
    if (sw.mutant('send-message-missing-kind')) delete message.kind;
    // Every property another kind has, present as null (docs/readings gen-null-absent).
    if (sw.variation('nulls')) message = { text: null, buttons: null, data: null, ...message };
    return message;
  }

  private authorization(webhookToken: string): string {
    const { sw } = this;
    if (sw.mutant('send-message-bearer')) return `Bearer ${webhookToken}`;
    if (sw.variation('scheme-any-case')) return `${this.sends++ % 2 === 0 ? 'token' : 'TOKEN'} ${webhookToken}`;
    return `Token ${webhookToken}`;
  }

  private async send(webhookUrl: string, webhookToken: string | null, chatId: ChatId, reply: OutboundMessage): Promise<void> {
    const { sw } = this;
    let echoed: ChatId = chatId;
    if (sw.mutant('send-message-chat-id-stringified')) echoed = String(chatId);
    if (sw.mutant('send-message-chat-id-parsed') && typeof chatId === 'string' && /^\d+$/.test(chatId)) echoed = Number(chatId);
    // Longer than any int32 chat_id: stored in a bigint column and read back as a number.
    if (sw.mutant('long-numeric-chat-id-as-number') && typeof chatId === 'string' && /^\d{11,}$/.test(chatId)) echoed = Number(chatId);
    const body: SendMessageBody = { chat_id: echoed, message: this.wire(reply) };
    const headers: Record<string, string> = { 'content-type': sw.mutant('send-message-text-plain') ? 'text/plain' : 'application/json' };
    if (webhookToken !== null && !sw.mutant('send-message-no-auth')) headers.authorization = this.authorization(webhookToken);
    const method = sw.mutant('send-message-wrong-path') ? 'sendMessage' : 'send_message';
    // Never the URL in a log line: with unique-URL authorization it holds the client's secret.
    const what = `agent: ${method} (${reply.kind}) for chat ${String(chatId)}`;
    try {
      const res = await fetch(methodUrl(webhookUrl, method), {
        method: sw.mutant('send-message-put') ? 'PUT' : 'POST',
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
