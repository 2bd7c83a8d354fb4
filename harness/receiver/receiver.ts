/**
 * The one server the IUT calls back, started once per suite worker (fixtures/conformance.ts) and
 * recording every request made to it. Each suite mounts its endpoints on it: the webhook of
 * operator-api and chat-api, the client server of omnichannel, the fake engagement platforms of
 * operator-api-platform and the fake Omnichannel platform of omnichannel-client (harness/fakes/).
 *
 * Hardened because the IUT is broken by definition: a body limit, 405 for a wrong method on a known
 * path, 404 elsewhere, and requests to unknown paths counted as "unexpected deliveries" (the first
 * few kept as samples, never all of them, so a flood cannot exhaust memory or bury the report).
 * @module
 */

import Fastify, { type FastifyInstance } from 'fastify';
import { randomBytes } from 'node:crypto';

export interface Delivery {
  seq: number;
  receivedAtMs: number;
  method: string;
  /** Path and query exactly as received. */
  url: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  contentType: string;
  rawBody: string;
  json?: unknown;
  isJson: boolean;
  /** Name of the endpoint it reached, undefined for an unknown path. */
  endpoint?: string;
  /** What the receiver answered. */
  status: number;
}

export interface EndpointOptions {
  /** Methods the endpoint is documented to receive; others get 405 (but are still recorded). */
  methods?: string[];
  /** What to answer (default: 200 with an empty body, as the platforms' webhooks do). */
  answer?: { status: number; body?: unknown };
  /**
   * Answer computed per request (a fake server playing the IUT's counterpart), after the request
   * was recorded. Takes precedence over `answer`.
   */
  respond?: (d: Delivery) => { status: number; body?: unknown };
}

interface Endpoint {
  name: string;
  path: string;
  methods: string[];
  answer: { status: number; body?: unknown };
  respond?: (d: Delivery) => { status: number; body?: unknown };
}

interface Waiter {
  predicate: (d: Delivery) => boolean;
  resolve: (d: Delivery) => void;
}

export interface ReceiverOptions {
  host: string;
  port: number;
  /** Public base URL the IUT uses to reach the receiver (tunnel, proxy); default http://host:port. */
  publicUrl?: string | null;
  bodyLimit: number;
  /** Keep delivered requests in memory (false for soak benchmarks, which only count). */
  keep?: boolean;
}

const UNEXPECTED_SAMPLES = 20;

export class Receiver {
  readonly deliveries: Delivery[] = [];
  readonly unexpectedSamples: Delivery[] = [];
  unexpectedCount = 0;
  /** Deliveries that reached a known endpoint, counted even when not kept. */
  deliveredCount = 0;
  private endpoints: Endpoint[] = [];
  private waiters = new Set<Waiter>();
  private seq = 0;
  private listeners: Array<(d: Delivery) => void> = [];
  private strayListeners: Array<(d: Delivery) => void> = [];

  private constructor(
    private app: FastifyInstance,
    readonly baseUrl: string,
    readonly port: number,
    private keep: boolean,
  ) {}

  static async start(opts: ReceiverOptions): Promise<Receiver> {
    const app = Fastify({ bodyLimit: opts.bodyLimit, logger: false, return503OnClosing: false });
    let self: Receiver | undefined;
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
    app.all('/*', async (req, reply) => {
      const r = self!;
      const rawUrl = req.raw.url ?? '/';
      const q = rawUrl.indexOf('?');
      const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
      const ep = r.endpoints.find((e) => e.path === path);
      const allowed = !!ep && ep.methods.includes(req.method);
      const status = !ep ? 404 : allowed ? ep.answer.status : 405;
      const d = r.record(req.method, rawUrl, path, q < 0 ? '' : rawUrl.slice(q + 1), req.headers, typeof req.body === 'string' ? req.body : '', ep, status);
      if (allowed && ep.respond) {
        const a = ep.respond(d);
        d.status = a.status;
        return reply.code(a.status).send(a.body === undefined ? '' : a.body);
      }
      reply.code(status);
      if (allowed && ep.answer.body !== undefined) return reply.send(ep.answer.body);
      if (!allowed) return reply.send({ error: status === 404 ? 'not found' : 'method not allowed' });
      return reply.send('');
    });
    // A body over the limit or another client error is still an (unexpected) delivery worth counting.
    app.setErrorHandler((err, req, reply) => {
      const r = self!;
      r.unexpectedCount++;
      const status = (err as { statusCode?: number }).statusCode ?? 400;
      void req;
      reply.code(status >= 400 && status < 500 ? status : 400).send({ error: (err as Error).message });
    });
    const address = await app.listen({ host: opts.host, port: opts.port });
    const port = Number(new URL(address).port);
    const base = (opts.publicUrl ?? `http://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${port}`).replace(/\/+$/, '');
    self = new Receiver(app, base, port, opts.keep ?? true);
    return self;
  }

  /** An unguessable path segment, for per-run webhook paths and unique-URL authorization. */
  static secret(bytes = 16): string {
    return randomBytes(bytes).toString('hex');
  }

  /** Register a path the IUT is expected to call; returns its public URL. */
  endpoint(name: string, path: string, opts: EndpointOptions = {}): string {
    const clean = path.startsWith('/') ? path : `/${path}`;
    this.endpoints = this.endpoints.filter((e) => e.name !== name && e.path !== clean);
    this.endpoints.push({ name, path: clean, methods: opts.methods ?? ['POST'], answer: opts.answer ?? { status: 200 }, respond: opts.respond });
    return this.baseUrl + clean;
  }

  /** The local path the public URL maps to (what the receiver sees of a public URL). */
  localPathOf(publicUrl: string): string {
    const suffix = publicUrl.startsWith(this.baseUrl) ? publicUrl.slice(this.baseUrl.length) : new URL(publicUrl).pathname;
    const path = suffix.split('?')[0];
    return path === '' ? '/' : path;
  }

  get nextSeq(): number {
    return this.seq + 1;
  }

  onDelivery(listener: (d: Delivery) => void): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  /** Listen to requests that reached no known endpoint (a wrong path): a check can fail fast on them. */
  onStray(listener: (d: Delivery) => void): () => void {
    this.strayListeners.push(listener);
    return () => {
      this.strayListeners = this.strayListeners.filter((l) => l !== listener);
    };
  }

  private record(
    method: string,
    url: string,
    path: string,
    query: string,
    rawHeaders: Record<string, string | string[] | undefined>,
    rawBody: string,
    ep: Endpoint | undefined,
    status: number,
  ): Delivery {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(rawHeaders)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    const d: Delivery = {
      seq: ++this.seq,
      receivedAtMs: Date.now(),
      method,
      url,
      path,
      query,
      headers,
      contentType: headers['content-type'] ?? '',
      rawBody,
      isJson: false,
      endpoint: ep?.name,
      status,
    };
    if (rawBody.trim() !== '') {
      try {
        d.json = JSON.parse(rawBody);
        d.isJson = true;
      } catch {
        /* kept as raw text: a check decides whether that is a failure */
      }
    }
    if (!ep) {
      this.unexpectedCount++;
      if (this.unexpectedSamples.length < UNEXPECTED_SAMPLES) this.unexpectedSamples.push(d);
      for (const l of this.strayListeners) l(d);
      return d;
    }
    this.deliveredCount++;
    if (this.keep) this.deliveries.push(d);
    for (const l of this.listeners) l(d);
    for (const w of [...this.waiters]) {
      if (matches(w.predicate, d)) {
        this.waiters.delete(w);
        w.resolve(d);
      }
    }
    return d;
  }

  /** Deliveries to known endpoints from `sinceSeq` on that satisfy `predicate`. */
  find(predicate: (d: Delivery) => boolean, sinceSeq = 0): Delivery[] {
    return this.deliveries.filter((d) => d.seq >= sinceSeq && matches(predicate, d));
  }

  /**
   * The first delivery (already received from `sinceSeq` on, or still to come) satisfying the
   * predicate, or undefined once `timeoutMs` has passed.
   */
  async waitFor(predicate: (d: Delivery) => boolean, timeoutMs: number, sinceSeq = 0): Promise<Delivery | undefined> {
    const already = this.deliveries.find((d) => d.seq >= sinceSeq && matches(predicate, d));
    if (already) return already;
    return new Promise((resolve) => {
      const w: Waiter = {
        predicate,
        resolve: (d) => {
          clearTimeout(timer);
          resolve(d);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(w);
        resolve(undefined);
      }, timeoutMs);
      this.waiters.add(w);
    });
  }

  /** Send a request without a socket (fastify inject): unit tests of the receiver itself. */
  inject(opts: { method: string; url: string; headers?: Record<string, string>; payload?: string }) {
    return this.app.inject({ method: opts.method as 'POST', url: opts.url, headers: opts.headers, payload: opts.payload });
  }

  async close(): Promise<void> {
    for (const w of this.waiters) w.resolve = () => undefined;
    this.waiters.clear();
    await this.app.close();
  }
}

/** A check's predicate that throws on an odd body (the IUT's, untrusted) counts as no match. */
function matches(predicate: (d: Delivery) => boolean, d: Delivery): boolean {
  try {
    return predicate(d);
  } catch {
    return false;
  }
}
