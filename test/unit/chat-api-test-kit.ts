/**
 * Shared by the Chat API reference's unit tests: one way to call the reference, whether through
 * `inject` (no sockets) or over loopback HTTP after `start()`, and a webhook receiver on 127.0.0.1.
 * @module
 */

import type { InjectOptions } from 'fastify';
import type { ReferenceOptions } from '../../reference/types.ts';
import { build, resolveBasePath } from '../../reference/chat-api/server.ts';
import { start } from '../../reference/chat-api/index.ts';
import { recordingServer, type Recorded, type RecordingServer } from './recording-server.ts';

export interface Res {
  status: number;
  contentType: string | undefined;
  text: string;
  /** The parsed JSON body, or undefined when the body is empty or not JSON. */
  body: any;
}

export interface Body {
  json?: unknown;
  raw?: string;
  contentType?: string;
}

export interface Target {
  name: string;
  token: string;
  /** `path` starts at /chatapi/...: the base path, if any, is added here. */
  call(method: 'GET' | 'POST', path: string, body?: Body): Promise<Res>;
  driver(path: string, json: unknown): Promise<Res>;
  close(): Promise<void>;
}

export const TOKEN = 'test-token-0123456789abcdef';

function parse(text: string): unknown {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

function encode(body: Body | undefined): { payload?: string; headers: Record<string, string> } {
  if (!body) return { headers: {} };
  if (body.raw !== undefined) return { payload: body.raw, headers: body.contentType ? { 'content-type': body.contentType } : {} };
  return { payload: JSON.stringify(body.json), headers: { 'content-type': body.contentType ?? 'application/json' } };
}

export async function injectTarget(opts: ReferenceOptions = {}): Promise<Target> {
  const app = build({ token: TOKEN, ...opts });
  const basePath = resolveBasePath(opts);
  const run = async (method: 'GET' | 'POST', url: string, body?: Body): Promise<Res> => {
    const { payload, headers } = encode(body);
    const o: InjectOptions = { method, url, headers };
    if (payload !== undefined) o.payload = payload;
    const res = await app.inject(o);
    return { status: res.statusCode, contentType: res.headers['content-type'] as string | undefined, text: res.body, body: parse(res.body) };
  };
  return {
    name: `inject${opts.variation ? ` (${opts.variation})` : ''}`,
    token: TOKEN,
    call: (method, path, body) => run(method, `${basePath}${path}`, body),
    driver: (path, json) => run('POST', `/__driver${path}`, { json }),
    close: () => app.close(),
  };
}

export async function httpTarget(opts: ReferenceOptions = {}): Promise<Target> {
  const ref = await start({ token: TOKEN, ...opts });
  const run = async (method: 'GET' | 'POST', url: string, body?: Body): Promise<Res> => {
    const { payload, headers } = encode(body);
    const res = await fetch(url, { method, headers, ...(payload !== undefined ? { body: payload } : {}) });
    const text = await res.text();
    return { status: res.status, contentType: res.headers.get('content-type') ?? undefined, text, body: parse(text) };
  };
  return {
    name: `http start(${opts.variation ?? ''}) at ${new URL(ref.target).pathname}`,
    token: ref.token!,
    call: (method, path, body) => run(method, `${ref.target}${path}`, body),
    driver: (path, json) => run('POST', `${ref.driver}${path}`, { json }),
    close: () => ref.close(),
  };
}

export type Delivery = Recorded;

/** A webhook receiver on loopback that answers 200 and keeps every delivery (recording-server.ts), at `/hook?k=1`. */
export async function webhookReceiver(): Promise<Pick<RecordingServer, 'received' | 'waitFor' | 'close'> & { url: string; deliveries: Recorded[] }> {
  const server = await recordingServer();
  return { ...server, url: `${server.base}/hook?k=1`, deliveries: server.received };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Helpers that read like the API. */
export function api(t: Target) {
  const base = `/chatapi/${t.token}`;
  const client = (id: string) => `${base}/client/${encodeURIComponent(id)}`;
  return {
    base,
    send: (json: unknown) => t.call('POST', base, { json }),
    sendAsync: (json: unknown) => t.call('POST', `${base}/async`, { json }),
    simple: (qs: string) => t.call('GET', `${base}?${qs}`),
    events: (qs: string) => t.call('GET', `${base}/events?${qs}`),
    history: (id: string) => t.call('GET', `${client(id)}/history`),
    saveState: (id: string, body: Body) => t.call('POST', `${client(id)}/state`, body),
    loadState: (id: string) => t.call('GET', `${client(id)}/state`),
    status: (id: string, q: string) => t.call('GET', `${client(id)}/message/${encodeURIComponent(q)}/status`),
    setStatus: (id: string, q: string, json: unknown) => t.call('POST', `${client(id)}/message/${encodeURIComponent(q)}/status`, { json }),
    setStatuses: (id: string, json: unknown) => t.call('POST', `${client(id)}/message-statuses`, { json }),
    notRead: (id: string) => t.call('GET', `${client(id)}/message-not-read-count`),
    agent: (clientId: string, text: string) => t.driver('/chat/agent-text', { clientId, text }),
    webhook: (url: string) => t.driver('/chat/webhook', { url }),
  };
}

/** The count out of either accepted form: a bare integer, or the only numeric property of an object. */
export function countOf(body: unknown): number {
  if (typeof body === 'number') return body;
  const nums = Object.values(body as Record<string, unknown>).filter((v) => typeof v === 'number');
  if (nums.length !== 1) throw new Error(`expected one numeric property in ${JSON.stringify(body)}`);
  return nums[0] as number;
}

/** History entries out of either accepted form. */
export function entriesOf(body: unknown): Array<Record<string, unknown>> {
  if (Array.isArray(body)) return body;
  const arrays = Object.values(body as Record<string, unknown>).filter(Array.isArray);
  if (arrays.length !== 1) throw new Error(`expected one array in ${JSON.stringify(body)}`);
  return arrays[0] as Array<Record<string, unknown>>;
}
