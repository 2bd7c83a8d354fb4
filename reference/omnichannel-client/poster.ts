import { setTimeout as sleep } from 'node:timers/promises';
import type { Switches } from './mutants.ts';
import type { ChatId, Platform } from './state.ts';

/**
 * Posts visitor events to the platform's inbound endpoint (the document's "Endpoint for receiving
 * requests by the agent channel"): `POST {platform}/connector/omnichannel/omnichannel_message/{token}/bot_api_webhook`,
 * one event per request, JSON ("HTTPS, POST with content-type JSON").
 *
 * One FIFO queue per chat, so that a visitor's messages reach the agent in the order they were
 * written, while chats do not wait for each other. `fetch` with a timeout, redirects never followed,
 * no retries (a retry after a lost answer could deliver twice). Failures are logged, never thrown:
 * the driver call that caused the event has long been answered.
 */
export interface PosterOptions {
  m: Switches;
  log: (line: string) => void;
  timeoutMs?: number;
}

export interface InboundEvent {
  event: string;
  chat_id: ChatId;
  visitor: Record<string, unknown>;
  message: Record<string, unknown>;
  [extra: string]: unknown;
}

/** The delay of the delayed-posts variation. */
const DELAYED_POST_MS = 500;
export const INBOUND_PATH_PREFIX = '/connector/omnichannel/omnichannel_message/';

/** The App.Chatbots Webhook URL of the platform: its address, the fixed path and the channel token. */
export function inboundUrl(platform: Platform, m?: Switches): string {
  const u = new URL(platform.url);
  const last = m?.has('posts-wrong-path') ? 'bot_webhook' : 'bot_api_webhook';
  u.pathname = `${u.pathname.replace(/\/+$/, '')}${INBOUND_PATH_PREFIX}${encodeURIComponent(platform.token)}/${last}`;
  return u.toString();
}

export class Poster {
  private queues = new Map<string, Promise<void>>();
  private inFlight = new Set<Promise<void>>();
  private stop = new AbortController();

  constructor(private o: PosterOptions) {}

  /** Queue `event` for the platform as configured now. Returns at once. */
  enqueue(platform: Platform, event: InboundEvent): void {
    const key = String(event.chat_id);
    const url = inboundUrl(platform, this.o.m);
    const delay = this.o.m.has('delayed-posts') ? DELAYED_POST_MS : 0;
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous.then(() => this.wait(delay)).then(() => this.deliver(url, event));
    this.queues.set(key, next);
    this.track(next);
    void next.then(() => {
      if (this.queues.get(key) === next) this.queues.delete(key);
    });
  }

  /** Resolves when every queued event has been posted or has failed (tests). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  /** Abort waits and posts in progress (server shutdown). */
  async close(): Promise<void> {
    this.stop.abort();
    await this.idle();
  }

  private track(p: Promise<void>): void {
    const guarded = p.catch(() => undefined);
    this.inFlight.add(guarded);
    void guarded.then(() => this.inFlight.delete(guarded));
  }

  private async wait(ms: number): Promise<void> {
    if (ms <= 0 || this.stop.signal.aborted) return;
    await sleep(ms, undefined, { signal: this.stop.signal }).catch(() => undefined);
  }

  private async deliver(url: string, event: InboundEvent): Promise<void> {
    const what = `poster: new_message (${String(event.message.kind)}) for chat ${String(event.chat_id)}`;
    if (this.stop.signal.aborted) {
      this.o.log(`${what} dropped: the server is closing`);
      return;
    }
    const m = this.o.m;
    const method = m.has('posts-put') ? 'PUT' : 'POST';
    const contentType = m.has('posts-text-plain') ? 'text/plain' : 'application/json';
    const body = JSON.stringify(m.has('posts-array') ? [event] : event);
    try {
      const res = await fetch(url, {
        method,
        headers: { 'content-type': contentType },
        body,
        redirect: 'manual',
        signal: AbortSignal.any([AbortSignal.timeout(this.o.timeoutMs ?? 5000), this.stop.signal]),
      });
      // The answer's body is not used; release the connection without reading it.
      await res.body?.cancel().catch(() => undefined);
      // Never the URL in a log line: it holds the channel token.
      this.o.log(`${what} → ${res.status}`);
    } catch (err) {
      this.o.log(`${what} failed: ${describe(err)}`);
    }
  }
}

function describe(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return 'timed out';
  if (e?.name === 'AbortError') return 'aborted';
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(err);
}
