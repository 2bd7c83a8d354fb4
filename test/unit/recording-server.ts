/**
 * A webhook receiver on loopback for the references' unit tests: answers 200 to anything and keeps
 * every request as it came (method, path with query, content type, raw body, and the body as JSON
 * when it is JSON). The suites have their own receiver (harness/receiver); this one is deliberately
 * dumb, so that a test of a reference depends on nothing of the harness.
 * @module
 */

import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as it reached the server. */
export interface Recorded {
  method: string;
  /** Path and query, as sent. */
  path: string;
  contentType: string | undefined;
  raw: string;
  /** The body parsed as JSON, or undefined when it is empty or not JSON. */
  body: unknown;
}

export interface RecordingServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  base: string;
  /** Every request so far, in arrival order (the same array, growing). */
  received: Recorded[];
  /** The first request (already here or still to come) that matches, or a rejection after `ms`. */
  waitFor(pred: (d: Recorded) => boolean, ms?: number): Promise<Recorded>;
  /** Until `n` requests have arrived in all, or a rejection after `ms` saying how many did. */
  until(n: number, ms?: number): Promise<void>;
  close(): Promise<void>;
}

function parse(text: string): unknown {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

export async function recordingServer(): Promise<RecordingServer> {
  const received: Recorded[] = [];
  const waiters = new Set<() => void>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      received.push({ method: req.method ?? '', path: req.url ?? '', contentType: req.headers['content-type'], raw, body: parse(raw) });
      res.writeHead(200).end();
      for (const w of [...waiters]) w();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  /** Resolves once `done()` holds, checked now and after each request; rejects with `why()` after `ms`. */
  const when = <T>(done: () => T | undefined, ms: number, why: () => string) =>
    new Promise<T>((resolve, reject) => {
      const check = () => {
        const value = done();
        if (value === undefined) return false;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(value);
        return true;
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(why()));
      }, ms);
      if (!check()) waiters.add(check);
    });
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    waitFor: (pred, ms = 3000) =>
      when(
        () => received.find(pred),
        ms,
        () => `no matching webhook delivery within ${ms} ms (got ${received.length})`,
      ),
    until: async (n, ms = 5000) => {
      await when(
        () => (received.length >= n ? true : undefined),
        ms,
        () => `expected ${n} deliveries, got ${received.length}`,
      );
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
