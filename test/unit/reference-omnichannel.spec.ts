import { test, expect } from '@playwright/test';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import fc from 'fast-check';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { build, type BuildOptions } from '../../reference/omnichannel/server.ts';
import { ChannelStore } from '../../reference/omnichannel/channels.ts';
import { NO_ACTIVE_CHANNEL } from '../../reference/omnichannel/inbound.ts';
import { methodUrl, replyTo } from '../../reference/omnichannel/agent.ts';
import { start } from '../../reference/omnichannel/index.ts';
import { readSpec, specPath } from '../../harness/validation/spec-loader.ts';
import { SpecValidators } from '../../harness/validation/validators.ts';

/**
 * The Omnichannel reference against the document's error table (docs/readings/omnichannel.md),
 * through `app.inject()`; one real client server on loopback proves `send_message` goes out right,
 * from the echo script and from the driver's agent-message; each variation is shown taking its other
 * behaviour (the mutants' table is ./reference-omnichannel-catalogue.spec.ts).
 */

/** fast-check's seed: fixed, so that a failure prints a run anyone can replay. */
const SEED = 20261129;

const TOKEN = 'tok-active';
const INACTIVE = 'tok-inactive';
const inboundPath = (token = TOKEN) => `/connector/omnichannel/omnichannel_message/${token}/bot_api_webhook`;

type Json = Record<string, unknown>;

/** A valid text event; `message` fields set to undefined are dropped (a file has no text). */
function textEvent(over: Json = {}, message: Json = {}): Json {
  const msg: Json = { id: 'msg-1', kind: 'visitor', text: 'Hello', ...message };
  for (const k of Object.keys(msg)) if (msg[k] === undefined) delete msg[k];
  return {
    event: 'new_message',
    chat_id: 4242,
    visitor: {
      id: 'visitor-17',
      fields: { name: 'Anna', login: 'anna.k', phone: '+41791234567', email: 'anna@example.com', site: 'https://shop.example.com' },
    },
    message: msg,
    ...over,
  };
}

function fileEvent(data: Json = {}, over: Json = {}): Json {
  return textEvent(over, {
    kind: 'file_visitor',
    text: undefined,
    data: {
      id: 'file-77',
      state: 'ready',
      name: 'invoice.pdf',
      content_type: 'application/pdf',
      size: 48213,
      url: 'https://files.example.com/invoice.pdf',
      ...data,
    },
  });
}

function buttonEvent(over: Json = {}): Json {
  return textEvent(over, { kind: 'keyboard_response', text: undefined, data: { button: { id: 'b-1', text: 'Yes please' } } });
}

function without(obj: Json, key: string): Json {
  const copy = { ...obj };
  delete copy[key];
  return copy;
}

/** An app with one active and one inactive channel; `webhookUrl` lets the agent reply somewhere. */
function app(opts: BuildOptions = {}, webhookUrl: string | null = null, webhookToken: string | null = null): FastifyInstance {
  const channels = new ChannelStore();
  channels.upsert({ token: TOKEN, webhookUrl, webhookToken, active: true });
  channels.upsert({ token: INACTIVE, webhookUrl, webhookToken, active: false });
  return build({ ...opts, channels });
}

async function post(a: FastifyInstance, body: unknown, opts: { token?: string; raw?: string; contentType?: string | null } = {}) {
  const headers: Record<string, string> = {};
  if (opts.contentType !== null) headers['content-type'] = opts.contentType ?? 'application/json';
  const res = await a.inject({ method: 'POST', url: inboundPath(opts.token), headers, payload: opts.raw ?? JSON.stringify(body) });
  return { status: res.statusCode, body: res.body === '' ? undefined : (JSON.parse(res.body) as unknown) };
}

async function inbox(a: FastifyInstance, chatId: string | number) {
  const res = await a.inject({ method: 'GET', url: `/__driver/omnichannel/inbox?chat_id=${encodeURIComponent(String(chatId))}` });
  expect(res.statusCode).toBe(200);
  return res.json() as { messages: Array<{ text: string }>; variables: Record<string, string | null> };
}

// ---------------------------------------------------------------------------------------------
// A fake client server on 127.0.0.1 that records every request and answers {"result": "ok"}.

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: unknown;
  atMs: number;
}

class ClientServer {
  readonly received: Received[] = [];
  private waiters: Array<() => void> = [];
  private constructor(
    private server: Server,
    readonly base: string,
  ) {}

  static async start(): Promise<ClientServer> {
    let self: ClientServer | undefined;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          /* kept as text */
        }
        self!.received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, atMs: Date.now() });
        for (const w of self!.waiters.splice(0)) w();
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ result: 'ok' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    self = new ClientServer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return self;
  }

  /** Requests whose path starts with `prefix`, waiting up to `ms` for at least `count` of them. */
  async waitFor(prefix: string, count = 1, ms = 3000): Promise<Received[]> {
    const deadline = Date.now() + ms;
    for (;;) {
      const got = this.received.filter((r) => r.url.startsWith(prefix));
      const left = deadline - Date.now();
      if (got.length >= count || left <= 0) return got;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

let client: ClientServer;
let prefixSeq = 0;
/** A fresh path on the client server per scenario, so deliveries of parallel scenarios never mix. */
const freshPrefix = () => `/c${++prefixSeq}-${Date.now()}`;

test.beforeAll(async () => {
  client = await ClientServer.start();
});
test.afterAll(async () => {
  await client.close();
});

// ---------------------------------------------------------------------------------------------

test.describe('the Omnichannel spec', () => {
  test('is a valid OpenAPI 3.1 document', async () => {
    await SwaggerParser.validate(specPath('omnichannel'));
  });

  test('every example validates against its schema, and so does what the reference sends', () => {
    const v = new SpecValidators('omnichannel');
    v.compileAll();
    const spec = readSpec('omnichannel') as unknown as Json;
    const op = ((spec.paths as Json)['/connector/omnichannel/omnichannel_message/{token}/bot_api_webhook'] as Json).post as Json;
    const media = ((op.requestBody as Json).content as Json)['application/json'] as Json;
    const examples = media.examples as Record<string, { value: unknown }>;
    expect(Object.keys(examples).sort()).toEqual(['button', 'file', 'text']);
    for (const [name, ex] of Object.entries(examples)) expect(v.validate('InboundRequest', ex.value, name)).toEqual([]);
    const bad = ((op.responses as Json)['400'] as Json).content as Json;
    expect(v.validate('NoActiveChannelError', (bad['application/json'] as Json).example, '400')).toEqual([]);
    expect((bad['application/json'] as Json).example).toEqual({ error: NO_ACTIVE_CHANNEL });

    const hook = ((spec.webhooks as Json).send_message as Json).post as Json;
    expect(hook.security).toEqual([{ clientToken: [] }, {}]);
    const hookMedia = ((hook.requestBody as Json).content as Json)['application/json'] as Json;
    expect(v.validate('SendMessageRequest', hookMedia.example, 'send_message')).toEqual([]);
    for (const text of ['hello', '/keyboard', '/file']) {
      for (const chat_id of [7, 'seven']) {
        expect(v.validate('SendMessageRequest', { chat_id, message: replyTo(text) }, text)).toEqual([]);
      }
    }
    expect(v.validate('InboundRequest', textEvent({ chat_id: 'chat-1' }), 'string chat_id')).toEqual([]);
    expect(v.validate('InboundRequest', fileEvent(), 'file')).toEqual([]);
    expect(v.validate('InboundRequest', buttonEvent(), 'button')).toEqual([]);
    expect(v.validate('NoActiveChannelError', { error: NO_ACTIVE_CHANNEL, code: 4001 }, 'extra')).toEqual([]);
  });
});

test.describe('inbound error table', () => {
  test('a body that is not valid JSON is 500, whatever its content type', async () => {
    const a = app();
    for (const contentType of ['application/json', 'text/plain', null]) {
      const r = await post(a, undefined, { raw: '{"event": "new_message", ', contentType });
      expect(r.status, String(contentType)).toBe(500);
      expect(r.body).toEqual({ error: expect.any(String) });
    }
    expect((await post(a, undefined, { raw: '' })).status).toBe(500);
    expect((await post(a, [textEvent()])).status).toBe(500);
    expect((await post(a, 'text')).status).toBe(500);
  });

  test('an unknown token is 400 with the documented error body', async () => {
    const r = await post(app(), textEvent(), { token: 'no-such-token' });
    expect(r).toEqual({ status: 400, body: { error: 'There is no active channel for received event.' } });
  });

  test('an inactive channel is 400 with the documented error body, and nothing reaches the agent', async () => {
    const a = app();
    expect(await post(a, textEvent({ chat_id: 31 }), { token: INACTIVE })).toEqual({ status: 400, body: { error: NO_ACTIVE_CHANNEL } });
    expect((await inbox(a, 31)).messages).toEqual([]);
  });

  for (const key of ['chat_id', 'message', 'visitor', 'event']) {
    test(`a body without ${key} is 400`, async () => {
      const r = await post(app(), without(textEvent(), key));
      expect(r.status).toBe(400);
      expect(r.body).toEqual({ error: expect.any(String) });
    });
  }

  test('a visitor without id is 400', async () => {
    expect((await post(app(), textEvent({ visitor: { fields: { name: 'A' } } }))).status).toBe(400);
    expect((await post(app(), textEvent({ chat_id: null }))).status).toBe(400);
  });

  test('a chat_id that is an object or an array is 500', async () => {
    const a = app();
    expect((await post(a, textEvent({ chat_id: { id: 1 } }))).status).toBe(500);
    expect((await post(a, textEvent({ chat_id: [1] }))).status).toBe(500);
  });

  test('an event other than new_message is 200 and nothing reaches the agent', async () => {
    const a = app();
    expect((await post(a, textEvent({ event: 'chat_closed', chat_id: 51 }))).status).toBe(200);
    expect(await inbox(a, 51)).toEqual({ messages: [], variables: {} });
  });

  test('a message kind other than the three is 200 and nothing reaches the agent', async () => {
    const a = app();
    expect((await post(a, textEvent({ chat_id: 52 }, { kind: 'operator' }))).status).toBe(200);
    expect((await post(a, textEvent({ chat_id: 52, message: 'just text' }))).status).toBe(200);
    expect((await inbox(a, 52)).messages).toEqual([]);
  });

  test('a file whose state is not ready is 200 and nothing reaches the agent', async () => {
    const a = app();
    expect((await post(a, fileEvent({ state: 'upload' }, { chat_id: 53 }))).status).toBe(200);
    expect((await inbox(a, 53)).messages).toEqual([]);
  });

  test('wrong URLs are 404: other paths, other methods, a broken escape', async () => {
    const a = app();
    const body = JSON.stringify(textEvent());
    const cases: InjectOptions[] = [
      { method: 'POST', url: '/connector/omnichannel/omnichannel_message/x/other' },
      { method: 'POST', url: `/connector/omnichannel/omnichannel_message/${TOKEN}/bot_api_webhook/` },
      { method: 'POST', url: `/connector/omnichannel/${TOKEN}/bot_api_webhook` },
      { method: 'POST', url: '/connector/' },
      { method: 'POST', url: '/connector/%zz' },
      { method: 'POST', url: '/' },
      { method: 'GET', url: inboundPath() },
      { method: 'PUT', url: inboundPath() },
      { method: 'DELETE', url: inboundPath() },
      { method: 'OPTIONS', url: inboundPath() },
      { method: 'HEAD', url: inboundPath() },
    ];
    for (const c of cases) {
      const res = await a.inject({
        ...c,
        payload: c.method === 'GET' || c.method === 'HEAD' ? undefined : body,
        headers: { 'content-type': 'application/json' },
      });
      expect(res.statusCode, `${c.method} ${c.url}`).toBe(404);
    }
  });

  test('a very long unknown token is still the no-active-channel 400, not 414 or 404', async () => {
    const r = await post(app(), textEvent(), { token: 't'.repeat(5000) });
    expect(r).toEqual({ status: 400, body: { error: NO_ACTIVE_CHANNEL } });
  });

  test('requests Node cannot parse get 400, not 431 or a dropped connection', async () => {
    const ref = await start({ token: 'raw-socket' });
    try {
      const port = new URL(ref.target).port;
      const send = (raw: string) =>
        new Promise<string>((resolve, reject) => {
          const chunks: Buffer[] = [];
          const sock = connect(Number(port), '127.0.0.1', () => sock.end(raw));
          sock.on('data', (c: Buffer) => chunks.push(c));
          sock.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
          sock.on('error', reject);
        });
      expect(await send('THIS IS NOT HTTP\r\n\r\n')).toMatch(/^HTTP\/1\.1 400 /);
      const huge = `POST ${inboundPath('raw-socket')} HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(70_000)}\r\n\r\n`;
      expect(await send(huge)).toMatch(/^HTTP\/1\.1 400 /);
    } finally {
      await ref.close();
    }
  });

  test('a body over the limit is 500 (an "other error" of the request body), not 413', async () => {
    const r = await post(app(), undefined, { raw: JSON.stringify(textEvent({}, { text: 'x'.repeat(1_100_000) })) });
    expect(r.status).toBe(500);
  });

  test('the error-extra-fields variation adds a code to error bodies', async () => {
    const r = await post(app({ variation: 'error-extra-fields' }), textEvent(), { token: 'nope' });
    expect(r).toEqual({ status: 400, body: { error: NO_ACTIVE_CHANNEL, code: 4001 } });
  });
});

test.describe('what the agent receives', () => {
  test('a visitor text arrives exactly, Unicode intact, with the channel variables', async () => {
    const a = app();
    const text = 'Привет 👋🏽 — ünïcödé\n"quoted" \\ tab\t';
    const r = await post(a, textEvent({ chat_id: 101 }, { text }));
    expect(r).toEqual({ status: 200, body: {} });
    const got = await inbox(a, 101);
    expect(got.messages).toEqual([{ text }]);
    expect(got.variables).toEqual({
      channel_visitor_id: 'visitor-17',
      channel_conversation_id: null,
      channel_visitor_firstname: 'Anna',
      channel_visitor_lastname: null,
      channel_visitor_account: 'anna.k',
      channel_visitor_phone: '+41791234567',
      channel_visitor_email: 'anna@example.com',
      channel_visitor_source: 'https://shop.example.com',
      channel_chat_id: '101|omnichannel',
    });
  });

  test('messages of one chat arrive in order; a long text is not truncated', async () => {
    const a = app();
    const long = 'é'.repeat(5000);
    for (const text of ['one', 'two', long]) expect((await post(a, textEvent({ chat_id: 102 }, { text }))).status).toBe(200);
    expect((await inbox(a, 102)).messages.map((m) => m.text)).toEqual(['one', 'two', long]);
  });

  test('a string chat_id is accepted', async () => {
    const a = app();
    expect((await post(a, textEvent({ chat_id: 'chat-abc' }))).status).toBe(200);
    const got = await inbox(a, 'chat-abc');
    expect(got.messages).toEqual([{ text: 'Hello' }]);
    expect(got.variables.channel_chat_id).toBe('chat-abc|omnichannel');
  });

  test('a ready file arrives as file:{content_type}|{id}|{url}', async () => {
    const a = app();
    expect((await post(a, fileEvent({}, { chat_id: 103 }))).status).toBe(200);
    expect((await inbox(a, 103)).messages).toEqual([{ text: 'file:application/pdf|file-77|https://files.example.com/invoice.pdf' }]);
  });

  test('a button press arrives as the button text', async () => {
    const a = app();
    expect((await post(a, buttonEvent({ chat_id: 104 }))).status).toBe(200);
    expect((await inbox(a, 104)).messages).toEqual([{ text: 'Yes please' }]);
  });

  test('the driver: an unknown chat is empty, unknown driver endpoints are 404, a channel can be switched off', async () => {
    const a = app();
    expect(await inbox(a, 'never-seen')).toEqual({ messages: [], variables: {} });
    expect((await a.inject({ method: 'POST', url: '/__driver/operator/agent-text', payload: '{}' })).statusCode).toBe(404);
    const off = await a.inject({
      method: 'POST',
      url: '/__driver/omnichannel/channel',
      headers: { 'content-type': 'application/json' },
      payload: { token: TOKEN, webhookUrl: null, webhookToken: null, active: false },
    });
    expect(off.statusCode).toBe(200);
    expect((await post(a, textEvent())).status).toBe(400);
    const bad = await a.inject({ method: 'POST', url: '/__driver/omnichannel/channel', payload: { token: 'x', webhookUrl: 'ftp://x' } });
    expect(bad.statusCode).toBe(400);
  });
});

test.describe('send_message to a real client server', () => {
  test('methodUrl appends one segment, without a double slash, keeping the query', () => {
    expect(methodUrl('https://x.example/', 'send_message')).toBe('https://x.example/send_message');
    expect(methodUrl('https://x.example/hook//', 'send_message')).toBe('https://x.example/hook/send_message');
    expect(methodUrl('https://x.example/u/abc?k=1', 'send_message')).toBe('https://x.example/u/abc/send_message?k=1');
  });

  test('with a Channel webhook Token: Authorization: Token {token}, the chat_id as received', async () => {
    const ref = await start({ token: 'inbound-token', clientToken: 'ac650a3c369a4b9599ad52ab71943712' });
    try {
      const prefix = freshPrefix();
      const set = await fetch(`${ref.driver}/omnichannel/channel`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: ref.token, webhookUrl: `${client.base}${prefix}/`, webhookToken: ref.clientToken, active: true }),
      });
      expect(set.status).toBe(200);
      const res = await fetch(`${ref.target}${inboundPath(ref.token)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(textEvent({ chat_id: 777 }, { text: 'hello' })),
      });
      expect(res.status).toBe(200);
      const [got] = await client.waitFor(prefix);
      expect(got.method).toBe('POST');
      expect(got.url).toBe(`${prefix}/send_message`);
      expect(got.headers.authorization).toBe('Token ac650a3c369a4b9599ad52ab71943712');
      expect(got.headers['content-type']).toMatch(/^application\/json/);
      expect(got.body).toEqual({ chat_id: 777, message: { kind: 'operator', text: 'You said: hello' } });
    } finally {
      await ref.close();
    }
  });

  test('without a token: no Authorization header; a string chat_id comes back a string; keyboard and file replies', async () => {
    const prefix = freshPrefix();
    const a = app({}, `${client.base}${prefix}`, null);
    for (const text of ['hi', '/keyboard', '/file']) expect((await post(a, textEvent({ chat_id: 'chat-9' }, { text }))).status).toBe(200);
    const got = await client.waitFor(prefix, 3);
    expect(got).toHaveLength(3);
    for (const r of got) {
      expect(r.url).toBe(`${prefix}/send_message`);
      expect(r.headers.authorization).toBeUndefined();
      expect((r.body as Json).chat_id).toBe('chat-9');
    }
    const messages = got.map((r) => (r.body as Json).message as Json);
    expect(messages).toContainEqual({ kind: 'operator', text: 'You said: hi' });
    expect(messages).toContainEqual({
      kind: 'keyboard',
      buttons: [
        [
          { id: '1', text: 'Yes' },
          { id: '2', text: 'No' },
        ],
      ],
    });
    expect(messages).toContainEqual({ kind: 'file_operator', data: { url: expect.any(String), name: 'sample.pdf', media_type: 'application/pdf' } });
    await a.close();
  });

  test('an unreachable client server is logged, never thrown into the inbound request', async () => {
    const lines: string[] = [];
    const a = app({ log: (l) => lines.push(l) }, 'http://127.0.0.1:1/hook', 'secret-client-token');
    expect((await post(a, textEvent())).status).toBe(200);
    await expect.poll(() => lines.some((l) => l.includes('failed')), { timeout: 6000 }).toBe(true);
    expect(lines.join('\n')).not.toContain('secret-client-token');
    expect(lines.join('\n')).not.toContain(TOKEN);
    await a.close();
  });

  test('the delayed-replies variation answers about a second later', async () => {
    const prefix = freshPrefix();
    const a = app({ variation: 'delayed-replies' }, `${client.base}${prefix}`, null);
    const t0 = Date.now();
    expect((await post(a, textEvent())).status).toBe(200);
    const [got] = await client.waitFor(prefix, 1, 4000);
    expect(got.atMs - t0).toBeGreaterThanOrEqual(900);
    await a.close();
  });
});

// ---------------------------------------------------------------------------------------------
// The driver's agent-message, and the conformant variations taking their other behaviour.

async function agentMessage(a: FastifyInstance, body: unknown) {
  const res = await a.inject({
    method: 'POST',
    url: '/__driver/omnichannel/agent-message',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify(body),
  });
  return { status: res.statusCode, body: res.json() as unknown };
}

const messagesAt = (got: Received[]) => got.map((r) => (r.body as Json).message as Json);

test.describe('the driver agent-message', () => {
  test("the agent writes the text, then the buttons, on the chat's own channel, with the chat_id as received", async () => {
    const prefix = freshPrefix();
    const a = app({ variation: 'scripted-agent' }, `${client.base}${prefix}`, 'client-secret');
    expect((await post(a, textEvent({ chat_id: '77' }))).status).toBe(200);
    const buttons = [
      [
        { id: 'y', text: 'Yes' },
        { id: 'n', text: 'No' },
      ],
    ];
    // The driver names the chat 77; the client server sent "77", and gets "77" back.
    expect(await agentMessage(a, { chat_id: 77, text: 'Shall I book it?', buttons })).toEqual({ status: 200, body: { ok: true } });
    const got = await client.waitFor(prefix, 2);
    expect(got.map((r) => [r.url, r.headers.authorization, (r.body as Json).chat_id])).toEqual([
      [`${prefix}/send_message`, 'Token client-secret', '77'],
      [`${prefix}/send_message`, 'Token client-secret', '77'],
    ]);
    expect(messagesAt(got)).toEqual([
      { kind: 'operator', text: 'Shall I book it?' },
      { kind: 'keyboard', buttons },
    ]);
    await a.close();
  });

  test('a malformed body or a chat the agent never heard from is 400, and nothing is sent', async () => {
    const prefix = freshPrefix();
    const a = app({}, `${client.base}${prefix}`, null);
    const bodies: unknown[] = [
      'nope',
      {},
      { chat_id: 1 },
      { chat_id: {}, text: 'x' },
      { chat_id: '', text: 'x' },
      { chat_id: 1, text: 5 },
      { chat_id: 1, buttons: [] },
      { chat_id: 1, buttons: [[]] },
      { chat_id: 1, buttons: [[{ id: '', text: 'x' }]] },
      { chat_id: 1, buttons: [[{ id: 'a' }]] },
      { chat_id: 424242, text: 'to nobody' },
    ];
    for (const b of bodies) {
      const r = await agentMessage(a, b);
      expect(r.status, JSON.stringify(b)).toBe(400);
      expect(r.body).toEqual({ error: expect.any(String) });
    }
    expect(await client.waitFor(prefix, 1, 200)).toEqual([]);
    await a.close();
  });
});

test.describe('variations', () => {
  test('scripted-agent: no echo of the visitor; the agent writes what the driver asks', async () => {
    const prefix = freshPrefix();
    const a = app({ variation: 'scripted-agent' }, `${client.base}${prefix}`, null);
    for (const text of ['hello', '/keyboard', '/file']) expect((await post(a, textEvent({ chat_id: 61 }, { text }))).status).toBe(200);
    expect(await client.waitFor(prefix, 1, 300)).toEqual([]);
    await agentMessage(a, { chat_id: 61, text: 'Now I write' });
    expect(messagesAt(await client.waitFor(prefix, 1))).toEqual([{ kind: 'operator', text: 'Now I write' }]);
    await a.close();
  });

  test("inbox-extra-entries: a system entry before the visitor's messages, one variable more", async () => {
    const a = app({ variation: 'inbox-extra-entries' });
    await post(a, textEvent({ chat_id: 62 }, { text: 'first' }));
    await post(a, textEvent({ chat_id: 62 }, { text: 'second' }));
    const got = await inbox(a, 62);
    expect(got.messages.map((m) => m.text)).toEqual([expect.stringContaining('[system]'), 'first', 'second']);
    expect(got.variables).toMatchObject({ channel_visitor_id: 'visitor-17', channel_platform: 'reference' });
  });

  test('accepts-202-204: 204 for a delivered event, 202 for a file held back; the named statuses unchanged', async () => {
    const a = app({ variation: 'accepts-202-204' });
    expect(await post(a, textEvent({ chat_id: 63 }))).toEqual({ status: 204, body: undefined });
    expect(await post(a, fileEvent({ state: 'upload' }, { chat_id: 63 }))).toEqual({ status: 202, body: { status: 'accepted' } });
    expect((await post(a, textEvent({ event: 'typing' }))).status).toBe(200);
    expect((await post(a, textEvent(), { token: 'nope' })).status).toBe(400);
    expect((await post(a, without(textEvent(), 'chat_id'))).status).toBe(400);
  });

  test('nulls: null for every optional property, and what it sends still validates', async () => {
    const prefix = freshPrefix();
    const a = app({ variation: 'nulls' }, `${client.base}${prefix}`, null);
    expect(await post(a, textEvent(), { token: 'nope' })).toEqual({ status: 400, body: { error: NO_ACTIVE_CHANNEL, code: null, details: null } });
    expect(await post(a, textEvent({ chat_id: 64 }, { text: '/keyboard' }))).toEqual({ status: 200, body: { result: null } });
    await agentMessage(a, { chat_id: 64, text: 'plain' });
    const got = await client.waitFor(prefix, 2);
    const v = new SpecValidators('omnichannel');
    for (const r of got) expect(v.validate('SendMessageRequest', r.body, 'nulls')).toEqual([]);
    expect(messagesAt(got)).toEqual(
      expect.arrayContaining([
        {
          kind: 'keyboard',
          text: null,
          data: null,
          buttons: [
            [
              { id: '1', text: 'Yes' },
              { id: '2', text: 'No' },
            ],
          ],
        },
        { kind: 'operator', text: 'plain', buttons: null, data: null },
      ]),
    );
    await a.close();
  });

  test('file-id-from-message: the message id stands as file_id', async () => {
    const a = app({ variation: 'file-id-from-message' });
    await post(a, fileEvent({}, { chat_id: 65 }));
    expect((await inbox(a, 65)).messages).toEqual([{ text: 'file:application/pdf|msg-1|https://files.example.com/invoice.pdf' }]);
  });

  test('scheme-any-case: the scheme word alternates token / TOKEN', async () => {
    const prefix = freshPrefix();
    const a = app({ variation: 'scheme-any-case' }, `${client.base}${prefix}`, 'client-secret');
    await post(a, textEvent({ chat_id: 66 }));
    await agentMessage(a, { chat_id: 66, text: 'second' });
    const got = await client.waitFor(prefix, 2);
    expect(got.map((r) => r.headers.authorization).sort()).toEqual(['TOKEN client-secret', 'token client-secret']);
    await a.close();
  });
});

// ---------------------------------------------------------------------------------------------
// Each mutant's observable effect is pinned in ./reference-omnichannel-catalogue.spec.ts.

test('fuzz: nothing answers outside 200, 400, 404, 500', async () => {
  const a = app();
  const valid = textEvent();
  const anyValue = fc.oneof(fc.jsonValue(), fc.constant(undefined));
  const body = fc.oneof(
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc.string(),
    // A valid event with one field replaced by anything.
    fc.tuple(fc.constantFrom('event', 'chat_id', 'visitor', 'message'), anyValue).map(([k, v]) => JSON.stringify({ ...valid, [k]: v })),
    // A valid event with the message replaced by a random object with a real kind.
    fc
      .tuple(fc.constantFrom('visitor', 'file_visitor', 'keyboard_response', 'x'), fc.dictionary(fc.string(), fc.jsonValue()))
      .map(([kind, rest]) => JSON.stringify({ ...valid, message: { ...rest, kind } })),
  );
  const path = fc.oneof(
    fc.constant(inboundPath()),
    fc.constant(inboundPath(INACTIVE)),
    fc.string().map((t) => inboundPath(encodeURIComponent(t))),
    fc.string().map((t) => `/connector/${encodeURIComponent(t)}`),
    fc.webPath().map((p) => (p.startsWith('/') ? p : `/${p}`)),
  );
  const method = fc.constantFrom('GET', 'POST', 'POST', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD');
  const contentType = fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'text/plain',
    'application/x-www-form-urlencoded',
    undefined,
    'garbage',
  );
  await fc.assert(
    fc.asyncProperty(method, path, body, contentType, async (m, url, payload, ct) => {
      const res = await a.inject({
        method: m as InjectOptions['method'],
        url,
        payload: m === 'GET' || m === 'HEAD' ? undefined : payload,
        headers: ct ? { 'content-type': ct } : {},
      });
      expect([200, 400, 404, 500], `${m} ${url} ${ct} ${payload.slice(0, 80)}`).toContain(res.statusCode);
    }),
    { numRuns: 400, seed: SEED },
  );
  await a.close();
});
