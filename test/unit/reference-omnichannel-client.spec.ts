import { test, expect } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { build, type BuildOptions, type ClientServer } from '../../reference/omnichannel-client/server.ts';
import { catalogue } from '../../reference/omnichannel-client/mutants.ts';
import { inboundUrl } from '../../reference/omnichannel-client/poster.ts';
import { start } from '../../reference/omnichannel-client/index.ts';
import { startReference } from '../../reference/index.ts';
import { Receiver, type Delivery } from '../../harness/receiver/receiver.ts';
import { SpecValidators } from '../../harness/validation/validators.ts';

/**
 * The client channel server reference: `send_message` through `app.inject()` (authorization, body
 * rules, what the visitor receives), the visitor events it posts to a fake platform on loopback (the
 * harness receiver), the driver's own rules and the variations. The mutants have their table in
 * ./reference-omnichannel-client-catalogue.spec.ts.
 */

type Json = Record<string, unknown>;

const CLIENT_TOKEN = 'client-token-5e2a91';
const AUTH = { authorization: `Token ${CLIENT_TOKEN}` };

let platform: Receiver;
/** Everything the fake platform received (at its endpoints or elsewhere), in arrival order. */
const received: Delivery[] = [];

test.beforeAll(async () => {
  platform = await Receiver.start({ host: '127.0.0.1', port: 0, bodyLimit: 1024 * 1024 });
  platform.onDelivery((d) => received.push(d));
  platform.onStray((d) => received.push(d));
});
test.afterAll(async () => {
  await platform.close();
});

/** A fresh inbound token per scenario, so that posts of parallel scenarios never mix. */
function freshToken(): string {
  return `tok-${randomBytes(6).toString('hex')}`;
}

function inboundPath(token: string): string {
  return `/connector/omnichannel/omnichannel_message/${token}/bot_api_webhook`;
}

/** An app whose platform is the fake one, with a fresh token; returns the app and the token. */
async function configured(opts: Partial<BuildOptions> = {}): Promise<{ a: ClientServer; token: string }> {
  const a = build({ clientToken: CLIENT_TOKEN, ...opts });
  const token = freshToken();
  platform.endpoint(token, inboundPath(token));
  const res = await a.inject({ method: 'POST', url: '/__driver/client/platform', payload: { url: platform.baseUrl, token } });
  expect(res.statusCode).toBe(200);
  return { a, token };
}

async function visitor(a: ClientServer, body: Json): Promise<number> {
  const res = await a.inject({ method: 'POST', url: '/__driver/client/visitor-message', payload: body });
  return res.statusCode;
}

async function sendMessage(a: ClientServer, body: unknown, headers: Record<string, string> = AUTH, url = '/send_message') {
  const res = await a.inject({ method: 'POST', url, headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify(body) });
  return { status: res.statusCode, body: res.body === '' ? undefined : (JSON.parse(res.body) as unknown) };
}

async function inbox(a: ClientServer, chatId: number | string): Promise<Json[]> {
  const res = await a.inject({ method: 'GET', url: `/__driver/client/visitor-inbox?chat_id=${encodeURIComponent(String(chatId))}` });
  expect(res.statusCode).toBe(200);
  return (res.json() as { messages: Json[] }).messages;
}

/** What the fake platform received for a token, once every queued post was made. */
async function postsFor(a: ClientServer, token: string): Promise<Delivery[]> {
  await a.postsIdle();
  return received.filter((d) => d.url.includes(`/${token}/`));
}

const VISITOR = {
  id: 'visitor-17',
  fields: { name: 'Anna', login: 'anna.k', phone: '+41791234567', email: 'anna@example.com', site: 'https://shop.example.com' },
};
const FILE = { id: 'file-77', state: 'ready', name: 'invoice.pdf', content_type: 'application/pdf', size: 48213, url: 'https://files.example.com/invoice.pdf' };

// ---------------------------------------------------------------------------------------------

test.describe('send_message authorization', () => {
  test('exactly "Authorization: Token {token}" is accepted: 200 {"result": "ok"}', async () => {
    const a = build({ clientToken: CLIENT_TOKEN });
    expect(await sendMessage(a, { chat_id: 1, message: { kind: 'operator', text: 'hi' } })).toEqual({ status: 200, body: { result: 'ok' } });
  });

  for (const [what, headers] of [
    ['no header', {}],
    ['a wrong token', { authorization: 'Token nope' }],
    ['the Bearer scheme', { authorization: `Bearer ${CLIENT_TOKEN}` }],
    ['the bare token', { authorization: CLIENT_TOKEN }],
    ["the token without its scheme's space", { authorization: `Token${CLIENT_TOKEN}` }],
    ['the token with a suffix', { authorization: `Token ${CLIENT_TOKEN}x` }],
  ] as const) {
    test(`${what} is refused with 401 and nothing reaches the visitor`, async () => {
      const a = build({ clientToken: CLIENT_TOKEN });
      const r = await sendMessage(a, { chat_id: 2, message: { kind: 'operator', text: 'forged' } }, headers);
      expect(r).toEqual({ status: 401, body: { error: expect.any(String) } });
      expect(await inbox(a, 2)).toEqual([]);
    });
  }

  test('the scheme word is compared case-insensitively, as HTTP compares schemes', async () => {
    const a = build({ clientToken: CLIENT_TOKEN });
    for (const scheme of ['token', 'TOKEN', 'tOkEn']) {
      expect(
        (await sendMessage(a, { chat_id: 4, message: { kind: 'operator', text: scheme } }, { authorization: `${scheme} ${CLIENT_TOKEN}` })).status,
        scheme,
      ).toBe(200);
    }
    expect((await inbox(a, 4)).map((m) => m.text)).toEqual(['token', 'TOKEN', 'tOkEn']);
  });

  test('without a client token (unique-URL authorization) no header is needed', async () => {
    const a = build({ clientToken: null });
    expect((await sendMessage(a, { chat_id: 3, message: { kind: 'operator', text: 'hi' } }, {})).status).toBe(200);
    expect(await inbox(a, 3)).toEqual([{ kind: 'operator', text: 'hi' }]);
  });

  test('authorization comes before the body: a broken body with a wrong token is 401', async () => {
    const a = build({ clientToken: CLIENT_TOKEN });
    expect((await sendMessage(a, 'not an object', { authorization: 'Token nope' })).status).toBe(401);
  });
});

test.describe('send_message body', () => {
  const cases: Array<[string, unknown]> = [
    ['a JSON string', 'hello'],
    ['an array', [{ chat_id: 1, message: { kind: 'operator', text: 'x' } }]],
    ['no chat_id', { message: { kind: 'operator', text: 'x' } }],
    ['a null chat_id', { chat_id: null, message: { kind: 'operator', text: 'x' } }],
    ['an object chat_id', { chat_id: { id: 1 }, message: { kind: 'operator', text: 'x' } }],
    ['an empty string chat_id', { chat_id: '', message: { kind: 'operator', text: 'x' } }],
    ['a fractional chat_id', { chat_id: 1.5, message: { kind: 'operator', text: 'x' } }],
    ['no message', { chat_id: 1 }],
    ['a string message', { chat_id: 1, message: 'x' }],
    ['no kind', { chat_id: 1, message: { text: 'x' } }],
    ['an unknown kind', { chat_id: 1, message: { kind: 'visitor', text: 'x' } }],
    ['an operator message without text', { chat_id: 1, message: { kind: 'operator' } }],
    ['a keyboard without buttons', { chat_id: 1, message: { kind: 'keyboard' } }],
    ['a keyboard with no button', { chat_id: 1, message: { kind: 'keyboard', buttons: [] } }],
    ['a file_operator without data', { chat_id: 1, message: { kind: 'file_operator' } }],
    ['a file_operator without url', { chat_id: 1, message: { kind: 'file_operator', data: { name: 'a.pdf' } } }],
  ];
  for (const [what, body] of cases) {
    test(`${what} is 400 and nothing reaches the visitor`, async () => {
      const a = build({ clientToken: CLIENT_TOKEN });
      expect(await sendMessage(a, body)).toEqual({ status: 400, body: { error: expect.any(String) } });
      expect(await inbox(a, 1)).toEqual([]);
    });
  }

  test('a body that is not JSON is 400, whatever its content type', async () => {
    const a = build({ clientToken: CLIENT_TOKEN });
    for (const contentType of ['application/json', 'text/plain']) {
      const res = await a.inject({ method: 'POST', url: '/send_message', headers: { ...AUTH, 'content-type': contentType }, payload: '{"chat_id": 1,' });
      expect(res.statusCode, contentType).toBe(400);
    }
  });

  test('other paths and methods are 404', async () => {
    const a = build({ clientToken: CLIENT_TOKEN });
    for (const [method, url] of [
      ['GET', '/send_message'],
      ['POST', '/sendMessage'],
      ['POST', '/send_message/x'],
      ['POST', '/__driver/other'],
    ] as const) {
      const res = await a.inject({ method, url, headers: AUTH, payload: method === 'GET' ? undefined : '{}' });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
    }
  });
});

test.describe('what the visitor receives', () => {
  test('each kind, in order, exactly; a string chat_id is its own chat; an unknown chat is empty', async () => {
    const a = build({ clientToken: CLIENT_TOKEN });
    const text = 'Привет 👋🏽 "quoted" \\ <b>x</b>';
    const buttons = [
      [
        { id: '1', text: 'Yes' },
        { id: '2', text: 'No' },
      ],
    ];
    const data = { url: 'https://example.com/f.pdf', name: 'f.pdf', media_type: 'application/pdf' };
    expect((await sendMessage(a, { chat_id: 7, message: { kind: 'operator', text } })).status).toBe(200);
    expect((await sendMessage(a, { chat_id: 7, message: { kind: 'keyboard', buttons } })).status).toBe(200);
    expect((await sendMessage(a, { chat_id: 7, message: { kind: 'file_operator', data } })).status).toBe(200);
    expect((await sendMessage(a, { chat_id: 'chat-8', message: { kind: 'operator', text: 'eight' } })).status).toBe(200);
    expect(await inbox(a, 7)).toEqual([
      { kind: 'operator', text },
      { kind: 'keyboard', buttons },
      { kind: 'file_operator', data },
    ]);
    expect(await inbox(a, 'chat-8')).toEqual([{ kind: 'operator', text: 'eight' }]);
    expect(await inbox(a, 404)).toEqual([]);
    expect((await a.inject({ method: 'GET', url: '/__driver/client/visitor-inbox' })).statusCode).toBe(400);
  });
});

test.describe('visitor events posted to the platform', () => {
  test('each kind is one POST of a JSON new_message to the App.Chatbots Webhook URL, valid against the spec', async () => {
    const { a, token } = await configured();
    const v = new SpecValidators('omnichannel-client');
    const long = `${'Ünïcödé 🚀 '.repeat(120)}end`;
    expect(await visitor(a, { chatId: 11, visitor: VISITOR, kind: 'visitor', text: long })).toBe(202);
    expect(await visitor(a, { chatId: 11, visitor: VISITOR, kind: 'file_visitor', file: FILE })).toBe(202);
    expect(await visitor(a, { chatId: 11, visitor: VISITOR, kind: 'keyboard_response', button: { id: 'b1', text: 'Yes' } })).toBe(202);
    const posts = await postsFor(a, token);
    expect(posts).toHaveLength(3);
    for (const d of posts) {
      expect(d.method).toBe('POST');
      expect(d.path).toBe(inboundPath(token));
      expect(d.contentType).toBe('application/json');
      expect(v.validate('InboundRequest', d.json, 'posted')).toEqual([]);
      expect(d.json).toMatchObject({ event: 'new_message', chat_id: 11, visitor: VISITOR });
    }
    // In the order the visitor acted (one queue per chat).
    const messages = posts.map((d) => (d.json as Json).message as Json);
    expect(messages.map((m) => m.kind)).toEqual(['visitor', 'file_visitor', 'keyboard_response']);
    expect(messages[0]).toEqual({ id: expect.stringMatching(/^m-/), kind: 'visitor', text: long });
    expect(messages[1]).toEqual({ id: expect.any(String), kind: 'file_visitor', data: FILE });
    expect(messages[2]).toEqual({ id: expect.any(String), kind: 'keyboard_response', data: { button: { id: 'b1', text: 'Yes' } } });
    expect(new Set(messages.map((m) => m.id)).size).toBe(3);
  });

  test('a file not yet ready is posted with its own state', async () => {
    const { a, token } = await configured();
    await visitor(a, { chatId: 12, visitor: VISITOR, kind: 'file_visitor', file: { ...FILE, state: 'upload' } });
    const [d] = await postsFor(a, token);
    expect(((d.json as Json).message as Json).data).toEqual({ ...FILE, state: 'upload' });
  });

  test('the inbound URL keeps a path of the platform address and escapes the token', () => {
    expect(inboundUrl({ url: 'https://p.example.com/base/', token: 'a/b c' }, catalogue.switches({}))).toBe(
      'https://p.example.com/base/connector/omnichannel/omnichannel_message/a%2Fb%20c/bot_api_webhook',
    );
    expect(inboundUrl({ url: 'http://127.0.0.1:9', token: 't' }, catalogue.switches({}))).toBe(
      'http://127.0.0.1:9/connector/omnichannel/omnichannel_message/t/bot_api_webhook',
    );
  });

  test('a platform answering 302 gets exactly one post (no retry), and an unreachable one throws nothing', async () => {
    const a = build({ clientToken: CLIENT_TOKEN });
    const token = freshToken();
    platform.endpoint(token, inboundPath(token), { respond: () => ({ status: 302, body: '' }) });
    await a.inject({ method: 'POST', url: '/__driver/client/platform', payload: { url: platform.baseUrl, token } });
    expect(await visitor(a, { chatId: 13, visitor: VISITOR, kind: 'visitor', text: 'hi' })).toBe(202);
    expect(await postsFor(a, token)).toHaveLength(1);

    await a.inject({ method: 'POST', url: '/__driver/client/platform', payload: { url: 'http://127.0.0.1:9', token } });
    expect(await visitor(a, { chatId: 13, visitor: VISITOR, kind: 'visitor', text: 'again' })).toBe(202);
    await a.postsIdle();
    await a.close();
  });
});

test.describe('the driver', () => {
  test('client/platform needs an http(s) url and a token', async () => {
    const a = build({ clientToken: CLIENT_TOKEN });
    for (const payload of [{}, { url: 'ftp://x', token: 't' }, { url: 'http://x' }, { url: 'http://x', token: '' }, 'nope']) {
      const res = await a.inject({
        method: 'POST',
        url: '/__driver/client/platform',
        payload: JSON.stringify(payload),
        headers: { 'content-type': 'application/json' },
      });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
    }
  });

  test('client/visitor-message is 409 before a platform is known and 400 for a malformed action', async () => {
    const a = build({ clientToken: CLIENT_TOKEN });
    expect(await visitor(a, { chatId: 1, visitor: VISITOR, kind: 'visitor', text: 'hi' })).toBe(409);
    const { a: b } = await configured();
    for (const body of [
      { visitor: VISITOR, kind: 'visitor', text: 'x' },
      { chatId: 1.5, visitor: VISITOR, kind: 'visitor', text: 'x' },
      { chatId: 1, visitor: { fields: {} }, kind: 'visitor', text: 'x' },
      { chatId: 1, visitor: VISITOR, kind: 'visitor' },
      { chatId: 1, visitor: VISITOR, kind: 'operator', text: 'x' },
      { chatId: 1, visitor: VISITOR, kind: 'file_visitor', file: { ...FILE, size: '2' } },
      { chatId: 1, visitor: VISITOR, kind: 'keyboard_response', button: { id: 'b' } },
    ]) {
      expect(await visitor(b, body), JSON.stringify(body)).toBe(400);
    }
  });
});

test.describe('variations', () => {
  test('path-prefix: send_message lives under the Channel webhook URL path', async () => {
    const ref = await start({ variation: 'path-prefix', clientToken: CLIENT_TOKEN });
    try {
      expect(ref.target).toMatch(/\/channel\/c0ffee42$/);
      const post = (url: string) =>
        fetch(url, {
          method: 'POST',
          headers: { ...AUTH, 'content-type': 'application/json' },
          body: JSON.stringify({ chat_id: 1, message: { kind: 'operator', text: 'x' } }),
        });
      expect((await post(`${ref.target}/send_message`)).status).toBe(200);
      expect((await post(`${new URL(ref.target).origin}/send_message`)).status).toBe(404);
    } finally {
      await ref.close();
    }
  });

  test('agent-first-refused: a chat no visitor opened is 404, an opened one 200', async () => {
    const { a } = await configured({ variation: 'agent-first-refused' });
    expect((await sendMessage(a, { chat_id: 21, message: { kind: 'operator', text: 'x' } })).status).toBe(404);
    await visitor(a, { chatId: 21, visitor: VISITOR, kind: 'visitor', text: 'hi' });
    expect((await sendMessage(a, { chat_id: 21, message: { kind: 'operator', text: 'x' } })).status).toBe(200);
  });

  test('answers-2xx and nulls: other 2xx statuses and bodies for send_message', async () => {
    const two = build({ clientToken: CLIENT_TOKEN, variation: 'answers-2xx' });
    expect(await sendMessage(two, { chat_id: 1, message: { kind: 'operator', text: 'x' } })).toEqual({ status: 202, body: { status: 'queued' } });
    expect(await sendMessage(two, { chat_id: 1, message: { kind: 'keyboard', buttons: [[{ id: '1', text: 'Yes' }]] } })).toEqual({
      status: 204,
      body: undefined,
    });
    expect(await inbox(two, 1)).toHaveLength(2);
    const nulls = build({ clientToken: CLIENT_TOKEN, variation: 'nulls' });
    expect(await sendMessage(nulls, { chat_id: 1, message: { kind: 'operator', text: 'x' } })).toEqual({ status: 200, body: { result: 'ok', error: null } });
  });

  test('nulls and file-id-is-message-id: what is posted still validates', async () => {
    const v = new SpecValidators('omnichannel-client');
    const { a, token } = await configured({ variation: 'nulls' });
    await visitor(a, { chatId: 31, visitor: { id: 'v-31', fields: { name: 'Anna' } }, kind: 'visitor', text: 'hi' });
    await visitor(a, { chatId: 31, visitor: VISITOR, kind: 'file_visitor', file: FILE });
    const posts = await postsFor(a, token);
    for (const d of posts) expect(v.validate('InboundRequest', d.json, 'nulls')).toEqual([]);
    expect(posts[0].json).toMatchObject({
      visitor: { id: 'v-31', fields: { name: 'Anna', login: null, phone: null, email: null, site: null } },
      message: { kind: 'visitor', text: 'hi', data: null },
    });
    expect(posts[1].json).toMatchObject({ message: { kind: 'file_visitor', text: null, data: FILE } });
    const same = await configured({ variation: 'file-id-is-message-id' });
    await visitor(same.a, { chatId: 32, visitor: VISITOR, kind: 'file_visitor', file: FILE });
    const [d] = await postsFor(same.a, same.token);
    const message = (d.json as Json).message as Json;
    expect((message.data as Json).id).toBe(message.id);
    expect(v.validate('InboundRequest', d.json, 'file-id-is-message-id')).toEqual([]);
  });

  test("file-operator-refused and long-agent-text-cut: the channel's discretion", async () => {
    const refusing = build({ clientToken: CLIENT_TOKEN, variation: 'file-operator-refused' });
    const file = { kind: 'file_operator', data: { url: 'https://x/f.pdf', name: 'f.pdf', media_type: 'application/pdf' } };
    expect((await sendMessage(refusing, { chat_id: 1, message: file })).status).toBe(400);
    expect((await sendMessage(refusing, { chat_id: 1, message: { kind: 'operator', text: 'f.pdf: https://x/f.pdf' } })).status).toBe(200);
    const cutting = build({ clientToken: CLIENT_TOKEN, variation: 'long-agent-text-cut' });
    const long = '🚀'.repeat(1200);
    const short = 'é'.repeat(1000);
    for (const text of [long, short]) expect((await sendMessage(cutting, { chat_id: 2, message: { kind: 'operator', text } })).status).toBe(200);
    expect((await inbox(cutting, 2)).map((m) => m.text)).toEqual(['🚀'.repeat(1000), short]);
  });

  test('refuses-403, answers-empty-body, inbox-plain and ready-files-only', async () => {
    expect((await sendMessage(build({ clientToken: CLIENT_TOKEN, variation: 'refuses-403' }), { chat_id: 1 }, {})).status).toBe(403);
    expect(
      await sendMessage(build({ clientToken: CLIENT_TOKEN, variation: 'answers-empty-body' }), { chat_id: 1, message: { kind: 'operator', text: 'x' } }),
    ).toEqual({ status: 200, body: undefined });
    const plain = build({ clientToken: CLIENT_TOKEN, variation: 'inbox-plain' });
    await sendMessage(plain, { chat_id: 1, message: { kind: 'keyboard', buttons: [[{ id: '1', text: 'Yes' }], [{ id: '2', text: 'No' }]] } });
    await sendMessage(plain, {
      chat_id: 1,
      message: { kind: 'file_operator', data: { url: 'https://x/f.pdf', name: 'f.pdf', media_type: 'application/pdf' } },
    });
    expect(await inbox(plain, 1)).toEqual([
      { kind: 'keyboard', buttons: ['Yes', 'No'] },
      { kind: 'file_operator', text: 'https://x/f.pdf' },
    ]);
    const { a, token } = await configured({ variation: 'ready-files-only' });
    await visitor(a, { chatId: 22, visitor: VISITOR, kind: 'file_visitor', file: { ...FILE, state: 'upload' } });
    await visitor(a, { chatId: 22, visitor: VISITOR, kind: 'file_visitor', file: FILE });
    const posts = await postsFor(a, token);
    expect(posts.map((d) => (((d.json as Json).message as Json).data as Json).state)).toEqual(['ready']);
  });
});

test('start() and reference/index.ts: random tokens unless given, the driver under /__driver', async () => {
  const ref = await startReference('omnichannel-client');
  const given = await start({ token: 'inbound-1', clientToken: 'client-1' });
  try {
    expect(ref.suite).toBe('omnichannel-client');
    expect(ref.token).toMatch(/^[0-9a-f]{32}$/);
    expect(ref.clientToken).toMatch(/^[0-9a-f]{32}$/);
    expect(ref.driver).toBe(`${ref.target}/__driver`);
    expect([given.token, given.clientToken]).toEqual(['inbound-1', 'client-1']);
    const res = await fetch(`${given.target}/send_message`, {
      method: 'POST',
      headers: { authorization: 'Token client-1', 'content-type': 'application/json' },
      body: JSON.stringify({ chat_id: 1, message: { kind: 'operator', text: 'x' } }),
    });
    expect(res.status).toBe(200);
  } finally {
    await Promise.all([ref.close(), given.close()]);
  }
});
