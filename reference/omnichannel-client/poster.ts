/**
 * Posts visitor events to the platform's inbound endpoint (the document's "Endpoint for receiving
 * requests by the agent channel"): `POST {platform}/connector/omnichannel/omnichannel_message/{token}/bot_api_webhook`,
 * one event per request, JSON ("HTTPS, POST with content-type JSON").
 *
 * One FIFO queue per chat, so that a visitor's messages reach the agent in the order they were
 * written, while chats do not wait for each other. `fetch` with a timeout, redirects never followed,
 * no retries (a retry after a lost answer could deliver twice). Failures are logged, never thrown:
 * the driver call that caused the event has long been answered.
 * @module
 */

import { OrderedQueue, describeFetchError } from '../common/ordered-queue.ts';
import type { Switches } from './mutants.ts';
import type { ChatId, Platform } from './state.ts';
import { postOnce } from '../common/post.ts';

export interface PosterOptions {
  sw: Switches;
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
export function inboundUrl(platform: Platform, sw: Switches): string {
  const u = new URL(platform.url);
  const last = sw.mutant('posts-wrong-path') ? 'bot_webhook' : 'bot_api_webhook';
  u.pathname = `${u.pathname.replace(/\/+$/, '')}${INBOUND_PATH_PREFIX}${encodeURIComponent(platform.token)}/${last}`;
  return u.toString();
}

export class Poster {
  private queue = new OrderedQueue();

  constructor(private o: PosterOptions) {}

  /** Queue `event` for the platform as configured now. Returns at once. */
  enqueue(platform: Platform, event: InboundEvent): void {
    const { sw } = this.o;
    const url = inboundUrl(platform, sw);
    const notBefore = Date.now() + (sw.variation('delayed-posts') ? DELAYED_POST_MS : 0);
    this.queue.enqueue(String(event.chat_id), notBefore, () => this.deliver(url, event));
  }

  /** Resolves when every queued event has been posted or has failed (tests). */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  /** Abort waits and posts in progress (server shutdown). */
  close(): Promise<void> {
    return this.queue.close();
  }

  private async deliver(url: string, event: InboundEvent): Promise<void> {
    const what = `poster: new_message (${String(event.message.kind)}) for chat ${String(event.chat_id)}`;
    if (this.queue.signal.aborted) {
      this.o.log(`${what} dropped: the server is closing`);
      return;
    }
    const { sw } = this.o;
    const method = sw.mutant('posts-put') ? 'PUT' : 'POST';
    const contentType = sw.mutant('posts-text-plain') ? 'text/plain' : 'application/json';
    const body = JSON.stringify(sw.mutant('posts-array') ? [event] : event);
    try {
      const status = await postOnce(url, { method, contentType, body, timeoutMs: this.o.timeoutMs ?? 5000, signal: this.queue.signal });
      // Never the URL in a log line: it holds the channel token.
      this.o.log(`${what} → ${status}`);
    } catch (err) {
      this.o.log(`${what} failed: ${describeFetchError(err)}`);
    }
  }
}
