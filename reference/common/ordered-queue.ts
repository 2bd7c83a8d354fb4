/**
 * The delivery queue the references share for what they post on their own (webhook events,
 * visitor events): one FIFO chain per key (a user, a chat), so that one key's deliveries keep their
 * order while keys do not wait for each other; an optional "not before" time per task; and a stop
 * signal that aborts waits and requests in progress when the server closes.
 * @module
 */

import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';

/** One FIFO chain per key, with an optional "not before" time per task and a stop signal. */
export class OrderedQueue {
  private chains = new Map<string, Promise<void>>();
  private inFlight = new Set<Promise<void>>();
  private stopper = new AbortController();

  constructor() {
    // Every delivery in flight (each key's chain, and each timed post) listens to this one signal;
    // dozens at once is normal, not the leak Node's default warning at eleven listeners looks for.
    setMaxListeners(0, this.stopper.signal);
  }

  /** Aborted when the queue is closed: pass it to `fetch` so requests in progress stop too. */
  get signal(): AbortSignal {
    return this.stopper.signal;
  }

  /** Run `task` after every earlier task of `key`, and not before `notBefore` (epoch ms). */
  enqueue(key: string, notBefore: number, task: () => Promise<void>): void {
    const previous = this.chains.get(key) ?? Promise.resolve();
    const next = previous.then(() => this.waitUntil(notBefore)).then(task);
    this.chains.set(key, next);
    this.track(next);
    void next.then(() => {
      if (this.chains.get(key) === next) this.chains.delete(key);
    });
  }

  /** Run `task` outside any key's order, not before `notBefore` (mutants that break the order). */
  detached(notBefore: number, task: () => Promise<void>): void {
    this.track(this.waitUntil(notBefore).then(task));
  }

  /** Resolves when every queued task has finished or failed (tests). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  /** Abort waits and tasks in progress (server shutdown). */
  async close(): Promise<void> {
    this.stopper.abort();
    await this.idle();
  }

  private track(p: Promise<void>): void {
    const guarded = p.catch(() => undefined);
    this.inFlight.add(guarded);
    void guarded.then(() => this.inFlight.delete(guarded));
  }

  private async waitUntil(notBefore: number): Promise<void> {
    const ms = notBefore - Date.now();
    if (ms <= 0 || this.stopper.signal.aborted) return;
    await sleep(ms, undefined, { signal: this.stopper.signal }).catch(() => undefined);
  }
}

/** A fetch failure in a few words for a log line (never the URL: it may hold a token or apiKey). */
export function describeFetchError(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return 'timed out';
  if (e?.name === 'AbortError') return 'aborted';
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(err);
}
