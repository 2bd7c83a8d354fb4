/**
 * The HTTP client the suites use to talk to the IUT and its driver. Built on node:http so that it
 * can send what a conformance suite must send (malformed bodies, wrong content types) and survive
 * what a broken server answers (no answer, resets, trickles, huge or invalid bodies, redirects):
 * it never throws for those; it returns an HttpResult whose `error` says in one sentence what happened.
 * @module
 */

import http from 'node:http';
import https from 'node:https';
import type { Redactor } from '../secrets/redactor.ts';
import { clip, curlLine, type ExchangeEvidence } from './evidence.ts';

export interface HttpRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  /** A JSON value to send (serialised, content-type application/json)… */
  json?: unknown;
  /** …or raw text sent exactly as given. */
  raw?: string;
  timeoutMs: number;
  /** Responses larger than this are cut off and reported as an error. */
  maxBodyBytes: number;
  operation?: string;
  channel?: 'iut' | 'driver';
}

export interface HttpResult {
  status?: number;
  headers: Record<string, string>;
  /** The body decoded as UTF-8 (undefined when there was none; invalid sequences shown as U+FFFD). */
  text?: string;
  /** The body parsed as JSON, when it was JSON. */
  json?: unknown;
  /** True when the body was present and parsed as JSON. */
  isJson: boolean;
  /** Why the body is not JSON (when non-empty and not JSON). */
  jsonError?: string;
  bodyBytes: number;
  error?: string;
  /**
   * Set when the exchange failed at the transport level in a way that costs the run time or says
   * the method is unusable (no answer in the budget, a trickle, a reset, a body over the cap, not
   * HTTP): harness/http/method-health.ts stops sending more of the same (typed, never read from the
   * message's wording).
   */
  transportFailure?: TransportFailure;
  durationMs: number;
  evidence: ExchangeEvidence;
}

export type TransportFailure = 'timeout' | 'reset' | 'too-large' | 'not-http';

const decoder = new TextDecoder('utf-8', { fatal: true });
const lenientDecoder = new TextDecoder('utf-8');

export async function httpRequest(req: HttpRequest, redactor: Redactor): Promise<HttpResult> {
  const started = Date.now();
  const headers: Record<string, string> = { accept: 'application/json', ...(req.headers ?? {}) };
  let body: string | undefined;
  if (req.json !== undefined) {
    body = JSON.stringify(req.json);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
  } else if (req.raw !== undefined) {
    body = req.raw;
  }
  const capturedRequest = {
    method: req.method,
    url: redactor.text(req.url),
    headers: redactor.headers(headers),
    body: body === undefined ? undefined : clip(redactor.text(body)).text,
  };
  const evidence: ExchangeEvidence = {
    kind: 'exchange',
    channel: req.channel ?? 'iut',
    operation: req.operation,
    startedAt: new Date(started).toISOString(),
    durationMs: 0,
    request: capturedRequest,
    curl: curlLine(capturedRequest),
  };
  const result: HttpResult = { headers: {}, isJson: false, bodyBytes: 0, durationMs: 0, evidence };
  const finish = (error?: string, failure?: TransportFailure): HttpResult => {
    result.durationMs = Date.now() - started;
    if (failure) result.transportFailure = failure;
    evidence.durationMs = result.durationMs;
    if (error) {
      result.error = error;
      evidence.error = redactor.text(error);
    }
    return result;
  };

  let url: URL;
  try {
    url = new URL(req.url);
  } catch {
    return finish(`the URL ${redactor.text(req.url)} is not valid`);
  }
  const lib = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : null;
  if (!lib) return finish(`unsupported URL scheme ${url.protocol}`);

  return new Promise<HttpResult>((resolve) => {
    let settled = false;
    const done = (error?: string, failure?: TransportFailure) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(finish(error, failure));
    };
    const transport = (e: unknown) => {
      const t = transportError(e, req.timeoutMs);
      done(t.message, t.failure);
    };
    const outgoing = lib.request(url, { method: req.method, headers, agent: false }, (res) => {
      result.status = res.statusCode;
      result.headers = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v ?? '')]));
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > req.maxBodyBytes) {
          result.bodyBytes = size;
          capture(Buffer.concat(chunks), true);
          done(`the response body exceeded ${req.maxBodyBytes} bytes and was not read further`, 'too-large');
          res.destroy();
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => {
        const buf = Buffer.concat(chunks);
        result.bodyBytes = buf.length;
        capture(buf, false);
        if (result.status !== undefined && result.status >= 300 && result.status < 400) {
          // Redirects are never followed: a conformance check must judge the answer it was given,
          // and a Location may point at a host the suite must never reach.
          const where = result.headers.location ? ` to ${redactor.text(result.headers.location)}` : '';
          done(`the server answered ${result.status}, a redirect${where}, which the suite does not follow`);
          return;
        }
        done();
      });
      res.on('error', transport);
      res.on('aborted', () => done('the connection was closed before the response body was complete', 'reset'));
    });
    const timer = setTimeout(() => {
      outgoing.destroy(new Error('ETIMEDOUT_BUDGET'));
      done(`no complete answer within ${req.timeoutMs} ms`, 'timeout');
    }, req.timeoutMs);
    outgoing.on('error', transport);
    if (body !== undefined) outgoing.write(body);
    outgoing.end();
  });

  function capture(buf: Buffer, truncated: boolean): void {
    let text: string | undefined;
    let decodeError: string | undefined;
    if (buf.length > 0) {
      try {
        text = decoder.decode(buf);
      } catch {
        decodeError = 'the body is not valid UTF-8';
        // Shown with U+FFFD in place of the bad bytes, so that a message can quote what came.
        text = lenientDecoder.decode(buf);
      }
    }
    if (text !== undefined && !decodeError && !truncated) {
      const trimmed = text.trim();
      if (trimmed.length > 0) {
        try {
          result.json = JSON.parse(trimmed);
          result.isJson = true;
        } catch (e) {
          result.jsonError = `the body is not JSON (${(e as Error).message.split('\n')[0]})`;
        }
      }
    } else if (decodeError) {
      result.jsonError = decodeError;
    } else if (truncated) {
      result.jsonError = 'the body was too large to read';
    }
    result.text = text;
    const shown = text === undefined ? undefined : clip(redactor.text(text));
    evidence.response = {
      status: result.status ?? 0,
      headers: redactor.headers(result.headers),
      body: shown?.text,
      bodyBytes: buf.length,
      truncated: truncated || (shown?.truncated ?? false),
    };
  }
}

function transportError(e: unknown, timeoutMs: number): { message: string; failure?: TransportFailure } {
  const err = e as NodeJS.ErrnoException;
  const code = err.code ?? '';
  if (err.message === 'ETIMEDOUT_BUDGET') return { message: `no complete answer within ${timeoutMs} ms`, failure: 'timeout' };
  if (code === 'ECONNREFUSED') return { message: 'the connection was refused' };
  if (code === 'ECONNRESET' || err.message === 'socket hang up') return { message: 'the connection was reset by the server', failure: 'reset' };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { message: 'the host name could not be resolved' };
  if (code === 'HPE_INVALID_CONSTANT' || code.startsWith('HPE_')) return { message: 'the server answered something that is not HTTP', failure: 'not-http' };
  if (code === 'EPIPE') return { message: 'the server closed the connection while the request was being sent', failure: 'reset' };
  return { message: `the request failed (${code || err.message.split('\n')[0]})` };
}
