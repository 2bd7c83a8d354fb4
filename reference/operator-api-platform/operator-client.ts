/**
 * The chatbot platform's client of the engagement platform's Operator API (`{apiUrl}/{method}`).
 * JSON bodies with `Content-Type: application/json`, no redirect followed, a 5 s budget, no retries.
 * Requests about one user leave one after another, in the order the client acted (a FIFO queue per
 * user), while users do not wait for each other. Failures are logged, never thrown: the action that
 * caused the request (a client message, a driver call) has already been answered.
 * @module
 */

import { setTimeout as sleep } from 'node:timers/promises';
import type { Switches } from './mutants.ts';
import { describeUrl } from '../common/post.ts';

export type Log = (line: string) => void;

export interface OperatorAnswer {
  status?: number;
  json?: unknown;
}

export interface OperatorRequest {
  method: 'GET' | 'POST';
  /** The method name: setWebhook, getDestinations, selectDestination, sendText, sendFile, closeChat. */
  op: string;
  /** The JSON body (an array only under the close-chat-array-body mutant). */
  body?: Record<string, unknown> | unknown[];
  /** setWebhook under the set-webhook-get mutant: the parameters go into the query string. */
  query?: Record<string, string>;
}

/** The delay of the delayed-requests variation. */
const DELAY_MS = 300;
const TIMEOUT_MS = 5000;

export class OperatorClient {
  private queues = new Map<string, Promise<unknown>>();
  private inFlight = new Set<Promise<unknown>>();
  private stop = new AbortController();

  constructor(private o: { sw: Switches; log: Log }) {}

  /** Queue a request behind the earlier ones with the same key (a userId, or "channel"). */
  enqueue(key: string, apiUrl: string, req: OperatorRequest): Promise<OperatorAnswer> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous.then(() => this.send(apiUrl, req));
    this.queues.set(key, next);
    const tracked = next.catch(() => ({}));
    this.inFlight.add(tracked);
    void tracked.then(() => {
      this.inFlight.delete(tracked);
      if (this.queues.get(key) === next) this.queues.delete(key);
    });
    return tracked;
  }

  /** Resolves when every queued request has been answered or has failed (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  async close(): Promise<void> {
    this.stop.abort();
    await this.idle();
  }

  private async send(apiUrl: string, req: OperatorRequest): Promise<OperatorAnswer> {
    const { sw } = this.o;
    if (sw.variation('delayed-requests')) await sleep(DELAY_MS, undefined, { signal: this.stop.signal }).catch(() => undefined);
    const url = this.urlOf(apiUrl, req);
    const where = `${req.method} ${req.op} at ${describeUrl(url)}`;
    if (this.stop.signal.aborted) {
      this.o.log(`operator ${where} dropped: the platform is closing`);
      return {};
    }
    const headers: Record<string, string> = { accept: 'application/json' };
    let body: string | undefined;
    if (req.body !== undefined) {
      body = JSON.stringify(req.body);
      headers['content-type'] = sw.mutant('requests-text-plain') ? 'text/plain' : 'application/json';
    }
    try {
      const res = await fetch(url, {
        method: req.method,
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.any([AbortSignal.timeout(TIMEOUT_MS), this.stop.signal]),
      });
      const text = await res.text().catch(() => '');
      this.o.log(`operator ${where} -> ${res.status}`);
      let json: unknown;
      try {
        json = text.trim() === '' ? undefined : JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: res.status, json };
    } catch (err) {
      this.o.log(`operator ${where} failed: ${(err as Error).name}: ${(err as Error).message}`);
      return {};
    }
  }

  /** `{apiUrl}/{method}`: the API URL is the full URL of the server, path included. */
  private urlOf(apiUrl: string, req: OperatorRequest): string {
    const { sw } = this.o;
    const base = sw.mutant('api-url-path-dropped') ? new URL(apiUrl).origin : apiUrl.replace(/\/+$/, '');
    const qs = req.query ? `?${new URLSearchParams(req.query).toString()}` : '';
    return `${base}/${req.op}${qs}`;
  }
}
