/**
 * Posts events to the webhook. One FIFO queue per user, so that the events of one user arrive in the
 * order the agent acted (reading op-one-delivery-in-order), while users do not wait for each other. One POST per event,
 * a JSON object, `Content-Type: application/json`; no redirect followed, a 5 s timeout, no retries
 * (a retry after a lost answer could deliver twice). Failures are logged, never thrown: the driver
 * call that caused the event has long been answered.
 * @module
 */

import { OrderedQueue, describeFetchError } from '../common/ordered-queue.ts';
import type { Switches } from './mutants.ts';
import type { AgentEvent } from './events.ts';
import { postOnce } from '../common/post.ts';

export interface SenderOptions {
  sw: Switches;
  log: (line: string) => void;
  timeoutMs?: number;
}

/** The delayed-delivery variation's delay, and the events-reordered mutant's. */
const DELAYED_DELIVERY_MS = 1000;
const REORDER_DELAY_MS = 300;

export class WebhookSender {
  private queue = new OrderedQueue();
  private counts = new Map<string, number>();

  constructor(private o: SenderOptions) {}

  /** Queue `event` for `url` (the webhook at the time the agent acted). Returns at once. */
  enqueue(url: string, event: AgentEvent): void {
    const { sw } = this.o;
    const userId = event.userId;
    const notBefore = Date.now() + (sw.variation('delayed-delivery') ? DELAYED_DELIVERY_MS : 0);
    const n = (this.counts.get(userId) ?? 0) + 1;
    this.counts.set(userId, n);
    if (sw.mutant('events-reordered') && n === 2) {
      // Out of the queue, late: the user's later events overtake it.
      this.queue.detached(Date.now() + REORDER_DELAY_MS, () => this.deliver(url, event));
      return;
    }
    this.queue.enqueue(userId, notBefore, () => this.deliver(url, event));
  }

  /** Resolves when every queued event has been delivered or has failed (tests). */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  /** Abort waits and deliveries in progress (server shutdown). */
  close(): Promise<void> {
    return this.queue.close();
  }

  private async deliver(url: string, event: AgentEvent): Promise<void> {
    const what = `event ${event.type} ${event.id} for user ${event.userId}`;
    if (this.queue.signal.aborted) {
      this.o.log(`${what} dropped: the server is closing`);
      return;
    }
    const { sw } = this.o;
    const method = sw.mutant('event-wrong-method') ? 'PUT' : 'POST';
    const contentType = sw.mutant('event-wrong-content-type') ? 'text/plain' : 'application/json';
    const body = JSON.stringify(sw.mutant('event-array-body') ? [event] : event);
    const times = sw.mutant('event-duplicated') ? 2 : 1;
    for (let i = 0; i < times; i++) {
      try {
        const status = await postOnce(url, { method, contentType, body, timeoutMs: this.o.timeoutMs ?? 5000, signal: this.queue.signal });
        // The URL holds the receiver's apiKey (a secret): it is never logged.
        this.o.log(`${what} posted to the webhook: ${status}`);
      } catch (err) {
        this.o.log(`${what} not delivered: ${describeFetchError(err)}`);
      }
    }
  }
}
